"""Organizer forms for phases: switch / schedule, and each phase's flags."""

from __future__ import annotations

from django import forms

from confero.workshops import timezones

from .models import FLAG_FIELDS, Phase


class SwitchForm(forms.Form):
    kind = forms.ChoiceField(choices=Phase.Kind.choices, widget=forms.HiddenInput)
    at = forms.DateTimeField(
        required=False,
        label="Start at",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="empty: now",
    )
    timezone = forms.CharField(initial="AoE", max_length=64, required=False, label="Time zone")

    def clean(self):
        data = super().clean()
        if data.get("at") is not None:
            try:
                data["at_utc"] = timezones.local_to_utc(data["at"], data.get("timezone") or "AoE")
            except forms.ValidationError as exc:
                self.add_error("timezone", exc)
        else:
            data["at_utc"] = None
        return data


class FlagsForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = list(FLAG_FIELDS)
