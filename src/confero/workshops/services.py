"""Every change to a workshop's setup goes through one of these functions (views, admin, demo and CLI).

Errors are :class:`django.core.exceptions.ValidationError` (field-keyed where possible); on error nothing
stored changes (each function runs in one transaction). Every change records an audit event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from confero.audit.services import record

from .models import Deadline, ResearchArea, SubmissionCategory, Topic, Workshop
from .timezones import AOE, local_to_utc
from .timezones import normalize as normalize_timezone

# Fields an organizer may change with update_workshop (slug is fixed after creation: it is in every URL).
EDITABLE_FIELDS = (
    "name",
    "acronym",
    "description",
    "venue",
    "website",
    "contact_email",
    "anonymity",
    "reviewers_per_paper",
    "min_research_areas",
    "max_pdf_mb",
    "max_pdf_pages",
    "num_orals",
    "num_awards",
    "archival",
    "policies",
    "is_published",
)
# The order deadlines must respect (a deadline that is set must not come before an earlier kind).
DEADLINE_ORDER = [
    Deadline.Kind.SUBMISSION_OPEN,
    Deadline.Kind.ABSTRACT,
    Deadline.Kind.SUBMISSION,
    Deadline.Kind.REVIEW,
    Deadline.Kind.NOTIFICATION,
    Deadline.Kind.CAMERA_READY,
]


def _check_workshop(ws: Workshop) -> None:
    if (
        ws.min_research_areas is not None
        and ws.reviewers_per_paper is not None
        and ws.min_research_areas > ws.reviewers_per_paper
    ):
        raise ValidationError(
            {
                "min_research_areas": "cannot exceed the number of reviewers per paper "
                f"({ws.reviewers_per_paper})"
            }
        )
    ws.full_clean()


def publish_problems(ws: Workshop) -> list[str]:
    """What a workshop lacks before its call for papers can be public (empty when it can be published)."""
    problems = []
    if not ws.topics.exists():
        problems.append("add the call's topics (Topics tab)")
    if not ws.categories.exists():
        problems.append("add at least one submission category with its page limit (Categories tab)")
    if not ws.deadlines.filter(kind=Deadline.Kind.SUBMISSION).exists():
        problems.append("set the submission deadline (Deadlines tab)")
    return problems


@transaction.atomic
def create_workshop(*, slug: str, name: str, acronym: str, actor=None, **fields) -> Workshop:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"unknown workshop fields: {', '.join(sorted(unknown))}")
    ws = Workshop(slug=slug, name=name, acronym=acronym, **fields)
    _check_workshop(ws)
    ws.save()
    record(
        "workshop.created",
        actor=actor,
        workshop=ws,
        obj=ws,
        summary=f"created workshop {ws.acronym}",
        slug=slug,
    )
    return ws


@transaction.atomic
def update_workshop(workshop: Workshop, *, actor=None, **fields) -> Workshop:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"unknown workshop fields: {', '.join(sorted(unknown))}")
    ws = Workshop.objects.select_for_update().get(pk=workshop.pk)
    changed = {k: [getattr(ws, k), v] for k, v in fields.items() if getattr(ws, k) != v}
    if not changed:
        return ws
    for key, (_, new) in changed.items():
        setattr(ws, key, new)
    _check_workshop(ws)
    if "is_published" in changed and ws.is_published and (problems := publish_problems(ws)):
        raise ValidationError(
            {"is_published": ["Not ready to publish: " + "; ".join(problems) + ". Nothing was saved."]}
        )
    ws.save()
    record(
        "workshop.updated",
        actor=actor,
        workshop=ws,
        obj=ws,
        summary=f"changed {', '.join(sorted(changed))}",
        changes={k: [str(a), str(b)] for k, (a, b) in changed.items()},
    )
    for key in changed:
        setattr(workshop, key, getattr(ws, key))
    return ws


def _keyed(items: Iterable[Mapping], label_field: str, what: str) -> list[dict]:
    """Fill missing keys from the label, reject duplicates."""
    out, seen = [], set()
    for i, item in enumerate(items):
        row = dict(item)
        row["key"] = slugify(row.get("key") or row.get(label_field) or "")[:40]
        if not row["key"]:
            raise ValidationError({f"{what}-{i}": f"{what} {i + 1}: enter a {label_field}"})
        if row["key"] in seen:
            raise ValidationError({f"{what}-{i}": f"{what} {i + 1}: the key {row['key']!r} is used twice"})
        seen.add(row["key"])
        out.append(row)
    return out


def _replace_list(workshop: Workshop, model, rows: list[dict], fields: tuple[str, ...], in_use) -> dict:
    """Make the workshop's list of ``model`` rows equal to ``rows`` (matched by key, ordered as given)."""
    existing = {obj.key: obj for obj in model.objects.filter(workshop=workshop)}
    removed = [obj for key, obj in existing.items() if key not in {r["key"] for r in rows}]
    for obj in removed:
        if in_use(obj):
            raise ValidationError(f"{obj} is used by submissions and cannot be removed")
    added, changed = [], []
    for order, row in enumerate(rows):
        obj = existing.get(row["key"]) or model(workshop=workshop, key=row["key"])
        before = {f: getattr(obj, f, None) for f in (*fields, "order")}
        for f in fields:
            if f in row:
                setattr(obj, f, row[f])
        obj.order = order
        obj.full_clean()
        if obj.pk is None:
            added.append(row["key"])
        elif before != {f: getattr(obj, f) for f in (*fields, "order")}:
            changed.append(row["key"])
        obj.save()
    for obj in removed:
        obj.delete()
    return {"added": added, "changed": changed, "removed": [o.key for o in removed]}


