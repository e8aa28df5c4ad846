"""Normalising institutions and e-mail domains for conflict detection (person names: :mod:`.names`).

* Institutions: "Univ." / "University of X" / "X University", "The", punctuation, departments and
  countries are normalised away; well-known short forms ("UCSB", "MIT", "UC Santa Barbara") go through a
  small alias table.
* E-mail domains collapse to the institution: cs.stanford.edu -> stanford.edu, cs.ox.ac.uk -> ox.ac.uk.
  Public webmail domains (gmail.com, qq.com, ...) and alumni addresses never name an institution.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .names import fold, name_tokens, word_set

# ----------------------------------------------------------------------------------------- institutions

_INSTITUTION_WORDS = word_set(
    "university institute college school academy laboratory laboratories lab labs research centre center "
    "hospital polytechnic polytechnique inc llc ltd corporation company foundation ai"
)
_MULTI_CAMPUS = ("university of california", "university of texas", "university of illinois",
                 "university of wisconsin", "university of massachusetts", "university of maryland",
                 "university of colorado", "university of north carolina", "university of missouri",
                 "university of london")  # fmt: skip
_DEPARTMENT = re.compile(r"^(department|dept|faculty|division|chair|group|school of|graduate school)\b")
_COUNTRIES = word_set(
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
_DROP = word_set("the at inc llc ltd corp corporation gmbh co plc sa ag")
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
    tokens = [_EXPAND.get(t, t) for t in name_tokens(segment.replace("&", " and "))]
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
    return " ".join(name_tokens(fold(text).replace("&", " and ")))


@lru_cache(maxsize=100_000)
def normalize_institution(name: str) -> str:
    """Normalised institution key ("" if none): 'Dept. of CS, Univ. of Oxford, UK' -> 'oxford university'."""
    aliases = _aliases()
    folded = fold(name or "").lower()
    segments = [" ".join(name_tokens(s)) for s in re.split(r"[,;/|]| - | \(|\)", folded)]
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

WEBMAIL_DOMAINS = word_set("""gmail.com googlemail.com outlook.com hotmail.com live.com msn.com passport.com yahoo.com ymail.com
    rocketmail.com icloud.com me.com mac.com aol.com aim.com proton.me protonmail.com protonmail.ch pm.me
    tutanota.com tuta.io fastmail.com fastmail.fm zoho.com zohomail.com mail.com email.com gmx.com gmx.net
    gmx.de gmx.at gmx.ch web.de t-online.de freenet.de posteo.de mailbox.org yandex.com yandex.ru ya.ru
    mail.ru inbox.ru list.ru bk.ru rambler.ru qq.com foxmail.com 163.com 126.com yeah.net sina.com sina.cn
    sohu.com aliyun.com 139.com 189.cn naver.com daum.net hanmail.net nate.com rediffmail.com seznam.cz
    libero.it virgilio.it tiscali.it orange.fr free.fr laposte.net wanadoo.fr sfr.fr btinternet.com
    sky.com comcast.net verizon.net att.net sbcglobal.net bellsouth.net cox.net hey.com duck.com
    hushmail.com lavabit.com runbox.com disroot.org riseup.net""")
# Providers with one domain per country (yahoo.co.jp, hotmail.fr, outlook.de, ...).
_WEBMAIL_FIRST_LABELS = word_set("gmail googlemail hotmail outlook live yahoo ymail gmx yandex")
_SECOND_LEVEL = word_set("ac co com edu gov net org or ne go mil res sch nic gob gouv")
_NOT_INSTITUTIONAL_LABELS = word_set("alumni alum alumnae alumnus")


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
