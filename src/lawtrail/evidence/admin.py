"""Read-only admin pages: no add, change or delete — removing a file is the approved disposal action only
(R-AV-7)."""

from django.contrib import admin

from lawtrail.evidence.models import Blob, Disposal, DisposalRequest, Hold, Recording, Upload
from lawtrail.registry.admin import ReadOnlyAdmin

for model in (Blob, Recording, Upload, Hold, DisposalRequest, Disposal):
    admin.site.register(model, ReadOnlyAdmin)
