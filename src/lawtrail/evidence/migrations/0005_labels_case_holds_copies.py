"""Labels of unlinked recordings (R-AV-5), holds on a whole case and evidence copies (R-AV-7)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from lawtrail.ledger.dbguard import AppendOnly, ReinstallAppendOnly


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0002_append_only'),
        ('evidence', '0004_device_checks_append_only'),
        ('registry', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='EvidenceCopy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('medium', models.CharField(choices=[('disc', 'Optical disc'), ('removable', 'Removable storage'), ('other', 'Other medium')], max_length=12, verbose_name='medium')),
                ('medium_no', models.CharField(max_length=60, verbose_name='medium number')),
                ('maker', models.CharField(max_length=100, verbose_name='made by')),
                ('extractor', models.CharField(max_length=100, verbose_name='extracted by')),
                ('extracted_at', models.DateTimeField(verbose_name='extracted at')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('recorded_at', models.DateTimeField(verbose_name='recorded at')),
            ],
            options={
                'verbose_name': 'evidence copy',
                'verbose_name_plural': 'evidence copies',
                'ordering': ['extracted_at', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='hold',
            name='case',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='av_holds', to='cases.case', verbose_name='case'),
        ),
        migrations.AddField(
            model_name='recording',
            name='cause',
            field=models.CharField(blank=True, max_length=200, verbose_name='cause'),
        ),
        migrations.AddField(
            model_name='recording',
            name='label_reason',
            field=models.TextField(blank=True, verbose_name='reason for relabelling'),
        ),
        migrations.AddField(
            model_name='recording',
            name='party_name',
            field=models.CharField(blank=True, max_length=200, verbose_name='party'),
        ),
        migrations.AlterField(
            model_name='hold',
            name='recording',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='holds', to='evidence.recording', verbose_name='recording'),
        ),
        migrations.AddConstraint(
            model_name='hold',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('case__isnull', True), ('recording__isnull', False)), models.Q(('case__isnull', False), ('recording__isnull', True)), _connector='OR'), name='hold_on_recording_or_case'),
        ),
        migrations.AddField(
            model_name='evidencecopy',
            name='agency',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.agency', verbose_name='agency'),
        ),
        migrations.AddField(
            model_name='evidencecopy',
            name='case',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.case', verbose_name='filed with case'),
        ),
        migrations.AddField(
            model_name='evidencecopy',
            name='recorded_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by'),
        ),
        migrations.AddField(
            model_name='evidencecopy',
            name='recording',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='copies', to='evidence.recording', verbose_name='recording'),
        ),
        AppendOnly("evidence_evidencecopy"),
        ReinstallAppendOnly("evidence_recording"),
        ReinstallAppendOnly("evidence_hold"),
    ]
