"""Shared fixtures: a small OS-FMs-like workshop and people in each role."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from tests.cast import cast  # noqa: F401  (the permission-matrix cast, for every test directory)

os.environ.setdefault("CONFERO_DATA_DIR", os.path.join(os.environ.get("TMPDIR", "/tmp"), "confero-test-data"))


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files of each test go to its own temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    # Open-science checks after uploads only in the tests that ask for them (tests/checks).
    settings.CONFERO_CHECKS_ON_UPLOAD = False


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Production hashing costs ~0.3 s per password; tests that are not about hashing use a fast one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db):
    from confero.people.models import User

    counter = {"n": 0}

    def make(
        email: str | None = None,
        name: str | None = None,
        password: str = "correct-horse-9",
        verified: bool = True,
        **extra,
    ):
        counter["n"] += 1
        email = email or f"person{counter['n']}@example.org"
        return User.objects.create_user(
            email=email,
            password=password,
            name=name or f"Person {counter['n']}",
            email_verified=verified,
            **extra,
        )

    return make


@pytest.fixture
def workshop(db):
    """OS-FMs-like workshop: 8 topics, short/regular categories, deadline in 10 days (AoE)."""
    from django.utils import timezone

    from confero.workshops.models import Deadline, ResearchArea, SubmissionCategory, Topic, Workshop

    ws = Workshop.objects.create(
        slug="osfm", name="Open Science for Foundation Models", acronym="OS-FMs", is_published=True
    )
    for i, (key, title) in enumerate(
        [
            ("open-datasets", "Open Datasets"),
            ("open-foundation-models", "Open Foundation Models"),
            ("open-training-protocols", "Open Training Protocols"),
            ("open-evaluation", "Open Evaluation"),
            ("open-compute-efficiency", "Open Compute Efficiency Techniques"),
            ("open-multimodal", "Open Multi-Modal Foundation Models"),
            ("open-agents", "Open Interactive and Agent Systems"),
            ("open-replication", "Open Replication of Proprietary Systems"),
        ]
    ):
        Topic.objects.create(workshop=ws, key=key, title=title, order=i)
    SubmissionCategory.objects.create(workshop=ws, key="short", title="Short paper", max_pages=6, order=0)
    SubmissionCategory.objects.create(workshop=ws, key="regular", title="Regular paper", max_pages=9, order=1)
    for i, (key, name) in enumerate(
        [("nlp", "Natural language processing"), ("ml", "Machine learning"), ("systems", "Systems")]
    ):
        ResearchArea.objects.create(workshop=ws, key=key, name=name, order=i)
    now = timezone.now()
    Deadline.objects.create(workshop=ws, kind=Deadline.Kind.SUBMISSION_OPEN, at=now - dt.timedelta(days=5))
    Deadline.objects.create(workshop=ws, kind=Deadline.Kind.SUBMISSION, at=now + dt.timedelta(days=10))
    return ws


@pytest.fixture
def organizer(make_user, workshop):
    from confero.people.models import Role

    user = make_user(email="organizer@uni-a.edu", name="Olga Organizer")
    Role.objects.create(workshop=workshop, user=user, kind=Role.Kind.ORGANIZER)
    return user


@pytest.fixture
def pc_member(make_user, workshop):
    from confero.people.models import Role

    user = make_user(email="reviewer@uni-b.edu", name="Rita Reviewer")
    Role.objects.create(workshop=workshop, user=user, kind=Role.Kind.PC)
    return user


@pytest.fixture
def author(make_user):
    return make_user(email="author@uni-c.edu", name="Ada Author")


@pytest.fixture
def other_workshop(db):
    """A second workshop in the same installation, to check that nothing leaks between workshops."""
    from confero.workshops.models import ResearchArea, SubmissionCategory, Topic, Workshop

    ws = Workshop.objects.create(slug="other", name="Another Workshop", acronym="AW", is_published=True)
    Topic.objects.create(workshop=ws, key="open-datasets", title="Datasets")
    SubmissionCategory.objects.create(workshop=ws, key="short", title="Short", max_pages=4)
    ResearchArea.objects.create(workshop=ws, key="vision", name="Computer vision")
    return ws


@pytest.fixture
def other_organizer(make_user, other_workshop):
    """The organizer of :func:`other_workshop` (no role in ``osfm``)."""
    from confero.people.models import Role

    user = make_user(email="boss@elsewhere.org", name="Other Organizer")
    Role.objects.create(workshop=other_workshop, user=user, kind=Role.Kind.ORGANIZER)
    return user


def log_in(client, email: str, password: str) -> bool:
    """Log in through the real log-in page (with its throttling), as a browser would; True on success.
    (Django's ``client.login`` calls ``authenticate`` without a request, which django-axes refuses.)"""
    from django.urls import reverse

    response = client.post(reverse("people:login"), {"username": email, "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session


@pytest.fixture
def upload():
    """upload(main=5, refs=1, appendix=0) -> an uploaded real PDF with References after ``main`` pages."""
    from tests.submissions.conftest import pdf_file

    return pdf_file


@pytest.fixture
def make_data(workshop):
    """make_data(user, **fields) -> SubmissionData for ``workshop`` with ``user`` as the only author."""
    from confero.submissions.services import AuthorData, SubmissionData

    def make(user, **over):
        fields = dict(
            title="Open data for open models",
            abstract="We *study* [openness](https://example.org).",
            category=workshop.categories.get(key="short"),
            primary_topic=workshop.topics.all()[0],
            secondary_topic=None,
            authors=[AuthorData(user.name, user.email, "Uni C")],
            artifacts=[("code", "https://github.com/org/repo", "code")],
            conflicts=[],
            previously_published=False,
            policies_agreed=True,
        )
        fields.update(over)
        return SubmissionData(**fields)

    return make
