"""Party accounts and secrecy levels of records (R-ARC-5); secrecy marks are append-only."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from lawtrail.ledger.dbguard import AppendOnly


class Migration(migrations.Migration):

    dependencies = [
        ('access', '0002_access_requests'),
        ('cases', '0002_append_only'),
        ('registry', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='rolegrant',
            name='role',
            field=models.CharField(choices=[('officer', 'Officer'), ('unit_head', 'Unit head'), ('agency_head', 'Agency head'), ('legal_reviewer', 'Legal reviewer'), ('records_custodian', 'Records custodian'), ('supervisor', 'Supervisor'), ('administrator', 'Administrator'), ('party', 'Party (portal)')], max_length=30, verbose_name='role'),
        ),
        migrations.CreateModel(
            name='PartyAccount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('id_no', models.CharField(max_length=30, verbose_name='identity number')),
                ('created_at', models.DateTimeField(verbose_name='created at')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.agency', verbose_name='agency')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='party_account', to=settings.AUTH_USER_MODEL, verbose_name='account')),
            ],
            options={
                'verbose_name': 'party account',
                'verbose_name_plural': 'party accounts',
            },
        ),
        migrations.CreateModel(
            name='SecrecyMark',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.CharField(choices=[('ordinary', 'Ordinary'), ('privacy', 'Personal privacy'), ('commercial', 'Commercial secret'), ('state', 'State secret')], max_length=12, verbose_name='level')),
                ('reason', models.TextField(verbose_name='reason')),
                ('marked_at', models.DateTimeField(verbose_name='marked at')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.agency', verbose_name='agency')),
                ('marked_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='marked by')),
                ('record', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='secrecy_marks', to='cases.record', verbose_name='record')),
            ],
            options={
                'verbose_name': 'secrecy level',
                'verbose_name_plural': 'secrecy levels',
            },
        ),
        AppendOnly("access_secrecymark"),
    ]
