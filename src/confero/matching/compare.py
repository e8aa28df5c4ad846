"""Two runs side by side: which pairs changed (per paper) and how the quality figures moved."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .models import ProposedAssignment
from .report import SUMMARY_KEYS, report


@dataclass
class PaperChange:
    number: int
    title: str
    removed: list[str] = field(default_factory=list)  # reviewers in the first run only
    added: list[str] = field(default_factory=list)  # reviewers in the second run only


@dataclass
class Comparison:
    deltas: list[tuple[str, object, object, object]]  # (label, first, second, second - first)
    changes: list[PaperChange]
    pairs_a: int
    pairs_b: int
    common: int


def _pairs(run, hidden: frozenset) -> set[tuple[int, int]]:
    rows = ProposedAssignment.objects.filter(run=run).values_list("submission_id", "reviewer_id")
    return {(s, u) for s, u in rows if s not in hidden}


def compare(a, b, hidden: frozenset = frozenset()) -> Comparison:
    """Compare runs ``a`` and ``b`` (both finished) over the papers not in ``hidden``."""
    from confero.people.models import User
    from confero.submissions.models import Submission

    rep_a, rep_b = report(a, hidden), report(b, hidden)
    deltas = []
    for key, label in SUMMARY_KEYS:
        x, y = rep_a.get(key), rep_b.get(key)
        diff = y - x if isinstance(x, int | float) and isinstance(y, int | float) else None
        deltas.append((label, x, y, diff))
    pa, pb = _pairs(a, hidden), _pairs(b, hidden)
    only_a, only_b = pa - pb, pb - pa
    subs = {
        s.pk: s
        for s in Submission.objects.filter(pk__in={s for s, _ in only_a | only_b}).only(
            "pk", "number", "title"
        )
    }
    names = dict(User.objects.filter(pk__in={u for _, u in only_a | only_b}).values_list("pk", "name"))
    changes: dict[int, PaperChange] = defaultdict(lambda: None)
    for which, pairs in (("removed", only_a), ("added", only_b)):
        for s, u in pairs:
            if changes[s] is None:
                changes[s] = PaperChange(subs[s].number, subs[s].title)
            getattr(changes[s], which).append(names.get(u, f"member {u}"))
    ordered = sorted((c for c in changes.values() if c is not None), key=lambda c: c.number)
    for c in ordered:
        c.removed.sort()
        c.added.sort()
    return Comparison(deltas, ordered, len(pa), len(pb), len(pa & pb))
