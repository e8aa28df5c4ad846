"""Organizer forms for a workshop's setup. Forms validate input; services make the change."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import Deadline, Workshop
from .services import DEADLINE_ORDER, EDITABLE_FIELDS
from .timezones import label as timezone_label
from .timezones import normalize as normalize_timezone


class WorkshopSettingsForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Workshop
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "policies": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "reviewers_per_paper": "how many PC members review each submission",
            "min_research_areas": "at least this many distinct research areas among each paper's reviewers",
            "num_orals": "accepted papers presented as orals",
            "num_awards": "outstanding paper awards",
            "archival": "accepted papers count as a publication (most workshops are non-archival)",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["max_pdf_pages"].widget.attrs.update(min=1, max=500)  # the model's validators

    def clean(self):
        data = super().clean()
        rpp, areas = data.get("reviewers_per_paper"), data.get("min_research_areas")
        if rpp is not None and areas is not None and areas > rpp:
            self.add_error("min_research_areas", f"cannot exceed the number of reviewers per paper ({rpp})")
        return data


class TopicForm(forms.Form):
    key = forms.SlugField(required=False, max_length=40, help_text="short id; filled from the title if empty")
    title = forms.CharField(max_length=200)
    scope = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CategoryForm(forms.Form):
    key = forms.SlugField(required=False, max_length=40)
    title = forms.CharField(max_length=100)
    max_pages = forms.IntegerField(
        min_value=1,
        max_value=100,
        label="page limit",
        help_text="main text; references and appendix excluded",
    )
    description = forms.CharField(required=False, max_length=300)


class AreaForm(forms.Form):
    key = forms.SlugField(required=False, max_length=40)
    name = forms.CharField(max_length=200)


TopicFormSet = forms.formset_factory(TopicForm, extra=2, can_delete=True)
CategoryFormSet = forms.formset_factory(CategoryForm, extra=1, can_delete=True, min_num=1, validate_min=True)
AreaFormSet = forms.formset_factory(AreaForm, extra=2, can_delete=True)


def formset_rows(formset) -> list[dict]:
    """The kept, non-empty rows of a valid formset, in order, without the DELETE flag."""
    rows = []
    for form in formset.forms:
        if not form.has_changed() and not form.initial:
            continue
        if form.cleaned_data.get("DELETE"):
            continue
        rows.append({k: v for k, v in form.cleaned_data.items() if k != "DELETE"})
    return rows


class DeadlinesForm(forms.Form):
    """One wall-clock date-time and one time zone per deadline kind."""

    def __init__(self, *args, workshop: Workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        current = {d.kind: d for d in workshop.deadlines.all()}
        for kind in DEADLINE_ORDER:
            label = Deadline.Kind(kind).label
            d = current.get(kind)
            required = kind == Deadline.Kind.SUBMISSION
            self.fields[f"{kind}_at"] = forms.DateTimeField(
                label=label,
                required=required,
                widget=forms.DateTimeInput(
                    attrs={"type": "datetime-local", "step": 1}, format="%Y-%m-%dT%H:%M:%S"
                ),
                input_formats=["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"],
                help_text="" if required else "optional; leave empty for none",
            )
            self.fields[f"{kind}_tz"] = forms.CharField(
                label=f"{label}: time zone",
                initial="AoE",
                max_length=64,
                widget=forms.TextInput(attrs={"list": "tz-list"}),
            )
            if d is not None:
                local = timezone.localtime(d.at, zoneinfo.ZoneInfo(d.timezone))
                self.initial[f"{kind}_at"] = local.replace(tzinfo=None)
                self.initial[f"{kind}_tz"] = timezone_label(d.timezone)

    def rows(self):
        for kind in DEADLINE_ORDER:
            yield Deadline.Kind(kind).label, self[f"{kind}_at"], self[f"{kind}_tz"]

    def clean(self):
        data = super().clean()
        for kind in DEADLINE_ORDER:
            tz = data.get(f"{kind}_tz")
            if tz is None:
                continue
            try:
                data[f"{kind}_tz"] = normalize_timezone(tz)
            except ValidationError as exc:
                self.add_error(f"{kind}_tz", exc.messages[0])
        return data

    def deadlines(self) -> dict:
        """``{kind: (naive local datetime, tz) or None}`` for services.set_deadlines."""
        out = {}
        for kind in DEADLINE_ORDER:
            at = self.cleaned_data.get(f"{kind}_at")
            if at is not None:
                at = timezone.make_naive(at, timezone.get_current_timezone()) if timezone.is_aware(at) else at
            out[kind] = None if at is None else (at, self.cleaned_data[f"{kind}_tz"])
        # Only remove deadlines that exist; leave absent optional ones absent.
        existing = {d.kind for d in self.workshop.deadlines.all()}
        return {k: v for k, v in out.items() if v is not None or k in existing}
