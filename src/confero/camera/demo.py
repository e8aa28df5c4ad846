"""Camera-ready data for the demo workshop: ``seed(workshop)`` fills in every accepted paper's final
version, as its authors would, so the public site is complete.

For each accepted paper (decision released): the final title and abstract, the authors with their
affiliations, artifact links (code for all, data or checkpoints for some), a licence the workshop accepts,
consent to publication, the presenting author (the first author), attendance (every sixth paper presented
remotely), a de-anonymised final PDF and a poster (generated PDFs, like the demo's submissions), a short
video for remote presentations (generated with ffmpeg when it is installed) and slides for orals. Papers
whose camera-ready already has a final PDF are left alone, so running it again changes nothing.
Everything goes through the services (audited, as the system).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import textwrap
from dataclasses import dataclass

from django.core.files.base import ContentFile

from confero.submissions.samplepdf import make_pdf

from . import files, licences, services
from .selectors import accepted, settings_for
from .status import oral_ids

POSTER_SCALE = 3.9  # US Letter × 3.9 ≈ 2387 × 3089 pt (about A0 width), portrait


@dataclass
class SeedResult:
    papers: int = 0
    seeded: int = 0
    videos: int = 0
    skipped_videos: int = 0  # remote papers without a video because ffmpeg is not installed


def _wrap(text: str, width: int = 90) -> str:
    return "\n".join(textwrap.wrap(text, width))


def final_pdf(title: str, authors: list[tuple[str, str]], abstract: str, main_pages: int) -> bytes:
    names = ", ".join(n for n, _a in authors)
    affiliations = "; ".join(sorted({a for _n, a in authors if a}))
    pages = [f"{title}\n\n{names}\n{affiliations}\n\nAbstract\n{_wrap(abstract)}"]
    for n in range(2, main_pages + 1):
        pages.append(f"{n} Section {n}\n" + _wrap("Camera-ready text of the Confero demo. " * 12))
    pages.append("References\n[1] A. Author. A demo reference. Confero Demo Proceedings, 2025.")
    return make_pdf(pages, title=title)


def poster_pdf(title: str, authors: list[tuple[str, str]], abstract: str) -> bytes:
    """A one-page portrait poster (about A0 width) with the title, authors and abstract."""
    from pypdf import PdfReader, PdfWriter

    text = "\n".join(
        [
            *textwrap.wrap(title, 60),
            "",
            ", ".join(n for n, _a in authors),
            "",
            *textwrap.wrap(abstract, 80)[:30],
        ]
    )
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([text], title=title))))
    writer.pages[0].scale_by(POSTER_SCALE)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def slides_pdf(title: str, presenter: str) -> bytes:
    pages = [f"{title}\n\n{presenter}"] + [
        f"Slide {n}\n\n- a finding\n- another finding" for n in range(2, 9)
    ]
    return make_pdf(pages, title=title)


def _video(seconds: int = 5) -> bytes | None:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return None
    with tempfile.TemporaryDirectory(prefix="confero-demo-") as d:
        path = os.path.join(d, "talk.mp4")
        cmd = [
            ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=duration={seconds}:size=320x240:rate=10",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", path,
        ]  # fmt: skip
        try:
            subprocess.run(cmd, check=True, timeout=60, capture_output=True)
        except (OSError, subprocess.SubprocessError):
            return None
        with open(path, "rb") as fh:
            return fh.read()


def seed(workshop, *, videos: bool = True) -> SeedResult:
    """Fill in the camera-ready of every accepted paper of ``workshop`` that has no final PDF yet."""
    conf = settings_for(workshop)
    choices = conf.licences or licences.DEFAULT
    orals = oral_ids(workshop)
    result = SeedResult()
    video = None
    for i, sub in enumerate(accepted(workshop).select_related("workshop").prefetch_related("artifacts")):
        result.papers += 1
        camera = services.start(sub, actor=None)
        if camera.pdf:
            continue
        rows = list(camera.authors.all())
        artifacts = [(a.kind, a.url, a.label) for a in camera.artifacts.all()]
        slug = f"paper-{sub.number}"
        if not any(kind == "code" for kind, _u, _l in artifacts):
            artifacts.append(("code", f"https://code.confero.example/demo/{slug}", "code"))
        if i % 3 == 1:
            artifacts.append(("data", f"https://data.confero.example/demo/{slug}", "dataset"))
        if i % 4 == 2:
            artifacts.append(("checkpoint", f"https://models.confero.example/demo/{slug}", "model weights"))
        remote = i % 6 == 5
        camera = services.update_details(
            camera,
            services.Details(
                title=camera.title,
                abstract=camera.abstract,
                authors=[(a.author_id, a.name, a.affiliation) for a in rows],
                artifacts=artifacts,
                licence=choices[i % len(choices)],
                consent_publish=True,
                reviews_public=conf.open_reviewing and i % 2 == 0,
                presenter_id=rows[0].author_id,
                attendance="remote" if remote else "in_person",
            ),
            actor=None,
        )
        people = [(a.name, a.affiliation) for a in rows]
        pages = max(1, min(conf.page_limit, sub.pdf_main_pages or conf.page_limit))
        camera = files.upload_pdf(
            camera,
            ContentFile(final_pdf(camera.title, people, camera.abstract, pages), name="final.pdf"),
            actor=None,
        )
        camera = files.upload_poster(
            camera,
            ContentFile(poster_pdf(camera.title, people, camera.abstract), name="poster.pdf"),
            actor=None,
        )
        if sub.pk in orals:
            camera = files.upload_slides(
                camera, ContentFile(slides_pdf(camera.title, rows[0].name), name="slides.pdf"), actor=None
            )
        if remote:
            if videos and video is None:
                video = _video()
            if videos and video is not None:
                camera = files.upload_video(camera, ContentFile(video, name="talk.mp4"), actor=None)
                result.videos += 1
            else:
                result.skipped_videos += 1
        result.seeded += 1
    return result
