"""The named conditions the permission table is made of. Each reads only the cached facts, the
object, and the running phase — no query per paper once the facts are loaded."""

from __future__ import annotations

from confero.people.models import Role

from .predicates import Predicate, predicate


@predicate("log in first")
def authenticated(user, obj, ask):
    return getattr(user, "is_authenticated", False)


@predicate("only the workshop's organizers may do this")
def is_organizer(user, obj, ask):
    return getattr(user, "is_superuser", False) or Role.Kind.ORGANIZER in ask.facts.roles


@predicate("only members of the program committee may do this")
def is_pc(user, obj, ask):
    return Role.Kind.PC in ask.facts.roles


@predicate("you are not an author of this submission")
def is_author(user, obj, ask):
    return ask.submission is not None and ask.submission.pk in ask.facts.authored


@predicate("you are not assigned to review this submission")
def is_assigned(user, obj, ask):
    return ask.submission is not None and ask.submission.pk in ask.facts.assigned


@predicate("you have no conflict of interest with this submission")
def is_conflicted(user, obj, ask):
    return ask.submission is not None and ask.submission.pk in ask.facts.conflicted


@predicate("you do not manage this submission")
def is_manager(user, obj, ask):
    return ask.submission is not None and ask.submission.pk in ask.facts.managed


@predicate("this submission has no manager")
def has_manager(user, obj, ask):
    return ask.submission is not None and ask.submission.manager_id is not None


@predicate("the submission was withdrawn")
def paper_active(user, obj, ask):
    return ask.submission is not None and not ask.submission.is_withdrawn


@predicate("submit your own review of this paper first")
def has_reviewed(user, obj, ask):
    return ask.submission is not None and ask.submission.pk in ask.facts.reviewed


@predicate("this is not your review")
def own_review(user, obj, ask):
    return ask.review is not None and ask.review.reviewer_id == getattr(user, "pk", None)


@predicate("this review is still a draft")
def review_submitted(user, obj, ask):
    return ask.review is not None and ask.review.status == "submitted"


@predicate("the decision on this submission is not released yet")
def decision_released(user, obj, ask):
    return ask.decision is not None and ask.decision.released_at is not None


@predicate("this paper is not accepted (or its decision is not released yet)")
def accepted(user, obj, ask):
    return (
        ask.decision is not None and ask.decision.released_at is not None and ask.decision.outcome == "accept"
    )


@predicate("author names are hidden from reviewers (double-blind)")
def not_double_blind(user, obj, ask):
    return ask.workshop.anonymity != "double-blind"


@predicate("this comment is for organizers only")
def comment_for_reviewers(user, obj, ask):
    return ask.comment is None or ask.comment.audience == "reviewers"


@predicate("the workshop's reading list is not published")
def reading_list_published(user, obj, ask):
    from confero.feed.selectors import is_published

    return is_published(ask.workshop)


def _phase_reason(text: str):
    return lambda user, obj, ask: f"{text} in the {ask.phase.get_kind_display().lower()} phase"


def phase(flag: str, text: str) -> Predicate:
    """The running phase's flag ``flag`` is on (see :mod:`confero.phases.models`)."""
    return Predicate(f"phase.{flag}", lambda user, obj, ask: getattr(ask.phase, flag), _phase_reason(text))


@predicate(
    lambda user, obj, ask: (
        "reviewers see the other reviews only after submitting their own"
        if ask.phase.reviewers_see_reviews == "after_own"
        else f"reviewers do not see the other reviews in the {ask.phase.get_kind_display().lower()} phase"
    )
)
def sees_other_reviews(user, obj, ask):
    rule = ask.phase.reviewers_see_reviews
    return rule == "always" or (rule == "after_own" and has_reviewed(user, obj, ask))


# Travel grants (the object is the workshop or one GrantApplication; see confero.grants).


@predicate("only the organizers who handle travel grants may do this")
def is_grant_handler(user, obj, ask):
    return getattr(user, "is_superuser", False) or ask.facts.grant_handler


@predicate("this is not your application")
def is_applicant(user, obj, ask):
    return ask.grant is not None and ask.grant.applicant_id == getattr(user, "pk", None)


@predicate("you have no conflict with this applicant")
def is_grant_conflicted(user, obj, ask):
    """The applicant is the person themself, a co-author of theirs in this workshop, or an author of a
    paper they are in conflict with."""
    if ask.grant is None:
        return False
    return (
        ask.grant.applicant_id == getattr(user, "pk", None)
        or ask.grant.applicant_id in ask.facts.grant_conflicts
    )


@predicate("the workshop already has grant handlers; one of them must add you")
def no_grant_handlers(user, obj, ask):
    from confero.grants.models import GrantHandler

    return not GrantHandler.objects.filter(workshop=ask.workshop).exists()


def _grants_closed_reason(user, obj, ask):
    from confero.grants.selectors import window_reason

    return window_reason(ask.grant_settings, ask.now)


@predicate(_grants_closed_reason)
def grants_open(user, obj, ask):
    """The call is enabled and ``now`` is within its window, to the second (deadline inclusive)."""
    from confero.grants.selectors import window_reason

    return window_reason(ask.grant_settings, ask.now) is None


def _eligibility_reason(user, obj, ask):
    s = ask.grant_settings
    if s is not None and s.eligibility == "accepted":
        return "travel grants are for authors of accepted papers"
    return "travel grants are for authors of submissions to this workshop"


@predicate(_eligibility_reason)
def grant_eligible(user, obj, ask):
    from confero.grants.selectors import eligible

    return eligible(user, ask.workshop, ask.grant_settings, authored=ask.facts.authored)


@predicate("the application was withdrawn")
def grant_active(user, obj, ask):
    return ask.grant is not None and ask.grant.status == "submitted"


@predicate("the decision on this application is released (it is final)")
def grant_unreleased(user, obj, ask):
    return ask.grant is not None and ask.grant.released_at is None
