"""Browser journeys of authors and organizers in a real Chromium (Playwright) against the live server.

Each test is independent: its own database (pytest-django's live server runs in this process, so the
test body can read the database and ``django.core.mail.outbox`` directly).
"""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from confero.submissions.samplepdf import make_pdf

PASSWORD = "correct-horse-9"


def paper(main: int, *, title: str = "Paper title") -> bytes:
    """A real PDF with ``main`` pages of main text and a "References" heading on page ``main + 1``."""
    pages = [f"{title}\nSection {i + 1}\nSome main text on page {i + 1}." for i in range(main)]
    pages.append("References\n[1] A. Author. A paper. 2024.")
    return make_pdf(pages, title=title)


def upload(data: bytes, name: str = "paper.pdf", mime: str = "application/pdf") -> dict:
    return {"name": name, "mimeType": mime, "buffer": data}


def wait_for_mail(outbox, predicate, page, timeout_s: float = 5.0):
    """The first mail in ``outbox`` matching ``predicate``; mail is sent after the commit, so poll briefly."""
    for _ in range(int(timeout_s / 0.1)):
        found = [m for m in outbox if predicate(m)]
        if found:
            return found[0]
        page.wait_for_timeout(100)
    raise AssertionError(f"no matching mail; outbox has {[m.subject for m in outbox]}")


def log_in(page, email: str, password: str = PASSWORD, next_url: str = "") -> None:
    page.goto("/accounts/login/" + (f"?next={next_url}" if next_url else ""))
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def fill_submission(page, *, title: str, pdf: bytes | dict, authors: str, category: str = "Short paper"):
    page.get_by_label(re.compile(r"^Title")).fill(title)
    page.get_by_label(re.compile(r"^Abstract")).fill("We study *open* foundation models.")
    page.get_by_label(re.compile(r"^Authors")).fill(authors)
    page.get_by_role("radio", name=re.compile(f"^{category}")).check()
    page.get_by_label(re.compile(r"^Primary topic")).select_option(label="Open Datasets")
    page.get_by_label(re.compile(r"^Secondary topic")).select_option(label="Open Evaluation")
    page.get_by_label(re.compile(r"^Artifact links")).fill("code https://github.com/org/repo Training code")
    page.get_by_role("radio", name="No", exact=True).check()
    page.get_by_label(re.compile(r"follows the workshop's submission policies")).check()
    page.get_by_label(re.compile(r"^Paper \(PDF\)")).set_input_files(
        pdf if isinstance(pdf, dict) else upload(pdf)
    )


