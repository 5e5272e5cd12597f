"""R-INT-2: the database itself refuses UPDATE and DELETE on the trail, its checkpoints and its nodes."""

from django.db import migrations

from lawtrail.ledger.dbguard import AppendOnly


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [
        AppendOnly("ledger_entry"),
        AppendOnly("ledger_checkpoint"),
        AppendOnly("ledger_node"),
    ]
