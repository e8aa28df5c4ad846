"""What each accepted paper still lacks for the camera-ready and the day, for the organizers' table, the
authors' page and the reminders.

Items: the final PDF, a licence, an answer on publication consent, the presenting author, attendance, the
poster (every paper), the video (papers presented remotely) and the slides (orals).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from confero import permissions
from confero.awards.models import Kind, Pick

from .deadlines import deadline_info
from .models import CameraReady
from .selectors import accepted, camera_of

ITEMS = {
    "pdf": "final PDF",
    "licence": "licence",
    "consent": "publication consent (yes or no)",
    "presenter": "presenting author",
    "attendance": "attendance (in person or remote)",
    "poster": "poster",
    "video": "video (remote presentation)",
    "slides": "slides (oral)",
}


def missing(camera: CameraReady | None, *, oral: bool) -> list[str]:
    """Keys of :data:`ITEMS` still missing (every applicable item when the camera-ready is not started)."""
    if camera is None:
        keys = ["pdf", "licence", "consent", "presenter", "attendance", "poster"]
        return keys + (["slides"] if oral else [])
    out = []
    if not camera.pdf:
        out.append("pdf")
    if not camera.licence:
        out.append("licence")
    if camera.consent_publish is None:
        out.append("consent")
    if camera.presenter_id is None:
        out.append("presenter")
    if not camera.attendance:
        out.append("attendance")
    if not camera.poster:
        out.append("poster")
    if camera.attendance == CameraReady.Attendance.REMOTE and not camera.video:
        out.append("video")
    if oral and not camera.slides:
        out.append("slides")
    return out


@dataclass
class Row:
    submission: object
    camera: CameraReady | None
    visible: bool  # the viewer oversees this paper (not an author, no conflict)
    reason: str = ""
    oral: bool = False
    missing: list[str] = field(default_factory=list)
    deadline: object = None  # DeadlineInfo

    @property
    def missing_labels(self) -> list[str]:
        return [ITEMS[k] for k in self.missing]

    @property
    def complete(self) -> bool:
        return self.visible and not self.missing


def oral_ids(workshop) -> set[int]:
    return set(Pick.objects.filter(workshop=workshop, kind=Kind.ORAL).values_list("submission_id", flat=True))


def table(workshop, user) -> list[Row]:
    """One row per accepted paper; papers ``user`` does not oversee show no details."""
    subs = list(accepted(workshop).select_related("decision", "camera").prefetch_related("camera__authors"))
    orals = oral_ids(workshop)
    rows = []
    for sub in subs:
        sub.workshop = workshop
        reason = permissions.why_not(user, "camera.oversee", sub)
        if reason:
            rows.append(Row(sub, None, False, reason))
            continue
        camera = camera_of(sub)
        oral = sub.pk in orals
        rows.append(
            Row(
                sub,
                camera,
                True,
                oral=oral,
                missing=missing(camera, oral=oral),
                deadline=deadline_info(workshop, camera),
            )
        )
    return rows
