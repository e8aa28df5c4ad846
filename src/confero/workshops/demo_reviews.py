"""Review texts and discussion posts for the staged demo: written from templates, seeded per paper and
reviewer (the same demo gives the same reviews), on the workshop's default OS-FMs review form."""

from __future__ import annotations

import random

from . import demo_data as D

STRENGTHS = [
    "The experiments are carefully controlled and the ablations isolate the main design choice.",
    "Code, data and model weights are released, which makes the results easy to reproduce.",
    "The paper is clearly written and the problem is well motivated for open foundation models.",
    "A useful negative result that the community should know about.",
    "The evaluation covers several model sizes, so the trend is convincing.",
]
WEAKNESSES = [
    "Only one dataset is used; it is unclear whether the findings transfer.",
    "The baselines are not tuned with the same budget as the proposed method.",
    "Some claims in the introduction go beyond what the experiments show.",
    "The compute cost of the method is not reported.",
    "Related work on model merging is missing (e.g. task arithmetic and TIES).",
]
OPENNESS = [
    "Code and weights are linked and the training configuration is complete.",
    "Code is promised 'upon acceptance'; the data pipeline is not described.",
    "The dataset is released with a datasheet; the evaluation scripts are missing.",
]
CONFIDENTIAL = [
    "",
    "",
    "I suspect I know one of the authors from the arXiv version; it did not influence my score.",
    "Borderline; I would not object to either decision.",
]


def review_answers(submission, reviewer) -> dict:
    """A full set of answers for ``reviewer``'s review of ``submission`` (the default form's keys)."""
    paper = random.Random(D.stable_int(submission.title))
    quality = paper.choice([3, 4, 5, 6, 6, 7, 7, 8, 9])
    rng = random.Random(D.stable_int(f"{submission.title}/{reviewer.email}/review"))
    overall = max(1, min(10, quality + rng.choice([-2, -1, 0, 0, 1, 2])))
    first = " ".join(submission.abstract.split(". ")[:1]).strip().rstrip(".")
    return {
        "summary": f"The paper studies the following: {first}. I read it in full.",
        "strengths": "- " + "\n- ".join(rng.sample(STRENGTHS, 2)),
        "weaknesses": "- " + "\n- ".join(rng.sample(WEAKNESSES, 2)),
        "openness": rng.choice(OPENNESS),
        "overall": str(overall),
        "confidence": str(rng.choice([2, 3, 3, 4, 4, 5])),
        "recommendation": "oral" if overall >= 8 else "none",
        "confidential": rng.choice(CONFIDENTIAL),
    }


def discuss(ws, people) -> None:
    """Where submitted scores differ by 3 or more: the lowest reviewer asks, the highest answers, and an
    organizer (who oversees the paper) closes with a note for the reviewers."""
    from confero import permissions
    from confero.reviews.models import Comment, Review
    from confero.reviews.services.discussion import post_comment

    organizer = people["organizer"]
    for sub in ws.submissions.filter(status="submitted").order_by("number"):
        sub.workshop = ws
        if Comment.objects.filter(submission=sub).exists():
            continue
        reviews = list(Review.objects.filter(submission=sub, status="submitted").order_by("overall", "pk"))
        if len(reviews) < 2 or reviews[-1].overall - reviews[0].overall < 3:
            continue
        low, high = reviews[0].reviewer, reviews[-1].reviewer
        permissions.forget(low, high)
        question = post_comment(
            sub,
            user=low,
            body="We disagree by quite a bit. Did you check whether the gains hold on the second benchmark? "
            "The appendix suggests they shrink a lot.",
        )
        post_comment(
            sub,
            user=high,
            parent=question,
            body="Fair point: the gain is smaller there, but the released code lets anyone check. I would "
            "lower my score by one, not more.",
        )
        if permissions.can(organizer, "discussion.post", sub):
            post_comment(
                sub,
                user=organizer,
                body="Thanks both. Please update your scores if the discussion changed your mind.",
            )
