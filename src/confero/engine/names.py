"""Normalising person names for conflict detection (institutions and e-mail domains:
:mod:`confero.engine.affiliations`).

* Unicode folding (:func:`fold`) shared by both.
* Person names: accents and case folded, "Last, First" and "First Last" give the same key, initials
  ("J. R. Smith", "J.-P. Dupont", "JP Dupont") are recognised, particles ("van", "de la") stay with the
  family name, suffixes ("Jr.", "III") and DBLP homonym numbers ("Wei Wang 0001") are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

_TRANSLIT = str.maketrans(
    {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th",
     "Þ": "Th", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "ı": "i", "ħ": "h", "Ħ": "H"}
)  # fmt: skip


def word_set(text: str, sep: str | None = None) -> frozenset[str]:
    """The words of ``text`` (split on whitespace or ``sep``) as a frozen set."""
    return frozenset(w.strip() for w in text.split(sep) if w.strip())


def fold(text: str) -> str:
    """Unicode-fold ``text``: compatibility forms, accents removed, a few letters transliterated.

    Case is kept (callers lowercase when they are done looking at capitals)."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLIT)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# --------------------------------------------------------------------------------------------- persons

PARTICLES = word_set(
    "van von der den de del della dei degli di da das dos du la le lo ten ter zu zur bin ibn al el st vander"
)
SUFFIXES = word_set("jr sr ii iii iv phd md")
_DBLP_NUMBER = re.compile(r"\s+\d{4}$")
_PAREN = re.compile(r"\([^)]*\)")
_NON_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class PersonName:
    """A parsed person name. ``given`` and ``family`` are lowercase ASCII-folded tokens."""

    given: tuple[str, ...]
    family: tuple[str, ...]
    # key: full normalised name, "given family": equal keys mean the same written name.
    key: str = field(init=False, compare=False)
    # initial_key: first initial + family name, the bucket in which initials-only names are compared.
    initial_key: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", " ".join(self.given + self.family))
        first = self.given[0][0] if self.given else ""
        object.__setattr__(self, "initial_key", f"{first} {' '.join(self.family)}".strip())

    @property
    def has_initials(self) -> bool:
        """True when some given name is written as an initial only."""
        return any(len(t) == 1 for t in self.given)

    def compatible(self, other: PersonName) -> bool:
        """Could both names denote one person? (same family, given names equal or initial-prefixes)."""
        if self.family != other.family or not self.given or not other.given:
            return False
        return all(
            a == b or (min(len(a), len(b)) == 1 and a[0] == b[0])
            for a, b in zip(self.given, other.given, strict=False)
        )


def name_tokens(text: str, split_caps: bool = False) -> list[str]:
    """Lower-case words of a name, apostrophes dropped; with ``split_caps``, "JP" / "JR" become initials."""
    out = []
    for raw in _NON_WORD.sub(" ", text.replace("'", "").replace("’", "")).split():
        # "JP" / "J.R." written without dots: two or three capitals in a given name are initials.
        if split_caps and 2 <= len(raw) <= 3 and raw.isupper() and raw.isalpha():
            out.extend(raw.lower())
        else:
            out.append(raw.lower())
    return out


@lru_cache(maxsize=200_000)
def _is_suffix_part(part: str) -> bool:
    """A comma-separated part that is one suffix word ("Jr.", "III", "Ph.D."), not two initials ("I I")."""
    words = _NON_WORD.sub(" ", part.replace(".", "")).split()
    return len(words) == 1 and words[0].lower() in SUFFIXES


def parse_name(name: str) -> PersonName | None:
    """Parse "First Middle Last" or "Last, First" (with particles, suffixes, initials). None if empty."""
    text = _PAREN.sub(" ", fold(name or "")).strip()
    text = _DBLP_NUMBER.sub("", text)
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if parts:  # the first part is always a name; later parts may be suffixes ("King, Martin Luther, Jr.")
        kept = parts[:1] + [p for p in parts[1:] if not _is_suffix_part(p)]
        # "X, Jr.": a suffix after a full name ("Martin Luther King, Jr."), but after a single word it
        # holds the given names ("Aa, Ii" is Ii Aa: "Last, First" always has given names)
        one_word = len(_NON_WORD.sub(" ", parts[0]).split()) == 1
        parts = parts if len(parts) == 2 and len(kept) == 1 and one_word else kept
    if not parts:
        return None
    if len(parts) >= 2:  # "von Last, Jr, First" (suffix parts already dropped) or "Last, First"
        family = name_tokens(parts[0])
        given = name_tokens(" ".join(parts[1:]), split_caps=True)
        while given and given[-1] in PARTICLES:  # "Beethoven, Ludwig van"
            family.insert(0, given.pop())
    else:
        tokens = name_tokens(parts[0])
        raw = _NON_WORD.sub(" ", parts[0].replace("'", "").replace("’", "")).split()
        while len(tokens) > 2 and tokens[-1] in SUFFIXES:  # "Ann Jr" keeps Jr as the family name
            tokens.pop()
            raw.pop()
        if not tokens:
            return None
        cut = len(tokens) - 1
        while cut > 1 and tokens[cut - 1] in PARTICLES:
            cut -= 1
        family = tokens[cut:]
        given = name_tokens(" ".join(raw[:cut]), split_caps=True) if len(raw) == len(tokens) else tokens[:cut]
    if not family:
        return None
    return PersonName(tuple(given), tuple(family))


def normalize_name(name: str) -> str:
    """The normalised key of a person name ("" if there is no name)."""
    parsed = parse_name(name)
    return parsed.key if parsed else ""


def display_name(name: str) -> str:
    """ "Last, First" -> "First Last", keeping the original spelling and accents."""
    text = " ".join((name or "").split())
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) < 2:
        return text
    suffixes = [p for p in parts[1:] if _is_suffix_part(fold(p))]
    given = [p for p in parts[1:] if p not in suffixes]
    return " ".join([*given, parts[0], *suffixes]).strip()


def most_common_name(name_lists: Iterable[Iterable[PersonName | None]], min_share: float = 0.5):
    """The parsed name on at least ``min_share`` of the lists (the profile owner), if any.

    None when fewer than two lists, no name is frequent enough, or two names are equally frequent."""
    counts: Counter[str] = Counter()
    first: dict[str, PersonName] = {}
    n = 0
    for names in name_lists:
        n += 1
        keys = {}
        for name in names:
            if name is not None:
                keys.setdefault(name.key, name)
        counts.update(keys.keys())
        for key, name in keys.items():
            first.setdefault(key, name)
    if n < 2 or not counts:
        return None
    top = counts.most_common(2)
    key, count = top[0]
    if len(top) > 1 and top[1][1] == count:
        return None  # a tie: nobody stands out as the owner
    return first[key] if count >= max(2, min_share * n) else None


def most_common_author(author_lists: Iterable[Iterable[str]], min_share: float = 0.5) -> str | None:
    """Like :func:`most_common_name` on raw names; returns the owner's name as first spelled."""
    spelled: dict[str, str] = {}
    parsed_lists = []
    for names in author_lists:
        parsed = []
        for raw in names:
            name = parse_name(raw)
            if name is not None:
                parsed.append(name)
                spelled.setdefault(name.key, raw)
        parsed_lists.append(parsed)
    owner = most_common_name(parsed_lists, min_share)
    return spelled[owner.key] if owner else None
