"""The organizers' view of bidding, beside the runs that use the bids: who has bid how much, and the
minimum asked of each member."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from confero.bidding import affinity, selectors, services
from confero.bidding.forms import MinBidsForm
from confero.phases.services import current
from confero.web.access import action_required
from confero.web.forms import apply_errors


@require_http_methods(["GET", "POST"])
@action_required("assignment.run")
def overview(request, slug):
    workshop = request.workshop
    form = MinBidsForm(request.POST or None, initial={"min_bids": services.min_bids(workshop)})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_min_bids(request.user, workshop, form.cleaned_data["min_bids"])
        except (ValidationError, PermissionDenied) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect("matching:bidding", slug)
    members, hidden = selectors.member_progress(request.user, workshop)
    return render(
        request,
        "matching/bidding.html",
        {
            "workshop": workshop,
            "form": form,
            "members": members,
            "hidden": hidden,
            "asked": services.min_bids(workshop),
            "phase": current(workshop),
            "latest": affinity.latest(workshop),
            "reached": sum(1 for m in members if m["reached"]),
        },
    )
