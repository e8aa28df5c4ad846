"""Profile cleaning by typicality: each publication weighted by its leave-one-out cosine to its profile's
MiniLM centroid (off-topic publications count less), and a mean+top3 pooling fusion, scored with the
protocol of bench/expertise_protocol.py against the shipped default (second round; not adopted).

    .venv/bin/python bench/expertise_profile_weights.py
"""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
import expertise_protocol as ep

from confero.engine.affinity.cache import EmbeddingCache
from confero.engine.affinity.fusion import fuse
from confero.engine.affinity.lexical import LexicalEncoder
from confero.engine.affinity.neural import NeuralEncoder
from confero.engine.affinity.pooling import ProfileLayout, pool
from confero.engine.io import read_reviewers, read_submissions

data = ep.DEFAULT_DATA
rated = ep.ratings(data)
researchers = sorted(rated)
n = len(researchers)
subs = read_submissions(data / "submissions.jsonl")
enc = NeuralEncoder(cache=EmbeddingCache(ep.EMBED_CACHE))


def variant_scores(reviewers, kind):
    pubs = [p for r in reviewers for p in r.publications]
    owner = np.repeat(np.arange(len(reviewers)), [len(r.publications) for r in reviewers])
    layout = ProfileLayout(owner, len(reviewers))
    S = enc.encode([s.text for s in subs]).astype(np.float64)
    Pv = enc.encode([p.text for p in pubs]).astype(np.float64)
    neural = S @ Pv.T
    docs = [(s.title, s.abstract) for s in subs] + [(p.title, p.abstract) for p in pubs]
    lex = LexicalEncoder().fit(docs)
    lexs = (
        lex.transform([(s.title, s.abstract) for s in subs])
        @ lex.transform([(p.title, p.abstract) for p in pubs]).T
    ).toarray()
    # centrality: leave-one-out cosine of each publication to its profile's centroid (neural)
    cent = np.zeros(len(pubs))
    for j in range(len(reviewers)):
        idx = np.flatnonzero(owner == j)
        if idx.size < 2:
            cent[idx] = 1.0
            continue
        V = Pv[idx]
        tot = V.sum(0)
        loo = tot[None, :] - V
        loo /= np.linalg.norm(loo, axis=1, keepdims=True)
        cent[idx] = np.maximum((V * loo).sum(1), 0)
    valid = layout.counts > 0

    def pooled(sims, how):
        if how == "cmean":  # centrality-weighted mean
            w = cent
            num = np.zeros((len(subs), len(reviewers)))
            den = np.bincount(owner, weights=w, minlength=len(reviewers))
            for j in range(len(reviewers)):
                idx = owner == j
                num[:, j] = sims[:, idx] @ w[idx]
            return num / np.maximum(den, 1e-12)[None, :]
        if how == "ctop3":  # top3 over sims scaled by centrality
            return pool(sims * cent[None, :], layout, "top3")
        if how == "mean+top3":
            return fuse([pool(sims, layout, "mean"), pool(sims, layout, "top3")], valid, "rank")
        return pool(sims, layout, how)

    model, how = kind
    if model == "minilm":
        return pooled(neural, how)
    return fuse([pooled(lexs, how), pooled(neural, how)], valid, "rank")


kinds = [(m, h) for m in ("minilm", "default") for h in ("cmean", "ctop3", "mean+top3")]
results = {}
for kind in kinds:
    nums, dens = [], []
    for v in range(1, 11):
        reviewers = read_reviewers(data / "profiles" / f"v{v}.jsonl")
        sc = variant_scores(reviewers, kind)
        nu, de = ep.per_researcher(rated, researchers, sc, [s.id for s in subs], [r.id for r in reviewers])
        nums.append(nu)
        dens.append(de)
    results[kind] = (np.array(nums), np.array(dens))
    print(kind, round(ep.loss(*results[kind], np.ones(n)), 4), flush=True)
# compare with incumbent using cached protocol numbers
inc = ep.measure(data, *ep.INCUMBENT, researchers, rated)
mm = ep.measure(data, "minilm", "mean", researchers, rated)
mt = ep.measure(data, "minilm", "top3", researchers, rated)
rng = np.random.default_rng(ep.SEED)
allk = dict(results)
allk[("inc",)] = inc
allk[("minilm", "mean")] = mm
allk[("minilm", "top3")] = mt
keys = list(allk)
boot = np.zeros((2000, len(keys)))
held = np.zeros((200, len(keys)))
for s in range(200):
    perm = rng.permutation(n)
    w = np.zeros(n)
    w[perm[16:]] = 1
    held[s] = [ep.loss(*allk[k], w) for k in keys]
for b in range(2000):
    w = np.bincount(rng.integers(0, n, size=n), minlength=n).astype(float)
    boot[b] = [ep.loss(*allk[k], w) for k in keys]
ii = keys.index(("inc",))
im = keys.index(("minilm", "mean"))
it = keys.index(("minilm", "top3"))
for j, k in enumerate(keys):
    d = boot[:, j] - boot[:, ii]
    print(
        k,
        "loss",
        round(ep.loss(*allk[k], np.ones(n)), 4),
        "beats inc",
        (held[:, j] < held[:, ii]).mean(),
        "diff CI",
        np.percentile(d, [2.5, 97.5]).round(3),
    )
d = boot[:, im] - boot[:, it]
print(
    "minilm mean - minilm top3 on dev: ",
    round(ep.loss(*mm, np.ones(n)) - ep.loss(*mt, np.ones(n)), 4),
    "95% CI",
    np.percentile(d, [2.5, 97.5]).round(3),
)
