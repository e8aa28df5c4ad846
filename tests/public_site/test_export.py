"""confero export-site: the whole public site as static files, served by a plain web server (Python's
http.server here), every internal link resolving."""

from __future__ import annotations

import http.server
import re
import threading
from functools import partial
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from .linkcheck import check


@pytest.fixture
def serve():
    servers = []

    def start(directory: Path) -> str:
        handler = partial(QuietHandler, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_the_export_is_a_complete_site_with_working_links(tmp_path, workshop, published, serve, capsys):
    out = tmp_path / "site"
    call_command("export_site", str(out), workshop="osfm")
    assert "wrote" in capsys.readouterr().out
    assert (out / "index.html").exists() and (out / "program" / "index.html").exists()
    base = serve(out)
    bodies, problems = check(base)
    assert not problems, "\n".join(problems)
    urls = set(bodies)
    for number in (1, 2, 3, 5):
        assert f"{base}papers/{number}/index.html" in urls
    for number in (4, 6, 7, 8):
        assert not (out / "papers" / str(number)).exists()
    topic = workshop.topics.order_by("order")[0].key
    assert f"{base}papers/topics/{topic}/index.html" in urls  # topic pages instead of ?topic=
    assert f"{base}program.ics" in urls and f"{base}speakers/index.html" in urls
    assert any(u.endswith("static/confero/site.css") for u in urls)
    pdf = next(u for u in urls if re.search(r"papers/3/paper/[^/]+\.pdf$", u))
    assert bodies[pdf].startswith(b"%PDF")
    assert any(u.endswith(".png") and bodies[u].startswith(b"\x89PNG") for u in urls)
    html = b"\n".join(b for u, b in bodies.items() if u.endswith(".html")).decode()
    for hidden in ("Secret four", "Undecided six", "Rejected seven", "Unreleased eight", "Dee Ford", "@"):
        assert hidden not in html.replace("mailto:", "")
    for live_only in ('name="q"', "Log in", "/accounts/", "/manage/", "Now and next"):
        assert live_only not in html
    assert 'href="/' not in html and 'src="/' not in html  # relative links only


def test_the_export_opens_from_disk_too(tmp_path, workshop, published):
    out = tmp_path / "site"
    call_command("export_site", str(out), workshop="osfm")
    page = (out / "papers" / "3" / "index.html").read_text()
    for link in re.findall(r'(?:href|src)="(?![a-z]+:)([^"#]+)', page):
        assert (out / "papers" / "3" / link).resolve().exists(), link  # every relative link is a file


def test_base_url_gives_absolute_links(tmp_path, workshop, published):
    out = tmp_path / "site"
    call_command("export_site", str(out), workshop="osfm", base_url="https://example.org/osfm/")
    html = (out / "papers" / "index.html").read_text()
    assert 'href="https://example.org/osfm/papers/3/"' in html
    assert 'href="https://example.org/osfm/static/confero/site.css"' in html


def test_refusals(tmp_path, workshop, published):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    with pytest.raises(CommandError, match="not empty"):
        call_command("export_site", str(tmp_path / "full"), workshop="osfm")
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"
    with pytest.raises(CommandError, match="no workshop"):
        call_command("export_site", str(tmp_path / "x"), workshop="nope")
    workshop.is_published = False
    workshop.save(update_fields=["is_published"])
    with pytest.raises(CommandError, match="draft"):
        call_command("export_site", str(tmp_path / "y"), workshop="osfm")
    assert not (tmp_path / "y").exists() or not any((tmp_path / "y").iterdir())


def test_before_proceedings_the_export_is_the_call_for_papers(tmp_path, workshop, serve):
    out = tmp_path / "site"
    call_command("export_site", str(out), workshop="osfm")
    bodies, problems = check(serve(out))
    assert not problems, "\n".join(problems)
    home = (out / "index.html").read_text()
    assert "We invite submissions on" in home and "Submit a paper" not in home
