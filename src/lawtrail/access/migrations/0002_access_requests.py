"""Access requests, their decisions and the grants they give (R-ARC-3); all append-only."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from lawtrail.ledger.dbguard import AppendOnly


class Migration(migrations.Migration):

    dependencies = [
        ('access', '0001_initial'),
        ('cases', '0002_append_only'),
        ('registry', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='AccessRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('court', 'Court'), ('police', 'Public security organ'), ('supervision', 'Supervision organ'), ('audit', 'Audit organ'), ('superior', 'Superior organ'), ('internal', 'Internal unit')], max_length=20, verbose_name='requester kind')),
                ('requester_name', models.CharField(max_length=100, verbose_name='requester')),
                ('requester_unit', models.CharField(max_length=200, verbose_name="requester's unit")),
                ('phone', models.CharField(max_length=40, verbose_name='phone')),
                ('reason', models.TextField(verbose_name='reason')),
                ('matter', models.TextField(verbose_name='content requested')),
                ('wants_copy', models.BooleanField(default=False, verbose_name='copies requested')),
                ('valid_until', models.DateTimeField(verbose_name='access until')),
                ('registered_at', models.DateTimeField(verbose_name='registered at')),
                ('account', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='account that will view')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.agency', verbose_name='agency')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='access_requests', to='cases.case', verbose_name='case')),
                ('registered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='registered by')),
            ],
            options={
                'verbose_name': 'access request',
                'verbose_name_plural': 'access requests',
                'ordering': ['-registered_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='AccessGrant',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('valid_from', models.DateTimeField(verbose_name='from')),
                ('valid_until', models.DateTimeField(verbose_name='until')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.agency', verbose_name='agency')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.case', verbose_name='case')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='grants', to=settings.AUTH_USER_MODEL, verbose_name='account')),
                ('request', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='grant', to='access.accessrequest', verbose_name='request')),
            ],
            options={
                'verbose_name': 'access grant',
                'verbose_name_plural': 'access grants',
            },
        ),
        migrations.CreateModel(
            name='AccessDecision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('approved', models.BooleanField(verbose_name='approved')),
                ('opinion', models.TextField(blank=True, verbose_name='opinion')),
                ('decided_at', models.DateTimeField(verbose_name='decided at')),
                ('decided_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                ('request', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='decision', to='access.accessrequest', verbose_name='request')),
            ],
            options={
                'verbose_name': 'access decision',
                'verbose_name_plural': 'access decisions',
            },
        ),
        AppendOnly("access_accessrequest"),
        AppendOnly("access_accessdecision"),
        AppendOnly("access_accessgrant"),
    ]
