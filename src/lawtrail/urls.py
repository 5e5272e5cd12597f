from django.contrib import admin
from django.urls import include, path

from lawtrail.api.urls import api
from lawtrail.evidence import tus
from lawtrail.evidence import views as evidence_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # tus 1.0 resumable uploads of audio-video and other files (evidence/tus.py)
    path("tus/", tus.collection, name="tus"),
    path("tus/<str:upload_id>", tus.resource, name="tus_upload"),
    path("recordings/<int:pk>/file", evidence_views.recording_file, name="recording_file"),
    path("recordings/<int:pk>/disposal", evidence_views.request_disposal, name="recording_disposal"),
    path("", include("lawtrail.web.urls")),
]
