"""Normalising person names, institution names and e-mail domains for conflict detection.

* Person names: accents and case folded, "Last, First" and "First Last" give the same key, initials
  ("J. R. Smith", "J.-P. Dupont", "JP Dupont") are recognised, particles ("van", "de la") stay with the
  family name, suffixes ("Jr.", "III") and DBLP homonym numbers ("Wei Wang 0001") are dropped.
* Institutions: "Univ." / "University of X" / "X University", "The", punctuation, departments and
  countries are normalised away; well-known short forms ("UCSB", "MIT", "UC Santa Barbara") go through a
  small alias table.
* E-mail domains collapse to the institution: cs.stanford.edu -> stanford.edu, cs.ox.ac.uk -> ox.ac.uk.
  Public webmail domains (gmail.com, qq.com, ...) and alumni addresses never name an institution.
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


def _words(text: str, sep: str | None = None) -> frozenset[str]:
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

PARTICLES = _words(
    "van von der den de del della dei degli di da das dos du la le lo ten ter zu zur bin ibn al el st vander"
)
SUFFIXES = _words("jr sr ii iii iv phd md")
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


def _tokens(text: str, split_caps: bool = False) -> list[str]:
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
        family = _tokens(parts[0])
        given = _tokens(" ".join(parts[1:]), split_caps=True)
        while given and given[-1] in PARTICLES:  # "Beethoven, Ludwig van"
            family.insert(0, given.pop())
    else:
        tokens = _tokens(parts[0])
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
        given = _tokens(" ".join(raw[:cut]), split_caps=True) if len(raw) == len(tokens) else tokens[:cut]
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


# ----------------------------------------------------------------------------------------- institutions

_INSTITUTION_WORDS = _words(
    "university institute college school academy laboratory laboratories lab labs research centre center "
    "hospital polytechnic polytechnique inc llc ltd corporation company foundation ai"
)
_MULTI_CAMPUS = ("university of california", "university of texas", "university of illinois",
                 "university of wisconsin", "university of massachusetts", "university of maryland",
                 "university of colorado", "university of north carolina", "university of missouri",
                 "university of london")  # fmt: skip
_DEPARTMENT = re.compile(r"^(department|dept|faculty|division|chair|group|school of|graduate school)\b")
_COUNTRIES = _words(
    "usa|us|u s a|u s|united states|united states of america|america|uk|u k|united kingdom|england|"
    "scotland|china|pr china|p r china|canada|germany|france|switzerland|japan|korea|south korea|"
    "republic of korea|india|italy|spain|netherlands|the netherlands|israel|singapore|australia|austria|"
    "sweden|denmark|norway|finland|belgium|brazil|hong kong|taiwan|poland|portugal|ireland|russia|"
    "czech republic|greece|turkey|new zealand",
    sep="|",
)
_EXPAND = {
    "univ": "university", "uni": "university", "universitat": "university", "universitaet": "university",
    "universite": "university", "universidad": "university", "universita": "university",
    "universiteit": "university", "universidade": "university", "inst": "institute",
    "institut": "institute", "instituto": "institute", "istituto": "institute", "tech": "technology",
    "technol": "technology", "natl": "national", "intl": "international", "lab": "laboratory",
    "labs": "laboratories", "sci": "science", "ctr": "center", "centre": "center", "and": "and",
}  # fmt: skip
_DROP = _words("the at inc llc ltd corp corporation gmbh co plc sa ag")
_ALIASES_RAW = {
    "mit": "Massachusetts Institute of Technology",
    "cmu": "Carnegie Mellon University",
    "ucb": "University of California, Berkeley",
    "berkeley": "University of California, Berkeley",
    "ucsb": "University of California, Santa Barbara",
    "ucla": "University of California, Los Angeles",
    "ucsd": "University of California, San Diego",
    "uci": "University of California, Irvine",
    "ucsc": "University of California, Santa Cruz",
    "uiuc": "University of Illinois Urbana-Champaign",
    "university of illinois at urbana champaign": "University of Illinois Urbana-Champaign",
    "ut austin": "University of Texas, Austin",
    "umass amherst": "University of Massachusetts, Amherst",
    "usc": "University of Southern California",
    "nyu": "New York University",
    "upenn": "University of Pennsylvania",
    "penn": "University of Pennsylvania",
    "jhu": "Johns Hopkins University",
    "caltech": "California Institute of Technology",
    "georgia tech": "Georgia Institute of Technology",
    "gatech": "Georgia Institute of Technology",
    "stanford": "Stanford University",
    "harvard": "Harvard University",
    "princeton": "Princeton University",
    "oxford": "University of Oxford",
    "eth": "ETH Zurich",
    "ethz": "ETH Zurich",
    "eth zurich": "ETH Zurich",
    "swiss federal institute of technology zurich": "ETH Zurich",
    "epfl": "EPFL",
    "ecole polytechnique federale de lausanne": "EPFL",
    "ucl": "University College London",
    "tum": "Technical University of Munich",
    "technische university munchen": "Technical University of Munich",
    "lmu": "LMU Munich",
    "ludwig maximilians university munchen": "LMU Munich",
    "kaist": "Korea Advanced Institute of Science and Technology",
    "nus": "National University of Singapore",
    "hkust": "Hong Kong University of Science and Technology",
    "cuhk": "Chinese University of Hong Kong",
    "pku": "Peking University",
    "tsinghua": "Tsinghua University",
    "sjtu": "Shanghai Jiao Tong University",
    "ustc": "University of Science and Technology of China",
    "mila": "Mila",
    "mila quebec ai institute": "Mila",
    "google research": "Google",
    "google brain": "Google",
    "google deepmind": "Google DeepMind",
    "deepmind": "Google DeepMind",
    "meta ai": "Meta",
    "facebook": "Meta",
    "facebook ai research": "Meta",
    "fair": "Meta",
    "microsoft research": "Microsoft",
    "msr": "Microsoft",
    "amazon web services": "Amazon",
    "aws": "Amazon",
    "ibm research": "IBM",
    "nvidia research": "NVIDIA",
}  # fmt: skip


def _institution_tokens(segment: str) -> list[str]:
    tokens = [_EXPAND.get(t, t) for t in _tokens(segment.replace("&", " and "))]
    tokens = [t for t in tokens if t not in _DROP]
    if tokens[:1] == ["uc"] and len(tokens) > 1:  # "UC Santa Barbara"
        tokens = ["university", "of", "california", *tokens[1:]]
    return tokens


def _pick_segment(segments: list[str]) -> str:
    kept = [s for s in segments if s and not _DEPARTMENT.match(s) and s not in _COUNTRIES]
    kept = [s for s in kept if not re.fullmatch(r"[a-z]{2}|[\d ]+|[a-z]{2} [\d ]+", s)]  # states, zips
    if not kept:
        return segments[0] if segments else ""
    for i, seg in enumerate(kept):
        if _INSTITUTION_WORDS.intersection(seg.split()):
            if seg.startswith(_MULTI_CAMPUS) and seg in _MULTI_CAMPUS and i + 1 < len(kept):
                nxt = kept[i + 1]
                if not _INSTITUTION_WORDS.intersection(nxt.split()):
                    return f"{seg} {nxt}"  # "University of California, Santa Barbara"
            return seg
    return kept[0]


def _canonical(text: str) -> str:
    tokens = _institution_tokens(text)
    if tokens[:2] == ["university", "of"] and len(tokens) > 2:  # University of Oxford == Oxford University
        tokens = [*tokens[2:], "university"]
    return " ".join(tokens)


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    out = {}
    for short, target in _ALIASES_RAW.items():
        out[" ".join(_institution_tokens(short))] = _canonical(_simple(target))
    return out


def _simple(text: str) -> str:
    return " ".join(_tokens(fold(text).replace("&", " and ")))


@lru_cache(maxsize=100_000)
def normalize_institution(name: str) -> str:
    """Normalised institution key ("" if none): 'Dept. of CS, Univ. of Oxford, UK' -> 'oxford university'."""
    aliases = _aliases()
    folded = fold(name or "").lower()
    segments = [" ".join(_tokens(s)) for s in re.split(r"[,;/|]| - | \(|\)", folded)]
    whole = " ".join(_institution_tokens(folded))
    if whole in aliases:
        return aliases[whole]
    segment = _pick_segment([s for s in segments if s])
    key = " ".join(_institution_tokens(segment))
    if key in aliases:
        return aliases[key]
    key = _canonical(segment)
    return aliases.get(key, key)


# ------------------------------------------------------------------------------------------------ e-mail

WEBMAIL_DOMAINS = _words("""gmail.com googlemail.com outlook.com hotmail.com live.com msn.com passport.com yahoo.com ymail.com
    rocketmail.com icloud.com me.com mac.com aol.com aim.com proton.me protonmail.com protonmail.ch pm.me
    tutanota.com tuta.io fastmail.com fastmail.fm zoho.com zohomail.com mail.com email.com gmx.com gmx.net
    gmx.de gmx.at gmx.ch web.de t-online.de freenet.de posteo.de mailbox.org yandex.com yandex.ru ya.ru
    mail.ru inbox.ru list.ru bk.ru rambler.ru qq.com foxmail.com 163.com 126.com yeah.net sina.com sina.cn
    sohu.com aliyun.com 139.com 189.cn naver.com daum.net hanmail.net nate.com rediffmail.com seznam.cz
    libero.it virgilio.it tiscali.it orange.fr free.fr laposte.net wanadoo.fr sfr.fr btinternet.com
    sky.com comcast.net verizon.net att.net sbcglobal.net bellsouth.net cox.net hey.com duck.com
    hushmail.com lavabit.com runbox.com disroot.org riseup.net""")
# Providers with one domain per country (yahoo.co.jp, hotmail.fr, outlook.de, ...).
_WEBMAIL_FIRST_LABELS = _words("gmail googlemail hotmail outlook live yahoo ymail gmx yandex")
_SECOND_LEVEL = _words("ac co com edu gov net org or ne go mil res sch nic gob gouv")
_NOT_INSTITUTIONAL_LABELS = _words("alumni alum alumnae alumnus")


def email_domain(email_or_domain: str) -> str:
    """The full domain of an address (or a bare domain), lowercased; "" if there is none."""
    text = (email_or_domain or "").strip().lower().rstrip(".")
    if "@" in text:
        text = text.rsplit("@", 1)[1]
    text = text.strip().lstrip("@")
    if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", fold(text)):
        return ""
    return fold(text)


def collapse_domain(domain: str) -> str:
    """cs.stanford.edu -> stanford.edu; cs.ox.ac.uk -> ox.ac.uk; mails.tsinghua.edu.cn -> tsinghua.edu.cn."""
    labels = domain.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def is_webmail(domain: str) -> bool:
    """True for public webmail providers, whose addresses say nothing about an institution."""
    full = email_domain(domain)
    if not full:
        return False
    base = collapse_domain(full)
    return full in WEBMAIL_DOMAINS or base in WEBMAIL_DOMAINS or base.split(".")[0] in _WEBMAIL_FIRST_LABELS


@lru_cache(maxsize=100_000)
def institution_domain(email_or_domain: str) -> str:
    """The institution's collapsed domain for an address or domain; "" for webmail, alumni or invalid."""
    full = email_domain(email_or_domain)
    if not full or is_webmail(full):
        return ""
    base = collapse_domain(full)
    prefix = full[: -len(base)].split(".")
    if _NOT_INSTITUTIONAL_LABELS.intersection(prefix):
        return ""
    return base
