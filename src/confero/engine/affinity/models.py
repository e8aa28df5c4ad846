"""The model registry: names users pass to ``--model`` and what each is made of."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InputError


@dataclass(frozen=True)
class Component:
    """One similarity model: ``kind`` is ``lexical`` or ``neural``; ``params`` go to its encoder."""

    name: str
    kind: str
    params: dict = field(default_factory=dict, hash=False, compare=False)


TFIDF = Component("tfidf", "lexical", {"weighting": "tfidf"})
BM25 = Component("bm25", "lexical", {"weighting": "bm25"})
MINILM = Component("minilm", "neural", {})


@dataclass(frozen=True)
class ModelSpec:
    name: str
    description: str
    components: tuple[Component, ...]
    fusion: str = "zscore"
    weights: tuple[float, ...] | None = None
    fallback: tuple[Component, ...] | None = None  # used, with a warning, when the neural model is missing
    clean: bool = False  # texts as prose: URLs, tags and LaTeX markup removed (text.clean_text)
    dedupe: bool = False  # a profile's publications with the same title count once


MODELS: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec(
            "default",
            "rank fusion of tfidf and minilm (tfidf alone, with a warning, without the embeddings extra)",
            (TFIDF, MINILM),
            fusion="rank",
            fallback=(TFIDF,),
        ),
        ModelSpec(
            "tfidf", "TF-IDF over title (x2) + abstract, IDF fitted on a field corpus + the run", (TFIDF,)
        ),
        ModelSpec("bm25", "BM25 weighting of title (x2) + abstract, same IDF corpus, cosine", (BM25,)),
        ModelSpec("minilm", "all-MiniLM-L6-v2 sentence embeddings (needs confero[embeddings])", (MINILM,)),
        ModelSpec(
            "tfidf+minilm-zscore",
            "z-score fusion of tfidf and minilm, scores in (0, 1) (needs confero[embeddings])",
            (TFIDF, MINILM),
        ),
    )
}


def get_model(name: str | ModelSpec) -> ModelSpec:
    if isinstance(name, ModelSpec):
        return name
    try:
        return MODELS[name]
    except KeyError:
        raise InputError(
            f"unknown model {name!r}; known models: {', '.join(MODELS)}", field="model"
        ) from None
