"""Named predicates, combined with ``&``, ``|`` and ``~`` into the rules of :mod:`.table`.

A predicate answers for (user, obj, ask) where ``ask`` gives the cached facts and the current phase; it
also says *why not* in words a person understands (HotCRP's "whyNot"). Superusers are decided here,
once: a superuser counts as an organizer of every workshop — and, like any organizer, not for papers
they wrote or have a conflict with.
"""

from __future__ import annotations

from collections.abc import Callable


class Predicate:
    def __init__(self, name: str, test: Callable, why_not: str):
        self.name, self.test, self.why_not_text = name, test, why_not

    def __call__(self, user, obj, ask) -> bool:
        return bool(self.test(user, obj, ask))

    def why_not(self, user, obj, ask) -> str | None:
        """None when the predicate holds; otherwise the reason it does not."""
        if self(user, obj, ask):
            return None
        text = self.why_not_text
        return text(user, obj, ask) if callable(text) else text

    def progress(self, user, obj, ask) -> int:
        """How far a failing rule got (for choosing the most telling reason among alternatives)."""
        return 0

    def __and__(self, other: Predicate) -> Predicate:
        return All(self, other)

    def __or__(self, other: Predicate) -> Predicate:
        return Any(self, other)

    def __invert__(self) -> Predicate:
        return Not(self)

    def __repr__(self) -> str:
        return self.name


class All(Predicate):
    def __init__(self, *parts: Predicate):
        flat = []
        for p in parts:
            flat.extend(p.parts if isinstance(p, All) else [p])
        self.parts = flat
        super().__init__(" & ".join(map(repr, flat)), None, "")

    def __call__(self, user, obj, ask) -> bool:
        return all(p(user, obj, ask) for p in self.parts)

    def why_not(self, user, obj, ask) -> str | None:
        for p in self.parts:  # the first condition that fails is the reason
            reason = p.why_not(user, obj, ask)
            if reason:
                return reason
        return None

    def progress(self, user, obj, ask) -> int:
        done = 0
        for p in self.parts:
            if not p(user, obj, ask):
                break
            done += 1
        return done


class Any(Predicate):
    def __init__(self, *parts: Predicate, why_not=""):
        flat = []
        for p in parts:
            flat.extend(p.parts if isinstance(p, Any) and not p.why_not_text else [p])
        self.parts = flat
        super().__init__("(" + " | ".join(map(repr, flat)) + ")", None, why_not)

    def __call__(self, user, obj, ask) -> bool:
        return any(p(user, obj, ask) for p in self.parts)

    def why_not(self, user, obj, ask) -> str | None:
        if self(user, obj, ask):
            return None
        if self.why_not_text:
            text = self.why_not_text
            return text(user, obj, ask) if callable(text) else text
        # The alternative the person came closest to says why (an assigned reviewer who has not
        # reviewed yet learns that, not that they are no organizer); ties list each reason once.
        progress = [p.progress(user, obj, ask) for p in self.parts]
        best = max(progress)
        reasons = [p.why_not(user, obj, ask) for p, n in zip(self.parts, progress, strict=True) if n == best]
        return "; and ".join(dict.fromkeys(r for r in reasons if r))


class Not(Predicate):
    def __init__(self, inner: Predicate, why_not=""):
        self.inner = inner
        super().__init__(f"~{inner!r}", None, why_not or f"not allowed when {inner.name.replace('_', ' ')}")

    def __call__(self, user, obj, ask) -> bool:
        return not self.inner(user, obj, ask)


def predicate(why_not):
    """Decorator: ``@predicate("you are not …")`` on ``def name(user, obj, ask) -> bool``."""

    def wrap(func) -> Predicate:
        return Predicate(func.__name__, func, why_not)

    return wrap


def unless(pred: Predicate, why_not) -> Predicate:
    """``~pred`` with its own reason, e.g. ``unless(is_conflicted, "you have a conflict with this paper")``."""
    return Not(pred, why_not)


def either(*parts: Predicate, why_not) -> Predicate:
    """``a | b | …`` with one reason when none holds."""
    return Any(*parts, why_not=why_not)
