"""Records and approvals are originals: the database refuses UPDATE and DELETE on them (R-INT-2)."""

from django.db import migrations

from lawtrail.ledger.dbguard import AppendOnly


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial"), ("ledger", "0002_append_only")]

    operations = [AppendOnly("cases_record"), AppendOnly("cases_approval")]
