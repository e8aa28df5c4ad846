"""Findings and results: JSON round trip, statuses, and what reviewers may see."""

from __future__ import annotations

import json

import pytest

from confero.engine.checks import CheckResult, Finding


def test_round_trip_through_json():
    f = Finding(
        "artifacts",
        "code-link",
        "info",
        "code link",
        page=3,
        evidence="see x",
        link="https://x.org",
        data={"a": 1},
    )
    r = CheckResult.done("artifacts", [f], {"openness": [{"item": "code", "state": "found"}]})
    back = CheckResult.from_dict(json.loads(json.dumps(r.to_dict())))
    assert back == r
    assert back.findings[0].data == {"a": 1}


def test_status_follows_the_worst_severity():
    info = Finding("x", "k", "info", "m")
    warn = Finding("x", "k", "warning", "m")
    err = Finding("x", "k", "error", "m")
    assert CheckResult.done("x", []).status == "ok"
    assert CheckResult.done("x", [info]).status == "ok"
    assert CheckResult.done("x", [info, warn]).status == "flagged"
    r = CheckResult.done("x", [warn, err, info])
    assert (r.status, r.severity, r.count("warning")) == ("flagged", "error", 1)
    assert CheckResult.could_not("x", "no PDF").to_dict()["reason"] == "no PDF"


def test_bad_severity_or_status_is_refused():
    with pytest.raises(ValueError, match="severity"):
        Finding("x", "k", "fatal", "m")
    with pytest.raises(ValueError, match="status"):
        CheckResult("x", "passed")


def test_visible_hides_identifying_findings_and_summary_entries():
    r = CheckResult.done(
        "artifacts",
        [
            Finding("artifacts", "code-link", "info", "ok"),
            Finding("artifacts", "de-anonymising-link", "error", "x", identifying=True),
        ],
        {"openness": [{"item": "code", "evidence": [{"link": "a", "identifying": True}, {"link": "b"}]}]},
    )
    seen = r.visible(identifying=False)
    assert [f.kind for f in seen.findings] == ["code-link"]
    assert seen.summary["openness"][0]["evidence"] == [{"link": "b"}]
    assert r.visible(identifying=True) is r
    assert len(r.findings) == 2  # the original is unchanged
