"""Holds, disposal requests and disposals are records of what was decided: append-only (R-INT-2)."""

from django.db import migrations

from lawtrail.ledger.dbguard import AppendOnly


class Migration(migrations.Migration):
    dependencies = [("evidence", "0003_disposalrequest_disposal_hold")]

    operations = [AppendOnly("evidence_hold"), AppendOnly("evidence_disposalrequest"),
                  AppendOnly("evidence_disposal")]
