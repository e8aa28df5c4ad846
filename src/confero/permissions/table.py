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
    grant_active,
    grant_eligible,
    grant_unreleased,
    grants_open,
    has_manager,
    has_reviewed,
    is_applicant,
    is_assigned,
    is_author,
    is_conflicted,
    is_grant_conflicted,
    is_grant_handler,
    is_manager,
    is_organizer,
    is_pc,
    no_grant_handlers,
    not_double_blind,
    own_review,
    paper_active,
    phase,
    reading_list_published,
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
# Travel grants: a handler is an organizer named in the workshop's list of grant handlers (the
# superuser counts as one); they see an application only when it is not their own, not a co-author's and
# not by an author of a paper they are in conflict with.
handles_grants = is_organizer & is_grant_handler
not_grant_conflicted = unless(is_grant_conflicted, "you have a conflict with this applicant (or it is yours)")
handles_grant = handles_grants & not_grant_conflicted
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
    # How the public site lists oneself (organizers and PC members only).
    "site.listing": is_organizer | is_pc,
    # Camera-ready settings, the table of what each accepted paper still lacks, reminders (rows of papers
    # the organizer does not oversee show no details; see camera.oversee).
    "camera.manage": is_organizer,
    "grant.apply": authenticated & grants_open & grant_eligible,
    # Every organizer sees how many applied, the budget and how much is committed — never who or why.
    "grant.overview": is_organizer,
    "grant.handle": handles_grants,
    # Naming grant handlers: a handler — or any organizer while there is none (the first one).
    "grant.appoint": handles_grants | (is_organizer & no_grant_handlers),
    "grant.release": handles_grants,
    "grant.export": handles_grants,
    "grant.export_sensitive": handles_grants,
    # Open-science checks: the overview of every paper's findings (rows: papers the organizer oversees)
    # and the corpora of published papers submissions are compared with.
    "check.list": is_organizer,
    "check.corpus": is_organizer,
    # The paper feed: the library, its ranking by topic, PC candidates (organizers); the public reading
    # list and digest subscriptions (everybody, once the organizers publish it; organizers preview it).
    "feed.manage": is_organizer,
    "feed.read": either(is_organizer, reading_list_published, why_not="the reading list is not published"),
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
    # Camera-ready: the authors of an accepted paper see their camera-ready page once decisions are shown
    # to authors and change it while the camera-ready step is open (until the deadline, to the second,
    # checked in the services); organizers who oversee the paper see its files and grant extensions.
    "camera.view": (is_author & accepted & phase("authors_see_decisions", "decisions are not released"))
    | (oversees & accepted),
    "camera.edit": is_author
    & accepted
    & paper_active
    & phase("camera_ready_open", "the camera-ready step is not open"),
    "camera.oversee": oversees & accepted,
    "camera.extend": oversees & accepted & paper_active,
    # Open-science checks (docs/checks.md): authors read their own flags, overseeing organizers every
    # finding; reviewers only the openness summary, never what could reveal the authors.
    "check.view_own": is_author,
    "check.view_all": oversees,
    "check.view_openness": either(
        reviews, is_author, oversees, why_not="you are not an author, reviewer or organizer of this paper"
    ),
    "check.rerun": oversees & paper_active,
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

GRANT_ACTIONS = {
    "grant.view_own": is_applicant,
    "grant.edit": is_applicant & grant_active & grant_unreleased & grants_open,
    "grant.withdraw": is_applicant & grant_active & grant_unreleased,
    # The handlers' view of an application (the applicant reads theirs through grant.view_own: an
    # organizer who applied does not see their own application among the handlers' pages).
    "grant.view": handles_grant,
    # The motivation and the under-represented-group answer.
    "grant.view_sensitive": is_applicant | handles_grant,
    # Scoring, and staging an award or a decline.
    "grant.decide": handles_grant & grant_active & grant_unreleased,
}

ACTIONS = {**WORKSHOP_ACTIONS, **SUBMISSION_ACTIONS, **REVIEW_ACTIONS, **COMMENT_ACTIONS, **GRANT_ACTIONS}
