"""THE permission table: every action Confero's pages, API, exports, search and e-mails ask about.

Read it as: action → who may, as a formula of named conditions (:mod:`.conditions`). Time limits that
are deadlines (to the second) stay in the services; the phase flags here say which activities are open.

Shared roles of a person towards one paper:
- *oversees*: an organizer who is neither an author of the paper nor in conflict with it — sees its
  reviews, reviewer identities, discussion and decision;
- *reviews*: assigned to it and not in conflict (a conflict found after assignment takes access away);
- *bids*: a PC member, in a phase with bidding, for an active paper they neither wrote nor conflict with.
"""

from __future__ import annotations

from .conditions import (
    accepted,
    authenticated,
    comment_for_reviewers,
    decision_released,
    has_manager,
    has_reviewed,
    is_assigned,
    is_author,
    is_conflicted,
    is_manager,
    is_organizer,
    is_pc,
    not_double_blind,
    own_review,
    paper_active,
    phase,
    review_submitted,
    sees_other_reviews,
)
from .predicates import either, unless

not_author = unless(is_author, "you are an author of this submission")
not_conflicted = unless(is_conflicted, "you have a conflict of interest with this submission")
oversees = is_organizer & not_author & not_conflicted
reviews = is_assigned & not_conflicted
bids = is_pc & phase("pc_can_bid", "bidding is closed") & paper_active & not_author & not_conflicted
sees_authors_as_reviewer = either(
    not_double_blind,
    phase("reviewers_see_authors", "author names are hidden from reviewers (double-blind)"),
    why_not="author names are hidden from reviewers (double-blind)",
)
views = either(
    is_author,
    is_organizer,
    reviews,
    bids,
    why_not="you are not an author, organizer or reviewer of this submission",
)
authors_see_reviews = (
    is_author & decision_released & phase("authors_see_reviews", "authors do not see reviews")
)

WORKSHOP_ACTIONS = {
    "workshop.manage": is_organizer,
    "submission.create": authenticated & phase("authors_can_submit", "submissions are closed"),
    "submission.list_all": is_organizer,
    "submission.export": is_organizer,
    "bid.list": is_pc & phase("pc_can_bid", "bidding is closed"),
    "review.list_own": is_pc,
    "committee.onboard": is_pc,
    "assignment.run": is_organizer,
    "conflict.queue": is_organizer,
    "progress.view": is_organizer,
    "review.remind": is_organizer,
    "decision.release": is_organizer,
    "decision.list": is_organizer,
    "mail.manage": is_organizer,
    "audit.view": is_organizer,
    "award.list": is_organizer,
    "poster.manage": is_organizer,
    "program.manage": is_organizer,
}

SUBMISSION_ACTIONS = {
    "submission.view": views,
    # The authors' and organizers' page of a paper: authors, declared conflicts, every version's PDF as
    # uploaded (reviewers get their own page and a PDF without author metadata).
    "submission.view_full": either(
        is_author, is_organizer, why_not="only the authors and organizers see this page"
    ),
    "submission.download": views,
    "submission.view_authors": either(
        is_author,
        is_organizer,
        (reviews | bids) & sees_authors_as_reviewer,
        why_not="author names are hidden from reviewers (double-blind)",
    ),
    "submission.edit": (is_author & paper_active) | (is_organizer & not_author),
    "submission.withdraw": paper_active & (is_author | (is_organizer & not_author)),
    "submission.edit_anytime": is_organizer & not_author,
    "submission.extend": is_organizer & not_author,
    "submission.set_manager": oversees,
    "conflict.declare": is_pc & not_author,
    "conflict.decide": oversees,
    "bid.place": bids,
    "bid.view": oversees,
    "assignment.view": oversees,
    "assignment.edit": oversees,
    "review.workspace": reviews,
    "review.write": reviews & paper_active & phase("reviewers_can_review", "reviewing is closed"),
    "review.list": oversees | (reviews & sees_other_reviews) | authors_see_reviews,
    "discussion.view": oversees | (reviews & sees_other_reviews),
    "discussion.post_private": oversees,
    "discussion.post": oversees
    | (reviews & has_reviewed & phase("reviewers_can_discuss", "the discussion is closed")),
    "decision.view": oversees
    | (is_author & decision_released & phase("authors_see_decisions", "decisions are not released")),
    "decision.set": oversees
    & either(~has_manager, is_manager, why_not="another organizer manages this submission")
    & phase("organizers_can_decide", "decisions are not taken"),
    # Staged (not yet released) decisions and the organizers' decision page of a paper.
    "decision.view_staged": oversees,
    # Desk rejection: by whoever may decide on the paper, in any phase once submissions have closed.
    "decision.desk_reject": oversees
    & either(~has_manager, is_manager, why_not="another organizer manages this submission")
    & paper_active
    & unless(phase("authors_can_submit", ""), "desk rejections are made once submissions have closed"),
    # Orals and awards: an organizer who wrote the paper or has a conflict neither sees its scores and
    # votes nor votes on it.
    "award.view": oversees,
    "award.vote": oversees & accepted,
    "award.choose": oversees & accepted,
    # The audit log's events about this paper (reviews, assignments, discussion, decision…).
    "audit.view_paper": oversees,
}

REVIEW_ACTIONS = {
    "review.view": own_review
    | oversees
    | (reviews & sees_other_reviews & review_submitted)
    | (authors_see_reviews & review_submitted),
    "review.view_identity": own_review | oversees,
    "review.view_confidential": own_review | oversees,
}

COMMENT_ACTIONS = {
    "comment.view": oversees | (reviews & sees_other_reviews & comment_for_reviewers),
}

ACTIONS = {**WORKSHOP_ACTIONS, **SUBMISSION_ACTIONS, **REVIEW_ACTIONS, **COMMENT_ACTIONS}
