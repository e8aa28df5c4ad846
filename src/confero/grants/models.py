"""Travel grants: a workshop's grant settings and budget, the organizers who handle grants, applications,
handlers' scores, and releases of decisions with one notice per applicant and release.

Privacy (docs/travel-grants.md): the motivation and the self-identified under-represented-group answer of
an application are read only by its applicant and by *grant handlers* (organizers named in
:class:`GrantHandler`) who are not in conflict with the applicant. Every other organizer sees counts.
The permission table (``grant.*``) decides; services and views ask it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from confero.workshops import timezones
from confero.workshops.timezones import AOE
from confero.workshops.timezones import validate as validate_timezone

MONEY = {"max_digits": 12, "decimal_places": 2}


class GrantSettings(models.Model):
    """One workshop's travel-grant call. Applications are accepted from ``opens_at`` to ``closes_at``
    inclusive, to the second (shown in ``timezone``, AoE by default)."""

    class Eligibility(models.TextChoices):
        ANYONE = "anyone", "Anyone with an account"
        AUTHORS = "authors", "Authors of a submission to this workshop"
        ACCEPTED = "accepted", "Authors of an accepted paper"

    workshop = models.OneToOneField(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="grant_settings"
    )
    enabled = models.BooleanField(default=False, help_text="the call for travel grants is offered")
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True, help_text="the last second applications count")
    timezone = models.CharField(max_length=64, default=AOE, validators=[validate_timezone])
    budget = models.DecimalField(default=Decimal("0"), **MONEY)
    currency = models.CharField(max_length=3, default="EUR", help_text="ISO 4217 code, e.g. EUR, USD")
    max_per_grant = models.DecimalField(
        "maximum per grant", default=Decimal("0"), help_text="0 = no maximum", **MONEY
    )
    eligibility = models.CharField(max_length=10, choices=Eligibility.choices, default=Eligibility.ANYONE)
    ask_career_stage = models.BooleanField("ask the career stage", default=True)
    ask_country = models.BooleanField("ask the country", default=True)
    ask_travel_costs = models.BooleanField("ask the estimated travel costs", default=True)
    ask_underrepresented = models.BooleanField(
        "ask the optional self-identified under-represented group", default=True
    )
    ask_submission = models.BooleanField("ask for the applicant's submission", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "grant settings"
        constraints = [
            models.CheckConstraint(condition=Q(budget__gte=0), name="grant_budget_not_negative"),
            models.CheckConstraint(condition=Q(max_per_grant__gte=0), name="grant_max_not_negative"),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="grant_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"travel grants of {self.workshop}"

    def display(self, at) -> str:
        return timezones.format_in(at, self.timezone) if at else ""


class GrantHandler(models.Model):
    """An organizer who handles travel grants (reads the sensitive answers, scores, decides, releases)."""

    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="grant_handlers"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workshop", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["workshop", "user"], name="grant_handler_once")]

    def __str__(self) -> str:
        return f"{self.user} handles grants of {self.workshop}"


class CareerStage(models.TextChoices):
    UNDERGRADUATE = "undergraduate", "Undergraduate student"
    MASTERS = "masters", "Master's student"
    PHD = "phd", "PhD student"
    POSTDOC = "postdoc", "Postdoc"
    EARLY_FACULTY = "early_faculty", "Early-career faculty / researcher"
    SENIOR = "senior", "Senior faculty / researcher"
    INDUSTRY = "industry", "Industry"
    OTHER = "other", "Other"


class GrantApplication(models.Model):
    """One person's application in one workshop (one row per person; withdrawing and applying again reuse
    it). ``outcome``/``awarded_amount`` are what handlers staged; ``released_at`` says the applicant was
    told (then the decision is final)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Outcome(models.TextChoices):
        AWARD = "award", "Award"
        DECLINE = "decline", "Decline"

    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="grant_applications"
    )
    number = models.PositiveIntegerField(help_text="G-1, G-2, … per workshop")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grant_applications"
    )
    submission = models.ForeignKey(
        "submissions.Submission", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    motivation = models.TextField()
    career_stage = models.CharField(max_length=16, choices=CareerStage.choices, blank=True)
    country = models.CharField(max_length=100, blank=True, help_text="where you travel from")
    requested_amount = models.DecimalField(**MONEY)
    travel_costs = models.DecimalField("estimated travel costs", null=True, blank=True, **MONEY)
    underrepresented = models.TextField("self-identified under-represented group", blank=True)
    underrepresented_prefer_not = models.BooleanField("prefer not to say", default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, blank=True)
    awarded_amount = models.DecimalField(null=True, blank=True, **MONEY)
    note = models.TextField(blank=True, help_text="to the applicant, sent with the decision")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="bumped on every change")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["workshop", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "applicant"], name="grant_one_application_per_person"
            ),
            models.UniqueConstraint(fields=["workshop", "number"], name="grant_number_unique"),
            models.CheckConstraint(condition=Q(requested_amount__gt=0), name="grant_requested_positive"),
            models.CheckConstraint(
                condition=Q(travel_costs__isnull=True) | Q(travel_costs__gte=0),
                name="grant_costs_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(outcome="award", awarded_amount__gt=0)
                | Q(~Q(outcome="award"), awarded_amount__isnull=True),
                name="grant_award_has_amount",
            ),
            models.CheckConstraint(
                condition=Q(released_at__isnull=True) | ~Q(outcome=""), name="grant_released_has_outcome"
            ),
            models.CheckConstraint(
                condition=Q(underrepresented_prefer_not=False) | Q(underrepresented=""),
                name="grant_prefer_not_means_no_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"G-{self.number} ({self.workshop})"

    @property
    def label(self) -> str:
        return f"G-{self.number}"

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def is_released(self) -> bool:
        return self.released_at is not None

    @property
    def state(self) -> str:
        if self.is_withdrawn:
            return "withdrawn"
        if self.is_released:
            return "released"
        return "staged" if self.outcome else "undecided"

    @property
    def underrepresented_display(self) -> str:
        if self.underrepresented_prefer_not:
            return "Prefers not to say"
        return self.underrepresented or "Not answered"


class GrantScore(models.Model):
    """One handler's score (1–5) of one application; the ranking uses the mean."""

    application = models.ForeignKey(GrantApplication, on_delete=models.CASCADE, related_name="scores")
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application", "handler"]
        constraints = [
            models.UniqueConstraint(fields=["application", "handler"], name="grant_score_once"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="grant_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.score} by {self.handler}"


class GrantRelease(models.Model):
    """One release: the staged decisions handed to their applicants at once. Rows are only added."""

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_at = models.DateTimeField()

    class Meta:
        ordering = ["workshop", "number"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "number"], name="grant_release_number_unique")
        ]

    def __str__(self) -> str:
        return f"grant release {self.number} of {self.workshop}"


class GrantNotice(models.Model):
    """The one mail an applicant gets for one release (the unique constraint makes it exactly one)."""

    release = models.ForeignKey(GrantRelease, on_delete=models.CASCADE, related_name="notices")
    application = models.ForeignKey(GrantApplication, on_delete=models.CASCADE, related_name="notices")
    outcome = models.CharField(max_length=8, choices=GrantApplication.Outcome.choices)
    amount = models.DecimalField(null=True, blank=True, **MONEY)
    recipient = models.EmailField()
    mail = models.ForeignKey(
        "mail.OutboxMail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["release", "application"]
        constraints = [models.UniqueConstraint(fields=["release", "application"], name="grant_notice_once")]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.application} (release {self.release.number})"
