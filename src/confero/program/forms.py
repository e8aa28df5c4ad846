"""Organizer forms of the program builder and the poster page."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from confero.workshops import timezones

from .models import Room, Slot, SlotSpeaker

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ProgramForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Day of the workshop")
    timezone = forms.CharField(
        max_length=64, label="Time zone", help_text="where it takes place, e.g. Asia/Singapore"
    )
    oral_minutes = forms.IntegerField(min_value=1, max_value=120, initial=10, label="Minutes per oral talk")

    def clean_timezone(self):
        value = timezones.normalize(self.cleaned_data["timezone"])
        if value == timezones.AOE:
            raise ValidationError("a program needs the place's time zone (e.g. Asia/Singapore), not AoE")
        return value


class SeedForm(ProgramForm):
    source = forms.ChoiceField(
        choices=[("facts", "the OS-FMs day from the workshop facts"), ("empty", "an empty day")],
        initial="facts",
        widget=forms.RadioSelect,
        label="Start from",
    )
    oral_minutes = None


class SlotForm(forms.ModelForm):
    class Meta:
        model = Slot
        fields = ["kind", "title", "start", "end", "room", "poster_session", "description"]
        widgets = {"start": TIME, "end": TIME, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(workshop=workshop)
        self.fields["room"].empty_label = "every room"
        self.instance.workshop = workshop


SPEAKER_LINE = re.compile(r"^(?P<name>[^|(]+?)\s*(?:\((?P<aff>[^)]*)\))?\s*(?:\|\s*(?P<role>\w+))?\s*$")


class SpeakersForm(forms.Form):
    speakers = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Speakers",
        help_text="one per line: Name (Affiliation) | role — role is speaker, moderator or panelist",
    )

    def clean_speakers(self):
        out = []
        for i, line in enumerate(self.cleaned_data["speakers"].splitlines(), start=1):
            if not line.strip():
                continue
            match = SPEAKER_LINE.match(line.strip())
            role = (match["role"] or "speaker").lower() if match else ""
            if not match or role not in SlotSpeaker.Role.values:
                raise ValidationError(
                    f"line {i}: write 'Name (Affiliation) | role' (role: speaker, moderator or panelist)"
                )
            out.append((match["name"].strip(), (match["aff"] or "").strip(), role))
        return out


class PapersForm(forms.Form):
    papers = forms.CharField(
        required=False, label="Papers in order", help_text="submission numbers, e.g. #12 #4 #31"
    )

    def clean_papers(self):
        text = self.cleaned_data["papers"]
        bad = [t for t in re.split(r"[\s,]+", text) if t and not re.fullmatch(r"#?\d+", t)]
        if bad:
            raise ValidationError(f"not a submission number: {', '.join(bad)}")
        return [int(t) for t in re.findall(r"\d+", text)]


class ReleaseForm(forms.Form):
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Note (optional)")


class RoomForm(forms.Form):
    name = forms.CharField(max_length=100, label="New room")
