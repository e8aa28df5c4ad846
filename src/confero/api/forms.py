from __future__ import annotations

from django import forms

from .models import SCOPES


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="what the token is for")
    scopes = forms.MultipleChoiceField(
        choices=[(k, f"{k}: {v}") for k, v in SCOPES.items()],
        widget=forms.CheckboxSelectMultiple,
        initial=["read"],
    )
    workshop = forms.ModelChoiceField(queryset=None, required=False, empty_label="all my workshops")
    days = forms.IntegerField(min_value=1, max_value=3650, initial=365, label="Valid for (days)")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from confero.workshops.models import Workshop

        self.fields["workshop"].queryset = Workshop.objects.filter(roles__user=user).distinct()