def create_submission(workshop, user, *, title="Open data for open models", category="short", main=4):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from confero.submissions.services import AuthorData, SubmissionData, create_submission

    data = SubmissionData(
        title=title,
        abstract="An abstract.",
        category=workshop.categories.get(key=category),
        primary_topic=workshop.topics.order_by("order")[0],
        secondary_topic=None,
        authors=[AuthorData(user.name, user.email, "Uni C")],
        artifacts=[],
        conflicts=[],
        previously_published=False,
        policies_agreed=True,
    )
    pdf = SimpleUploadedFile("paper.pdf", paper(main), content_type="application/pdf")
    return create_submission(workshop=workshop, user=user, data=data, pdf=pdf)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Password hashing is not under test here; the live server runs in-process, so this applies to it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_sign_up_verify_submit_edit_withdraw(page, screenshot, workshop, mailoutbox):
    from confero.submissions.models import Submission

    page.goto("/osfm/")
    page.get_by_role("link", name="Submit a paper").click()  # anonymous: log in or sign up first
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/osfm/submit/$"))
    page.get_by_role("main").get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", name="Create your Confero account")).to_be_visible()
    page.get_by_label("Full name").fill("Ada Lovelace")
    page.get_by_label("E-mail address").fill("Ada@Uni-C.edu")
    page.get_by_label("Password", exact=True).fill("analytical-engine-1843")
    page.get_by_label("Password again").fill("analytical-engine-1843")
    screenshot("signup")
    page.get_by_role("button", name="Sign up").click()
    # Signing up logs nobody in: the page says where the link went (the same answer for any address).
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    expect(page.locator("main")).to_contain_text("ada@uni-c.edu")
    # Logging in with the password works, but submitting waits for the verified address.
    page.goto("/accounts/login/?next=/osfm/submit/")
    page.get_by_label("E-mail address").fill("ada@uni-c.edu")
    page.get_by_label("Password").fill("analytical-engine-1843")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/osfm/submit/$"))
    expect(page.get_by_role("alert").first).to_contain_text("is not verified yet")
    fill_submission(page, title="Too early", pdf=paper(4), authors="Ada Lovelace <ada@uni-c.edu>, Uni C")
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("main")).to_contain_text("Verify your e-mail address first")
    assert Submission.objects.count() == 0

    mail = wait_for_mail(mailoutbox, lambda m: "ada@uni-c.edu" in m.to and "Confirm" in m.subject, page)
    link = re.search(r"/accounts/verify/[^\s/]+/", mail.body)
    assert link, mail.body
    page.goto(link.group(0))
    # The link verifies and leads back to where the sign-up started.
    expect(page).to_have_url(re.compile(r"/osfm/submit/$"))
    expect(page.get_by_role("status")).to_contain_text("ada@uni-c.edu is verified")

    page.goto("/osfm/")
    page.get_by_role("link", name="Submit a paper").click()
    expect(page.get_by_role("heading", name=re.compile("Submit a paper"))).to_be_visible()
    expect(page.get_by_text("is not verified yet")).to_have_count(0)
    fill_submission(
        page,
        title="Open data for open models",
        pdf=paper(4),
        authors="Ada Lovelace <ada@uni-c.edu>, Uni C\nCharles Babbage <charles@uni-d.edu>, Uni D",
    )
    screenshot("submit-form")
    page.get_by_role("button", name="Submit").click()

    expect(page).to_have_url(re.compile(r"/osfm/submissions/1/$"))
    expect(page.get_by_role("heading", name="Open data for open models")).to_be_visible()
    pdf_row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="PDF", exact=True))
    expect(pdf_row).to_contain_text("4 pages of main text, references from page 5; 5 pages in total")
    expect(page.get_by_text("Charles Babbage <charles@uni-d.edu>, Uni D")).to_be_visible()
    screenshot("submission-detail")
    receipt = wait_for_mail(mailoutbox, lambda m: "Submission #1 received" in m.subject, page)
    assert "ada@uni-c.edu" in receipt.to

    page.get_by_role("link", name="Edit").click()
    expect(page.get_by_role("heading", name=re.compile(r"Edit submission #1"))).to_contain_text("version 1")
    page.get_by_label(re.compile(r"^Title")).fill("Open data for open models, revised")
    page.get_by_label(re.compile(r"^Paper \(PDF\)")).set_input_files(upload(paper(3), "revised.pdf"))
    page.get_by_role("button", name="Save changes").click()

    expect(page.get_by_role("heading", name="Open data for open models, revised")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Saved as version 2")
    expect(pdf_row).to_contain_text("3 pages of main text, references from page 4; 4 pages in total")
    history = page.locator("table.versions tbody tr")
    expect(history).to_have_count(2)
    bodies = []
    for n in (1, 2):
        link = page.get_by_role("link", name=f"PDF v{n}", exact=True)
        resp = page.request.get(link.get_attribute("href"))
        assert resp.status == 200 and resp.headers["content-type"] == "application/pdf"
        assert resp.body().startswith(b"%PDF")
        bodies.append(resp.body())
    assert bodies == [paper(4), paper(3)]
    wait_for_mail(mailoutbox, lambda m: "Submission #1 updated (version 2)" in m.subject, page)

    page.get_by_role("link", name="Withdraw").click()
    page.get_by_role("button", name="Withdraw").click()  # without ticking the box: refused
    expect(page.get_by_role("heading", name="Withdraw submission #1")).to_be_visible()
    assert not Submission.objects.get(number=1).is_withdrawn
    page.get_by_label(re.compile("Yes, withdraw this submission")).check()
    page.get_by_role("button", name="Withdraw").click()
    expect(page.locator(".badge", has_text="withdrawn")).to_be_visible()
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)
    assert Submission.objects.get(number=1).is_withdrawn
    wait_for_mail(mailoutbox, lambda m: "Submission #1 withdrawn" in m.subject, page)


