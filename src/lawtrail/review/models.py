"""Legal review of major enforcement decisions (重大执法决定法制审核, R-LR-1..8, HY-A3): the agency's
catalogue of major decisions, cases marked for review by a collective discussion, and each review — its
summary row and the append-only steps it is made of (preliminary review, submission, one-time notice,
supplement, acceptance, pauses, extension, findings, counsel's opinion, the opinion letter and its two
copies, disagreement, expert panel, collective decision, the head's override) — plus the reports to
supervision that an override causes (R-LR-8)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MajorRule(models.Model):
    """One entry of the catalogue of major decisions (重大执法决定目录清单, R-LR-1, HY-A3 3). A case matches
    when every condition the entry sets holds; blank conditions are not checked. Kept by the legal unit;
    each change is in the trail."""

    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="+")
    name = models.CharField(_("name"), max_length=200)
    family = models.CharField(_("family"), max_length=20, blank=True)
    power = models.ForeignKey("registry.Power", verbose_name=_("power"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    amount_at_least = models.DecimalField(_("amount at least (yuan)"), max_digits=14, decimal_places=2, null=True,
                                          blank=True)
    when_hearing = models.BooleanField(_("a hearing was held"), default=False)
    when_major = models.BooleanField(_("the case is marked major or complex"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["agency", "pk"]
        verbose_name = _("catalogue entry of major decisions")
        verbose_name_plural = _("catalogue of major decisions")

    def __str__(self) -> str:
        return self.name


class ReviewMark(models.Model):
    """A case listed for review because a collective discussion deemed it necessary (HY-A3 3: "局长办公会
    集体讨论决定认为有必要列入重大执法决定的其他情形"). Append-only."""

    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="+")
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="review_marks")
    reason = models.TextField(_("reason"))
    meeting = models.CharField(_("meeting"), max_length=200)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("marked by"), on_delete=models.PROTECT,
                                  related_name="+")
    marked_at = models.DateTimeField(_("marked at"))

    class Meta:
        verbose_name = _("listing for legal review")
        verbose_name_plural = _("listings for legal review")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.meeting}"


class Review(models.Model):
    """One legal review of one draft decision. The row is a summary for the queue (status, clock); what
    happened is in its steps."""

    class Status(models.TextChoices):
        PRELIM = "prelim", _("Preliminary review by the unit head")
        SUBMITTED = "submitted", _("Submitted: materials being checked")
        INCOMPLETE = "incomplete", _("Materials incomplete: notice issued")
        REVIEWING = "reviewing", _("Under review")
        PAUSED = "paused", _("Clock paused")
        DECIDED = "decided", _("Opinion issued")
        DISPUTED = "disputed", _("Opinion disputed")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")
        OVERRIDDEN = "overridden", _("Overridden by the agency head")

    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="+")
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="reviews")
    draft = models.ForeignKey("cases.Record", verbose_name=_("draft decision"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    draft_sm3 = models.CharField(_("SM3 of the draft reviewed"), max_length=64, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PRELIM)
    outcome = models.CharField(_("outcome"), max_length=30, blank=True)
    number = models.CharField(_("opinion letter number"), max_length=60, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    late_submission = models.BooleanField(_("submitted later than the profile allows"), default=False)
    accepted_at = models.DateTimeField(_("materials complete at"), null=True, blank=True)
    due_at = models.DateTimeField(_("review due"), null=True, blank=True)
    decided_at = models.DateTimeField(_("opinion issued at"), null=True, blank=True)
    level = models.CharField(_("clock"), max_length=12, blank=True)
    clock_error = models.CharField(_("clock problem"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("legal review")
        verbose_name_plural = _("legal reviews")
        indexes = [models.Index(fields=["agency", "status"])]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.get_status_display()}"


class ReviewStep(models.Model):
    """One act of a review, by one person at one time, with its content hashed into the trail.
    Append-only (R-INT-2)."""

    class Kind(models.TextChoices):
        PRELIM = "prelim", _("Preliminary review")
        SUBMIT = "submit", _("Submission")
        NOTICE = "notice", _("One-time notice of missing materials")
        SUPPLEMENT = "supplement", _("Supplemented materials")
        ACCEPT = "accept", _("Materials complete")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")
        PAUSE = "pause", _("Clock paused")
        RESUME = "resume", _("Clock resumed")
        EXTENSION = "extension", _("Extension approved")
        FINDINGS = "findings", _("Review findings")
        COUNSEL = "counsel", _("Counsel's written opinion")
        COUNSEL_REVIEW = "counsel_review", _("Counsel's opinion reviewed")
        OPINION = "opinion", _("Opinion letter")
        COPY = "copy", _("Copy of the opinion letter")
        DISAGREE = "disagree", _("Handling unit disagrees")
        PANEL = "panel", _("Expert panel")
        COLLECTIVE = "collective", _("Collective decision")
        OVERRIDE = "override", _("Override by the agency head")

    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="+")
    review = models.ForeignKey(Review, verbose_name=_("review"), on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    content = models.JSONField(_("content"), default=dict)
    content_sm3 = models.CharField(_("content SM3"), max_length=64)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")

    def __str__(self) -> str:
        return f"{self.review_id}:{self.kind}"


class SupervisionReport(models.Model):
    """A report to supervision (R-LR-8, HY-A3 14): a major decision approved without the legal review or
    against its opinion. Append-only."""

    agency = models.ForeignKey("registry.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="+")
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(Review, verbose_name=_("review"), on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("kind"), max_length=30)
    text = models.TextField(_("text"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report to supervision")
        verbose_name_plural = _("reports to supervision")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.kind}"
