"""The submit/edit form: authors and artifact links as one-per-line text, conflicts as a checkbox list."""

from __future__ import annotations

import re

from django import forms

from confero.people.models import Role, User

from .data import AuthorData, SubmissionData
from .models import ArtifactLink

_AUTHOR_LINE = re.compile(r"^(?P<name>[^<>]*?)\s*<(?P<email>[^<>\s]+)>\s*(?:[,;]\s*(?P<aff>.*))?$")
KINDS = ArtifactLink.Kind.values


def parse_authors(text: str) -> tuple[list[AuthorData], list[str]]:
    """'Name <email>, Affiliation' one per line -> (authors, problems)."""
    authors, problems = [], []
    for i, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        m = _AUTHOR_LINE.match(line)
        if not m:
            problems.append(f"Line {i}: write 'Name <e-mail>, Affiliation' (got {line!r}).")
            continue
        authors.append(AuthorData(m["name"].strip(), m["email"].strip(), (m["aff"] or "").strip()))
    return authors, problems


def format_authors(rows) -> str:
    return "\n".join(f"{a.name} <{a.email}>" + (f", {a.affiliation}" if a.affiliation else "") for a in rows)


def parse_artifacts(text: str) -> tuple[list[tuple[str, str, str]], list[str]]:
    """'kind URL optional description' one per line."""
    items, problems = [], []
    for i, line in enumerate((text or "").splitlines(), start=1):
        parts = line.split(None, 2)
        if not parts:
            continue
        if len(parts) < 2 or parts[0].lower() not in KINDS:
            problems.append(f"Line {i}: write 'kind URL description' with kind one of {', '.join(KINDS)}.")
            continue
        items.append((parts[0].lower(), parts[1], parts[2].strip() if len(parts) > 2 else ""))
    return items, problems


def format_artifacts(rows) -> str:
    return "\n".join(f"{a.kind} {a.url}" + (f" {a.description}" if a.description else "") for a in rows)


def conflict_candidates(workshop):
    ids = Role.objects.filter(workshop=workshop, kind__in=[Role.Kind.PC, Role.Kind.ORGANIZER]).values(
        "user_id"
    )
    return User.objects.filter(pk__in=ids).prefetch_related("affiliations").order_by("name", "email")


