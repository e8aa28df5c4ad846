"""Forms of the conflict pages."""

from __future__ import annotations

from django import forms

from .detection import MAX_COAUTHOR_YEARS
from .services import REASON_MAX


class DetectForm(forms.Form):
    coauthor_years = forms.IntegerField(
        label="Co-authorship window (years)",
        min_value=0,
        max_value=MAX_COAUTHOR_YEARS,
        initial=3,
        help_text="Co-authors within this many years are a certain conflict; older ones go to the queue.",
    )


class AddConflictForm(forms.Form):
    person = forms.ModelChoiceField(label="Person", queryset=None, empty_label="Choose a person")
    number = forms.IntegerField(label="Submission number", min_value=1)
    reason = forms.CharField(label="Reason", max_length=REASON_MAX)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda u: f"{u.name} <{u.email}>" if u.name else u.email
