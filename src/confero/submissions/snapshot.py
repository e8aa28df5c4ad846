"""Snapshots of a submission's content, stored with each version, and what changed between two."""

from __future__ import annotations

FIELD_LABELS = {
    "title": "title",
    "abstract": "abstract",
    "category": "category",
    "primary_topic": "primary topic",
    "secondary_topic": "secondary topic",
    "authors": "authors",
    "artifacts": "artifact links",
    "conflicts": "declared conflicts",
    "previously_published": "previously published",
    "pdf": "PDF",
    "status": "status",
}
COMPARED = tuple(FIELD_LABELS)


def _key(obj) -> str | None:
    return obj.key if obj is not None else None


def snapshot(sub) -> dict:
    """The submission as stored now."""
    return {
        "title": sub.title,
        "abstract": sub.abstract,
        "category": _key(sub.category),
        "primary_topic": _key(sub.primary_topic),
        "secondary_topic": _key(sub.secondary_topic),
        "authors": [[a.name, a.email, a.affiliation] for a in sub.authors.order_by("order")],
        "artifacts": [[a.kind, a.url, a.description] for a in sub.artifacts.order_by("id")],
        "conflicts": sorted(
            [c.person.email, c.reason] for c in sub.declared_conflicts.select_related("person")
        ),
        "previously_published": sub.previously_published,
        "pdf": sub.pdf_sha256,
        "status": sub.status,
        "pdf_name": sub.pdf.name if sub.pdf else "",
        "pdf_pages": sub.pdf_pages,
        "pdf_main_pages": sub.pdf_main_pages,
        "pdf_references_page": sub.pdf_references_page,
        "pdf_appendix_page": sub.pdf_appendix_page,
    }


def snapshot_of_data(data, current, checked) -> dict:
    """What the submission would be after saving ``data`` (and the new PDF ``checked``, if any)."""
    return {
        "title": data.title,
        "abstract": data.abstract,
        "category": _key(data.category),
        "primary_topic": _key(data.primary_topic),
        "secondary_topic": _key(data.secondary_topic),
        "authors": [[a.name, a.email, a.affiliation] for a in data.authors],
        "artifacts": [list(a) for a in data.artifacts],
        "conflicts": sorted([p.email, r] for p, r in data.conflicts),
        "previously_published": data.previously_published,
        "pdf": checked.sha256 if checked else current.pdf_sha256,
        "status": current.status,
    }


def diff(before: dict, after: dict) -> list[str]:
    """Names of the compared fields that differ, in a fixed order."""
    return [k for k in COMPARED if k in after and before.get(k) != after.get(k)]


def describe(changes: list[str]) -> str:
    return ", ".join(FIELD_LABELS.get(c, c) for c in changes) or "nothing"
