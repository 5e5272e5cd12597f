"""The legal review: catalogue, listings, reviews and their append-only steps, reports to supervision."""

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
            name='MajorRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('family', models.CharField(blank=True, max_length=20, verbose_name='family')),
                ('amount_at_least', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name='amount at least (yuan)')),
                ('when_hearing', models.BooleanField(default=False, verbose_name='a hearing was held')),
                ('when_major', models.BooleanField(default=False, verbose_name='the case is marked major or complex')),
                ('source', models.CharField(blank=True, max_length=200, verbose_name='source')),
                ('active', models.BooleanField(default=True, verbose_name='active')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.agency', verbose_name='agency')),
                ('power', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.power', verbose_name='power')),
            ],
            options={
                'verbose_name': 'catalogue entry of major decisions',
                'verbose_name_plural': 'catalogue of major decisions',
                'ordering': ['agency', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Review',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('draft_sm3', models.CharField(blank=True, max_length=64, verbose_name='SM3 of the draft reviewed')),
                ('urgent', models.BooleanField(default=False, verbose_name='urgent')),
                ('status', models.CharField(choices=[('prelim', 'Preliminary review by the unit head'), ('submitted', 'Submitted: materials being checked'), ('incomplete', 'Materials incomplete: notice issued'), ('reviewing', 'Under review'), ('paused', 'Clock paused'), ('decided', 'Opinion issued'), ('disputed', 'Opinion disputed'), ('not_accepted', 'Not accepted'), ('overridden', 'Overridden by the agency head')], default='prelim', max_length=20, verbose_name='status')),
                ('outcome', models.CharField(blank=True, max_length=30, verbose_name='outcome')),
                ('number', models.CharField(blank=True, max_length=60, verbose_name='opinion letter number')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted at')),
                ('late_submission', models.BooleanField(default=False, verbose_name='submitted later than the profile allows')),
                ('accepted_at', models.DateTimeField(blank=True, null=True, verbose_name='materials complete at')),
                ('due_at', models.DateTimeField(blank=True, null=True, verbose_name='review due')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='opinion issued at')),
                ('level', models.CharField(blank=True, max_length=12, verbose_name='clock')),
                ('clock_error', models.CharField(blank=True, max_length=200, verbose_name='clock problem')),
                ('created_at', models.DateTimeField(verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.agency', verbose_name='agency')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reviews', to='cases.case', verbose_name='case')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('draft', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.record', verbose_name='draft decision')),
            ],
            options={
                'verbose_name': 'legal review',
                'verbose_name_plural': 'legal reviews',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='ReviewMark',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.TextField(verbose_name='reason')),
                ('meeting', models.CharField(max_length=200, verbose_name='meeting')),
                ('marked_at', models.DateTimeField(verbose_name='marked at')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.agency', verbose_name='agency')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='review_marks', to='cases.case', verbose_name='case')),
                ('marked_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='marked by')),
            ],
            options={
                'verbose_name': 'listing for legal review',
                'verbose_name_plural': 'listings for legal review',
            },
        ),
        migrations.CreateModel(
            name='ReviewStep',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('prelim', 'Preliminary review'), ('submit', 'Submission'), ('notice', 'One-time notice of missing materials'), ('supplement', 'Supplemented materials'), ('accept', 'Materials complete'), ('not_accepted', 'Not accepted'), ('pause', 'Clock paused'), ('resume', 'Clock resumed'), ('extension', 'Extension approved'), ('findings', 'Review findings'), ('counsel', "Counsel's written opinion"), ('counsel_review', "Counsel's opinion reviewed"), ('opinion', 'Opinion letter'), ('copy', 'Copy of the opinion letter'), ('disagree', 'Handling unit disagrees'), ('panel', 'Expert panel'), ('collective', 'Collective decision'), ('override', 'Override by the agency head')], max_length=20, verbose_name='kind')),
                ('content', models.JSONField(default=dict, verbose_name='content')),
                ('content_sm3', models.CharField(max_length=64, verbose_name='content SM3')),
                ('at', models.DateTimeField(verbose_name='at')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.agency', verbose_name='agency')),
                ('by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('review', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='steps', to='review.review', verbose_name='review')),
            ],
            options={
                'verbose_name': 'review step',
                'verbose_name_plural': 'review steps',
                'ordering': ['at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='SupervisionReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=30, verbose_name='kind')),
                ('text', models.TextField(verbose_name='text')),
                ('created_at', models.DateTimeField(verbose_name='created at')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.agency', verbose_name='agency')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.case', verbose_name='case')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('review', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='review.review', verbose_name='review')),
            ],
            options={
                'verbose_name': 'report to supervision',
                'verbose_name_plural': 'reports to supervision',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.AddIndex(
            model_name='review',
            index=models.Index(fields=['agency', 'status'], name='review_revi_agency__56afca_idx'),
        ),
        AppendOnly("review_reviewstep"),
        AppendOnly("review_reviewmark"),
        AppendOnly("review_supervisionreport"),
    ]
