"""The workshop as the engine sees it: active submissions and PC members as engine records (titles,
abstracts, publications, research areas, maximum loads), read in a few queries."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from confero.engine.records import Publication as PubRecord
from confero.engine.records import Reviewer as ReviewerRecord
from confero.engine.records import Submission as SubmissionRecord

DEFAULT_MAX_LOAD = 6  # committee.CommitteeMember.max_load's default, for members without a row


@dataclass
class Inputs:
    submissions: list  # engine Submission records, id = str(pk)
    reviewers: list  # engine Reviewer records, id = str(user pk)
    submission_pks: np.ndarray  # int64, in the order of ``submissions``
    reviewer_pks: np.ndarray  # int64, in the order of ``reviewers``
    numbers: np.ndarray  # submission numbers, same order
    area_names: dict  # research area key -> name

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.submissions), len(self.reviewers)

    def fingerprint(self, model: str) -> str:
        """Hash of everything the affinity depends on (the model and every text, in order)."""
        h = hashlib.sha256(model.encode())
        for s in self.submissions:
            h.update(b"\0S" + s.id.encode() + b"\0" + s.title.encode() + b"\0" + s.abstract.encode())
        for r in self.reviewers:
            h.update(b"\0R" + r.id.encode())
            for p in r.publications:
                h.update(b"\0P" + p.title.encode() + b"\0" + p.abstract.encode())
        return h.hexdigest()


def pc_member_ids(workshop) -> list[int]:
    from confero.people.models import Role

    return list(
        Role.objects.filter(workshop=workshop, kind=Role.Kind.PC)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


def active_submissions(workshop):
    from confero.submissions.models import Submission

    return Submission.objects.filter(workshop=workshop, status=Submission.Status.SUBMITTED)


def read_inputs(workshop) -> Inputs:
    from confero.committee.models import CommitteeMember, Publication
    from confero.people.models import User

    subs = list(active_submissions(workshop).order_by("pk").values_list("pk", "number", "title", "abstract"))
    members = pc_member_ids(workshop)
    pubs: dict[int, list] = {pk: [] for pk in members}
    for user_id, pk, title, abstract, year in (
        Publication.objects.filter(user_id__in=members)
        .order_by("user_id", "pk")
        .values_list("user_id", "pk", "title", "abstract", "year")
    ):
        pubs[user_id].append(PubRecord(id=str(pk), title=title, abstract=abstract or "", year=year))
    area_names = dict(workshop.research_areas.values_list("key", "name"))
    areas: dict[int, list[str]] = {pk: [] for pk in members}
    through = User.research_areas.through
    for user_id, key in (
        through.objects.filter(user_id__in=members, researcharea__workshop=workshop)
        .order_by("user_id", "researcharea__order", "researcharea_id")
        .values_list("user_id", "researcharea__key")
    ):
        areas[user_id].append(key)
    loads = dict(
        CommitteeMember.objects.filter(workshop=workshop, user_id__in=members).values_list(
            "user_id", "max_load"
        )
    )
    return Inputs(
        submissions=[SubmissionRecord(id=str(pk), title=t, abstract=a or "") for pk, _, t, a in subs],
        reviewers=[
            ReviewerRecord(
                id=str(pk),
                publications=tuple(pubs[pk]),
                research_areas=tuple(areas[pk]),
                max_load=loads.get(pk),  # None: no committee row, the run's default applies
            )
            for pk in members
        ],
        submission_pks=np.array([row[0] for row in subs], dtype=np.int64),
        reviewer_pks=np.array(members, dtype=np.int64),
        numbers=np.array([row[1] for row in subs], dtype=np.int64),
        area_names=area_names,
    )
