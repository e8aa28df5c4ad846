"""The dashboard page: counts, table, filters, sorting, paging, query count."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def _get(client, **params):
    response = client.get(reverse("dashboard:index", args=["osfm"]), params)
    assert response.status_code == 200
    return response


def test_table_shows_authors_even_in_double_blind(client, organizer, workshop, make_submission):
    assert workshop.anonymity == "double-blind"
    make_submission(
        "Blind paper",
        authors=[("Hidden Name", "hidden@x.org", "Secret Lab")],
        category="regular",
        main_pages=11,
    )
    client.force_login(organizer)
    html = _get(client).content.decode()
    assert "Blind paper" in html and "Hidden Name" in html and "Secret Lab" in html
    assert "11/9" in html  # main pages / limit badge
    assert reverse("submissions:detail", args=["osfm", 1]) in html
    assert reverse("dashboard:extension", args=["osfm", 1]) in html


def test_counts_and_chart(client, organizer, make_submission):
    make_submission("One", topic="open-agents")
    make_submission("Two", topic="open-agents", category="regular")
    make_submission("Three", topic="open-evaluation", status="withdrawn")
    client.force_login(organizer)
    response = _get(client)
    counts = response.context["counts"]
    assert (counts.total, counts.active, counts.withdrawn) == (3, 2, 1)
    html = response.content.decode()
    assert "<strong>3</strong> in total" in html and "<strong>1</strong> withdrawn" in html
    assert 'class="bar-chart"' in html and '<meter min="0" max="100" value="100.0"' in html


def test_filters_and_search_on_the_page(client, organizer, make_submission):
    make_submission("Alpha merging", topic="open-agents")
    make_submission("Beta data", category="regular", authors=[("Dana Scully", "dana@fbi.gov", "FBI")])
    make_submission("Gamma gone", status="withdrawn")
    client.force_login(organizer)
    titles = lambda r: [row["sub"].title for row in r.context["rows"]]  # noqa: E731
    assert titles(_get(client, q="scully")) == ["Beta data"]
    assert titles(_get(client, topic="open-agents")) == ["Alpha merging"]
    assert titles(_get(client, category="regular")) == ["Beta data"]
    assert titles(_get(client, status="withdrawn")) == ["Gamma gone"]
    assert titles(_get(client, sort="-title")) == ["Gamma gone", "Beta data", "Alpha merging"]
    assert "No submissions match these filters" in _get(client, q="zzz").content.decode()


def test_sort_links_toggle_and_keep_filters(client, organizer, make_submission):
    make_submission("x")
    client.force_login(organizer)
    columns = {c["label"]: c for c in _get(client, sort="title", status="active").context["columns"]}
    assert columns["Title"]["active"] and "sort=-title" in columns["Title"]["query"]
    assert "status=active" in columns["Title"]["query"]
    assert "sort=pages" in columns["Pages"]["query"]


def test_pagination_50_per_page(client, organizer, make_submission):
    for i in range(55):
        make_submission(f"Paper {i}")
    client.force_login(organizer)
    first = _get(client)
    assert len(first.context["rows"]) == 50
    assert "page=2" in first.content.decode()
    second = _get(client, page=2)
    assert [r["sub"].number for r in second.context["rows"]] == list(range(51, 56))


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        _get(client)
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_rows(
    client, organizer, make_submission, django_assert_max_num_queries
):
    for i in range(3):
        make_submission(
            f"Small {i}",
            secondary="open-agents",
            authors=[(f"A{i}", f"a{i}@x.org", "X"), (f"B{i}", f"b{i}@x.org", "Y")],
        )
    client.force_login(organizer)
    few = _queries(client)
    for i in range(57):
        make_submission(
            f"Many {i}",
            category="regular" if i % 2 else "short",
            secondary="open-agents",
            artifacts=[("code", f"https://example.org/{i}")],
            authors=[(f"C{i}", f"c{i}@x.org", "X"), (f"D{i}", f"d{i}@x.org", "Y")],
        )
    with django_assert_max_num_queries(few):
        response = _get(client)
    assert len(response.context["rows"]) == 50
    assert few <= 20, few
