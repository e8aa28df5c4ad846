"""Account pages: sign-up, e-mail verification, profile. Log-in, log-out and password reset are Django's
views with Confero's forms and templates (see urls.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from confero.web.forms import apply_errors

from . import invitations, services
from .forms import AffiliationFormSet, AreasForm, ProfileForm, ResendVerificationForm, SignUpForm
from .models import User


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def _invitation_token_in(path: str) -> str:
    """The invitation token when ``path`` is an invitation page, else ''."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return ""
    return match.kwargs.get("token", "") if match.view_name == "people:invitation" else ""


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect(_next_url(request, reverse("people:profile")))
    next_url = _next_url(request, "")
    form = SignUpForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        token = _invitation_token_in(next_url)
        try:
            if token and invitations.invitation_proves(token, data["email"]):
                # The invitation link was mailed to this address: no second round trip through the inbox.
                user = services.create_verified_account(data["email"], data["name"], data["password"])
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, f"Welcome! Your account {user.email} is ready.")
                return redirect(next_url)
            result = services.sign_up(data["email"], data["name"], data["password"], next_url=next_url)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            # The same answer whether or not the address has an account (as password reset answers).
            request.session["signup_email"] = result.email
            return redirect("people:signup_sent")
    return render(request, "people/signup.html", {"form": form, "next": next_url})


def signup_sent(request):
    return render(request, "people/signup_sent.html", {"email": request.session.get("signup_email", "")})


def verify(request, token: str):
    try:
        verified = services.verify_email(token)
    except services.TokenProblem as exc:
        status = 200 if exc.reason == "used" else 400
        return render(
            request, "people/verify.html", {"problem": exc.reason, "message": exc.messages[0]}, status=status
        )
    user = verified.user
    if not request.user.is_authenticated:
        # The link reached the address's owner; it works once and only for the password it was made for.
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if verified.next_url and request.user == user:
        messages.success(request, f"Thank you: {user.email} is verified.")
        return redirect(verified.next_url)
    return render(request, "people/verify.html", {"verified_user": user})


@require_http_methods(["GET", "POST"])
def resend_verification(request):
    """Logged in: re-send to the own address. Otherwise ask for the address (same answer whether or not
    an account exists, so the page does not reveal who has one)."""
    user = request.user if request.user.is_authenticated else None
    form = None if user else ResendVerificationForm(request.POST or None)
    if request.method == "POST":
        if user is None and form.is_valid():
            user = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
            if user is None or user.email_verified:
                messages.info(
                    request, "If an unverified account uses that address, a new link is on its way."
                )
                return redirect("people:login")
        if user is not None:
            if user.email_verified:
                messages.info(request, "Your e-mail address is verified already.")
            elif services.recently_mailed(user.email):
                messages.warning(
                    request,
                    "We sent a link less than a minute ago; please check your inbox "
                    "(and spam folder) before asking again.",
                )
            else:
                services.send_verification(user)
                messages.success(request, f"A new confirmation link is on its way to {user.email}.")
            return redirect("people:profile" if request.user.is_authenticated else "people:login")
    return render(request, "people/resend.html", {"form": form})


def _workshops_of(user):
    from confero.workshops.models import Workshop

    return list(Workshop.objects.filter(roles__user=user).distinct().prefetch_related("research_areas"))


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    post = request.POST if request.method == "POST" else None
    form = ProfileForm(post, initial={k: getattr(user, k) for k in services.PROFILE_FIELDS})
    initial = [
        {
            "institution": a.institution,
            "email_domain": a.email_domain,
            "start_year": a.start_year,
            "end_year": a.end_year,
        }
        for a in user.affiliations.all()
    ]
    formset = AffiliationFormSet(post, initial=initial, prefix="aff")
    area_forms = [
        AreasForm(post, workshop=ws, user=user, prefix=f"areas-{ws.pk}") for ws in _workshops_of(user)
    ]
    if post is not None and form.is_valid() and formset.is_valid() and all(f.is_valid() for f in area_forms):
        affiliations = [
            services.AffiliationData(
                d["institution"], d.get("email_domain", ""), d.get("start_year"), d.get("end_year")
            )
            for d in (f.cleaned_data for f in formset.forms)
            if d and not d.get("DELETE")
        ]
        try:
            with transaction.atomic():
                services.update_profile(user, **{k: form.cleaned_data[k] for k in services.PROFILE_FIELDS})
                services.set_affiliations(user, affiliations)
                for area_form in area_forms:
                    services.set_research_areas(user, area_form.workshop, area_form.cleaned_data["areas"])
        except ValidationError as exc:
            _show_errors(
                exc, form, [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            )
            user.refresh_from_db()
        else:
            messages.success(request, "Profile saved.")
            return redirect("people:profile")
    return render(
        request, "people/profile.html", {"form": form, "formset": formset, "area_forms": area_forms}
    )


def _show_errors(exc: ValidationError, form, affiliation_forms) -> None:
    """Put a service's errors next to the fields they concern (form checks catch most of them first)."""
    for item_form, errors in zip(affiliation_forms, getattr(exc, "item_errors", []), strict=False):
        for field, messages_ in errors.items():
            item_form.add_error(field, messages_)
    if not hasattr(exc, "item_errors"):
        apply_errors(form, exc)
