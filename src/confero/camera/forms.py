"""Forms of the camera-ready pages: the authors' details, the file uploads, the organizers' settings and
the per-paper extension. Forms only parse; the services decide."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.utils import timezone

from confero.workshops.timezones import label as timezone_label
from confero.workshops.timezones import normalize as normalize_timezone

from . import licences
from .models import CameraArtifact, CameraReady, CameraSettings
from .services import Details

CONSENT = [("", "Not answered yet"), ("yes", "Yes, publish it on the workshop's site"), ("no", "No")]
ARTIFACT_ROWS_EXTRA = 2
DATETIME = dict(
    widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": 1}, format="%Y-%m-%dT%H:%M:%S"),
    input_formats=["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"],
)


class DetailsForm(forms.Form):
    title = forms.CharField(max_length=300, label="Final title")
    abstract = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), help_text="Markdown")
    licence = forms.ChoiceField(label="Licence", required=False)
    consent_publish = forms.ChoiceField(
        label="Publish the paper (non-archival) on the workshop's public site?",
        choices=CONSENT,
        required=False,
    )
    reviews_public = forms.BooleanField(
        label="Publish the anonymised reviews and the decision note with the paper",
        required=False,
        help_text="This workshop practises open reviewing; reviewers stay anonymous (Reviewer A, B, …).",
    )
    presenter = forms.ChoiceField(label="Presenting author", required=False)
    attendance = forms.ChoiceField(
        label="The presenter attends", choices=CameraReady.Attendance.choices, required=False
    )

    def __init__(self, *args, camera: CameraReady, conf: CameraSettings, **kwargs):
        super().__init__(*args, **kwargs)
        self.camera = camera
        accepted = conf.licences or licences.DEFAULT
        self.fields["licence"].choices = [("", "Choose a licence")] + [
            (k, licences.name(k)) for k in accepted
        ]
        self.authors = list(camera.authors.all())
        self.fields["presenter"].choices = [("", "Not designated yet")] + [
            (str(a.author_id), a.name) for a in self.authors
        ]
        if not conf.open_reviewing:
            del self.fields["reviews_public"]
        for i, a in enumerate(self.authors, start=1):
            self.fields[f"author-{a.author_id}-order"] = forms.IntegerField(
                label=f"Position of {a.name}", min_value=1, max_value=len(self.authors), initial=i
            )
            self.fields[f"author-{a.author_id}-name"] = forms.CharField(
                label=f"Name (author {i})", max_length=200, initial=a.name
            )
            self.fields[f"author-{a.author_id}-affiliation"] = forms.CharField(
                label=f"Affiliation (author {i})", max_length=200, required=False, initial=a.affiliation
            )
        artifacts = list(camera.artifacts.all())
        self.artifact_count = len(artifacts) + ARTIFACT_ROWS_EXTRA
        for i in range(self.artifact_count):
            a = artifacts[i] if i < len(artifacts) else None
            self.fields[f"artifact-{i}-kind"] = forms.ChoiceField(
                label=f"Artifact {i + 1}: kind",
                choices=CameraArtifact.Kind.choices,
                initial=a.kind if a else "code",
                required=False,
            )
            self.fields[f"artifact-{i}-url"] = forms.URLField(
                label=f"Artifact {i + 1}: address",
                max_length=500,
                assume_scheme="https",
                required=False,
                initial=a.url if a else "",
            )
            self.fields[f"artifact-{i}-label"] = forms.CharField(
                label=f"Artifact {i + 1}: label", max_length=200, required=False, initial=a.label if a else ""
            )
        for name, field in self.fields.items():
            if name.startswith(("author-", "artifact-")):  # shown in tables: named for screen readers
                field.widget.attrs["aria-label"] = field.label
        if not self.is_bound:
            self.initial.update(
                title=camera.title,
                abstract=camera.abstract,
                licence=camera.licence,
                consent_publish={True: "yes", False: "no"}.get(camera.consent_publish, ""),
                reviews_public=camera.reviews_public,
                presenter=str(camera.presenter_id or ""),
                attendance=camera.attendance,
            )

    def author_rows(self):
        for a in self.authors:
            p = f"author-{a.author_id}-"
            yield a, self[p + "order"], self[p + "name"], self[p + "affiliation"]

    def artifact_rows(self):
        for i in range(self.artifact_count):
            p = f"artifact-{i}-"
            yield i + 1, self[p + "kind"], self[p + "url"], self[p + "label"]

    def clean(self):
        data = super().clean()
        orders = [data.get(f"author-{a.author_id}-order") for a in self.authors]
        if None not in orders and sorted(orders) != list(range(1, len(self.authors) + 1)):
            raise forms.ValidationError(
                "Give every author a different position, from 1 to the number of authors."
            )
        return data

    def details(self) -> Details:
        d = self.cleaned_data
        ordered = sorted(self.authors, key=lambda a: d[f"author-{a.author_id}-order"])
        artifacts = []
        for i in range(self.artifact_count):
            url = (d.get(f"artifact-{i}-url") or "").strip()
            if url:
                artifacts.append(
                    (d.get(f"artifact-{i}-kind") or "other", url, d.get(f"artifact-{i}-label") or "")
                )
        return Details(
            title=d["title"],
            abstract=d["abstract"],
            authors=[
                (a.author_id, d[f"author-{a.author_id}-name"], d[f"author-{a.author_id}-affiliation"])
                for a in ordered
            ],
            artifacts=artifacts,
            licence=d.get("licence") or "",
            consent_publish={"yes": True, "no": False}.get(d.get("consent_publish") or ""),
            reviews_public=bool(d.get("reviews_public")),
            presenter_id=int(d["presenter"]) if d.get("presenter") else None,
            attendance=d.get("attendance") or "",
        )


class FileForm(forms.Form):
    file = forms.FileField(label="File")


class ExtensionForm(forms.Form):
    until = forms.DateTimeField(label="Until (in the deadline's time zone)", required=False, **DATETIME)
    reason = forms.CharField(max_length=300)


class SettingsForm(forms.ModelForm):
    licences = forms.MultipleChoiceField(
        choices=licences.CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="authors choose one of these",
    )
    deadline_at = forms.DateTimeField(
        label="Camera-ready deadline",
        required=False,
        help_text="held to the second; leave empty for none",
        **DATETIME,
    )
    deadline_tz = forms.CharField(
        label="Deadline time zone",
        initial="AoE",
        max_length=64,
        widget=forms.TextInput(attrs={"list": "tz-list"}),
    )

    class Meta:
        model = CameraSettings
        fields = [
            "page_limit",
            "licences",
            "poster_max_mb",
            "poster_orientation",
            "poster_max_ratio",
            "poster_min_px",
            "video_max_seconds",
            "video_max_mb",
            "slides_max_mb",
            "open_reviewing",
        ]

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        d = workshop.deadlines.filter(kind="camera_ready").first()
        if d is not None and not self.is_bound:
            local = timezone.localtime(d.at, zoneinfo.ZoneInfo(d.timezone))
            self.initial["deadline_at"] = local.replace(tzinfo=None)
            self.initial["deadline_tz"] = timezone_label(d.timezone)

    def clean_deadline_tz(self):
        try:
            return normalize_timezone(self.cleaned_data["deadline_tz"])
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.messages[0]) from None

    def deadline(self):
        """(naive wall-clock datetime, zone) or None."""
        at = self.cleaned_data.get("deadline_at")
        if at is None:
            return None
        if timezone.is_aware(at):
            at = timezone.make_naive(at, timezone.get_current_timezone())
        return at, self.cleaned_data["deadline_tz"]