@transaction.atomic
def set_topics(workshop: Workshop, topics: Iterable[Mapping], *, actor=None) -> list[Topic]:
    """Replace the call's topics by ``topics`` (dicts with key, title, scope), in that order."""
    from confero.submissions.models import Submission

    rows = _keyed(topics, "title", "topic")
    diff = _replace_list(
        workshop,
        Topic,
        rows,
        ("title", "scope"),
        lambda t: Submission.objects.filter(Q(primary_topic=t) | Q(secondary_topic=t)).exists(),
    )
    _record_list_change("workshop.topics_set", "topics", workshop, actor, len(rows), diff)
    return list(workshop.topics.all())


@transaction.atomic
def set_categories(
    workshop: Workshop, categories: Iterable[Mapping], *, actor=None
) -> list[SubmissionCategory]:
    """Replace the submission categories (dicts with key, title, max_pages, description)."""
    rows = _keyed(categories, "title", "category")
    for i, row in enumerate(rows):
        pages = row.get("max_pages")
        if not isinstance(pages, int) or pages < 1:
            raise ValidationError({f"category-{i}": f"category {i + 1}: the page limit must be at least 1"})
    diff = _replace_list(
        workshop,
        SubmissionCategory,
        rows,
        ("title", "max_pages", "description"),
        lambda c: c.submissions.exists(),
    )
    _record_list_change("workshop.categories_set", "categories", workshop, actor, len(rows), diff)
    return list(workshop.categories.all())


@transaction.atomic
def set_research_areas(workshop: Workshop, areas: Iterable[Mapping], *, actor=None) -> list[ResearchArea]:
    """Replace the controlled list of research areas (dicts with key, name). Removing an area unlinks people."""
    rows = _keyed(areas, "name", "area")
    diff = _replace_list(workshop, ResearchArea, rows, ("name",), lambda a: False)
    _record_list_change("workshop.areas_set", "research areas", workshop, actor, len(rows), diff)
    return list(workshop.research_areas.all())


def _diff_text(diff: dict) -> str:
    parts = [f"{k} {', '.join(v)}" for k, v in diff.items() if v]
    return "; ".join(parts) or "reordered"


