"""Forms of the reviewing pages. They carry what people type; the services check it (so the API and
commands get the same rules) and their errors are shown with ``confero.web.forms.apply_errors``."""

from __future__ import annotations

from django import forms
from django.utils.text import slugify

from .models import Audience, ReviewQuestion
from .services.questions import QuestionData

Kind = ReviewQuestion.Kind


def _initial(question: ReviewQuestion, value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


class ReviewForm(forms.Form):
    """One field per question (named by the question's key) and the version the page was loaded at."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, questions, *args, stored: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        stored = stored or {}
        for q in self.questions:
            label = q.label + (" (required)" if q.required else "")
            help_text = q.help_text
            if q.kind == Kind.TEXT:
                field = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 7, "data-preview": q.key}),
                    help_text=(help_text + " " if help_text else "") + "Markdown.",
                )
            else:
                if q.kind == Kind.SCORE:
                    options = [(str(i), str(i)) for i in range(q.min_value, q.max_value + 1)]
                elif q.kind == Kind.CHOICE:
                    options = [(str(v), lab) for v, lab in q.choices]
                else:
                    options = [("yes", "Yes"), ("no", "No")]
                # A plain value with a select box: the service checks it (one message, the same for the API).
                field = forms.CharField(
                    widget=forms.Select(choices=[("", "— no answer yet —"), *options]), help_text=help_text
                )
            field.required = False  # drafts may be incomplete; submitting is checked by the service
            field.label = label
            field.initial = _initial(q, stored.get(q.key))
            self.fields[q.key] = field

    def raw_answers(self) -> dict:
        """What was typed, by question key (unanswered questions left out)."""
        return {q.key: self.data.get(q.key, "") for q in self.questions if self.data.get(q.key, "") != ""}

    def answer_fields(self):
        return [self[q.key] for q in self.questions]


def parse_choices(text: str) -> list[list[str]]:
    """'value: label' per line (or just a label; its value is made from it)."""
    out = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        value, sep, label = line.partition(":")
        if not sep:
            value, label = slugify(line)[:40], line
        out.append([value.strip(), label.strip()])
    return out


class QuestionForm(forms.Form):
    label = forms.CharField(max_length=200)
    key = forms.SlugField(
        max_length=40,
        required=False,
        help_text="how answers are stored and exported; made from the label when empty; fixed once created",
    )
    help_text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Help text")
    kind = forms.ChoiceField(choices=Kind.choices)
    required = forms.BooleanField(required=False, initial=True, label="An answer is required to submit")
    min_value = forms.IntegerField(required=False, label="Lowest score", help_text="score questions only")
    max_value = forms.IntegerField(required=False, label="Highest score", help_text="score questions only")
    choices = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="choice questions only: one per line, 'value: label'",
    )
    audience = forms.ChoiceField(choices=Audience.choices, label="Who reads the answers")
    role = forms.ChoiceField(
        choices=ReviewQuestion.Role.choices,
        required=False,
        help_text="the overall score and the confidence are shown on the progress page and used for ranking",
    )

    def __init__(self, *args, question: ReviewQuestion | None = None, **kwargs):
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "label": question.label,
                "key": question.key,
                "help_text": question.help_text,
                "kind": question.kind,
                "required": question.required,
                "min_value": question.min_value,
                "max_value": question.max_value,
                "choices": "\n".join(f"{v}: {lab}" for v, lab in question.choices),
                "audience": question.audience,
                "role": question.role,
            }
        super().__init__(*args, **kwargs)
        if question is not None:
            self.fields["key"].disabled = True

    def to_data(self) -> QuestionData:
        d = self.cleaned_data
        return QuestionData(
            label=d["label"],
            key=d.get("key") or "",
            help_text=d.get("help_text") or "",
            kind=d["kind"],
            required=bool(d.get("required")),
            min_value=d.get("min_value"),
            max_value=d.get("max_value"),
            choices=parse_choices(d.get("choices", "")),
            audience=d["audience"],
            role=d.get("role") or "",
        )


class CommentForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), label="Your post", help_text="Markdown.", max_length=20_000
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)
    organizers_only = forms.BooleanField(
        required=False, label="Organizers only", help_text="the paper's reviewers do not see this post"
    )

    def __init__(self, *args, private_allowed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not private_allowed:
            del self.fields["organizers_only"]
