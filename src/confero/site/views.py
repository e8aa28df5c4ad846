"""The public proceedings site: no login, no JavaScript needed, the same pages rendered into the static
export (``confero export-site``, see :mod:`.export`).

Every view starts from :func:`confero.web.access.workshop_for` (a draft workshop is 404 to everybody but
its organizers) and reads only :mod:`.selectors`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from confero.people import listing as people_listing
from confero.people.models import Role
from confero.phases.window import submission_window
from confero.program import exports
from confero.web.access import action_required, workshop_for
from confero.workshops.views import cfp_context

from . import selectors


def is_export(request) -> bool:
    """Rendering for the static export: no query-string search, no links into the live application."""
    return bool(getattr(request, "site_export", False))


def _data(request, workshop) -> dict:
    """Published papers and the public program, read once per request."""
    cache = getattr(request, "_site_data", None)
    if cache is None or cache["workshop"] != workshop.pk:
        published = selectors.papers(workshop)
        program = selectors.public_program(workshop, published)
        cache = {"workshop": workshop.pk, "papers": published, "program": program}
        request._site_data = cache
    return cache


def _context(request, workshop, page: str, **extra) -> dict:
    data = _data(request, workshop)
    window = submission_window(workshop)
    proceedings = bool(data["papers"]) or data["program"] is not None
    return {
        "workshop": workshop,
        "page": page,
        "export": is_export(request),
        "has_papers": bool(data["papers"]),
        "has_program": data["program"] is not None,
        "has_speakers": bool(data["program"] and selectors.speakers(data["program"])),
        "proceedings": proceedings,
        "cfp_in_nav": not proceedings or window.is_open or window.not_yet,
        **extra,
    }


@require_GET
def home(request, slug):
    """The workshop's home: the call for papers until proceedings (papers or a program) are out."""
    workshop = workshop_for(request, slug)
    data = _data(request, workshop)
    ctx = _context(request, workshop, "home")
    if not ctx["proceedings"]:
        return render(request, "site/cfp.html", {**cfp_context(request, workshop), **ctx})
    published = data["papers"]
    program = selectors.day_view(data["program"]) if data["program"] else None
    ctx.update(
        awards=[p for p in published if p.award],
        orals=[p for p in published if p.is_oral],
        count=len(published),
        program=program,
        keynotes=[s for s in selectors.speakers(data["program"]) if s["kind"] == "keynote"]
        if data["program"]
        else [],
    )
    return render(request, "site/home.html", ctx)


@require_GET
def cfp(request, slug):
    workshop = workshop_for(request, slug)
    return render(
        request, "site/cfp.html", {**cfp_context(request, workshop), **_context(request, workshop, "cfp")}
    )


def _paper_list(request, workshop, *, topic=None, page="papers"):
    data = _data(request, workshop)
    topics = selectors.topic_pages(workshop, data["papers"])
    query = "" if is_export(request) else request.GET.get("q", "").strip()[:200]
    if topic is None and not is_export(request) and request.GET.get("topic"):
        topic = next((t for t in topics if t.key == request.GET["topic"]), None)
        if topic is None:
            raise Http404("no such topic")
    shown = topic.papers if topic else data["papers"]
    shown = selectors.search(shown, query)
    return render(
        request,
        "site/papers.html",
        _context(
            request,
            workshop,
            page,
            papers=[{"paper": p, "openness": selectors.openness(p)} for p in shown],
            total=len(data["papers"]),
            topics=[t for t in topics if t.papers],
            topic=topic,
            query=query,
            filtered=bool(query or topic),
        ),
    )


@require_GET
def papers(request, slug):
    return _paper_list(request, workshop_for(request, slug))


@require_GET
def topic(request, slug, key):
    workshop = workshop_for(request, slug)
    found = next(
        (t for t in selectors.topic_pages(workshop, _data(request, workshop)["papers"]) if t.key == key), None
    )
    if found is None or not found.papers:
        raise Http404("no such topic")
    return _paper_list(request, workshop, topic=found)


@require_GET
def paper(request, slug, number):
    workshop = workshop_for(request, slug)
    found = selectors.paper(workshop, number)
    if found is None:
        raise Http404("no such paper")
    program = _data(request, workshop)["program"]
    where = []
    if program:
        for row in selectors.day_view(program)["rows"]:
            for item in row["items"]:
                if item["number"] == number:
                    where.append({"slot": row, "item": item})
    topics = selectors.topic_pages(workshop, _data(request, workshop)["papers"])
    return render(
        request,
        "site/paper.html",
        _context(
            request,
            workshop,
            "papers",
            paper=found,
            openness=selectors.openness(found),
            where=where,
            authors=list(zip(found.authors, [*found.affiliations, *[""] * len(found.authors)], strict=False)),
            artifacts=selectors.artifacts(found),
            topic_links=[t for t in topics if any(x.number == found.number for x in t.papers)],
            poster_is_image="poster" in found.files and found.files["poster"].name.lower().endswith(".png"),
        ),
    )


@require_GET
def program(request, slug):
    workshop = workshop_for(request, slug)
    data = _data(request, workshop)["program"]
    if data is None:
        raise Http404("the program is not released yet")
    day = selectors.day_view(data, None if is_export(request) else selectors.now())
    return render(request, "site/program.html", _context(request, workshop, "program", day=day))


@require_GET
def program_ics(request, slug):
    workshop = workshop_for(request, slug)
    data = _data(request, workshop)["program"]
    if data is None:
        raise Http404("the program is not released yet")
    response = HttpResponse(exports.ical(data), content_type=exports.FORMATS["ics"][0])
    response["Content-Disposition"] = f'inline; filename="{workshop.slug}-program.ics"'
    return response


@require_GET
def speakers(request, slug):
    workshop = workshop_for(request, slug)
    data = _data(request, workshop)["program"]
    people = selectors.speakers(data) if data else []
    if not people:
        raise Http404("no speakers yet")
    return render(request, "site/speakers.html", _context(request, workshop, "speakers", speakers=people))


@require_GET
def people(request, slug):
    workshop = workshop_for(request, slug)
    return render(
        request,
        "site/people.html",
        _context(request, workshop, "people", **people_listing.public_people(workshop)),
    )


@action_required("site.listing")
def listing(request, slug):
    """An organizer or PC member chooses how the public site lists them (one choice per role)."""
    workshop = request.workshop
    roles = list(
        Role.objects.filter(
            workshop=workshop, user=request.user, kind__in=list(Role.DEFAULT_LISTING)
        ).order_by("kind")
    )
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        try:
            people_listing.set_listing(request.user, workshop, kind, request.POST.get("listing", ""))
        except ValidationError as exc:
            for msg in exc.messages:
                messages.error(request, msg)
        else:
            messages.success(request, "Your public listing is saved.")
            return redirect("site:listing", slug=workshop.slug)
    return render(
        request,
        "site/listing.html",
        _context(request, workshop, "people", roles=roles, choices=Role.Listing.choices),
    )
