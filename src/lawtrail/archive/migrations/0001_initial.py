"""Case files (R-ARC-1): append-only."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from lawtrail.ledger.dbguard import AppendOnly


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cases', '0002_append_only'),
        ('registry', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CaseFile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('archived_at', models.DateTimeField(verbose_name='archived at')),
                ('index', models.JSONField(verbose_name='file index')),
                ('report', models.JSONField(verbose_name='四性 check report')),
                ('passed', models.BooleanField(verbose_name='四性 check passed')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('retention_until', models.DateField(blank=True, null=True, verbose_name='kept until')),
                ('late', models.BooleanField(default=False, verbose_name='archived late')),
                ('content_sm3', models.CharField(max_length=64, verbose_name='SM3 of index and report')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.agency', verbose_name='agency')),
                ('case', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='case_file', to='cases.case', verbose_name='case')),
                ('custodian', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='custodian')),
            ],
            options={
                'verbose_name': 'case file',
                'verbose_name_plural': 'case files',
                'ordering': ['-archived_at', '-pk'],
            },
        ),
        AppendOnly("archive_casefile"),
    ]
