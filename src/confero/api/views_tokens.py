"""The person's own API tokens: create (the secret is shown once), list, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from confero.web.forms import apply_errors

from . import tokens
from .forms import TokenForm
from .models import ApiToken


@login_required
@require_http_methods(["GET", "POST"])
def index(request):
    form = TokenForm(request.POST or None, user=request.user)
    secret = None
    if request.method == "POST" and request.POST.get("action") == "revoke":
        token = get_object_or_404(ApiToken, pk=request.POST.get("token"), user=request.user)
        tokens.revoke(token, by=request.user)
        messages.success(request, f"Token “{token.name}” revoked.")
        return redirect("api_tokens")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            token, secret = tokens.create_token(
                request.user,
                name=data["name"],
                scopes=data["scopes"],
                workshop=data["workshop"],
                days=data["days"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            form = TokenForm(user=request.user)
    rows = ApiToken.objects.filter(user=request.user).select_related("workshop")
    return render(request, "api/tokens.html", {"form": form, "tokens": rows, "secret": secret})
