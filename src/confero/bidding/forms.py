"""Forms of the bidding pages."""

from __future__ import annotations

from django import forms

from .models import Bid

CONFLICT = "conflict"
CHOICES = [(str(v), label) for v, label in Bid.Value.choices] + [(CONFLICT, "Conflict of interest")]


class BidForm(forms.Form):
    value = forms.ChoiceField(choices=CHOICES, label="Your bid")
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        required=False,
        max_length=300,
        label="Reason (optional, for the organizers)",
        help_text="e.g. same institution, recent co-author, advisor",
    )


class MinBidsForm(forms.Form):
    min_bids = forms.IntegerField(
        min_value=0,
        max_value=1000,
        label="Bids asked of each PC member",
        help_text="members see “you have bid on 12 of the 20 asked”; 0: no minimum",
    )
