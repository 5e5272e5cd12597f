"""Stored files, recordings, holds, disposal requests and disposals are originals or decisions on record:
the database refuses UPDATE and DELETE on them (R-INT-2, R-AV-6). Disposal removes bytes, never rows."""

from django.db import migrations

from lawtrail.ledger.dbguard import AppendOnly


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_initial"), ("ledger", "0002_append_only")]

    operations = [AppendOnly("evidence_blob"), AppendOnly("evidence_recording"), AppendOnly("evidence_hold"),
                  AppendOnly("evidence_disposalrequest"), AppendOnly("evidence_disposal")]
