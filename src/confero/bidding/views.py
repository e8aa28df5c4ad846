"""The PC member's bidding page. Bids are saved by a plain form post (the page comes back), or — with
JavaScript — by the same post sent in the background, answered with the new row and counter."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from confero.submissions.models import Submission
from confero.web.access import action_required, fetch
from confero.web.forms import apply_errors, error_messages

from . import selectors, services
from .forms import CONFLICT, BidForm

PAGE_SIZE = 25
FETCH_HEADER = "X-Confero-Fetch"


@require_GET
@action_required("bid.list")
def index(request, slug):
    workshop = request.workshop
    q = request.GET.get("q", "")[:200]
    show = request.GET.get("show", "all")
    show = show if show in selectors.SHOW else "all"
    rows, info = selectors.rows(request.user, workshop, q=q, show=show)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.for_page(request.user, page.object_list)
    return render(
        request,
        "bidding/bids.html",
        {
            "workshop": workshop,
            "page": page,
            "q": q,
            "show": show,
            "show_choices": selectors.SHOW,
            "info": info,
            "counter": selectors.counter(request.user, workshop),
            "declared": selectors.declared(request.user, workshop),
            "choices": BidForm.base_fields["value"].choices,
            "here": request.get_full_path(),
        },
    )


def _back(request, slug) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("bidding:index", args=[slug])


@require_POST
@action_required("bid.list")
def place(request, slug, number):
    workshop = request.workshop
    sub = fetch(
        request,
        Submission.objects.filter(workshop=workshop).select_related("workshop"),
        "bid.place",
        number=number,
    )
    form = BidForm(request.POST)
    by_script = request.headers.get(FETCH_HEADER) == "1"
    if (
        form.is_valid()
        and form.cleaned_data["value"] == CONFLICT
        and not form.cleaned_data["confirm"]
        and not by_script
    ):
        return render(
            request,
            "bidding/conflict.html",
            {"workshop": workshop, "sub": sub, "form": form, "next": _back(request, slug)},
        )
    error = None
    if form.is_valid():
        value = form.cleaned_data["value"]
        try:
            if value == CONFLICT:
                services.declare_conflict(request.user, sub, reason=form.cleaned_data["reason"])
                done = (
                    f"Conflict of interest with #{sub.number} declared: you will not be shown or assigned it."
                )
            else:
                services.place_bid(request.user, sub, int(value))
                done = f"Bid on #{sub.number} saved."
        except (ValidationError, PermissionDenied) as exc:
            error = " ".join(error_messages(exc))
    else:
        error = "Choose a bid."
    if by_script:
        return _fetch_answer(request, workshop, sub, error)
    if error:
        apply_errors(None, ValidationError(error), request)
    else:
        messages.success(request, done)
    return redirect(_back(request, slug))


def _fetch_answer(request, workshop, sub, error):
    """The new row (or a note that the paper left the list) and the counter, as HTML fragments."""
    rows, info = selectors.rows(request.user, workshop, q=f"#{sub.number}")
    row = next((r for r in rows if r.submission.pk == sub.pk), None)
    if row is not None:
        selectors.for_page(request.user, [row])
    context = {
        "workshop": workshop,
        "row": row,
        "sub": sub,
        "error": error,
        "choices": BidForm.base_fields["value"].choices,
        "here": request.POST.get("next", ""),
        "saved": not error,
    }
    return JsonResponse(
        {
            "row": render_to_string("bidding/_row.html", context, request=request),
            "counter": render_to_string(
                "bidding/_counter.html",
                {"counter": selectors.counter(request.user, workshop)},
                request=request,
            ),
            "error": error,
        },
        status=400 if error else 200,
    )