class SubmissionForm(forms.Form):
    title = forms.CharField(max_length=300)
    abstract = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Markdown is allowed (links, emphasis, lists, code).",
    )
    category = forms.ModelChoiceField(queryset=None, empty_label=None, widget=forms.RadioSelect)
    primary_topic = forms.ModelChoiceField(queryset=None)
    secondary_topic = forms.ModelChoiceField(queryset=None, required=False, empty_label="(none)")
    authors = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One author per line, in order: Name <e-mail>, Affiliation. Include yourself. Co-authors "
        "without an account get an e-mail with a link to claim the submission.",
    )
    artifacts = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Artifact links",
        help_text="Optional, one per line: kind URL description, with kind code, data, checkpoint or other. "
        "Example: code https://github.com/org/repo Training code",
    )
    previously_published = forms.TypedChoiceField(
        label="Was this work previously published in an archival venue?",
        widget=forms.RadioSelect,
        choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda v: v == "yes",
    )
    policies_agreed = forms.BooleanField(label="This work follows the workshop's submission policies.")
    pdf = forms.FileField(
        label="Paper (PDF)", widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, workshop, submission=None, **kwargs):
        if submission is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(submission)
        super().__init__(*args, **kwargs)
        self.workshop, self.submission = workshop, submission
        self.fields["category"].queryset = workshop.categories.all()
        self.fields["category"].label_from_instance = lambda c: (
            f"{c.title} — at most {c.max_pages} pages of main text"
            + (f" ({c.description})" if c.description else "")
        )
        self.fields["primary_topic"].queryset = workshop.topics.all()
        self.fields["secondary_topic"].queryset = workshop.topics.all()
        self.fields["pdf"].help_text = (
            f"At most {workshop.max_pdf_mb} MB and {workshop.max_pdf_pages} pages in total. The main text "
            "must fit the category's page limit; references and appendix do not count."
        )
        if submission is not None:
            self.fields["pdf"].required = False
            self.fields[
                "version"
            ].required = True  # the optimistic check needs the version the edit started from
            self.fields["pdf"].help_text += " Leave empty to keep the current PDF."
        self.people = list(conflict_candidates(workshop))
        for p in self.people:
            self.fields[f"conflict_{p.pk}"] = forms.BooleanField(required=False, label=p.name or p.email)
            self.fields[f"reason_{p.pk}"] = forms.CharField(required=False, max_length=200, label="Reason")

    @staticmethod
    def initial_from(sub) -> dict:
        initial = {
            "title": sub.title,
            "abstract": sub.abstract,
            "category": sub.category_id,
            "primary_topic": sub.primary_topic_id,
            "secondary_topic": sub.secondary_topic_id,
            "authors": format_authors(sub.authors.all()),
            "artifacts": format_artifacts(sub.artifacts.all()),
            "previously_published": "yes" if sub.previously_published else "no",
            "policies_agreed": sub.policies_agreed,
            "version": sub.version,
        }
        for c in sub.declared_conflicts.all():
            initial[f"conflict_{c.person_id}"] = True
            initial[f"reason_{c.person_id}"] = c.reason
        return initial

    def conflict_rows(self):
        """(person, checkbox field, reason field) for the template."""
        return [(p, self[f"conflict_{p.pk}"], self[f"reason_{p.pk}"]) for p in self.people]

    def clean_authors(self):
        authors, problems = parse_authors(self.cleaned_data["authors"])
        if problems:
            raise forms.ValidationError(problems)
        return authors

    def clean_artifacts(self):
        items, problems = parse_artifacts(self.cleaned_data["artifacts"])
        if problems:
            raise forms.ValidationError(problems)
        return items

    def clean(self):
        cleaned = super().clean()
        for p in self.people:
            if cleaned.get(f"conflict_{p.pk}") and not (cleaned.get(f"reason_{p.pk}") or "").strip():
                self.add_error(f"reason_{p.pk}", f"Give a reason for the conflict with {p}.")
        return cleaned

    def to_data(self) -> SubmissionData:
        c = self.cleaned_data
        conflicts = [(p, c.get(f"reason_{p.pk}", "")) for p in self.people if c.get(f"conflict_{p.pk}")]
        return SubmissionData(
            title=c["title"],
            abstract=c["abstract"],
            category=c["category"],
            primary_topic=c["primary_topic"],
            secondary_topic=c.get("secondary_topic"),
            authors=c["authors"],
            artifacts=c["artifacts"],
            conflicts=conflicts,
            previously_published=c["previously_published"],
            policies_agreed=c["policies_agreed"],
        )


class ClaimForm(forms.Form):
    pass


class WithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(label="Yes, withdraw this submission. This cannot be undone by authors.")


class ExtensionForm(forms.Form):
    """An organizer's per-submission extension, typed as a wall-clock time in a zone (AoE by default)."""

    until = forms.DateTimeField(
        label="Extended deadline",
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="date and time in the time zone below",
    )
    timezone = forms.CharField(
        label="Time zone",
        initial="AoE",
        max_length=64,
        widget=forms.TextInput(attrs={"list": "timezones"}),
        help_text="AoE (Anywhere on Earth, UTC-12), UTC, or an IANA name such as Europe/London",
    )
    reason = forms.CharField(
        max_length=300, widget=forms.Textarea(attrs={"rows": 3}), help_text="kept in the audit log"
    )
    remove = forms.BooleanField(
        required=False, label="Remove the extension instead (the workshop deadline applies again)"
    )

    def clean_timezone(self):
        from django.core.exceptions import ValidationError

        from confero.workshops import timezones

        try:
            return timezones.normalize(self.cleaned_data["timezone"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None

    def clean(self):
        from django.utils import timezone as django_tz

        from confero.workshops import timezones

        data = super().clean()
        until, tz = data.get("until"), data.get("timezone")
        data["until_utc"] = None
        if data.get("remove"):
            return data
        if until is None:
            if not self.has_error("until"):
                self.add_error("until", "Enter the date and time until which the authors may edit.")
            return data
        if not tz:
            return data
        # The browser sends a wall-clock time; read it in the chosen zone, not the server's.
        data["until_utc"] = timezones.local_to_utc(until, tz)
        if data["until_utc"] <= django_tz.now():
            self.add_error("until", "the extended deadline must be in the future")
        return data
