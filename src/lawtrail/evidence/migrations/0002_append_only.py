"""Stored files and recordings are originals: the database refuses UPDATE and DELETE (R-INT-2, R-AV-6).
Disposal after retention (a later step) removes bytes, never these rows."""

from django.db import migrations

from lawtrail.ledger.dbguard import AppendOnly


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_initial"), ("ledger", "0002_append_only")]

    operations = [AppendOnly("evidence_blob"), AppendOnly("evidence_recording")]
