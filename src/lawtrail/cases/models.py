"""Cases, their parties, their records (original, append-only), approvals (append-only) and the
deadlines computed from them (derived, refreshed on every write and by the sweep)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lawtrail.procedures.catalogue import PROCEDURES


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SUSPENDED = "suspended", _("Suspended")
        CLOSED = "closed", _("Closed")
        NOT_FILED = "not_filed", _("Not filed")
        REFUSED = "refused", _("Application refused")

    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="cases")
    number = models.CharField(_("case number"), max_length=40)
    procedure = models.CharField(_("procedure"), max_length=20, choices=[(k, p.name.zh) for k, p in
                                                                          PROCEDURES.items()])
    family = models.CharField(_("family"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    cause = models.ForeignKey("registry.CaseCause", verbose_name=_("cause"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    power = models.ForeignKey("registry.Power", verbose_name=_("power"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("registry.Unit", verbose_name=_("handling unit"), on_delete=models.PROTECT,
                             related_name="cases")
    handlers = models.ManyToManyField("registry.Officer", verbose_name=_("handlers"), related_name="cases")
    stage = models.CharField(_("stage"), max_length=20)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    is_major = models.BooleanField(_("major or complex case"), default=False)
    emergency = models.BooleanField(_("emergency start"), default=False)
    supplement_pending = models.BooleanField(_("awaiting supplemented materials"), default=False)
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="case_number_unique")]
        # The case list, newest first, pages by (agency, opened_at) without sorting every case (issue 19).
        indexes = [models.Index(fields=["agency", "status"]),
                   models.Index(fields=["agency", "-opened_at", "-id"], name="cases_case_agency_opened")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def spec(self):
        return PROCEDURES[self.procedure]

    @property
    def stage_name(self) -> str:
        return str(self.spec.stage(self.stage).name)

    @property
    def flags(self) -> set[str]:
        return {f for f in ("major", "emergency", "supplement_pending")
                if getattr(self, "is_major" if f == "major" else f)}

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.SUSPENDED)


class Party(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Natural person")
        ORGANISATION = "organisation", _("Organisation")

    class IdType(models.TextChoices):
        RESIDENT_ID = "resident_id", _("Resident identity card")
        USCC = "uscc", _("Unified social credit code")
        PASSPORT = "passport", _("Passport")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="parties")
    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    id_type = models.CharField(_("identity document"), max_length=20, choices=IdType.choices)
    id_no = models.CharField(_("identity number"), max_length=40)
    legal_rep = models.CharField(_("legal representative"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name


class Record(models.Model):
    """One text record of a case step (R-PROC-6, R-INV-2). Never changed or deleted (R-INT-2): a
    correction is a new record with `corrects` and a reason. Officers and parties are copied in as they
    were at the time (name, certificate number), so the record stays true when base information changes."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="records")
    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="+")
    seq = models.PositiveIntegerField(_("number in case"))
    type = models.CharField(_("record type"), max_length=40)
    stage = models.CharField(_("stage"), max_length=20)
    number = models.CharField(_("document number"), max_length=60, blank=True)
    occurred_at = models.DateTimeField(_("time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    matter = models.TextField(_("matter"))
    officers = models.JSONField(_("officers"), default=list)
    parties = models.JSONField(_("parties"), default=list)
    content = models.JSONField(_("content"), default=dict)
    content_sm3 = models.CharField(_("content SM3"), max_length=64)
    corrects = models.ForeignKey("self", verbose_name=_("corrects"), null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="corrections")
    correction_reason = models.TextField(_("reason for correction"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["case", "seq"]
        verbose_name = _("record")
        verbose_name_plural = _("records")
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="record_seq_unique")]
        indexes = [models.Index(fields=["agency", "type"])]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.type}"

    @property
    def spec(self):
        from lawtrail.procedures.catalogue import R

        return R[self.type]


class Approval(models.Model):
    """One opinion in a record's internal approval chain (R-PROC-7: each opinion, person and time)."""

    record = models.ForeignKey(Record, verbose_name=_("record"), on_delete=models.PROTECT, related_name="approvals")
    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="+")
    step = models.CharField(_("step"), max_length=20)
    agree = models.BooleanField(_("agrees"))
    opinion = models.TextField(_("opinion"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT,
                             related_name="+")
    name = models.CharField(_("name"), max_length=100)
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["record", "pk"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [models.UniqueConstraint(fields=["record", "step"], name="approval_step_unique")]

    def __str__(self) -> str:
        return f"{self.record_id}:{self.step}:{'agree' if self.agree else 'disagree'}"


class ApprovalWait(models.Model):
    """Derived: the approval step a record waits for (R-PROC-7), rewritten by every write to its case
    (`cases.waits.refresh_case`), so that the heads' inbox is one read down an index whatever the number of
    records (issue 19). Not an original: the records and their approvals are; this is recomputed from them."""

    record = models.OneToOneField(Record, on_delete=models.CASCADE, primary_key=True, related_name="wait")
    agency = models.ForeignKey("registry.Agency", on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    step = models.CharField(max_length=20)

    class Meta:
        indexes = [models.Index(fields=["agency", "step", "record"], name="cases_wait_agency_step")]

    def __str__(self) -> str:
        return f"{self.record_id} waits for {self.step}"


class Deadline(models.Model):
    """A deadline of the catalogue as it stands for one case. Derived: recomputed from the records on
    every write to the case, and its level refreshed by the sweep."""

    class Level(models.TextChoices):
        PENDING = "pending", _("Due")
        SOON = "soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        MET = "met", _("Met")
        MET_LATE = "met_late", _("Met late")
        PAUSED = "paused", _("Paused")
        ERROR = "error", _("Cannot compute")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="deadlines")
    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.CASCADE,
                               related_name="+")
    code = models.CharField(_("deadline"), max_length=40)
    rule = models.CharField(_("rule"), max_length=20)
    articles = models.CharField(_("articles"), max_length=200)
    period = models.CharField(_("period"), max_length=100, blank=True)
    started_at = models.DateTimeField(_("started at"))
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    warn_at = models.DateTimeField(_("warn from"), null=True, blank=True)
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    error = models.CharField(_("error"), max_length=300, blank=True)
    # While the year's working-day calendar is missing: the earliest and latest the deadline can fall, from the
    # statutory holidays (workdays/statutory.py) — shown as provisional, never used as the deadline.
    earliest_due = models.DateTimeField(_("earliest possible due time"), null=True, blank=True)
    latest_due = models.DateTimeField(_("latest possible due time"), null=True, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        constraints = [models.UniqueConstraint(fields=["case", "code"], name="deadline_code_unique")]
        indexes = [models.Index(fields=["level", "due_at"]), models.Index(fields=["agency", "level"])]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.code}:{self.level}"
