"""Forms of the travel-grant pages (they only check input; services decide)."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.utils import timezone

from confero.workshops import timezones

from .models import CareerStage, GrantApplication, GrantSettings
from .services import ApplicationData, SettingsData

_DT = dict(
    widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": 1}, format="%Y-%m-%dT%H:%M:%S"),
    input_formats=["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"],
)
_MONEY = dict(max_digits=12, decimal_places=2, min_value=0)
ASKED = ("ask_career_stage", "ask_country", "ask_travel_costs", "ask_underrepresented", "ask_submission")


def _local(at, tz):
    return timezone.localtime(at, zoneinfo.ZoneInfo(tz)).replace(tzinfo=None) if at else None


class SettingsForm(forms.Form):
    enabled = forms.BooleanField(required=False, label="Offer travel grants")
    opens_local = forms.DateTimeField(label="Applications open", required=False, **_DT)
    closes_local = forms.DateTimeField(
        label="Applications close", required=False, help_text="the last second that counts", **_DT
    )
    tz = forms.CharField(label="Time zone of these times", initial="AoE", max_length=64)
    budget = forms.DecimalField(label="Total budget", **_MONEY)
    currency = forms.CharField(max_length=3, initial="EUR")
    max_per_grant = forms.DecimalField(label="Maximum per grant", help_text="0 = no maximum", **_MONEY)
    eligibility = forms.ChoiceField(label="Who may apply", choices=GrantSettings.Eligibility.choices)
    ask_career_stage = forms.BooleanField(required=False, label="Career stage")
    ask_country = forms.BooleanField(required=False, label="Country travelled from")
    ask_travel_costs = forms.BooleanField(required=False, label="Estimated travel costs")
    ask_underrepresented = forms.BooleanField(
        required=False, label="Self-identified under-represented group (optional for applicants)"
    )
    ask_submission = forms.BooleanField(required=False, label="The applicant's submission (optional)")

    def call_fields(self):
        return [self[n] for n in self.fields if n not in ASKED]

    def question_fields(self):
        return [self[n] for n in ASKED]

    @classmethod
    def for_settings(cls, s: GrantSettings, data=None):
        initial = {
            "enabled": s.enabled,
            "opens_local": _local(s.opens_at, s.timezone),
            "closes_local": _local(s.closes_at, s.timezone),
            "tz": timezones.label(s.timezone),
            "budget": s.budget,
            "currency": s.currency,
            "max_per_grant": s.max_per_grant,
            "eligibility": s.eligibility,
            **{k: getattr(s, k) for k in ASKED},
        }
        return cls(data, initial=initial)

    def to_data(self) -> SettingsData:
        d = self.cleaned_data

        def naive(at):
            return timezone.make_naive(at) if at is not None and timezone.is_aware(at) else at

        return SettingsData(
            enabled=d["enabled"],
            opens_local=naive(d.get("opens_local")),
            closes_local=naive(d.get("closes_local")),
            tz=d["tz"],
            budget=d["budget"],
            currency=d["currency"],
            max_per_grant=d["max_per_grant"],
            eligibility=d["eligibility"],
            **{k: d[k] for k in ASKED},
        )


class ApplicationForm(forms.Form):
    motivation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text="Why would a grant help you attend? Seen only by you and the organizers who handle grants.",
    )
    career_stage = forms.ChoiceField(choices=[("", "—")] + CareerStage.choices)
    country = forms.CharField(max_length=100, label="Country you travel from")
    requested_amount = forms.DecimalField(label="Amount requested", **_MONEY)
    travel_costs = forms.DecimalField(label="Estimated travel costs", required=False, **_MONEY)
    underrepresented = forms.CharField(
        required=False,
        max_length=1000,
        label="Do you identify as a member of a group under-represented in this field? (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="In your own words; leave empty to not answer. Seen only by you and the organizers who "
        "handle grants, never by other organizers, reviewers or in any other export.",
    )
    underrepresented_prefer_not = forms.BooleanField(required=False, label="Prefer not to say")
    submission_id = forms.TypedChoiceField(
        label="Your submission (optional)", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, settings: GrantSettings, submissions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.settings = settings
        cur = settings.currency
        self.fields["requested_amount"].label = f"Amount requested ({cur})"
        if settings.max_per_grant:
            self.fields["requested_amount"].help_text = f"at most {settings.max_per_grant:,.2f} {cur}"
        self.fields["travel_costs"].label = f"Estimated travel costs ({cur})"
        self.fields["submission_id"].choices = [("", "—")] + [
            (s.pk, f"#{s.number} {s.title}") for s in submissions
        ]
        for flag, names in (
            ("ask_career_stage", ["career_stage"]),
            ("ask_country", ["country"]),
            ("ask_travel_costs", ["travel_costs"]),
            ("ask_underrepresented", ["underrepresented", "underrepresented_prefer_not"]),
            ("ask_submission", ["submission_id"]),
        ):
            if not getattr(settings, flag):
                for name in names:
                    del self.fields[name]

    @classmethod
    def initial_of(cls, app: GrantApplication) -> dict:
        return {
            "motivation": app.motivation,
            "career_stage": app.career_stage,
            "country": app.country,
            "requested_amount": app.requested_amount,
            "travel_costs": app.travel_costs,
            "underrepresented": app.underrepresented,
            "underrepresented_prefer_not": app.underrepresented_prefer_not,
            "submission_id": app.submission_id,
        }

    def to_data(self) -> ApplicationData:
        d = self.cleaned_data
        return ApplicationData(
            motivation=d["motivation"],
            requested_amount=d["requested_amount"],
            career_stage=d.get("career_stage", ""),
            country=d.get("country", ""),
            travel_costs=d.get("travel_costs"),
            underrepresented=d.get("underrepresented", ""),
            underrepresented_prefer_not=d.get("underrepresented_prefer_not", False),
            submission_id=d.get("submission_id"),
        )


class StageForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=GrantApplication.Outcome.choices, widget=forms.RadioSelect, label="Decision"
    )
    amount = forms.DecimalField(label="Amount awarded", required=False, **_MONEY)
    note = forms.CharField(
        required=False,
        label="Note to the applicant",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ScoreForm(forms.Form):
    score = forms.TypedChoiceField(
        choices=[(i, str(i)) for i in range(1, 6)], coerce=int, label="Your score (1–5)"
    )


class HandlerForm(forms.Form):
    user = forms.TypedChoiceField(coerce=int, label="Organizer")

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [(u.pk, f"{u.name} <{u.email}>") for u in candidates]
