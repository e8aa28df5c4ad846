"""The review form a workshop starts with, after the OS-FMs reviewer guidelines: what the paper says, its
strengths and weaknesses, how open and reproducible its artifacts are (the workshop encourages releasing
checkpoints, code, data and training details), an overall score 1–10, a confidence 1–5, an oral/award
recommendation, and confidential comments for the organizers only.

Organizers change it on /<slug>/manage/review-form/ (see docs/reviewing.md).
"""

from __future__ import annotations

from .models import Audience, ReviewQuestion

Kind, Role = ReviewQuestion.Kind, ReviewQuestion.Role

DEFAULT_QUESTIONS: list[dict] = [
    {
        "key": "summary",
        "label": "Summary",
        "kind": Kind.TEXT,
        "help_text": "In your own words: what does the paper claim, and what does it contribute? "
        "Authors read this to check that their message came across.",
    },
    {
        "key": "strengths",
        "label": "Strengths",
        "kind": Kind.TEXT,
        "help_text": "What is convincing, new or useful for open foundation-model research?",
    },
    {
        "key": "weaknesses",
        "label": "Weaknesses",
        "kind": Kind.TEXT,
        "help_text": "What is missing, unclear or not supported by the evidence? Be specific and "
        "constructive: say what would make the paper stronger.",
    },
    {
        "key": "openness",
        "label": "Openness and reproducibility of artifacts",
        "kind": Kind.TEXT,
        "help_text": "Are checkpoints, code, data and training details released (or promised)? Could "
        "others reproduce the main results from what is shared? Check the artifact links.",
    },
    {
        "key": "overall",
        "label": "Overall score",
        "kind": Kind.SCORE,
        "min_value": 1,
        "max_value": 10,
        "role": Role.OVERALL,
        "help_text": "1 = clear reject, 5–6 = borderline, 10 = outstanding (among the best of the workshop). "
        "A workshop paper may be early work: judge soundness and interest, not completeness.",
    },
    {
        "key": "confidence",
        "label": "Confidence",
        "kind": Kind.SCORE,
        "min_value": 1,
        "max_value": 5,
        "role": Role.CONFIDENCE,
        "help_text": "1 = an educated guess, 3 = fairly confident, 5 = certain (you know the related work "
        "in detail and checked the key claims).",
    },
    {
        "key": "recommendation",
        "label": "Oral or award recommendation",
        "kind": Kind.CHOICE,
        "role": Role.RECOMMENDATION,
        "audience": Audience.REVIEWERS,
        "choices": [
            ["none", "No special recommendation"],
            ["oral", "Consider for an oral presentation"],
            ["award", "Consider for an outstanding paper award"],
            ["both", "Consider for an oral and for an award"],
        ],
        "help_text": "The workshop has a few orals and outstanding paper awards. Not shown to the authors.",
    },
    {
        "key": "confidential",
        "label": "Confidential comments to the organizers",
        "kind": Kind.TEXT,
        "required": False,
        "audience": Audience.ORGANIZERS,
        "help_text": "Only the organizers read this (not the authors, not the other reviewers): concerns "
        "about ethics, plagiarism, a conflict of interest, or anything else they should know.",
    },
]


def default_questions(workshop) -> list[ReviewQuestion]:
    """Unsaved question rows of the default form for ``workshop``."""
    rows = []
    for position, spec in enumerate(DEFAULT_QUESTIONS):
        fields = {"required": True, "audience": Audience.AUTHORS, "role": Role.NONE, **spec}
        rows.append(ReviewQuestion(workshop=workshop, position=position, **fields))
    return rows
