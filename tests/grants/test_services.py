"""Applying, editing, withdrawing; the call's dates to the second; the budget; release and notices."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from confero import permissions
from confero.audit.models import AuditEvent
from confero.grants import services
from confero.grants.models import GrantApplication, GrantNotice, GrantRelease

from .conftest import GROUP, MOTIVATION, data

pytestmark = pytest.mark.django_db


def test_apply_edit_withdraw_and_apply_again(workshop, call, author):
    app = services.apply(workshop, author, data())
    assert (app.label, app.status, app.requested_amount) == ("G-1", "submitted", Decimal("500.00"))
    with pytest.raises(ValidationError, match="already applied"):
        services.apply(workshop, author, data())
    services.edit(app, author, data(requested_amount="550", country="Ghana"))
    app.refresh_from_db()
    assert (app.requested_amount, app.country, app.version) == (Decimal("550.00"), "Ghana", 2)
    services.withdraw(app, author)
    app.refresh_from_db()
    assert app.is_withdrawn and app.withdrawn_at is not None
    with pytest.raises(permissions.Denied, match="withdrawn"):
        services.edit(app, author, data())
    again = services.apply(workshop, author, data(requested_amount="450"))
    assert again.pk == app.pk and again.status == "submitted" and again.number == 1
    actions = list(AuditEvent.objects.filter(action__startswith="grant.").values_list("action", flat=True))
    assert sorted(actions) == sorted(["grant.applied", "grant.edited", "grant.withdrawn", "grant.reapplied"])
    # The log names fields and amounts, never the answers.
    logged = " ".join(f"{e.summary} {e.data}" for e in AuditEvent.objects.all())
    assert "MOTIVATIONSEE" not in logged and "GROUPSEE" not in logged


def test_the_form_is_checked_with_clear_errors(workshop, call, author, make_user, make_data, upload):
    from confero.submissions.services import create_submission

    with pytest.raises(ValidationError) as err:
        services.apply(workshop, author, data(requested_amount="601", underrepresented="x", underrepresented_prefer_not=True, motivation=" "))  # fmt: skip
    errors = err.value.message_dict
    assert "at most 600.00 EUR per grant" in errors["requested_amount"][0]
    assert "not both" in errors["underrepresented"][0]
    assert errors["motivation"]
    other = make_user(email="someone@else.org", name="Some One")
    theirs = create_submission(workshop=workshop, user=other, data=make_data(other), pdf=upload())
    with pytest.raises(ValidationError, match="your own submissions"):
        services.apply(workshop, author, data(submission_id=theirs.pk))
    mine = create_submission(workshop=workshop, user=author, data=make_data(author), pdf=upload())
    app = services.apply(
        workshop, author, data(submission_id=mine.pk, underrepresented="", underrepresented_prefer_not=True)
    )
    assert app.submission == mine and app.underrepresented_display == "Prefers not to say"
    assert not GrantApplication.objects.filter(applicant=other).exists()


def test_questions_switched_off_are_not_stored(workshop, call, author):
    call.ask_underrepresented = call.ask_country = False
    call.save()
    app = services.apply(workshop, author, data(country=""))
    assert app.underrepresented == "" and app.country == ""


def test_eligibility_authors_only(workshop, call, author, make_user, make_data, upload):
    from confero.submissions.services import create_submission

    call.eligibility = "authors"
    call.save()
    outsider = make_user(email="visitor@uni-z.edu", name="Vera Visitor")
    with pytest.raises(permissions.Denied, match="authors of submissions"):
        services.apply(workshop, outsider, data())
    create_submission(workshop=workshop, user=author, data=make_data(author), pdf=upload())
    assert services.apply(workshop, author, data()).pk


def test_deadline_holds_to_the_second_in_aoe(workshop, handler, author):
    """The call closes 30 June 23:59:59 AoE = 1 July 11:59:59 UTC: that second counts, the next does not."""
    services.configure(
        workshop,
        services.SettingsData(
            enabled=True,
            opens_local=dt.datetime(2030, 6, 1, 0, 0, 0),
            closes_local=dt.datetime(2030, 6, 30, 23, 59, 59),
            tz="AoE",
            budget="1000",
            currency="eur",
            max_per_grant="0",
            eligibility="anyone",
        ),
        actor=handler,
    )
    last = dt.datetime(2030, 7, 1, 11, 59, 59, tzinfo=dt.UTC)
    with pytest.raises(permissions.Denied, match="open on 1 Jun 2030, 00:00:00 AoE"):
        services.apply(workshop, author, data(), now=dt.datetime(2030, 6, 1, 11, 59, 59, tzinfo=dt.UTC))
    app = services.apply(workshop, author, data(), now=last.replace(microsecond=999999))
    services.edit(app, author, data(requested_amount="700"), now=last)
    with pytest.raises(permissions.Denied, match=r"closed on 30 Jun 2030, 23:59:59 AoE"):
        services.edit(app, author, data(requested_amount="800"), now=last + dt.timedelta(seconds=1))
    app.refresh_from_db()
    assert app.requested_amount == Decimal("700.00")
    # Withdrawing stays possible after the call closed (until the decision is released).
    assert permissions.can(author, "grant.withdraw", app, now=last + dt.timedelta(days=3))


def test_budget_refuses_over_budget_totals(workshop, handler, applicants):
    a, b, c = applicants
    services.stage(a, handler, outcome="award", amount="500")
    services.stage(b, handler, outcome="award", amount="400")
    with pytest.raises(ValidationError) as err:
        services.stage(c, handler, outcome="award", amount="300")
    message = err.value.message_dict["amount"][0]
    assert message == (
        "over budget: 900.00 EUR of 1,000.00 EUR is already awarded, 100.00 EUR remains, and G-3 would need 300.00 EUR"
    )
    c.refresh_from_db()
    assert c.outcome == "" and c.awarded_amount is None
    services.stage(c, handler, outcome="award", amount="100")  # exactly the rest
    services.stage(a, handler, outcome="award", amount="500")  # its own 500 is not counted twice
    with pytest.raises(ValidationError, match="0.00 EUR remains"):
        services.stage(c, handler, outcome="award", amount="100.01")
    services.stage(a, handler, outcome="award", amount="450")  # lowering always fits
    with pytest.raises(ValidationError, match="asked for 400.00 EUR"):
        services.stage(b, handler, outcome="award", amount="450")
    services.withdraw(b, b.applicant)  # frees 400
    services.stage(c, handler, outcome="award", amount="300")
    from confero.grants.selectors import budget

    assert budget(workshop).committed == Decimal("750.00") and budget(workshop).remaining == Decimal("250.00")


def test_the_budget_cannot_be_lowered_below_the_awards(workshop, handler, applicants, call):
    services.stage(applicants[0], handler, outcome="award", amount="500")
    settings = services.SettingsData(
        enabled=True,
        opens_local=dt.datetime(2030, 1, 1),
        closes_local=dt.datetime(2030, 2, 1),
        tz="UTC",
        budget="499.99",
        currency="EUR",
        max_per_grant="600",
        eligibility="anyone",
    )
    with pytest.raises(ValidationError, match="500.00 EUR is already awarded"):
        services.configure(workshop, settings, actor=handler)
    call.refresh_from_db()
    assert call.budget == Decimal("1000.00")


def test_an_edit_takes_back_a_staged_decision(workshop, handler, applicants):
    a = applicants[0]
    services.stage(a, handler, outcome="award", amount="500")
    services.edit(a, a.applicant, data(requested_amount="550"))
    a.refresh_from_db()
    assert a.outcome == "" and a.awarded_amount is None
    assert AuditEvent.objects.filter(action="grant.edited", data__decision_reset=True).exists()


def test_stale_form_is_refused(workshop, handler, applicants):
    a = applicants[0]
    version = a.version
    services.edit(a, a.applicant, data(requested_amount="350"))
    with pytest.raises(ValidationError, match="changed meanwhile"):
        services.stage(a, handler, outcome="award", amount="300", expected_version=version)


def release(workshop, user, capture):
    with capture(execute=True):
        return services.release(workshop, user)


def test_release_mails_each_applicant_exactly_once(
    workshop, handler, applicants, django_capture_on_commit_callbacks
):
    cap = django_capture_on_commit_callbacks
    from confero.mail.models import MailTemplate

    MailTemplate.objects.create(
        workshop=workshop, key="grant.decline", subject="[{acronym}] {number}", body="Sorry {name}. {note}"
    )
    a, b, c = applicants
    services.stage(a, handler, outcome="award", amount="500", note="See you in Singapore!")
    services.stage(b, handler, outcome="decline", note="Budget exhausted.")
    services.score(c, handler, 4)
    mail.outbox.clear()
    rel = release(workshop, handler, cap)
    assert rel.number == 1 and GrantNotice.objects.filter(release=rel).count() == 2
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {a.applicant.email, b.applicant.email}
    award = by_to[a.applicant.email]
    assert "500.00 EUR awarded" in award.subject and "See you in Singapore!" in award.body
    assert by_to[b.applicant.email].body.strip() == "Sorry Applicant 2. Budget exhausted."
    for m in mail.outbox:
        assert MOTIVATION not in m.body and GROUP not in m.body
    # Nothing new staged: a second release sends nothing, and released decisions are final.
    assert release(workshop, handler, cap) is None
    assert len(mail.outbox) == 2
    with pytest.raises(permissions.Denied, match="released"):
        services.stage(a, handler, outcome="decline")
    with pytest.raises(permissions.Denied, match="released"):
        services.withdraw(a, a.applicant)
    # A later decision goes out in release 2, to that applicant only.
    services.stage(c, handler, outcome="award", amount="300")
    rel2 = release(workshop, handler, cap)
    assert rel2.number == 2 and [m.to[0] for m in mail.outbox[2:]] == [c.applicant.email]
    assert GrantRelease.objects.count() == 2
    assert AuditEvent.objects.filter(action="grant.released").count() == 3


def test_a_conflicted_handler_leaves_the_application_to_another(
    workshop, handler, second_handler, applicants, make_data, upload, django_capture_on_commit_callbacks
):
    cap = django_capture_on_commit_callbacks
    from confero.submissions.services import AuthorData, create_submission

    a = applicants[0]
    # The first handler co-wrote a paper with applicant 1: they may neither see nor decide nor release it.
    create_submission(
        workshop=workshop,
        user=a.applicant,
        data=make_data(
            a.applicant,
            authors=[
                AuthorData("Applicant 1", a.applicant.email, "Uni K"),
                AuthorData("Olga Organizer", handler.email, "Uni A"),
            ],
        ),
        pdf=upload(),
    )
    permissions.forget()
    assert not permissions.can(handler, "grant.view", a)
    with pytest.raises(permissions.Denied, match="conflict with this applicant"):
        services.stage(a, handler, outcome="award", amount="100")
    services.stage(a, second_handler, outcome="award", amount="500")
    services.stage(applicants[1], handler, outcome="decline")
    mail.outbox.clear()
    release(workshop, handler, cap)
    assert [m.to[0] for m in mail.outbox] == [applicants[1].applicant.email]
    release(workshop, second_handler, cap)
    assert [m.to[0] for m in mail.outbox][1:] == [a.applicant.email]


def test_handlers_are_named_by_handlers_and_the_last_one_stays(workshop, organizer, call, make_user):
    from confero.people.models import Role

    second = make_user(email="second@uni-a.edu", name="Second Organizer")
    Role.objects.create(workshop=workshop, user=second, kind=Role.Kind.ORGANIZER)
    services.appoint(workshop, organizer, actor=organizer)  # the first one: any organizer
    permissions.forget()
    with pytest.raises(permissions.Denied, match="one of them must add you"):
        services.appoint(workshop, second, actor=second)
    outsider = make_user(email="nobody@uni-q.edu", name="No Body")
    with pytest.raises(ValidationError, match="not an organizer"):
        services.appoint(workshop, outsider, actor=organizer)
    with pytest.raises(ValidationError, match="last grant handler"):
        services.dismiss(workshop, organizer, actor=organizer)
    services.appoint(workshop, second, actor=organizer)
    permissions.forget()
    assert services.dismiss(workshop, organizer, actor=second)
    permissions.forget()
    assert not permissions.can(organizer, "grant.handle", workshop)
