"""Forms for accounts, profile, affiliations and invitations. Validation rules live in the services and
:mod:`confero.people.validators`; forms call them so errors appear next to the field."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from . import validators
from .models import Role, User


class SignUpForm(forms.Form):
    name = forms.CharField(label="Full name", max_length=200, help_text="as it appears on your papers")
    email = forms.EmailField(label="E-mail address", help_text="we send a confirmation link here")
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="at least 8 characters; not only digits, not a common password, not close to your name or e-mail",
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", "The two passwords differ.")
        return data


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form with the e-mail address as user name (matched case-insensitively)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That e-mail address and password do not match an account. Passwords are "
        "case-sensitive; e-mail addresses are not.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "E-mail address"
        widget = self.fields["username"].widget
        widget.input_type = "email"  # (an attrs "type" would render a second type attribute)
        widget.attrs.update({"autocomplete": "email"})

    def clean_username(self):
        return (self.cleaned_data.get("username") or "").strip().lower()


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's password reset, with the mail stored in Confero's outbox like every other mail."""

    def get_users(self, email):
        return (
            u
            for u in User.objects.filter(email__iexact=email.strip(), is_active=True)
            if u.has_usable_password()
        )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from confero.mail.services import queue_mail
        from confero.web.site import base_url

        context = {**context, "base_url": base_url()}
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        queue_mail(to_email, subject, body, kind="password-reset")


class VerifyingSetPasswordForm(SetPasswordForm):
    """The password-reset link was mailed to the account's address: setting a password through it proves
    the address, so the account becomes verified (an unverified sign-up by somebody else is taken over),
    and it clears the account's failed log-ins (a locked-out owner gets in at once)."""

    def save(self, commit=True):
        from . import lockout
        from .accounts import mark_verified

        user = super().save(commit=commit)
        if commit:
            mark_verified(user, how="password-reset")
            lockout.clear(user.email)
        return user


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(label="E-mail address")


class ProfileForm(forms.Form):
    """Plain form (not a ModelForm: validating must not change the user object before the service runs)."""

    name = forms.CharField(label="Full name", max_length=200)
    orcid = forms.CharField(
        label="ORCID iD",
        max_length=60,
        required=False,
        help_text="optional, e.g. 0000-0002-1825-0097 (the orcid.org address works too)",
    )
    dblp_id = forms.CharField(
        label="DBLP id",
        max_length=200,
        required=False,
        help_text="optional: your DBLP pid, e.g. 12/3456 (or paste your dblp.org/pid/… address)",
    )
    openreview_id = forms.CharField(
        label="OpenReview id", max_length=200, required=False, help_text="optional, e.g. ~Ada_Lovelace1"
    )
    keywords = forms.CharField(
        label="Research keywords",
        max_length=500,
        required=False,
        help_text="free keywords about your research, comma separated",
    )

    def clean_orcid(self):
        return validators.clean_orcid(self.cleaned_data.get("orcid", ""))

    def clean_dblp_id(self):
        return validators.clean_dblp_id(self.cleaned_data.get("dblp_id", ""))

    def clean_openreview_id(self):
        return validators.clean_openreview_id(self.cleaned_data.get("openreview_id", ""))


class AffiliationForm(forms.Form):
    institution = forms.CharField(max_length=200)
    email_domain = forms.CharField(
        label="Institution e-mail domain", max_length=100, required=False, help_text="e.g. manchester.ac.uk"
    )
    start_year = forms.IntegerField(required=False, min_value=1900, max_value=2100)
    end_year = forms.IntegerField(required=False, min_value=1900, max_value=2100, help_text="empty = current")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # shown in a table without visible labels
            field.widget.attrs.setdefault("aria-label", field.label)

    def clean_email_domain(self):
        return validators.clean_email_domain(self.cleaned_data.get("email_domain", ""))

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", "The end year cannot be before the start year.")
        return data


AffiliationFormSet = forms.formset_factory(AffiliationForm, extra=1, can_delete=True, max_num=20)


class AreasForm(forms.Form):
    """Research areas of one workshop (its controlled list)."""

    def __init__(self, *args, workshop, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        areas = workshop.research_areas.all()
        self.fields["areas"] = forms.ModelMultipleChoiceField(
            queryset=areas,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=f"Research areas for {workshop}",
            initial=[a.pk for a in user.research_areas.all() if a.workshop_id == workshop.pk],
        )


class InviteForm(forms.Form):
    people = forms.CharField(
        label="Whom to invite",
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": "ada@uni.edu, Ada Lovelace\nalan@lab.org"}),
        help_text="one person per line: an e-mail address, optionally followed by a comma and the name "
        "(a pasted two-column CSV works)",
    )
    kind = forms.ChoiceField(
        label="Role",
        choices=[(Role.Kind.PC, Role.Kind.PC.label), (Role.Kind.ORGANIZER, Role.Kind.ORGANIZER.label)],
    )

    def clean_people(self):
        from .invitations import parse_invite_lines

        people, errors = parse_invite_lines(self.cleaned_data["people"])
        if errors:
            raise ValidationError(errors)
        if not people:
            raise ValidationError("Give at least one e-mail address.")
        return people
