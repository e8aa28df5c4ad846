"""The review form: the default after the OS-FMs guidelines, answers checked against it, and organizers'
changes that never lose or widen existing answers."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from confero.audit.models import AuditEvent
from confero.reviews import answers, services
from confero.reviews.models import ReviewQuestion
from confero.reviews.services import QuestionData

from .conftest import FULL, submit


def test_the_default_form_is_created_once_when_first_needed(workshop):
    assert not ReviewQuestion.objects.filter(workshop=workshop).exists()
    questions = services.questions_of(workshop)
    assert [q.key for q in questions] == [
        "summary", "strengths", "weaknesses", "openness", "overall", "confidence", "recommendation", "confidential",
    ]  # fmt: skip
    by_key = {q.key: q for q in questions}
    assert (by_key["overall"].min_value, by_key["overall"].max_value, by_key["overall"].role) == (
        1,
        10,
        "overall",
    )
    assert (by_key["confidence"].min_value, by_key["confidence"].max_value) == (1, 5)
    assert by_key["confidential"].audience == "organizers" and not by_key["confidential"].required
    assert by_key["recommendation"].audience == "reviewers"
    assert services.questions_of(workshop) == questions  # no second copy
    assert AuditEvent.objects.filter(action="review_form.default_created").count() == 1


def test_a_draft_may_be_incomplete_but_a_submission_may_not(workshop):
    questions = services.questions_of(workshop)
    assert answers.clean(questions, {"summary": "Short.", "overall": "7"}, complete=False) == {
        "summary": "Short.",
        "overall": 7,
    }
    with pytest.raises(ValidationError) as caught:
        answers.clean(questions, {"summary": "Short."}, complete=True)
    missing = caught.value.message_dict
    assert set(missing) == {"strengths", "weaknesses", "openness", "overall", "confidence", "recommendation"}
    assert "“Overall score” needs an answer" in missing["overall"][0]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("overall", "11", "from 1 to 10"),
        ("overall", "seven", "from 1 to 10"),
        ("confidence", "0", "from 1 to 5"),
        ("recommendation", "keynote", "choose one of: none, oral, award, both"),
        ("summary", "x" * 20_001, "at most 20,000 characters"),
    ],
)
def test_wrong_answers_name_the_question(workshop, key, value, message):
    with pytest.raises(ValidationError) as caught:
        answers.clean(services.questions_of(workshop), {key: value}, complete=False)
    assert message in caught.value.message_dict[key][0]


def test_unknown_questions_are_refused_not_dropped(workshop):
    with pytest.raises(ValidationError, match="unknown question"):
        answers.clean(services.questions_of(workshop), {"novelty": "high"}, complete=False)


def test_yes_no_questions(workshop, organizer):
    q = services.add_question(
        workshop,
        actor=organizer,
        data=QuestionData(label="Artifacts released?", kind="boolean", required=False),
    )
    assert q.key == "artifacts-released" and q.position == 8
    cleaned = answers.clean(services.questions_of(workshop), {q.key: "no"}, complete=False)
    assert cleaned == {q.key: False}
    assert answers.display(q, False) == "No"


def test_only_organizers_change_the_form(workshop, pc_member, other_organizer):
    for person in (pc_member, other_organizer):
        with pytest.raises(PermissionDenied):
            services.add_question(workshop, actor=person, data=QuestionData(label="Novelty", kind="text"))


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            QuestionData(label="Novelty", kind="score", min_value=5, max_value=5),
            "max_value",
            "above the lowest",
        ),
        (QuestionData(label="Novelty", kind="choice", choices=[["a", "A"]]), "choices", "at least two"),
        (QuestionData(label="Novelty", kind="text", role="overall"), "role", "must be score questions"),
        (
            QuestionData(label="Again", kind="score", min_value=1, max_value=3, role="overall"),
            "role",
            "already",
        ),
        (QuestionData(label="Summary", kind="text"), "key", "already has a question"),
        (QuestionData(label="x", key="version", kind="text"), "key", "reserved"),
    ],
)
def test_bad_questions_are_refused_with_the_reason(workshop, organizer, data, field, message):
    services.questions_of(workshop)
    with pytest.raises(ValidationError) as caught:
        services.add_question(workshop, actor=organizer, data=data)
    assert message in " ".join(caught.value.message_dict[field])
    assert ReviewQuestion.objects.filter(workshop=workshop).count() == 8


def _data(q: ReviewQuestion, **changes) -> QuestionData:
    fields = dict(
        label=q.label,
        kind=q.kind,
        help_text=q.help_text,
        required=q.required,
        min_value=q.min_value,
        max_value=q.max_value,
        choices=q.choices,
        audience=q.audience,
        role=q.role,
    )
    fields.update(changes)
    return QuestionData(**fields)


def test_questions_without_answers_change_freely(workshop, organizer):
    q = {q.key: q for q in services.questions_of(workshop)}
    services.update_question(
        q["overall"], actor=organizer, data=_data(q["overall"], min_value=0, max_value=4)
    )
    services.update_question(q["openness"], actor=organizer, data=_data(q["openness"], kind="boolean"))
    services.delete_question(q["confidential"], actor=organizer)
    assert {x.key for x in services.questions_of(workshop)} == set(FULL) - {"confidential"}


def test_answered_questions_keep_their_answers(team):
    submit(team, "A", overall="3", recommendation="award")
    org = team.organizer
    q = {q.key: q for q in services.questions_of(team.workshop)}
    refused = [
        (q["overall"], {"min_value": 4}, "min_value", "outside 4–10"),
        (q["summary"], {"kind": "boolean"}, "kind", "cannot change"),
        (q["overall"], {"role": ""}, "role", "cannot change"),
        (q["recommendation"], {"choices": [["none", "No"], ["oral", "Oral"]]}, "choices", "award"),
        (q["confidential"], {"audience": "reviewers"}, "audience", "only get smaller"),
        (q["recommendation"], {"audience": "authors"}, "audience", "only get smaller"),
    ]
    for question, change, field, message in refused:
        with pytest.raises(ValidationError) as caught:
            services.update_question(question, actor=org, data=_data(question, **change))
        assert message in " ".join(caught.value.message_dict[field]), (question.key, change)
    with pytest.raises(ValidationError, match="is answered in 1 review: it cannot be removed"):
        services.delete_question(q["summary"], actor=org)
    # What does not endanger answers is fine: label, help, required, a wider range, more choices, narrower audience.
    services.update_question(q["overall"], actor=org, data=_data(q["overall"], label="Overall", max_value=12))
    services.update_question(
        q["recommendation"],
        actor=org,
        data=_data(q["recommendation"], choices=[*q["recommendation"].choices, ["spotlight", "Spotlight"]]),
    )
    services.update_question(q["summary"], actor=org, data=_data(q["summary"], audience="organizers"))
    review = team.paper.reviews.get()
    assert review.answers["overall"] == 3 and review.answers["recommendation"] == "award"
    assert review.versions.get().answers == review.answers


def test_answers_in_old_versions_and_drafts_count_too(team):
    submit(team, "A", summary="first")
    services.save_draft(
        team.paper, user=team.reviewers["B"], answers={"confidential": "draft note"}, expected_version=0
    )
    assert len(services.answered_values(team.workshop, "summary")) == 2  # the review and its version 1
    assert sorted(services.answered_values(team.workshop, "confidential")) == [
        "The authors may know reviewer B.",
        "The authors may know reviewer B.",
        "draft note",
    ]


def test_reordering(workshop, organizer):
    questions = services.questions_of(workshop)
    services.move_question(questions[-1], actor=organizer, offset=-1)
    services.move_question(questions[0], actor=organizer, offset=-1)  # already first: nothing happens
    keys = [q.key for q in services.questions_of(workshop)]
    assert keys[-2:] == ["confidential", "recommendation"] and keys[0] == "summary"


def test_the_last_question_cannot_go(workshop, organizer):
    questions = services.questions_of(workshop)
    for q in questions[:-1]:
        services.delete_question(q, actor=organizer)
    with pytest.raises(ValidationError, match="at least one question"):
        services.delete_question(questions[-1], actor=organizer)
