"""Accounts, affiliations, roles per workshop and invitations."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower


class ConferoUserManager(UserManager):
    def _create_user(self, username, email, password, **extra):
        email = self.normalize_email(email or username).lower()
        return super()._create_user(email, email, password, **extra)

    def create_user(self, email=None, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, email, password, **extra)

    def get_by_natural_key(self, username):
        """Log-in look-up: e-mail addresses match case-insensitively."""
        return self.get(email__iexact=(username or "").strip())

    def create_superuser(self, email=None, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, email, password, **extra)


class User(AbstractUser):
    """A person. Logs in with the e-mail address (kept lower-case, unique)."""

    email = models.EmailField("e-mail address", unique=True)
    name = models.CharField("full name", max_length=200)
    email_verified = models.BooleanField(default=False)
    orcid = models.CharField("ORCID iD", max_length=19, blank=True, help_text="e.g. 0000-0002-1825-0097")
    dblp_id = models.CharField("DBLP id", max_length=100, blank=True, help_text="e.g. pid/12/3456")
    openreview_id = models.CharField(
        "OpenReview id", max_length=100, blank=True, help_text="e.g. ~Ada_Lovelace1"
    )
    keywords = models.CharField(
        "research keywords", max_length=500, blank=True, help_text="free keywords, comma separated"
    )
    research_areas = models.ManyToManyField("workshops.ResearchArea", blank=True, related_name="people")

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]
    objects = ConferoUserManager()

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        self.username = self.email
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.name or self.email

    @property
    def email_domain(self) -> str:
        return self.email.rpartition("@")[2]


class Affiliation(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="affiliations")
    institution = models.CharField(max_length=200)
    email_domain = models.CharField(
        "institution e-mail domain", max_length=100, blank=True, help_text="e.g. manchester.ac.uk"
    )
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="empty = current")

    class Meta:
        ordering = ["-end_year", "institution"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(start_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="affiliation_years_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.institution


class Role(models.Model):
    """A person's role in one workshop. One person may hold several (an organizer may also submit)."""

    class Kind(models.TextChoices):
        ORGANIZER = "organizer", "Organizer"
        PC = "pc", "Program committee member"
        AUTHOR = "author", "Author"

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")

    class Listing(models.TextChoices):
        NAME_AFFILIATION = "name_affiliation", "Name and current affiliation"
        NAME = "name", "Name only"
        HIDDEN = "hidden", "Not listed"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    listing = models.CharField(
        "public listing",
        max_length=16,
        choices=Listing.choices,
        blank=True,
        help_text="how the public site lists this organizer or PC member; empty: the default of the role "
        "(organizers with their affiliation, PC members by name)",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workshop", "user", "kind"], name="role_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()} of {self.workshop}"

    #: How a role is listed on the public site when its holder has not chosen.
    DEFAULT_LISTING = {Kind.ORGANIZER: Listing.NAME_AFFILIATION, Kind.PC: Listing.NAME}

    @property
    def public_listing(self) -> str:
        """The listing in effect: the person's choice, else the role's default (authors: not listed)."""
        return self.listing or self.DEFAULT_LISTING.get(self.kind, self.Listing.HIDDEN)


def _token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An organizer's invitation to join a workshop's program committee (or organizing team)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        REVOKED = "revoked", "Revoked"

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    name = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=12, choices=Role.Kind.choices, default=Role.Kind.PC)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
        help_text="who accepted or declined",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "email", "kind"],
                condition=models.Q(status="pending"),
                name="one_pending_invitation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.workshop} ({self.status})"