def test_over_limit_pdf_explained_and_nothing_stored(page, screenshot, workshop, make_user, settings):
    from confero.submissions.models import Submission, SubmissionVersion

    ada = make_user(email="ada@uni-c.edu", name="Ada Author")
    log_in(page, ada.email)
    page.goto("/osfm/submit/")
    fill_submission(page, title="A long paper", pdf=paper(8), authors="Ada Author <ada@uni-c.edu>, Uni C")
    page.get_by_role("button", name="Submit").click()

    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
    error = page.locator("main")
    expect(error).to_contain_text("The main text is too long: more than 6 pages of main text")
    expect(error).to_contain_text("The limit for Short paper is 6 pages of main text")
    expect(page.get_by_label(re.compile(r"^Title"))).to_have_value("A long paper")  # the rest is kept
    screenshot("over-limit")
    assert Submission.objects.count() == 0

    # Editing an existing submission with an over-limit PDF changes nothing either.
    sub = create_submission(workshop, ada, title="Short and sweet", main=5)
    stored_pdf = sub.pdf.name
    page.goto(f"/osfm/submissions/{sub.number}/edit/")
    page.get_by_label(re.compile(r"^Title")).fill("Now much longer")
    page.get_by_label(re.compile(r"^Paper \(PDF\)")).set_input_files(upload(paper(8)))
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
    expect(error).to_contain_text("more than 6 pages of main text")
    sub.refresh_from_db()
    assert (sub.title, sub.version, sub.pdf.name) == ("Short and sweet", 1, stored_pdf)
    assert SubmissionVersion.objects.filter(submission=sub).count() == 1
    stored = sorted(p.name for p in (settings.MEDIA_ROOT / "submissions").rglob("*.pdf"))
    assert stored == [stored_pdf.rsplit("/", 1)[1]]
    page.goto(f"/osfm/submissions/{sub.number}/")
    expect(page.get_by_role("heading", name="Short and sweet")).to_be_visible()


def test_not_a_pdf_and_encrypted_pdf_explained(page, workshop, make_user):
    from pypdf import PdfReader, PdfWriter

    from confero.submissions.models import Submission

    ada = make_user(email="ada@uni-c.edu", name="Ada Author")
    log_in(page, ada.email)
    page.goto("/osfm/submit/")
    fill_submission(
        page,
        title="Not a PDF",
        pdf=upload(b"\\documentclass{article}\n\\begin{document}Hi\\end{document}\n", "paper.pdf"),
        authors="Ada Author <ada@uni-c.edu>, Uni C",
    )
    page.get_by_role("button", name="Submit").click()
    error = page.locator("main")
    expect(error).to_contain_text("This is not a PDF file (it does not start with the %PDF header)")

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(paper(4))))
    writer.encrypt("secret")
    buf = io.BytesIO()
    writer.write(buf)
    page.get_by_label(re.compile(r"^Paper \(PDF\)")).set_input_files(upload(buf.getvalue()))
    page.get_by_label(re.compile(r"follows the workshop's submission policies")).check()
    page.get_by_role("button", name="Submit").click()
    expect(error).to_contain_text("The PDF is encrypted or password-protected")
    assert Submission.objects.count() == 0


def test_organizer_dashboard_filter_and_audit_log(page, screenshot, workshop, organizer, make_user):
    ada, bob = make_user(name="Ada Author"), make_user(name="Bob Author")
    create_submission(workshop, ada, title="Short one")
    create_submission(workshop, bob, title="Regular one", category="regular", main=8)
    create_submission(workshop, ada, title="Another short one")

    log_in(page, organizer.email, next_url="/osfm/manage/")
    expect(page.get_by_role("heading", name=re.compile(r"^Submissions"))).to_be_visible()
    totals = page.locator("section", has=page.get_by_role("heading", name="Totals"))
    expect(totals).to_contain_text("3 in total · 3 active · 0 withdrawn")
    rows = page.locator("table.submissions tbody tr")
    expect(rows).to_have_count(3)
    screenshot("dashboard")

    page.get_by_label("Category").select_option(label="Regular paper")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"category=regular"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Regular one")
    expect(rows.first).to_contain_text("8/9")
    expect(page.get_by_text("1 submission matches the filters")).to_be_visible()

    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Audit log"))).to_be_visible()
    audit_rows = page.locator("table.audit tbody tr", has_text="submission.created")
    expect(audit_rows).to_have_count(3)
    expect(page.get_by_role("link", name="Submission #2")).to_be_visible()
    screenshot("audit")
    page.get_by_label("Action").select_option("submission.created")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("3 events.")).to_be_visible()


