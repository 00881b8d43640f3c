"""Tasks from resolutions: giving them, changing their status, own and overdue tasks."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once
from wohnbuendnis.lib.views import object_permission_required, run_service
from wohnbuendnis.meetings import forms, services
from wohnbuendnis.meetings.models import Resolution, Task
from wohnbuendnis.meetings.views.shared import by_pk


@object_permission_required("meetings.manage_meeting", Resolution, **by_pk)
def add_task(request, resolution: Resolution):
    meeting = resolution.meeting
    form = forms.TaskForm(request.POST or None, alliance=meeting.alliance)
    if form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ("title", "owner", "due")}
        try:
            create_once(
                request,
                form,
                lambda: services.create_task(resolution, request.user, **fields),
                lambda _task: reverse("meetings:meeting", args=[meeting.pk]),
            )
        except AlreadySubmitted as done:
            return done.response(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Aufgabe ist angelegt."))
            return redirect("meetings:meeting", meeting.pk)
    context = {"resolution": resolution, "meeting": meeting, "alliance": meeting.alliance}
    return render(request, "meetings/task_form.html", {**context, "form": form})


@require_POST
@object_permission_required("meetings.change_task", Task, **by_pk)
def task_status(request, task: Task):
    form = forms.TaskStatusForm(request.POST)
    if form.is_valid():
        status = form.cleaned_data["status"]
        run_service(
            request,
            lambda: services.set_task_status(task, request.user, status),
            _("Der Status der Aufgabe ist gespeichert."),
        )
    if services.person_of(request.user) == task.owner:
        return redirect("meetings:my_tasks", task.alliance.slug)
    return redirect("meetings:meeting", task.resolution.meeting_id)


@object_permission_required("meetings.view_own_tasks", Alliance)
def my_tasks(request, alliance: Alliance):
    person = services.person_of(request.user)
    tasks = services.open_tasks(alliance).filter(owner=person)
    done = (
        Task.objects.filter(resolution__meeting__body__alliance=alliance, owner=person)
        .exclude(pk__in=tasks.values("pk"))
        .select_related("resolution__meeting__body")
    )
    context = {"alliance": alliance, "tasks": tasks, "done": done, "today": timezone.localdate()}
    return render(request, "meetings/my_tasks.html", {**context, "form": forms.TaskStatusForm()})


@object_permission_required("meetings.view_overdue_tasks", Alliance)
def overdue(request, alliance: Alliance):
    tasks = services.overdue_tasks(alliance)
    context = {"alliance": alliance, "tasks": tasks, "today": timezone.localdate()}
    return render(request, "meetings/overdue_tasks.html", context)
