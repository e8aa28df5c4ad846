"""``confero.camera.demo.seed``: every accepted paper gets a complete camera-ready; running it again
changes nothing."""

from __future__ import annotations

from confero.camera import demo, published
from confero.camera.models import CameraReady
from confero.camera.status import missing
from tests.program.conftest import make_paper

from .conftest import HAS_FFMPEG, HAS_FFPROBE


def test_seed_fills_every_accepted_paper(camera_world, workshop, organizer):
    from confero.awards.models import Pick

    for number in (5, 6, 7, 8):
        make_paper(workshop, number, organizer, authors=[(f"Author {number}", f"a{number}@uni.edu")], topic=0)
    Pick.objects.create(workshop=workshop, submission=camera_world["papers"][2], kind="oral", position=1)
    result = demo.seed(workshop)
    assert (result.papers, result.seeded) == (6, 6)
    cameras = {c.submission.number: c for c in CameraReady.objects.select_related("submission")}
    assert set(cameras) == {1, 2, 5, 6, 7, 8}  # not the rejected #3 nor the unreleased #4
    remote = [n for n, c in cameras.items() if c.attendance == "remote"]
    assert remote == [8]
    if HAS_FFMPEG and HAS_FFPROBE:
        assert result.videos == 1 and cameras[8].video
    for number, camera in cameras.items():
        assert missing(camera, oral=number == 2) == ([] if camera.video or number != 8 else ["video"]), number
    assert cameras[2].slides and not cameras[1].slides
    papers = published.published_papers(workshop)
    assert [p.number for p in papers] == [1, 2, 5, 6, 7, 8]
    assert all({"paper", "poster"} <= set(p.files) for p in papers)
    assert papers[0].authors == ["Ana Lee", "Cy Diaz"] and papers[1].is_oral
    versions = {c.pk: c.version for c in cameras.values()}
    again = demo.seed(workshop)
    assert again.seeded == 0
    assert {c.pk: c.version for c in CameraReady.objects.all()} == versions
