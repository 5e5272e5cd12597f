"""Stored files (blobs), uploads in progress, and audio-video recordings linked to case steps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Blob(models.Model):
    """One stored content, named by its SM3 (evidence/storage.py). Append-only: the bytes never change."""

    sm3 = models.CharField(_("SM3"), max_length=64, primary_key=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.BigIntegerField(_("size (bytes)"))
    store = models.CharField(_("storage"), max_length=10)
    stored_at = models.DateTimeField(_("stored at"))
    stored_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("stored by"), null=True,
                                  on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self) -> str:
        return self.sm3


class Upload(models.Model):
    """A resumable upload (tus 1.0) in progress. The offset is the partial file's size on disk, so a
    crash mid-request loses nothing that was written."""

    class State(models.TextChoices):
        OPEN = "open", _("In progress")
        COMPLETE = "complete", _("Complete")
        FAILED = "failed", _("Failed")
        TERMINATED = "terminated", _("Cancelled")

    id = models.CharField(primary_key=True, max_length=32)
    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT,
                             related_name="+")
    length = models.BigIntegerField(_("length"))
    metadata = models.JSONField(_("metadata"), default=dict)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.OPEN)
    error = models.CharField(_("error"), max_length=300, blank=True)
    blob = models.ForeignKey(Blob, verbose_name=_("stored file"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    recording = models.ForeignKey("Recording", verbose_name=_("recording"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")

    def __str__(self) -> str:
        return self.id


class Recording(models.Model):
    """An audio-video record (音像记录) or photo as evidence of a case step (R-AV-5). Append-only: a
    relabelling is a new row that names the one it corrects."""

    class Kind(models.TextChoices):
        VIDEO = "video", _("Video")
        AUDIO = "audio", _("Audio")
        PHOTO = "photo", _("Photo")

    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="+")
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="recordings")
    record = models.ForeignKey("cases.Record", verbose_name=_("case step"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="recordings")
    blob = models.ForeignKey(Blob, verbose_name=_("stored file"), on_delete=models.PROTECT, related_name="recordings")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    filename = models.CharField(_("file name"), max_length=255)
    started_at = models.DateTimeField(_("recording started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("recording ended"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned from field work"), null=True, blank=True)
    device_no = models.CharField(_("device number"), max_length=40, blank=True)
    officer = models.ForeignKey("registry.Officer", verbose_name=_("officer"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"),
                                    on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"))
    corrects = models.ForeignKey("self", verbose_name=_("corrects"), null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="corrections")

    class Meta:
        ordering = ["started_at", "pk"]
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")

    def __str__(self) -> str:
        return f"{self.filename} ({self.blob_id[:12]})"


class Hold(models.Model):
    """A long-term hold set by hand on a recording (R-AV-7: YZ 19, HY-A6 24). Holds the system can see
    for itself — used as evidence of a case step, a major case, a hearing — are derived, not stored
    (evidence/retention.py). Append-only: a hold stays on record."""

    class Reason(models.TextChoices):
        EVIDENCE = "evidence", _("Used as evidence")
        DISPUTE = "dispute", _("Review, litigation, dispute or complaint")
        OBSTRUCTION = "obstruction", _("Party obstructed or used violence")
        INCIDENT = "incident", _("Emergency or mass incident")
        MAJOR = "major", _("Major, complex or difficult case")
        HEARING = "hearing", _("Hearing")

    recording = models.ForeignKey(Recording, verbose_name=_("recording"), on_delete=models.PROTECT,
                                  related_name="holds")
    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("set by"), on_delete=models.PROTECT,
                               related_name="+")
    set_at = models.DateTimeField(_("set at"))

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = _("holds")

    def __str__(self) -> str:
        return f"{self.recording_id}:{self.reason}"


class DisposalRequest(models.Model):
    """A request to dispose of a stored file after its retention period (R-AV-7), waiting for the agency
    head's approval. Append-only."""

    blob = models.ForeignKey(Blob, verbose_name=_("stored file"), on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="+")
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"),
                                     on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"))

    class Meta:
        verbose_name = _("disposal request")
        verbose_name_plural = _("disposal requests")

    def __str__(self) -> str:
        return f"{self.blob_id[:12]} ({self.requested_at:%Y-%m-%d})"


class Disposal(models.Model):
    """The tombstone of a stored file whose bytes were deleted after retention with approval: the hashes
    stay (in Blob and in the trail), so what existed can still be proven. Append-only."""

    blob = models.OneToOneField(Blob, verbose_name=_("stored file"), on_delete=models.PROTECT,
                                related_name="disposal")
    request = models.OneToOneField(DisposalRequest, verbose_name=_("request"), on_delete=models.PROTECT,
                                   related_name="disposal")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"),
                                    on_delete=models.PROTECT, related_name="+")
    disposed_at = models.DateTimeField(_("disposed at"))

    class Meta:
        verbose_name = _("disposal")
        verbose_name_plural = _("disposals")

    def __str__(self) -> str:
        return self.blob_id
