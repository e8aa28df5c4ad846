"""The openness profile of a submission: code, data, weights, training details, licence and evaluation
details, each ``found``, ``promised`` (promised but missing: "code will be released") or ``absent``,
with the sentences and links that show it.

Rules (documented in docs/checks.md):

* code / data / weights: found when the paper (outside its references) or the submission form links to
  code / a dataset / a model, or a sentence says it is in the supplementary material; promised when a
  sentence promises it for later ("will be released", "upon acceptance", "available on request");
  absent otherwise.
* training details / evaluation details: found when sentences name at least two different kinds of
  detail (learning rate, batch size, optimiser, steps or epochs, hardware, ... / benchmarks, metrics,
  few-shot settings, seeds, ...); promised when a sentence promises them; absent otherwise.
* licence: found when a licence is named (MIT, Apache 2.0, CC BY 4.0, GPL, OpenRAIL, ...); promised
  when a sentence says artifacts will be released under an unnamed licence; absent otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import PdfDocument
from .sections import Sections, join_lines

ITEMS = ("code", "data", "weights", "training_details", "licence", "evaluation_details")
ITEM_LABELS = {
    "code": "code",
    "data": "data",
    "weights": "model weights",
    "training_details": "training details",
    "licence": "licence",
    "evaluation_details": "evaluation details",
}
_NOUNS = {
    "code": r"code|source code|implementation|codebase|repository|scripts?|software|library|toolkit",
    "data": r"data|datasets?|corpus|corpora|benchmarks?|annotations|splits",
    "weights": r"weights|checkpoints?|models?|model weights|pre-?trained models?",
    "training_details": r"training details|hyper-?parameters|training recipes?|training configurations?|configs?",
    "licence": r"licen[cs]es?",
    "evaluation_details": r"evaluation (?:code|details|protocols?|scripts|results|outputs)|model outputs",
}
_FUTURE = (
    r"(?:will|would|shall|are going to|is going to)\s+(?:also\s+)?(?:be\s+)?(?:made\s+)?"
    r"(?:publicly\s+|openly\s+|freely\s+|fully\s+)?(?:available|released|public|open[- ]?sourced|"
    r"published|shared|provided|accessible)"
)


def _promise(nouns: str) -> re.Pattern:
    return re.compile(
        rf"\b(?:{nouns})\b[^.;]{{0,100}}?\b{_FUTURE}|"
        rf"\bwe\s+(?:will|plan\s+to|intend\s+to|aim\s+to|are\s+planning\s+to|hope\s+to)\s+"
        rf"(?:publicly\s+|also\s+)?(?:release|open[- ]?source|publish|share|make|provide)\b[^.;]{{0,80}}?"
        rf"\b(?:{nouns})\b|"
        rf"\b(?:{nouns})\b[^.;]{{0,80}}?\b(?:upon|after)\s+(?:acceptance|publication|the review)|"
        rf"\b(?:{nouns})\b[^.;]{{0,80}}?\bavailable\s+(?:up)?on\s+(?:reasonable\s+)?request",
        re.IGNORECASE,
    )


def _supplement(nouns: str) -> re.Pattern:
    return re.compile(
        rf"\b(?:{nouns})\b[^.;]{{0,80}}?\b(?:is|are)\s+(?:included|provided|available|attached|"
        rf"enclosed)\s+(?:in|with|as)\s+(?:the\s+)?(?:supplementary|supplemental|supplement|submission)",
        re.IGNORECASE,
    )


PROMISES = {item: _promise(nouns) for item, nouns in _NOUNS.items()}
SUPPLEMENT = {item: _supplement(_NOUNS[item]) for item in ("code", "data", "weights")}
LICENCE = re.compile(
    r"\b(?:MIT|Apache|BSD|GPL|LGPL|AGPL|MPL)(?:[- ]?v?\d(?:\.\d)?)?\s*(?:-|\s)?\s*licen[cs]e|"
    r"\bApache(?:[- ]2\.0)\b|\bCC[- ]?BY(?:[- ](?:SA|NC|ND))*(?:[- ]\d\.\d)?\b|\bCC0\b|"
    r"\bCreative Commons\b|\b(?:Open)?RAIL(?:-[MSD])?\b|\bOpenRAIL\b|\bLlama \d(?:\.\d)? Community Licen[cs]e|"
    r"\bODC-BY\b|\bODbL\b|\bpublic domain\b|\bUnlicense\b|\bGNU General Public Licen[cs]e",
    re.IGNORECASE,
)
UNNAMED_LICENCE = re.compile(
    r"\b(?:under|with)\s+(?:an?\s+)?(?:permissive|open|open-source|open source|non-commercial|"
    r"research-only|suitable|appropriate)\s+licen[cs]e",
    re.IGNORECASE,
)
TRAINING = {
    "learning rate": r"\blearning rates?\b|\blr\s*=",
    "batch size": r"\bbatch sizes?\b|\bmini-?batch(?:es)? of\b",
    "optimiser": r"\b(?:AdamW?|SGD|Adafactor|LAMB|Lion|RMSprop|Adagrad)\b|\boptimi[sz]er\b",
    "schedule": r"\bwarm-?up\b|\bcosine (?:decay|schedule)|\blinear decay\b|\bweight decay\b",
    "duration": r"\b\d[\d,.]*\s*[kKMB]?\s*(?:epochs?|(?:training |gradient |optimi[sz]ation )?steps|"
    r"iterations|updates)\b|\btrained (?:for|on) \d",
    "hardware": r"\b(?:A100|H100|V100|A6000|RTX|TPU(?:v\d)?|GPUs?|GPU[- ]hours?)\b",
    "tokens": r"\b\d[\d,.]*\s*(?:[KMBT]|billion|million|trillion)\s+tokens\b",
    "seeds": r"\brandom seeds?\b|\bseeds?\b",
    "regularisation": r"\bdropout\b|\blabel smoothing\b|\bgradient clipping\b",
}
EVALUATION = {
    "benchmark": r"\b(?:MMLU|GSM8K|HellaSwag|ARC(?:-[CE])?|HumanEval|MBPP|BIG-?Bench|GLUE|SuperGLUE|"
    r"ImageNet|COCO|SQuAD|TruthfulQA|MT-?Bench|AlpacaEval|WinoGrande|PIQA|BoolQ|LAMBADA|MATH|"
    r"HELM|Open LLM Leaderboard|CIFAR-?\d+|WMT\d*|XSum|CNN/?DM|Natural Questions|TriviaQA)\b|\bbenchmarks?\b",
    "metric": r"\b(?:accuracy|F1|BLEU|ROUGE(?:-[L12])?|perplexity|exact match|pass@\d|win rates?|"
    r"AUROC|AUC|mAP|BERTScore|METEOR|Elo)\b",
    "protocol": r"\b(?:zero|one|few|\d+)-shot\b|\bevaluation (?:protocol|harness|setup|settings?)\b|"
    r"\blm-eval(?:uation)?-harness\b|\bheld-?out\b|\btest (?:set|split)\b",
    "uncertainty": r"\bstandard (?:deviation|error)s?\b|\bconfidence intervals?\b|\b(?:over|across) "
    r"\d+ (?:random )?(?:seeds|runs)\b|±",
}
_TRAINING_RE = {k: re.compile(v, re.IGNORECASE if k not in ("hardware",) else 0) for k, v in TRAINING.items()}
_EVAL_RE = {k: re.compile(v, re.IGNORECASE if k != "benchmark" else 0) for k, v in EVALUATION.items()}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])")


@dataclass(frozen=True)
class Sentence:
    text: str
    page: int


def sentences(doc: PdfDocument, sections: Sections) -> list[Sentence]:
    """Sentences of the body and appendix (references left out), with their page."""
    out: list[Sentence] = []
    for page in doc.pages:
        lines = [
            ln.text for i, ln in enumerate(page.lines) if sections.region(page.number, i) != "references"
        ]
        for para in paragraphs(lines):
            text = join_lines(para)
            out.extend(
                Sentence(s.strip(), page.number) for s in _SENTENCE_END.split(text) if len(s.strip()) > 3
            )
    return out


def paragraphs(lines: list[str]) -> list[list[str]]:
    """Split a page's lines into paragraphs: a line much shorter than the page's typical line (a
    heading, an author line, the last line of a paragraph) ends one."""
    lengths = sorted(len(t) for t in lines if len(t) > 20)
    typical = lengths[len(lengths) // 2] if lengths else 80
    out: list[list[str]] = [[]]
    for text in lines:
        out[-1].append(text)
        if len(text) < 0.7 * typical and not text.rstrip().endswith("-"):
            out.append([])
    return [p for p in out if p]


def _entry(state: str, evidence: list[dict]) -> dict:
    return {"state": state, "evidence": evidence}


def _sentence_evidence(s: Sentence) -> dict:
    return {"text": s.text[:400], "page": s.page, "link": "", "identifying": False}


def _families(sents: list[Sentence], patterns: dict[str, re.Pattern]) -> tuple[set[str], list[dict]]:
    seen: set[str] = set()
    evidence: list[dict] = []
    for s in sents:
        hits = {name for name, rx in patterns.items() if rx.search(s.text)} - seen
        if hits:
            seen |= hits
            if len(evidence) < 3:
                evidence.append({**_sentence_evidence(s), "details": sorted(hits)})
    return seen, evidence


def profile(sents: list[Sentence], links: list[dict]) -> dict[str, dict]:
    """``links``: dicts with ``kind``, ``url``, ``page``, ``context``, ``owned``, ``in_references``,
    ``source`` and ``identifying`` (see artifacts). Returns {item: {"state", "evidence": [...]}}."""
    out: dict[str, dict] = {}
    kinds = {"code": ("code",), "data": ("dataset",), "weights": ("model",)}
    for item, link_kinds in kinds.items():
        usable = [ln for ln in links if ln["kind"] in link_kinds and not ln["in_references"]]
        usable.sort(key=lambda ln: (not (ln["owned"] or ln["source"] == "form"), ln["page"] or 0))
        if usable:
            evidence = [
                {
                    "text": ln["context"][:400],
                    "page": ln["page"],
                    "link": ln["url"],
                    "identifying": ln["identifying"],
                    "owned": ln["owned"] or ln["source"] == "form",
                }
                for ln in usable[:3]
            ]
            out[item] = _entry("found", evidence)
            continue
        supp = [s for s in sents if SUPPLEMENT[item].search(s.text)]
        promised = [s for s in sents if PROMISES[item].search(s.text)]
        if supp:
            out[item] = _entry("found", [_sentence_evidence(s) for s in supp[:2]])
        elif promised:
            out[item] = _entry("promised", [_sentence_evidence(s) for s in promised[:2]])
        else:
            out[item] = _entry("absent", [])
    for item, patterns in (("training_details", _TRAINING_RE), ("evaluation_details", _EVAL_RE)):
        families, evidence = _families(sents, patterns)
        promised = [s for s in sents if PROMISES[item].search(s.text)]
        if len(families) >= 2:
            out[item] = _entry("found", evidence)
        elif promised:
            out[item] = _entry("promised", [_sentence_evidence(s) for s in promised[:2]])
        else:
            out[item] = _entry("absent", evidence)
    named = [s for s in sents if LICENCE.search(s.text)]
    unnamed = [s for s in sents if UNNAMED_LICENCE.search(s.text)]
    if named:
        ev = [{**_sentence_evidence(s), "licence": LICENCE.search(s.text).group(0)} for s in named[:2]]
        out["licence"] = _entry("found", ev)
    elif unnamed:
        out["licence"] = _entry("promised", [_sentence_evidence(s) for s in unnamed[:2]])
    else:
        out["licence"] = _entry("absent", [])
    return {item: out[item] for item in ITEMS}
