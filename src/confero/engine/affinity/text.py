"""Text handling shared by the affinity models: tokenisation and content hashes."""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from importlib import resources

_WORD = re.compile(r"[a-z][a-z0-9]*(?:[-'][a-z0-9]+)*|[0-9]+[a-z][a-z0-9]*")

# Words that say nothing about a paper's topic in ML abstracts, on top of the usual English stop words.
_ACADEMIC = frozenset(
    [
        "paper",
        "propose",
        "proposed",
        "proposes",
        "present",
        "presents",
        "presented",
        "show",
        "shows",
        "shown",
        "demonstrate",
        "demonstrates",
        "result",
        "results",
        "approach",
        "approaches",
        "method",
        "methods",
        "work",
        "works",
        "use",
        "uses",
        "used",
        "using",
        "based",
        "new",
        "novel",
        "existing",
        "state",
        "art",
        "also",
        "however",
        "furthermore",
        "moreover",
        "well",
        "significantly",
        "significant",
        "achieve",
        "achieves",
        "achieved",
        "outperform",
        "outperforms",
        "performance",
        "extensive",
        "experiments",
        "experiment",
        "experimental",
        "study",
        "studies",
        "task",
        "tasks",
    ]
)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | _ACADEMIC


_KEEP_S = frozenset(["bias", "series", "species", "news", "lens", "atlas", "alias", "canvas", "chaos"])


def _stem(word: str) -> str:
    """A light plural stripper: 'models'->'model', 'studies'->'study'; leaves 'loss', 'bias' alone."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is")) or word in _KEEP_S:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    return word[:-1]


def tokenize(text: str) -> list[str]:
    """Lower-cased content words of ``text`` (stop words removed, plurals folded)."""
    stops = stop_words()
    out = []
    for word in _WORD.findall(text.lower()):
        word = word.replace("'", "")
        if word in stops or len(word) < 2:
            continue
        out.append(_stem(word))
    return out


_URL = re.compile(r"(?:https?://|www\.)\S+")
_MATH = re.compile(r"\$([^$]{0,200})\$")
_LATEX_CMD = re.compile(r"\\(?:textit|textbf|emph|mathrm|mathbf|mathcal|text|cite[pt]?|url)\s*")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]{0,200})?>")
_SPACE = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """Text as the models were trained on it: plain prose. Removes URLs (code links say nothing about a
    topic), XML/HTML tags left by publisher exports (``<inline-formula>``), LaTeX markup around words
    (``$\\textit{Soft Nearest Neighbor Loss}$`` -> ``Soft Nearest Neighbor Loss``) and braces, and folds
    whitespace and line breaks. Words are never removed."""
    text = _URL.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _MATH.sub(lambda m: m.group(1), text)
    text = _LATEX_CMD.sub("", text)
    text = text.replace("{", "").replace("}", "")
    return _SPACE.sub(" ", text).strip()


def normalized_title(title: str) -> str:
    """Lower-cased words of a title: two versions of one paper (preprint, proceedings) compare equal."""
    return " ".join(re.sub(r"[^\w]+", " ", title.lower()).split())


def content_hash(text: str, namespace: str = "") -> str:
    """SHA-256 of the exact text (and of what encodes it): the cache key for an embedding."""
    h = hashlib.sha256()
    h.update(namespace.encode("utf-8"))
    h.update(b"\x00")
    h.update(text.encode("utf-8"))
    return h.hexdigest()


@lru_cache(maxsize=1)
def background_docs() -> tuple[tuple[str, str], ...]:
    """(title, abstract) of each paper of the bundled background corpus (see data/README.md)."""
    ref = resources.files("confero.engine.affinity") / "data" / "daily_papers.jsonl"
    out = []
    with ref.open("r", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                obj = json.loads(line)
                out.append((str(obj.get("title", "")), str(obj.get("abstract", ""))))
    return tuple(out)
