"""Organizer pages under /<slug>/manage/review-form/: the questions of the review form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from confero import permissions
from confero.web.access import action_required
from confero.web.forms import apply_errors

from . import services
from .forms import QuestionForm, ReviewForm
from .models import ReviewQuestion


@require_GET
@action_required("workshop.manage")
def index(request, slug):
    workshop = request.workshop
    questions = services.questions_of(workshop)
    for q in questions:
        q.answer_count = services.answer_count(workshop, q.key)
    return render(
        request,
        "reviews/form/index.html",
        {
            "workshop": workshop,
            "questions": questions,
            "sample": ReviewForm(questions, initial={"version": 0}),
        },
    )


def _question(request, pk) -> ReviewQuestion:
    return get_object_or_404(ReviewQuestion, workshop=request.workshop, pk=pk)


@require_http_methods(["GET", "POST"])
@action_required("workshop.manage")
def add(request, slug):
    workshop = request.workshop
    form = QuestionForm(
        request.POST or None, initial=None if request.POST else {"required": True, "audience": "authors"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            question = services.add_question(workshop, actor=request.user, data=form.to_data())
        except (ValidationError, permissions.Denied) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Question “{question.label}” added at the end of the form.")
            return redirect("reviews:form", slug=slug)
    return render(
        request, "reviews/form/question.html", {"workshop": workshop, "form": form, "question": None}
    )


@require_http_methods(["GET", "POST"])
@action_required("workshop.manage")
def edit(request, slug, pk):
    workshop = request.workshop
    question = _question(request, pk)
    form = QuestionForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_question(question, actor=request.user, data=form.to_data())
        except (ValidationError, permissions.Denied) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Question “{form.cleaned_data['label']}” saved.")
            return redirect("reviews:form", slug=slug)
    return render(
        request,
        "reviews/form/question.html",
        {
            "workshop": workshop,
            "form": form,
            "question": question,
            "answer_count": services.answer_count(workshop, question.key),
        },
    )


@require_POST
@action_required("workshop.manage")
def delete(request, slug, pk):
    question = _question(request, pk)
    try:
        services.delete_question(question, actor=request.user)
    except (ValidationError, permissions.Denied) as exc:
        apply_errors(None, exc, request)
    else:
        messages.success(request, f"Question “{question.label}” removed.")
    return redirect("reviews:form", slug=slug)


@require_POST
@action_required("workshop.manage")
def move(request, slug, pk):
    question = _question(request, pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.move_question(question, actor=request.user, offset=offset)
    return redirect("reviews:form", slug=slug)
