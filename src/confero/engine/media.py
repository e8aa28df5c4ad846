"""Checks of presentation media: posters (PDF or PNG), slides (PDF) and videos (probed with ffprobe).

Everything here raises :class:`MediaProblem` with a message an author understands, and works on bytes
or file paths; no Django.

* Posters: a PNG's size is read from its header (a tiny pure reader: the IHDR chunk, no decoding, so a
  "decompression bomb" costs nothing); a PDF poster must have exactly one page, whose size comes from its
  crop box (rotation applied). The orientation and the ratio of the longer to the shorter side are
  checked against the workshop's rules.
* Videos: the container is recognised from its first bytes (MP4/QuickTime or Matroska/WebM — anything
  else, e.g. a playlist that would make ffprobe open other files or URLs, is refused before ffprobe
  runs); then ``ffprobe`` (Debian's ffmpeg) reads duration, codec and frame size, with a time limit.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import struct
import subprocess
from dataclasses import dataclass

FFPROBE = "/usr/bin/ffprobe"
PROBE_TIMEOUT = 20.0  # seconds ffprobe may take on one file
DURATION_TOLERANCE = 0.5  # seconds over the limit still accepted (containers round durations)
VIDEO_CODECS = {"h264": "H.264", "hevc": "H.265/HEVC", "vp8": "VP8", "vp9": "VP9", "av1": "AV1"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MB = 1_000_000


class MediaProblem(ValueError):
    """The file cannot be accepted; the message says why."""


class ProbeUnavailable(MediaProblem):
    """ffprobe is not installed (or cannot run) on this server, so videos cannot be checked."""


def _mb(n: int) -> str:
    return f"{n / MB:.1f} MB"


def minutes(seconds: float) -> str:
    """181.2 -> '3 min 1 s'; 59 -> '59 s'."""
    m, s = divmod(round(seconds), 60)
    if not m:
        return f"{s} s"
    return f"{m} min" + (f" {s} s" if s else "")


def _check_size(size: int, max_bytes: int | None, what: str) -> None:
    if size == 0:
        raise MediaProblem(f"The {what} file is empty (0 bytes).")
    if max_bytes is not None and size > max_bytes:
        raise MediaProblem(
            f"The {what} is {_mb(size)}; the limit is {_mb(max_bytes)}. Please upload a smaller file."
        )


# --- posters and slides -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PosterInfo:
    format: str  # "pdf" or "png"
    width: float  # points (PDF) or pixels (PNG)
    height: float
    size: int
    pages: int = 1


def png_size(raw: bytes) -> tuple[int, int]:
    """(width, height) of a PNG from its IHDR chunk; MediaProblem when it is not a PNG."""
    if not raw.startswith(PNG_SIGNATURE) or len(raw) < 33 or raw[12:16] != b"IHDR":
        raise MediaProblem("The file is not a PNG image (its first bytes are not a PNG header).")
    width, height = struct.unpack(">II", raw[16:24])
    if not (0 < width < 2**31 and 0 < height < 2**31):
        raise MediaProblem("The PNG image's header is damaged (its width or height is zero).")
    if b"IEND" not in raw[-64:]:
        raise MediaProblem(
            "The PNG image is incomplete (its end marker is missing, as in a truncated upload)."
        )
    return width, height


def _pdf_pages_and_first_size(raw: bytes, max_pages: int) -> tuple[int, float, float]:
    """(page count, width, height of page 1 in points). Runs in the sandbox (see :func:`pdf_layout`)."""
    import logging

    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted:
            raise MediaProblem(
                "The PDF is encrypted or password-protected; please upload it without a password."
            )
        try:
            with apply_configuration(page_tree_maximum_entries=2 * max_pages + 128):
                pages = len(reader.pages)
        except LimitReachedError:
            raise MediaProblem(f"The PDF has more than {max_pages} pages.") from None
        if pages == 0:
            raise MediaProblem("The PDF has no pages that can be read; please export it again.")
        page = reader.pages[0]
        box = page.cropbox
        width, height = abs(float(box.width)), abs(float(box.height))
        if int(page.get("/Rotate", 0) or 0) % 180 == 90:
            width, height = height, width
        return pages, width, height
    except MediaProblem:
        raise
    except Exception as exc:  # pypdf raises many types for damaged files; all mean "cannot read"
        raise MediaProblem(
            f"The PDF could not be read; it seems damaged ({type(exc).__name__}). Please export it again."
        ) from None


def pdf_layout(raw: bytes, *, max_pages: int = 500, cpu_seconds: int = 2) -> tuple[int, float, float]:
    """Page count and page-1 size of a PDF, read in a child process with a CPU-time limit."""
    if b"%PDF-" not in raw[:1024]:
        raise MediaProblem("The file is not a PDF (it does not start with a PDF header).")
    if b"%%EOF" not in raw[-2048:]:
        raise MediaProblem("The PDF is damaged or incomplete (its end-of-file marker is missing).")
    from .sandbox import LimitExceeded, run_limited

    try:
        return run_limited(
            _pdf_pages_and_first_size, raw, max_pages, cpu_seconds=cpu_seconds, memory_bytes=500_000_000
        )
    except LimitExceeded:
        raise MediaProblem(
            "The PDF is too complex to check in the time allowed; please export it again (e.g. print to PDF)."
        ) from None


def check_shape(width: float, height: float, *, orientation: str = "any", max_ratio: float = 2.0) -> None:
    """Orientation ("any", "portrait", "landscape") and longer/shorter side ratio."""
    if width <= 0 or height <= 0:
        raise MediaProblem("The poster has no size (its width or height is zero).")
    ratio = max(width, height) / min(width, height)
    shape = f"{width:g} × {height:g}"
    if orientation == "portrait" and width > height:
        raise MediaProblem(f"The poster is landscape ({shape}); this workshop asks for portrait posters.")
    if orientation == "landscape" and height > width:
        raise MediaProblem(f"The poster is portrait ({shape}); this workshop asks for landscape posters.")
    if ratio > float(max_ratio) + 0.005:
        raise MediaProblem(
            f"The poster's sides have a ratio of {ratio:.2f} ({shape}); at most {float(max_ratio):.2f} is "
            "accepted (longer side divided by shorter side)."
        )


def inspect_poster(
    raw: bytes,
    *,
    max_bytes: int | None,
    orientation: str = "any",
    max_ratio: float = 2.0,
    min_px: int = 0,
) -> PosterInfo:
    """Check a poster: PNG (size from the header, shorter side at least ``min_px``) or a 1-page PDF."""
    _check_size(len(raw), max_bytes, "poster")
    if raw.startswith(PNG_SIGNATURE):
        width, height = png_size(raw)
        check_shape(width, height, orientation=orientation, max_ratio=max_ratio)
        if min(width, height) < min_px:
            raise MediaProblem(
                f"The PNG poster is {width} × {height} pixels; its shorter side needs at least {min_px} "
                "pixels to be readable when printed or shown. Please export it at a higher resolution."
            )
        return PosterInfo("png", width, height, len(raw))
    if b"%PDF-" in raw[:1024]:
        pages, width, height = pdf_layout(raw, max_pages=20)
        if pages != 1:
            raise MediaProblem(f"The poster PDF has {pages} pages; a poster must be a single page.")
        check_shape(round(width), round(height), orientation=orientation, max_ratio=max_ratio)
        return PosterInfo("pdf", width, height, len(raw))
    raise MediaProblem("A poster must be a PDF (one page) or a PNG image; this file is neither.")


def inspect_slides(raw: bytes, *, max_bytes: int | None, max_pages: int = 200) -> int:
    """Check slides (a PDF); returns the page count."""
    _check_size(len(raw), max_bytes, "slides")
    pages, _w, _h = pdf_layout(raw, max_pages=max_pages)
    return pages


# --- videos -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VideoInfo:
    seconds: float
    codec: str  # ffprobe's codec name, e.g. "h264"
    width: int
    height: int
    container: str  # "mp4" or "webm"
    size: int

    @property
    def extension(self) -> str:
        return ".webm" if self.container == "webm" else ".mp4"


def container_of(head: bytes) -> str:
    """ "mp4" (MP4/QuickTime) or "webm" (Matroska/WebM) from the first bytes; MediaProblem otherwise."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    raise MediaProblem(
        "The video could not be read: it is not an MP4 or WebM file. Please export it as MP4 (H.264) or "
        "WebM (VP9 or AV1)."
    )


