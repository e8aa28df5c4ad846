"""What a link points to (code, model, dataset, demo, paper, other), whose account it is in, whether
the sentence around it says the authors own it, and whether it can reveal who they are.

Kinds follow the host and path: ``github.com/org/repo`` is code, ``huggingface.co/datasets/...`` a
dataset, ``huggingface.co/org/name`` a model, ``huggingface.co/spaces/...`` a demo, ``arxiv.org/abs/...``
a paper. Zenodo, figshare and OSF hold both data and models; the sentence decides ("weights",
"checkpoint" -> model), else dataset.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

KINDS = ("code", "model", "dataset", "demo", "paper", "other")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CODE_HOSTS = {
    "github.com", "gitlab.com", "codeberg.org", "bitbucket.org", "anonymous.4open.science", "gitee.com",
    "sourceforge.net", "sr.ht", "git.sr.ht", "gist.github.com", "raw.githubusercontent.com",
    "colab.research.google.com", "pypi.org", "npmjs.com", "code.google.com", "archive.softwareheritage.org",
}  # fmt: skip
_DATA_HOSTS = {
    "osf.io", "figshare.com", "zenodo.org", "data.mendeley.com", "physionet.org", "openml.org",
    "archive.ics.uci.edu", "registry.opendata.aws", "datadryad.org", "commoncrawl.org", "data.world",
    "dataverse.org", "dataverse.harvard.edu", "image-net.org", "cocodataset.org",
}  # fmt: skip
_AMBIGUOUS_HOSTS = {"zenodo.org", "figshare.com", "osf.io"}
_DEMO_HOSTS = {"gradio.live", "replicate.com", "streamlit.app", "hf.space", "gradio.app", "poe.com"}
_PAPER_HOSTS = {
    "arxiv.org", "doi.org", "dx.doi.org", "openreview.net", "aclanthology.org", "proceedings.neurips.cc",
    "papers.nips.cc", "proceedings.mlr.press", "jmlr.org", "dl.acm.org", "ieeexplore.ieee.org",
    "link.springer.com", "sciencedirect.com", "nature.com", "science.org", "biorxiv.org", "medrxiv.org",
    "semanticscholar.org", "api.semanticscholar.org", "ojs.aaai.org", "aaai.org", "openaccess.thecvf.com",
    "ecva.net", "pubmed.ncbi.nlm.nih.gov", "ncbi.nlm.nih.gov", "researchgate.net", "ssrn.com",
    "papers.ssrn.com", "journals.plos.org", "pnas.org", "tmlr.org", "jair.org", "ijcai.org",
    "proceedings.iclr.cc", "iclr.cc", "neurips.cc", "icml.cc", "aclweb.org", "paperswithcode.com",
}  # fmt: skip
_MODEL_HOSTS = {"ollama.com", "civitai.com", "tfhub.dev", "modelscope.cn"}
# Link shorteners: the host says nothing about the resource, the sentence may.
_SHORTENERS = {
    "aka.ms",
    "ibm.biz",
    "bit.ly",
    "tinyurl.com",
    "goo.gl",
    "t.co",
    "shorturl.at",
    "is.gd",
    "ow.ly",
    "rebrand.ly",
}
# DOI prefixes of data repositories (Zenodo, figshare, OSF, Dryad, Dataverse).
_DATA_DOI = ("10.5281/", "10.6084/", "10.17605/", "10.5061/", "10.7910/")
# Pages that identify a person.
_PERSON_HOSTS = {
    "scholar.google.com", "linkedin.com", "twitter.com", "x.com", "orcid.org", "dblp.org",
    "dblp.uni-trier.de", "researchgate.net", "bsky.app", "mastodon.social", "facebook.com",
}  # fmt: skip
# Accounts that belong to well-known organisations, not to authors of a submission.
WELL_KNOWN_ACCOUNTS = _words(
    "huggingface pytorch tensorflow google google-research google-deepmind deepmind "
    "facebookresearch meta-llama openai microsoft allenai eleutherai nvidia apple mistralai "
    "tatsu-lab lm-sys bigscience bigcode stanford-crfm stanfordnlp salesforce ibm amazon-science "
    "aws intel keras-team scikit-learn numpy scipy pandas-dev jax-ml datasets models spaces docs "
    "papers blog collections tiiuae qwen deepseek-ai anthropics cohere mosaicml databricks "
    "togethercomputer open-compass lmsys hf"
)
_HF_RESERVED = _words(
    "docs blog papers collections learn tasks pricing organizations settings join login models "
    "datasets spaces"
)
_MODEL_WORDS = re.compile(r"\b(?:weights?|checkpoints?|models?|pre-?trained|ckpts?)\b", re.IGNORECASE)
_CODE_WORDS = re.compile(r"\b(?:code|codes|implementation|tools?|software|scripts?|library)\b", re.IGNORECASE)
_DATA_WORDS = re.compile(r"\b(?:data|datasets?|corpus|corpora|benchmarks?|annotations)\b", re.IGNORECASE)
_DEMO_WORDS = re.compile(r"\b(?:demo|playground|try it|interactive|web ?app)\b", re.IGNORECASE)
_ANON = re.compile(r"^(?:anon|anonymous|anonym|anonymized|anonymised|blind|submission|paper\d*)", re.I)
_OWN = re.compile(
    r"\bour\s+(?:\w+\s+){0,3}(?:code|implementation|codebase|repository|repo|model|models|weights|"
    r"checkpoints?|data|dataset|datasets|benchmark|demo|project|software|library|toolkit|artifacts?)\b|"
    r"\bwe\s+(?:also\s+|will\s+)?(?:publicly\s+|openly\s+)?(?:release|open-source|open source|publish|"
    r"share|provide|make|host|upload)\b|"
    r"\b(?:is|are)\s+(?:publicly\s+|openly\s+|freely\s+)?(?:available|released|hosted|accessible)\s+"
    r"(?:at|on|from|via|here)\b|can be (?:found|accessed|downloaded) at|project page|"
    r"\b(?:code|data|models?|demo|weights)\s*:",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class LinkInfo:
    kind: str  # one of KINDS
    host: str  # lower-case host without "www."
    account: str = ""  # the user or organisation the link is under ("" when none)
    anonymous: bool = False  # an anonymised mirror or account
    personal_page: bool = False  # a person's homepage or profile (scholar, ORCID, ~user, github.io ...)


def _host(url: str) -> tuple[str, list[str], str]:
    try:
        parts = urlsplit(url if "://" in url else "https://" + url)
    except ValueError:
        return "", [], ""
    host = (parts.hostname or "").lower().removeprefix("www.")
    return host, [p for p in parts.path.split("/") if p], parts.query


def _suffix_in(host: str, hosts: set[str]) -> bool:
    return host in hosts or any(host.endswith("." + h) for h in hosts)


def classify(url: str, context: str = "") -> LinkInfo:
    """Classify ``url``; ``context`` (the sentence around it) decides for hosts that hold both data
    and models."""
    host, path, query = _host(url)
    first = path[0] if path else ""
    if host in ("github.com", "gitlab.com", "codeberg.org", "bitbucket.org", "gitee.com"):
        account = first
        kind = "code" if len(path) >= 2 else "other"
        return LinkInfo(kind, host, account, bool(_ANON.match(account)), kind == "other" and bool(account))
    if host == "anonymous.4open.science":
        return LinkInfo("code", host, "", True)
    if host.endswith(".github.io") or host.endswith(".gitlab.io"):
        account = host.split(".", 1)[0]
        return LinkInfo("other", host, account, bool(_ANON.match(account)), True)
    if host in ("huggingface.co", "hf.co"):
        if first == "collections" and len(path) >= 2:
            kind = "dataset" if _DATA_WORDS.search(context) and not _MODEL_WORDS.search(context) else "model"
            return LinkInfo(kind, host, path[1], bool(_ANON.match(path[1])))
        if first in ("datasets", "spaces") and len(path) >= 2:
            kind = "dataset" if first == "datasets" else "demo"
            account = path[1] if len(path) >= 3 else ""
            return LinkInfo(kind, host, account, bool(_ANON.match(account)))
        if first in _HF_RESERVED or not first:
            return LinkInfo("paper" if first == "papers" else "other", host)
        if len(path) >= 2:
            return LinkInfo("model", host, first, bool(_ANON.match(first)))
        return LinkInfo("other", host, first, bool(_ANON.match(first)), True)
    if (
        _suffix_in(host, _DEMO_HOSTS)
        or host.startswith("demo.")
        or (_DEMO_WORDS.search(context) and not path)
    ):
        return LinkInfo("demo", host)
    if host == "kaggle.com":
        kind = {"datasets": "dataset", "models": "model", "code": "code", "competitions": "dataset"}.get(
            first, "other"
        )
        account = path[1] if kind != "other" and len(path) >= 2 else (first if kind == "other" else "")
        return LinkInfo(kind, host, account)
    if _suffix_in(host, _AMBIGUOUS_HOSTS) or (
        host in ("doi.org", "dx.doi.org") and "/".join(path).startswith(_DATA_DOI)
    ):
        return LinkInfo(_archive_kind(context), host)
    if host in _SHORTENERS:
        return LinkInfo(_context_kind(context), host)
    if _suffix_in(host, _CODE_HOSTS) or host.startswith(("git.", "gitlab.")):
        return LinkInfo("code", host)
    if _suffix_in(host, _MODEL_HOSTS):
        return LinkInfo("model", host)
    if _suffix_in(host, _DATA_HOSTS) or host.startswith(("dataverse.", "data.")):
        return LinkInfo("dataset", host)
    if _suffix_in(host, _PAPER_HOSTS) or (path and path[-1].lower().endswith(".pdf")):
        return LinkInfo("paper", host, personal_page=_suffix_in(host, _PERSON_HOSTS))
    if _suffix_in(host, _PERSON_HOSTS):
        return LinkInfo("other", host, personal_page=True)
    personal = any(p.startswith("~") for p in path[:2]) or (
        host == "sites.google.com" and first in ("view", "site")
    )
    personal = personal or bool(re.match(r"^(?:people|homes?|users|staff|web|pages)\.", host))
    account = next((p[1:] for p in path[:2] if p.startswith("~")), "")
    if host == "sites.google.com" and len(path) >= 2:
        account = path[1]
    return LinkInfo("other", host, account, False, personal)


def _archive_kind(context: str) -> str:
    """Kind of a record in a data archive (Zenodo, figshare, OSF): what the sentence says it holds."""
    code, model, data = (bool(rx.search(context)) for rx in (_CODE_WORDS, _MODEL_WORDS, _DATA_WORDS))
    if model and not data:
        return "model"
    if code and not data:
        return "code"
    return "dataset"


def _context_kind(context: str) -> str:
    """The one artifact kind the sentence names, else "other"."""
    named = [
        k
        for k, rx in (("code", _CODE_WORDS), ("model", _MODEL_WORDS), ("dataset", _DATA_WORDS))
        if rx.search(context)
    ]
    if _DEMO_WORDS.search(context):
        named.append("demo")
    return named[0] if len(named) == 1 else "other"


def owned(context: str) -> bool:
    """The sentence around a link says it is the authors' own artifact ("our code is at ...")."""
    return bool(_OWN.search(context))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c)).lower()


def account_variants(name: str, email: str = "") -> set[str]:
    """Account names an author could have: "janedoe", "jdoe", "doej", "jane-doe" folded, "doe" (family
    names of 4+ letters), the e-mail's local part."""
    words = [_fold(w) for w in re.split(r"[\s.\-_]+", name) if _fold(w)]
    out: set[str] = set()
    if len(words) >= 2:
        given, family = words[0], words[-1]
        out |= {given + family, family + given, given[0] + family, family + given[0], "".join(words)}
        if len(family) >= 4:
            out.add(family)
    elif words and len(words[0]) >= 4:
        out.add(words[0])
    local = _fold(email.split("@", 1)[0]) if "@" in email else ""
    if len(local) >= 3:
        out.add(local)
    return out


def account_matches(account: str, variants: set[str]) -> bool:
    a = _fold(account)
    if len(a) < 3:
        return False
    return a in variants or any(len(v) >= 5 and v in a for v in variants)
