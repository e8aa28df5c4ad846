"""A small workshop ready for bidding and matching: papers with real titles/abstracts from the shared
corpus, PC members with publications (from the same corpus: each member's profile is close to some
papers), research areas, loads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "daily_papers.jsonl"


def corpus() -> list[dict]:
    """The shared corpus's papers with an abstract (the test is skipped where ../shared is missing)."""
    if not CORPUS.exists():
        pytest.skip("../shared/corpus is not on this machine")
    rows = [json.loads(line) for line in CORPUS.read_text().splitlines() if line.startswith("{")]
    return [r for r in rows if r.get("title") and r.get("abstract")]


@pytest.fixture(autouse=True)
def _own_data_dir(settings, tmp_path):
    """Each test has its own data directory (affinity matrices, run files, plots, embedding cache)."""
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    settings.CONFERO_AFFINITY_MODEL = "tfidf"  # the lexical model: fast; the neural one has its own test


@pytest.fixture
def bidding_phase(workshop):
    from confero.phases import services as phases

    def switch(kind="bidding"):
        phases.switch_to(workshop, kind, actor=None)
        phases.forget(workshop)

    switch()
    return switch


@pytest.fixture
def papers(workshop, make_user):
    """make(n) -> n submissions of ``workshop`` (texts from the shared corpus), numbered 1..n."""
    from confero.submissions.models import Submission, SubmissionAuthor

    texts = corpus()
    creator = make_user(email="submitter@uni-z.edu", name="Sam Submitter")

    def make(n: int, start: int = 0):
        subs = []
        for i in range(start, start + n):
            t = texts[i % len(texts)]
            sub = Submission.objects.create(
                workshop=workshop,
                number=i + 1,
                title=t["title"][:290],
                abstract=t["abstract"],
                category=workshop.categories.first(),
                primary_topic=workshop.topics.first(),
                previously_published=False,
                policies_agreed=True,
                created_by=creator,
            )
            SubmissionAuthor.objects.create(
                submission=sub, order=0, email=f"author{i}@lab{i}.example.org", name=f"Author Number{i}"
            )
            subs.append(sub)
        return subs

    return make


@pytest.fixture
def committee(workshop, make_user):
    """make(n, pubs=4, load=6) -> n PC members; member j's publications are corpus papers 40+j*pubs…
    (and, so that affinities differ, paper j's text too); areas cycle over the workshop's three."""
    from confero.committee.models import CommitteeMember, Publication
    from confero.people.models import Role

    texts = corpus()
    areas = list(workshop.research_areas.all())

    def make(n: int, pubs: int = 4, load: int = 6, areas_per_member: int = 1):
        members = []
        for j in range(n):
            user = make_user(email=f"pc{j}@inst{j}.example.org", name=f"Member {j:02d}")
            Role.objects.create(workshop=workshop, user=user, kind=Role.Kind.PC)
            # (a PC role may already have brought its committee row with it)
            CommitteeMember.objects.update_or_create(
                workshop=workshop, user=user, defaults={"max_load": load}
            )
            for k in range(areas_per_member):
                user.research_areas.add(areas[(j + k) % len(areas)])
            own = [texts[j % len(texts)]] + [texts[(60 + j * pubs + k) % len(texts)] for k in range(pubs - 1)]
            for k, t in enumerate(own):
                Publication.objects.create(
                    user=user,
                    title=t["title"][:490],
                    abstract=t["abstract"],
                    year=2020 + k,
                    external_id=f"x{j}-{k}",
                )
            members.append(user)
        return members

    return make


@pytest.fixture
def run_now(workshop):
    """run_now(actor, **params) -> a matching run started through the service and executed inline (as
    the background worker would), refreshed."""
    from confero.matching import pipeline, services
    from confero.matching.params import RunParams

    def run(actor, **params):
        base = RunParams.defaults_for(workshop).to_json()
        base.update(params)
        started = services.start_run(actor, workshop, RunParams(**base))
        pipeline.execute(started.pk)
        started.refresh_from_db()
        return started

    return run
