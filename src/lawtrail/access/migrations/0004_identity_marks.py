"""Explicitly marked identities of reporters, complainants and third parties (R-ARC-5); append-only."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from lawtrail.ledger.dbguard import AppendOnly


class Migration(migrations.Migration):

    dependencies = [
        ('access', '0003_party_accounts_and_secrecy'),
        ('cases', '0002_append_only'),
        ('registry', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='IdentityMark',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('reporter', 'Reporter'), ('complainant', 'Complainant'), ('third_party', 'Third party')], max_length=12, verbose_name='kind')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('id_no', models.CharField(blank=True, max_length=30, verbose_name='identity number')),
                ('phone', models.CharField(blank=True, max_length=40, verbose_name='phone')),
                ('address', models.CharField(blank=True, max_length=200, verbose_name='address')),
                ('reason', models.TextField(verbose_name='reason')),
                ('marked_at', models.DateTimeField(verbose_name='marked at')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.agency', verbose_name='agency')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='identity_marks', to='cases.case', verbose_name='case')),
                ('marked_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='marked by')),
            ],
            options={
                'verbose_name': 'protected identity',
                'verbose_name_plural': 'protected identities',
                'ordering': ['marked_at', 'pk'],
            },
        ),
        AppendOnly("access_identitymark"),
    ]
