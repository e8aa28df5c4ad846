"""Forms of the decision pages (they only check input; services decide)."""

from __future__ import annotations

from django import forms

from .models import Decision


class StageForm(forms.Form):
    outcome = forms.ChoiceField(choices=Decision.Outcome.choices, widget=forms.RadioSelect, label="Decision")
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Note to the authors",
        help_text="Markdown. Sent with the decision and shown on the paper's page once released.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ManagerForm(forms.Form):
    manager = forms.ChoiceField(label="Manager", required=False)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(u.pk): u for u in candidates}
        self.fields["manager"].choices = [("", "Nobody: any organizer without a conflict")] + [
            (str(u.pk), u.name or u.email) for u in candidates
        ]


class ReleaseForm(forms.Form):
    numbers = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, label="Decisions to release", required=True
    )

    def __init__(self, *args, decisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["numbers"].choices = [
            (str(d.submission.number), f"#{d.submission.number} {d.submission.title}") for d in decisions
        ]


class TemplateForm(forms.Form):
    subject = forms.CharField(max_length=300, label="Subject")
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 18}), label="Body")


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file", help_text="number, outcome[, note] per line (a header row is optional)"
    )
