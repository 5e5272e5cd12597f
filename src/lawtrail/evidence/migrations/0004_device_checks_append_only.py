"""Device checks are records of what was found: append-only (R-AV-1, R-INT-2)."""

from django.db import migrations

from lawtrail.ledger.dbguard import AppendOnly


class Migration(migrations.Migration):
    dependencies = [("evidence", "0003_devices")]

    operations = [AppendOnly("evidence_devicecheck")]
