from __future__ import annotations

from django import forms

from confero.engine.feed import FORMATS

from .models import Subscriber


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label="Listing files",
        help_text="JSONL, arXiv metadata JSON, OAI-PMH or Atom XML, BibTeX, or the text of a listing page",
    )
    format = forms.ChoiceField(
        choices=[("auto", "Detect from the content")] + [(f, f) for f in FORMATS], initial="auto"
    )


class SettingsForm(forms.Form):
    per_topic = forms.IntegerField(min_value=1, max_value=200, label="Papers per topic")
    expected_submissions = forms.IntegerField(
        min_value=0, max_value=100_000, label="Expected submissions", help_text="0: the submissions received"
    )


class SubscribeForm(forms.Form):
    email = forms.EmailField(label="Your e-mail address")
    frequency = forms.ChoiceField(
        choices=Subscriber.Frequency.choices, initial=Subscriber.Frequency.WEEKLY, widget=forms.RadioSelect
    )
    topics = forms.ModelMultipleChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = workshop.topics.all()


class DraftForm(forms.Form):
    email = forms.EmailField(label="E-mail address to invite")
