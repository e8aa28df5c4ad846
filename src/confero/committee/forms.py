"""Forms of the committee pages (checks of shape; the services check the rules)."""

from __future__ import annotations

import datetime as dt

from django import forms

from .publications import FORMATS, MAX_BYTES, split_authors_typed
from .services import MAX_LOAD


class LoadForm(forms.Form):
    max_load = forms.IntegerField(
        label="Maximum number of papers you will review",
        min_value=0,
        max_value=MAX_LOAD,
        help_text="The assignment never gives you more than this.",
    )


class ImportForm(forms.Form):
    format = forms.ChoiceField(label="Format", choices=list(FORMATS.items()), widget=forms.RadioSelect)
    file = forms.FileField(
        label="File",
        help_text=f"At most {MAX_BYTES // (1024 * 1024)} MB. DBLP: open your dblp.org page, "
        "choose export → XML, save the file.",
    )


class PublicationForm(forms.Form):
    title = forms.CharField(label="Title", max_length=500)
    authors = forms.CharField(
        label="Authors",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line (or separated by ';' or 'and'), yourself included, in the paper's order.",
    )
    year = forms.IntegerField(
        label="Year", required=False, min_value=1900, max_value=dt.date.today().year + 1
    )
    venue = forms.CharField(label="Venue", required=False, max_length=300)
    abstract = forms.CharField(
        label="Abstract",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Optional; it helps the matching find papers close to your work.",
    )

    def clean_authors(self):
        return split_authors_typed(self.cleaned_data["authors"])
