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


class RecordingQuerySet(models.QuerySet):
    def current(self):
        """Recordings as labelled now: a relabelled row is replaced by the row that corrects it."""
        return self.filter(corrections__isnull=True)


class Recording(models.Model):
    """An audio-video record (音像记录) or photo as evidence of a case step (R-AV-5). Append-only: a
    relabelling is a new row that names the one it corrects. A recording not (yet) linked to a case carries
    its own labels — cause and party (YZ 18) — until it is."""

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
    cause = models.CharField(_("cause"), max_length=200, blank=True)
    party_name = models.CharField(_("party"), max_length=200, blank=True)
    label_reason = models.TextField(_("reason for relabelling"), blank=True)

    objects = RecordingQuerySet.as_manager()

    class Meta:
        ordering = ["started_at", "pk"]
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")

    def __str__(self) -> str:
        return f"{self.filename} ({self.blob_id[:12]})"


class Hold(models.Model):
    """A long-term hold set by hand on one recording or on every recording of a case (R-AV-7: YZ 19,
    HY-A6 24) — a review, a lawsuit, a complaint, obstruction, an incident. Holds the system can see for
    itself — used as evidence of a case step, a major case, a hearing — are derived, not stored
    (evidence/retention.py). Append-only: a hold stays on record."""

    class Reason(models.TextChoices):
        EVIDENCE = "evidence", _("Used as evidence")
        DISPUTE = "dispute", _("Review, litigation, dispute or complaint")
        OBSTRUCTION = "obstruction", _("Party obstructed or used violence")
        INCIDENT = "incident", _("Emergency or mass incident")
        MAJOR = "major", _("Major, complex or difficult case")
        HEARING = "hearing", _("Hearing")

    recording = models.ForeignKey(Recording, verbose_name=_("recording"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="holds")
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="av_holds")
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
        constraints = [models.CheckConstraint(
            condition=models.Q(recording__isnull=False, case__isnull=True)
            | models.Q(recording__isnull=True, case__isnull=False), name="hold_on_recording_or_case")]

    def __str__(self) -> str:
        return f"{self.recording_id or 'case ' + str(self.case_id)}:{self.reason}"


class EvidenceCopy(models.Model):
    """A copy of a recording used as evidence onto backup media — a burnt disc or a removable drive —
    noting its maker, extractor and extraction time, filed with the case and kept as long as the case
    file (R-AV-7: WH 27, DXH 28, YZ 19, HY-A6 24). Append-only."""

    class Medium(models.TextChoices):
        DISC = "disc", _("Optical disc")
        REMOVABLE = "removable", _("Removable storage")
        OTHER = "other", _("Other medium")

    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="+")
    recording = models.ForeignKey(Recording, verbose_name=_("recording"), on_delete=models.PROTECT,
                                  related_name="copies")
    case = models.ForeignKey("cases.Case", verbose_name=_("filed with case"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    medium = models.CharField(_("medium"), max_length=12, choices=Medium.choices)
    medium_no = models.CharField(_("medium number"), max_length=60)
    maker = models.CharField(_("made by"), max_length=100)
    extractor = models.CharField(_("extracted by"), max_length=100)
    extracted_at = models.DateTimeField(_("extracted at"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["extracted_at", "pk"]
        verbose_name = _("evidence copy")
        verbose_name_plural = _("evidence copies")

    def __str__(self) -> str:
        return f"{self.get_medium_display()} {self.medium_no}"


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


class Device(models.Model):
    """A recording device (执法记录仪, 采集站) in the agency's registry (R-AV-8, HY-A6 5–6)."""

    class Status(models.TextChoices):
        IN_SERVICE = "in_service", _("In service")
        REPAIR = "repair", _("Under repair")
        RETIRED = "retired", _("Retired")

    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="devices")
    number = models.CharField(_("device number"), max_length=40)
    model_name = models.CharField(_("model"), max_length=100, blank=True)
    serial_no = models.CharField(_("serial number"), max_length=100, blank=True)
    unit = models.ForeignKey("registry.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="devices")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.IN_SERVICE)
    acquired_on = models.DateField(_("acquired on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("recording device")
        verbose_name_plural = _("recording devices")
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="device_number_unique")]

    def __str__(self) -> str:
        return self.number


class DeviceAdministrator(models.Model):
    """The administrators roster (执法记录仪管理员名册, HY-A6 6 and its form): name, department, devices
    managed, phone, start date."""

    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="+")
    officer = models.ForeignKey("registry.Officer", verbose_name=_("administrator"), on_delete=models.PROTECT,
                                related_name="+")
    unit = models.ForeignKey("registry.Unit", verbose_name=_("department"), on_delete=models.PROTECT,
                             related_name="+")
    devices = models.ManyToManyField(Device, verbose_name=_("devices managed"), related_name="administrators")
    phone = models.CharField(_("phone"), max_length=40)
    started_on = models.DateField(_("start date"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["started_on", "pk"]
        verbose_name = _("device administrator")
        verbose_name_plural = _("device administrators")

    def __str__(self) -> str:
        return str(self.officer)


class DeviceLoan(models.Model):
    """One line of the use log (执法记录仪使用档案, HY-A6 5 and its form): unit, device, user, approver,
    time out, time back, remarks. The device goes out only with a head's approval."""

    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="+")
    device = models.ForeignKey(Device, verbose_name=_("device"), on_delete=models.PROTECT, related_name="loans")
    officer = models.ForeignKey("registry.Officer", verbose_name=_("user"), on_delete=models.PROTECT,
                                related_name="device_loans")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approver"), on_delete=models.PROTECT,
                                    related_name="+")
    out_at = models.DateTimeField(_("time out"))
    back_at = models.DateTimeField(_("time back"), null=True, blank=True)
    remarks = models.TextField(_("remarks"), blank=True)

    class Meta:
        ordering = ["-out_at", "-pk"]
        verbose_name = _("device loan")
        verbose_name_plural = _("device loans")

    def __str__(self) -> str:
        return f"{self.device} → {self.officer}"


class DeviceCheck(models.Model):
    """A pre-use or periodic check (R-AV-1: battery, storage, clock; HY-A6 7–8). The clock offset is
    recorded because devices lose their clock after power loss (FIELD-NOTES). Append-only."""

    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="+")
    device = models.ForeignKey(Device, verbose_name=_("device"), on_delete=models.PROTECT, related_name="checks")
    loan = models.ForeignKey(DeviceLoan, verbose_name=_("loan"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="checks")
    battery_ok = models.BooleanField(_("battery sufficient"))
    storage_ok = models.BooleanField(_("storage sufficient"))
    clock_offset_s = models.IntegerField(_("clock offset (seconds, device minus true time)"))
    clock_set = models.BooleanField(_("clock set to the true time"))
    note = models.TextField(_("note"), blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked by"), on_delete=models.PROTECT,
                                   related_name="+")
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        ordering = ["-checked_at"]
        verbose_name = _("device check")
        verbose_name_plural = _("device checks")

    def __str__(self) -> str:
        return f"{self.device} {self.checked_at:%Y-%m-%d}"


class DeviceRepair(models.Model):
    """A fault reported and its repair (HY-A6 8, 17)."""

    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="+")
    device = models.ForeignKey(Device, verbose_name=_("device"), on_delete=models.PROTECT, related_name="repairs")
    problem = models.TextField(_("problem"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"),
                                    on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("reported at"))
    repaired_at = models.DateTimeField(_("repaired at"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("device repair")
        verbose_name_plural = _("device repairs")

    def __str__(self) -> str:
        return f"{self.device} {self.reported_at:%Y-%m-%d}"