def _record_list_change(action: str, label: str, workshop, actor, count: int, diff: dict) -> None:
    """Audit a replaced list (topics, categories, areas) only when something changed."""
    if any(diff.values()):
        record(
            action,
            actor=actor,
            workshop=workshop,
            obj=workshop,
            summary=f"{label}: {count} ({_diff_text(diff)})",
            **diff,
        )


def _check_order(values: dict[str, dt.datetime]) -> None:
    present = [(k, values[k]) for k in DEADLINE_ORDER if values.get(k) is not None]
    for (k1, t1), (k2, t2) in zip(present, present[1:], strict=False):
        if t2 < t1:
            raise ValidationError(
                {str(k2): f"{Deadline.Kind(k2).label} cannot be before {Deadline.Kind(k1).label.lower()}"}
            )


@transaction.atomic
def set_deadlines(
    workshop: Workshop, deadlines: Mapping[str, tuple[dt.datetime, str] | None], *, actor=None
) -> list[Deadline]:
    """Set several deadlines at once: ``{kind: (local wall-clock datetime, time zone) or None}``.

    ``None`` removes that deadline (the submission deadline cannot be removed once set). Kinds not named
    keep their value. The resulting deadlines must be in order (open <= abstract <= submission <=
    notification <= camera-ready).
    """
    existing = {d.kind: d for d in Deadline.objects.select_for_update().filter(workshop=workshop)}
    errors: dict[str, list[str]] = {}
    new: dict[str, tuple[dt.datetime, str] | None] = {}
    for kind, value in deadlines.items():
        if kind not in Deadline.Kind.values:
            errors.setdefault(kind, []).append(f"unknown deadline kind {kind!r}")
            continue
        if value is None:
            if kind == Deadline.Kind.SUBMISSION and kind in existing:
                errors.setdefault(kind, []).append("the submission deadline cannot be removed, only moved")
            new[kind] = None
            continue
        local, tz_name = value
        try:
            tz = normalize_timezone(tz_name)
        except ValidationError as exc:
            errors.setdefault(kind, []).extend(exc.messages)
            continue
        new[kind] = (local_to_utc(local, tz), tz)
    if errors:
        raise ValidationError(errors)
    merged = {k: d.at for k, d in existing.items()}
    for kind, value in new.items():
        merged[kind] = None if value is None else value[0]
    _check_order(merged)
    changes = {}
    for kind, value in new.items():
        old = existing.get(kind)
        if value is None:
            if old is not None:
                old.delete()
                changes[kind] = [old.at.isoformat(), None]
            continue
        at, tz = value
        if old is not None and old.at == at and old.timezone == tz:
            continue
        Deadline.objects.update_or_create(workshop=workshop, kind=kind, defaults={"at": at, "timezone": tz})
        changes[kind] = [old.at.isoformat() if old else None, at.isoformat(), tz]
    if changes:
        record(
            "workshop.deadlines_set",
            actor=actor,
            workshop=workshop,
            obj=workshop,
            summary="deadlines: "
            + ", ".join(
                f"{Deadline.Kind(k).label.lower()} {'removed' if v[1] is None else v[1] + ' UTC'}"
                for k, v in changes.items()
            ),
            changes=changes,
        )
    return list(workshop.deadlines.all())


def set_deadline(
    workshop: Workshop, kind: str, local_datetime: dt.datetime, timezone: str = AOE, *, actor=None
) -> Deadline:
    """Set one deadline from a wall-clock time in ``timezone`` (AoE by default); stored in UTC."""
    set_deadlines(workshop, {kind: (local_datetime, timezone)}, actor=actor)
    return Deadline.objects.get(workshop=workshop, kind=kind)


def remove_deadline(workshop: Workshop, kind: str, *, actor=None) -> None:
    set_deadlines(workshop, {kind: None}, actor=actor)
