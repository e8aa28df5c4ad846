"""Forms of the matching pages."""

from __future__ import annotations

from django import forms

from .params import RunParams, objective_choices


class RunForm(forms.Form):
    objective = forms.ChoiceField(label="Objective", widget=forms.RadioSelect)
    per_paper = forms.IntegerField(label="Reviewers per paper", min_value=1, max_value=20)
    default_max_load = forms.IntegerField(
        label="Maximum load of members without their own",
        min_value=0,
        max_value=100,
        help_text="each PC member's own maximum (their profile) applies; this is for members without one",
    )
    min_areas = forms.IntegerField(
        label="Minimum distinct research areas per paper",
        min_value=0,
        max_value=20,
        help_text="among a paper's reviewers (0: no rule)",
    )
    bid_weight = forms.FloatField(
        label="Bid weight",
        min_value=0.0,
        max_value=1.0,
        help_text="added to the expertise (0..1) of a pair by a very-high bid (half by high; subtracted for "
        "low/very low); 0 ignores bids; conflicts declared while bidding always count",
    )
    avoid_potential = forms.BooleanField(
        label="Treat potential conflicts awaiting a decision as conflicts", required=False
    )
    seed = forms.IntegerField(
        label="Seed (randomized objective)",
        min_value=0,
        max_value=2**31 - 1,
        help_text="same seed, same draw",
    )

    def __init__(self, *args, workshop=None, **kwargs):
        if "initial" not in kwargs and workshop is not None:
            kwargs["initial"] = RunParams.defaults_for(workshop).to_json()
        super().__init__(*args, **kwargs)
        self.fields["objective"].choices = objective_choices()

    def params(self) -> RunParams:
        return RunParams(**self.cleaned_data)


class PickMemberForm(forms.Form):
    """Add a PC member to a paper, or (with ``replace``) give them an assigned member's place."""

    reviewer = forms.IntegerField(widget=forms.HiddenInput)
    replace = forms.IntegerField(required=False, label="Instead of")
    over_load_ok = forms.BooleanField(required=False, label="over the maximum load")


class RemoveForm(forms.Form):
    pair = forms.IntegerField(widget=forms.HiddenInput)
