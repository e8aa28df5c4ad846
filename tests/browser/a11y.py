"""axe-core and keyboard helpers of the browser tests (see the ``axe`` fixture in conftest.py)."""

from __future__ import annotations

AXE_URL = "/__test__/axe.min.js"  # answered by a Playwright route, never by the server


def violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE_URL)
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 3)}))"""
    )
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at {v['nodes']}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def tab_to(page, predicate_js: str, *, limit: int = 200) -> int:
    """Press Tab until ``predicate_js`` (a JS expression over ``el``, the focused element) holds; returns
    the number of presses. Fails if it is never reached: the element is not keyboard-reachable."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({predicate_js}); }})()"):
            return presses
    raise AssertionError(f"not reached by Tab within {limit} presses: {predicate_js}")


def focused_text(page) -> str:
    return page.evaluate("(document.activeElement.innerText || document.activeElement.value || '').trim()")
