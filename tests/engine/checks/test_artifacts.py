"""The artifacts check on real PDFs: classified links, de-anonymising links, the openness profile,
form links and (with a local server) link health."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from paper_pdf import Section, Url, make_paper

from confero.engine.checks import CheckContext, FormLink, parse_authors, read_pdf
from confero.engine.checks.artifacts import check_artifacts
from confero.engine.checks.linkcheck import LinkChecker

LOREM = "The method is described in detail below and evaluated in the next section of this paper."


def paper(paragraphs, references=None, **kw) -> bytes:
    return make_paper(
        sections=[Section("1 Introduction", [LOREM.split() + p for p in paragraphs])],
        references=references,
        **kw,
    )


def run(pdf, **ctx):
    return check_artifacts(read_pdf(pdf), CheckContext(**ctx))


def by_kind(result, kind):
    return [f for f in result.findings if f.kind == kind]


def profile(result):
    return {e["item"]: e["state"] for e in result.summary["openness"]}


def test_links_are_classified_with_evidence():
    pdf = paper(
        [
            ["Our", "code", "is", "at", Url("https://anonymous.4open.science/r/merge-1234"), "."],
            [
                "We",
                "release",
                "the",
                "dataset",
                "at",
                Url("https://huggingface.co/datasets/anon/corpus"),
                "and",
                "the",
                "weights",
                "at",
                Url("https://huggingface.co/anon/model-7b"),
                ".",
            ],
            ["A", "demo", "runs", "at", Url("https://huggingface.co/spaces/anon/demo"), "."],
        ],
        references=["[1] A. Author. Title. arXiv, 2024. https://arxiv.org/abs/2401.00001."],
    )
    r = run(pdf)
    kinds = {f.link: f.kind for f in r.findings if f.kind.endswith("-link")}
    assert kinds == {
        "https://anonymous.4open.science/r/merge-1234": "code-link",
        "https://huggingface.co/datasets/anon/corpus": "dataset-link",
        "https://huggingface.co/anon/model-7b": "model-link",
        "https://huggingface.co/spaces/anon/demo": "demo-link",
        "https://arxiv.org/abs/2401.00001": "paper-link",
    }
    for f in r.findings:
        if f.kind.endswith("-link"):
            assert f.page == 1 and f.evidence and f.severity == "info"
    refs = [x for x in r.summary["links"] if x["in_references"]]
    assert [x["url"] for x in refs] == ["https://arxiv.org/abs/2401.00001"]
    assert profile(r)["code"] == profile(r)["data"] == profile(r)["weights"] == "found"
    assert not by_kind(r, "de-anonymising-link")


def test_personal_account_of_an_author_is_an_error_and_identifying():
    pdf = paper([["Our", "code:", Url("https://github.com/janedoe/merging"), "."]])
    r = run(pdf, authors=parse_authors("Jane Doe <jane@uni.edu>"))
    (leak,) = by_kind(r, "de-anonymising-link")
    assert (leak.severity, leak.identifying, leak.link) == (
        "error",
        True,
        "https://github.com/janedoe/merging",
    )
    assert "janedoe" in leak.message
    assert r.visible(identifying=False).summary["links"] == []  # the link itself is hidden from reviewers


def test_own_code_under_a_named_account_is_a_warning_third_party_is_not():
    pdf = paper(
        [
            [
                "Our",
                "implementation",
                "is",
                "available",
                "at",
                Url("https://github.com/coollab/merging"),
                ".",
            ],
            [
                "We",
                "compare",
                "with",
                "the",
                "baseline",
                "of",
                "Smith",
                "et",
                "al.",
                Url("https://github.com/smithlab/baseline"),
                ".",
            ],
            ["We", "use", Url("https://github.com/huggingface/transformers"), "."],
        ]
    )
    r = run(pdf)
    leaks = by_kind(r, "de-anonymising-link")
    assert [f.link for f in leaks] == ["https://github.com/coollab/merging"]
    assert leaks[0].severity == "warning"
    assert not by_kind(run(pdf, anonymity="single-blind"), "de-anonymising-link")


def test_openness_promised_but_missing_with_the_sentence():
    pdf = paper(
        [
            [
                "Code",
                "and",
                "checkpoints",
                "will",
                "be",
                "made",
                "publicly",
                "available",
                "upon",
                "acceptance.",
            ],
            [
                "We",
                "train",
                "with",
                "AdamW",
                "with",
                "a",
                "learning",
                "rate",
                "of",
                "3e-4",
                "and",
                "a",
                "batch",
                "size",
                "of",
                "256",
                "for",
                "10k",
                "steps.",
            ],
            [
                "We",
                "report",
                "zero-shot",
                "accuracy",
                "on",
                "MMLU",
                "and",
                "GSM8K",
                "averaged",
                "over",
                "3",
                "seeds.",
            ],
        ]
    )
    r = run(pdf)
    assert profile(r) == {
        "code": "promised",
        "data": "absent",
        "weights": "promised",
        "training_details": "found",
        "licence": "absent",
        "evaluation_details": "found",
    }
    promised = by_kind(r, "promised-but-missing")
    assert {f.data["item"] for f in promised} == {"code", "weights"}
    assert all(f.severity == "warning" and "will be made publicly available" in f.evidence for f in promised)


def test_licence_and_supplementary_material():
    pdf = paper(
        [
            ["The", "code", "is", "included", "in", "the", "supplementary", "material."],
            [
                "All",
                "artifacts",
                "are",
                "released",
                "under",
                "the",
                "Apache",
                "2.0",
                "license",
                "and",
                "the",
                "data",
                "under",
                "CC",
                "BY",
                "4.0.",
            ],
        ]
    )
    prof = profile(run(pdf))
    assert (prof["code"], prof["licence"]) == ("found", "found")


def test_nothing_open_is_absent_not_a_pass():
    r = run(paper([LOREM.split()]))
    assert set(profile(r).values()) == {"absent"}
    assert len(by_kind(r, "openness-absent")) == 6
    assert r.summary["link_check"].startswith("not run")


def test_form_links_count_and_are_classified():
    pdf = paper([LOREM.split()])
    r = run(
        pdf,
        form_links=(
            FormLink("https://zenodo.org/records/42", "checkpoint"),
            FormLink("https://github.com/anon/x", "code"),
        ),
    )
    assert profile(r)["weights"] == "found" and profile(r)["code"] == "found"
    sources = {x["url"]: (x["source"], x["kind"]) for x in r.summary["links"]}
    assert sources["https://zenodo.org/records/42"] == ("form", "model")


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_HEAD(self):
        if self.path == "/r/anon":
            self.send_response(302)
            self.send_header("Location", "https://github.com/janedoe/repo")
        else:
            self.send_response(404 if self.path == "/gone" else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_link_health_with_a_local_server(server):
    pdf = paper(
        [
            ["Our", "code", "is", "at", Url(f"{server}/ok"), "."],
            ["Data:", Url(f"{server}/gone"), "."],
            ["Mirror:", Url(f"{server}/r/anon"), "."],
        ]
    )
    ctx = CheckContext(check_links=True, authors=parse_authors("Jane Doe <jane@uni.edu>"))
    # only the local server may be visited: the redirect to github.com is seen but not followed
    checker = LinkChecker(timeout=2, per_host_interval=0, allow_private=True, only_hosts={"127.0.0.1"})
    r = check_artifacts(read_pdf(pdf), ctx, checker=checker)
    (broken,) = by_kind(r, "link-broken")
    assert broken.link == f"{server}/gone" and broken.severity == "warning"
    (redirect_leak,) = by_kind(r, "de-anonymising-link")
    assert redirect_leak.link == f"{server}/r/anon" and "github.com/janedoe" in redirect_leak.message
    statuses = {x["url"]: x["status"]["status"] for x in r.summary["links"]}
    assert statuses == {f"{server}/ok": "ok", f"{server}/gone": "broken", f"{server}/r/anon": "refused"}