def test_other_author_and_anonymous_cannot_see_a_submission(browser, page, workshop, make_user):
    ada, eve = make_user(name="Ada Author"), make_user(email="eve@uni-e.edu", name="Eve Other")
    sub = create_submission(workshop, ada, title="Ada's secret paper")
    url = f"/osfm/submissions/{sub.number}/"

    page.goto(url)  # anonymous: sent to the log-in page, which brings them back afterwards
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/osfm/submissions/1/$"))
    page.get_by_label("E-mail address").fill(eve.email)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_response(lambda r: r.url.endswith(url) and r.request.method == "GET") as landed:
        page.get_by_role("button", name="Log in").click()
    assert landed.value.status == 404  # logged in, sent back to the submission, which Eve may not see
    for path in (url, url + "edit/", url + "withdraw/", url + "pdf/", url + "pdf/?version=1"):
        resp = page.goto(path)
        assert resp.status == 404, path
        expect(page.get_by_text("Ada's secret paper")).to_have_count(0)

    page.goto("/osfm/")
    page.get_by_role("button", name="Log out").click()
    log_in(page, ada.email, next_url=url)
    expect(page).to_have_url(re.compile(r"/osfm/submissions/1/$"))
    expect(page.get_by_role("heading", name="Ada's secret paper")).to_be_visible()


def test_cfp_countdown_rendered_by_javascript(page, screenshot, workshop):
    page.goto("/osfm/")
    expect(page.get_by_role("heading", name=re.compile("Open Science for Foundation Models"))).to_be_visible()
    left = page.locator("#submit .countdown-left")
    expect(left).to_have_text(re.compile(r"^(9|10)d \d\d:\d\d:\d\d left$"))
    first = left.text_content()
    expect(left).not_to_have_text(first, timeout=3000)  # it ticks
    expect(page.locator("#submit .countdown-local")).to_have_text(re.compile(r"^\(.+ your time\)$"))
    screenshot("cfp")
    # (uncaught JavaScript errors fail the test in the ``page`` fixture)


def test_edit_from_a_stale_tab_is_refused_and_category_change_checks_the_stored_pdf(
    page, workshop, make_user
):
    from confero.submissions.models import Submission

    ada = make_user(email="ada@uni-c.edu", name="Ada Author")
    sub = create_submission(workshop, ada, title="First title", category="regular", main=8)
    log_in(page, ada.email)
    edit_url = f"/osfm/submissions/{sub.number}/edit/"
    other_tab = page.context.new_page()
    other_tab.goto(edit_url)
    page.goto(edit_url)

    page.get_by_label(re.compile(r"^Title")).fill("Title from tab one")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status")).to_contain_text("Saved as version 2")

    other_tab.get_by_label(re.compile(r"^Title")).fill("Title from tab two")
    other_tab.get_by_role("button", name="Save changes").click()
    expect(other_tab.get_by_role("alert")).to_contain_text("This submission was changed meanwhile")
    expect(other_tab.get_by_role("alert")).to_contain_text("it is now at version 2")
    other_tab.get_by_role("link", name="See the current version").click()
    expect(other_tab.get_by_role("heading", name="Title from tab one")).to_be_visible()
    other_tab.close()

    # The stored PDF has 8 pages of main text: moving to the 6-page category without a new PDF is refused.
    page.goto(edit_url)
    page.get_by_role("radio", name=re.compile("^Short paper")).check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("main")).to_contain_text(
        "The current PDF has 8 pages of main text; Short paper allows 6"
    )
    stored = Submission.objects.get(pk=sub.pk)
    assert (stored.category.key, stored.version, stored.title) == ("regular", 2, "Title from tab one")


def test_submitting_works_without_javascript(browser, live_server, workshop, make_user):
    """Every page works without JavaScript (confero.js only adds the countdowns)."""
    from confero.submissions.models import Submission

    ada = make_user(email="ada@uni-c.edu", name="Ada Author")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, ada.email, next_url="/osfm/submit/")
        fill_submission(page, title="Plain HTML", pdf=paper(2), authors="Ada Author <ada@uni-c.edu>, Uni C")
        page.get_by_role("button", name="Submit").click()
        expect(page.get_by_role("heading", name="Plain HTML")).to_be_visible()
        expect(page.locator(".countdown-left").first).to_have_text("")  # no script ran
    finally:
        context.close()
    assert Submission.objects.get().pdf_main_pages == 2
