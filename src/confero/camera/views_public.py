"""The public (no login) files of published papers: /<slug>/papers/<number>/<kind>/.

Only what :mod:`.published` publishes is served; anything else — an unknown paper, a paper that is not
accepted, withdrawn or without the authors' consent, a file it does not have, a draft workshop — answers
404, the same as a paper that does not exist.
"""

from __future__ import annotations

import os

from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from confero.web.access import workshop_for

from .published import FILE_KINDS, published_paper

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mov": "video/quicktime",
    ".mkv": "video/x-matroska",
}


@require_GET
def public_file(request, slug, number, kind):
    workshop = workshop_for(request, slug)
    if not workshop.is_published or kind not in FILE_KINDS:
        raise Http404("not found")
    paper = published_paper(workshop, number)
    if paper is None or kind not in paper.files:
        raise Http404("not found")
    stored = paper.files[kind]
    ext = os.path.splitext(stored.name)[1].lower()
    try:
        fh = stored.storage.open(stored.name, "rb")
    except FileNotFoundError:
        raise Http404("not found") from None
    resp = FileResponse(
        fh,
        content_type=CONTENT_TYPES.get(ext, "application/octet-stream"),
        filename=f"{workshop.slug}-{paper.number}-{kind}{ext}",
        as_attachment=False,
    )
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Cache-Control"] = "public, max-age=300"
    return resp