def ffprobe_path() -> str | None:
    """The ffprobe to use, or None when none is installed."""
    if os.access(FFPROBE, os.X_OK):
        return FFPROBE
    return shutil.which("ffprobe")


def probe(path: str | os.PathLike, *, timeout: float = PROBE_TIMEOUT) -> dict:
    """ffprobe's JSON description (format and streams) of a local file."""
    exe = ffprobe_path()
    if exe is None:
        raise ProbeUnavailable(
            "Videos cannot be checked on this server (ffprobe from ffmpeg is not installed); please tell "
            "the organizers."
        )
    cmd = [
        exe,
        "-v",
        "error",
        "-protocol_whitelist",
        "file",
        "-print_format",
        "json",
        "-show_format",
        "-show_streams",
        "file:" + os.fspath(path),
    ]
    try:
        done = subprocess.run(
            cmd, capture_output=True, timeout=timeout, check=False, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired:
        raise MediaProblem(
            f"The video could not be read: checking it took longer than {timeout:g} s. Please export it again "
            "as MP4 (H.264) or WebM."
        ) from None
    except OSError as exc:
        raise ProbeUnavailable(
            f"Videos cannot be checked on this server (ffprobe did not run: {exc})."
        ) from None
    if done.returncode != 0:
        raise MediaProblem(
            "The video could not be read (it seems damaged or is not a video). Please export it again as MP4 "
            "(H.264) or WebM (VP9 or AV1)."
        )
    try:
        return json.loads(done.stdout or b"{}")
    except ValueError:
        raise MediaProblem("The video could not be read (the checker's answer was not understood).") from None


def _duration(data: dict, stream: dict) -> float | None:
    for value in (data.get("format", {}).get("duration"), stream.get("duration")):
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            continue
        if seconds > 0:
            return seconds
    return None


def inspect_video(
    path: str | os.PathLike, *, max_seconds: float, max_bytes: int | None, timeout: float = PROBE_TIMEOUT
) -> VideoInfo:
    """Check a video file: MP4 or WebM, a video track in an accepted codec, at most ``max_seconds`` long
    (plus :data:`DURATION_TOLERANCE`) and ``max_bytes`` large."""
    size = os.path.getsize(path)
    _check_size(size, max_bytes, "video")
    with open(path, "rb") as fh:
        container = container_of(fh.read(64))
    data = probe(path, timeout=timeout)
    streams = data.get("streams") or []
    video = next(
        (
            s
            for s in streams
            if s.get("codec_type") == "video" and not (s.get("disposition") or {}).get("attached_pic")
        ),
        None,
    )
    if video is None:
        raise MediaProblem(
            "The file has no video track (only sound or nothing readable). Please upload a video."
        )
    codec = str(video.get("codec_name") or "")
    if codec not in VIDEO_CODECS:
        accepted = ", ".join(VIDEO_CODECS.values())
        raise MediaProblem(
            f"The video uses the {codec or 'unknown'} codec; accepted are {accepted}. Please export it again "
            "(e.g. as MP4 with H.264)."
        )
    seconds = _duration(data, video)
    if seconds is None:
        raise MediaProblem(
            "The video's length could not be read (the file seems damaged). Please export it again."
        )
    if seconds > max_seconds + DURATION_TOLERANCE:
        raise MediaProblem(
            f"The video is too long: {minutes(seconds)} ({seconds:.1f} s); at most {minutes(max_seconds)} is "
            "accepted. Please shorten it and upload again."
        )
    return VideoInfo(
        seconds=round(seconds, 2),
        codec=codec,
        width=int(video.get("width") or 0),
        height=int(video.get("height") or 0),
        container=container,
        size=size,
    )
