"""Meetings, agenda and the minutes workflow; the public summaries of an alliance."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance, Body, Membership, Person
from wohnbuendnis.lib.views import deny, object_permission_required
from wohnbuendnis.meetings import forms, ical, oparl, services, versions
from wohnbuendnis.meetings.models import (
    AgendaDocument,
    AgendaItem,
    AmendmentStatus,
    AttendanceStatus,
    CalendarToken,
    Meeting,
    Minutes,
    MinutesStatus,
    PressRelease,
    Resolution,
    Task,
)

by_pk = {"lookup": "pk", "url_kwarg": "pk"}


def _apply(request, action: Callable[[], object], success: str) -> bool:
    """Run a service call; its ValidationError becomes an error message."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True


@object_permission_required("meetings.view_meetings", Alliance)
def meeting_list(request, alliance: Alliance):
    bodies = [
        body
        for body in alliance.bodies.order_by("position")
        if request.user.has_perm("meetings.view_meeting", Meeting(body=body))
    ]
    chosen = request.GET.get("gremium")
    shown = [b for b in bodies if str(b.pk) == chosen] or bodies
    meetings = (
        Meeting.objects.filter(body__in=shown)
        .select_related("body", "minutes")
        .order_by("-starts_at")
    )
    person = services.person_of(request.user)
    token = CalendarToken.objects.filter(person=person).first() if person else None
    context = {"alliance": alliance, "bodies": bodies, "chosen": chosen, "meetings": meetings}
    context["can_schedule"] = request.user.has_perm("meetings.schedule_meeting", alliance)
    context["can_see_overdue"] = request.user.has_perm("meetings.view_overdue_tasks", alliance)
    return render(request, "meetings/meeting_list.html", {**context, "token": token})


@object_permission_required("meetings.schedule_meeting", Alliance)
def schedule(request, alliance: Alliance):
    form = forms.ScheduleForm(request.POST or None, alliance=alliance)
    if form.is_valid():
        data = form.cleaned_data
        tz = timezone.get_current_timezone()
        try:
            meeting = services.schedule_meeting(
                data["body"],
                request.user,
                title=data["title"],
                starts_at=datetime.datetime.combine(data["day"], data["start"], tzinfo=tz),
                ends_at=datetime.datetime.combine(data["day"], data["end"], tzinfo=tz),
                place=data["place"],
                video_url=data["video_url"],
                agenda=form.agenda_items(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Sitzung ist angelegt."))
            return redirect("meetings:meeting", meeting.pk)
    return render(request, "meetings/schedule.html", {"alliance": alliance, "form": form})


@object_permission_required("meetings.view_meeting", Meeting, **by_pk)
def meeting_detail(request, meeting: Meeting):
    minutes = Minutes.objects.filter(meeting=meeting).first()
    context = {
        "meeting": meeting,
        "alliance": meeting.alliance,
        "agenda": meeting.agenda_items.select_related("responsible").prefetch_related("documents"),
        "document_form": forms.DocumentForm(),
        "attendances": meeting.attendances.select_related("person").order_by("person__last_name"),
        "minutes": minutes,
        "can_manage": request.user.has_perm("meetings.manage_meeting", meeting),
        "can_set_approval_mode": request.user.has_perm("meetings.set_approval_mode", meeting.body),
        "can_read_minutes": minutes and request.user.has_perm("meetings.view_minutes", minutes),
        "resolutions": meeting.resolutions.prefetch_related("tasks__owner"),
    }
    return render(request, "meetings/meeting_detail.html", context)


@require_POST
@object_permission_required("meetings.manage_meeting", Meeting, **by_pk)
def upload_document(request, meeting: Meeting, item_pk: int):
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    form = forms.DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie eine Datei aus."))
    else:
        upload = form.cleaned_data["file"]
        _apply(
            request,
            lambda: services.add_document(item, request.user, upload),
            _("Die Unterlage ist hochgeladen."),
        )
    return redirect("meetings:meeting", meeting.pk)


@object_permission_required("meetings.download_document", AgendaDocument, **by_pk)
def download_document(request, document: AgendaDocument):
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=document.name)
    response["Content-Type"] = document.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@object_permission_required("meetings.view_meeting", Meeting, **by_pk)
def meeting_ics(request, meeting: Meeting):
    url = request.build_absolute_uri(reverse("meetings:meeting", args=[meeting.pk]))
    text = ical.calendar([services.meeting_event(meeting, url=url)], timezone.now())
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sitzung-{meeting.pk}.ics"'
    return response


@require_POST
@object_permission_required("meetings.manage_meeting", Meeting, **by_pk)
def invite(request, meeting: Meeting):
    url = request.build_absolute_uri(reverse("meetings:meeting", args=[meeting.pk]))
    _apply(
        request,
        lambda: services.send_invitations(meeting, request.user, url=url),
        _("Die Einladungen wurden versandt."),
    )
    return redirect("meetings:meeting", meeting.pk)


@require_POST
@object_permission_required("meetings.view_meetings", Alliance)
def calendar_token(request, alliance: Alliance):
    person = services.person_of(request.user)
    if person is None:
        raise Http404
    services.issue_calendar_token(person, renew=request.POST.get("renew") == "1")
    messages.success(request, _("Ihre Kalender-Adresse ist bereit."))
    return redirect("meetings:list", alliance.slug)


def calendar_feed(request, token: str):
    """The person's meetings as iCalendar; the secret token is the only credential."""
    entry = get_object_or_404(CalendarToken.objects.select_related("person"), token=token)
    meetings = Meeting.objects.filter(body__members=entry.person).select_related("body")
    events = [services.meeting_event(m) for m in meetings.prefetch_related("agenda_items")]
    text = ical.calendar(events, timezone.now(), name=_("Sitzungen im Bündnis"))
    return HttpResponse(text, content_type="text/calendar; charset=utf-8")


@object_permission_required("meetings.manage_meeting", Meeting, **by_pk)
def attendance(request, meeting: Meeting):
    recorded = dict(meeting.attendances.values_list("person_id", "status"))
    members = meeting.body.members.order_by("last_name", "first_name")
    guests = (
        Person.objects.filter(
            Q(memberships__in=Membership.objects.active().filter(alliance=meeting.alliance))
            | Q(attendances__meeting=meeting, attendances__status=AttendanceStatus.GUEST)
        )
        .exclude(pk__in=members.values("pk"))
        .distinct()
        .order_by("last_name", "first_name")
    )
    form = forms.AttendanceForm(
        request.POST or None, members=members, recorded=recorded, guests=guests
    )
    if form.is_valid():
        try:
            services.record_attendance(meeting, form.statuses(), request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Teilnahme ist gespeichert."))
            return redirect("meetings:meeting", meeting.pk)
    context = {"meeting": meeting, "alliance": meeting.alliance, "form": form}
    return render(request, "meetings/attendance.html", context)


@require_POST
@object_permission_required("meetings.manage_meeting", Meeting, **by_pk)
def start_minutes(request, meeting: Meeting):
    person = services.person_of(request.user)
    if person is None:
        raise Http404
    try:
        minutes = services.draft_minutes(meeting, person, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("meetings:meeting", meeting.pk)
    return redirect("meetings:edit_minutes", minutes.pk)


@object_permission_required("meetings.edit_minutes", Minutes, **by_pk)
def edit_minutes(request, minutes: Minutes):
    if minutes.status != MinutesStatus.DRAFTED:
        messages.error(request, _("Nur ein Entwurf lässt sich direkt bearbeiten."))
        return redirect("meetings:minutes", minutes.pk)
    items = minutes.items.select_related("agenda_item")
    form = forms.MinutesDraftForm(request.POST or None, items=items)
    if form.is_valid() and _apply(
        request,
        lambda: services.save_minutes_draft(minutes, request.user, form.texts()),
        _("Der Entwurf ist gespeichert."),
    ):
        return redirect("meetings:minutes", minutes.pk)
    context = {"minutes": minutes, "meeting": minutes.meeting, "alliance": minutes.alliance}
    return render(request, "meetings/minutes_edit.html", {**context, "form": form})


@object_permission_required("meetings.view_minutes", Minutes, **by_pk)
def minutes_detail(request, minutes: Minutes):
    user = request.user
    can_edit = user.has_perm("meetings.edit_minutes", minutes)
    open_for_comments = minutes.status in services.OPEN_FOR_COMMENTS
    context = {
        "minutes": minutes,
        "meeting": minutes.meeting,
        "alliance": minutes.alliance,
        "items": minutes.items.select_related("agenda_item").prefetch_related(
            "amendments", "revisions"
        ),
        "history": minutes.history.select_related("by"),
        "can_edit": can_edit,
        "can_comment": open_for_comments and user.has_perm("meetings.comment_minutes", minutes),
        "can_decide": open_for_comments and can_edit,
        "can_approve": open_for_comments and user.has_perm("meetings.approve_minutes", minutes),
        "can_publish": minutes.status == MinutesStatus.APPROVED
        and user.has_perm("meetings.publish_minutes", minutes),
        "circulate_form": forms.CirculateForm(),
        "publish_form": forms.PublishForm(),
        "decision_form": forms.DecisionForm(),
        "open_status": AmendmentStatus.OPEN,
    }
    return render(request, "meetings/minutes_detail.html", context)


def _version_number(value: str | None, default: int, count: int) -> int:
    try:
        return min(max(int(value), 0), count - 1)
    except (TypeError, ValueError):
        return default


@object_permission_required("meetings.view_minutes", Minutes, **by_pk)
def minutes_versions(request, minutes: Minutes):
    """Every version of the minutes and the differences between two of them."""
    kept = versions.versions(minutes)
    old = kept[_version_number(request.GET.get("von"), 0, len(kept))]
    new = kept[_version_number(request.GET.get("bis"), len(kept) - 1, len(kept))]
    context = {
        "minutes": minutes,
        "meeting": minutes.meeting,
        "alliance": minutes.alliance,
        "versions": kept,
        "old": old,
        "new": new,
        "diffs": versions.compare(minutes, old, new),
    }
    return render(request, "meetings/minutes_versions.html", context)


@require_POST
@object_permission_required("meetings.edit_minutes", Minutes, **by_pk)
def circulate(request, minutes: Minutes):
    form = forms.CirculateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte geben Sie eine gültige Frist an."))
    else:
        deadline = form.cleaned_data["deadline"]
        _apply(
            request,
            lambda: services.circulate_minutes(minutes, request.user, deadline),
            _("Das Protokoll ist im Umlauf."),
        )
    return redirect("meetings:minutes", minutes.pk)


@require_POST
@object_permission_required("meetings.approve_minutes", Minutes, **by_pk)
def approve(request, minutes: Minutes):
    _apply(
        request,
        lambda: services.approve_minutes(minutes, request.user),
        _("Das Protokoll ist freigegeben."),
    )
    return redirect("meetings:minutes", minutes.pk)


@require_POST
@object_permission_required("meetings.publish_minutes", Minutes, **by_pk)
def publish(request, minutes: Minutes):
    form = forms.PublishForm(request.POST)
    summary = form.cleaned_data["public_summary"] if form.is_valid() else ""
    _apply(
        request,
        lambda: services.publish_minutes(minutes, request.user, summary),
        _("Das Protokoll ist veröffentlicht."),
    )
    return redirect("meetings:minutes", minutes.pk)


@object_permission_required("meetings.comment_minutes", Minutes, **by_pk)
def propose(request, minutes: Minutes, item_pk: int):
    item = get_object_or_404(minutes.items.select_related("agenda_item"), pk=item_pk)
    form = forms.AmendmentForm(request.POST or None)
    if form.is_valid():
        try:
            services.propose_amendment(item, request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Ihr Änderungsvorschlag ist eingegangen."))
            return redirect("meetings:minutes", minutes.pk)
    context = {"minutes": minutes, "item": item, "form": form, "alliance": minutes.alliance}
    return render(request, "meetings/amendment_form.html", context)


@require_POST
@object_permission_required("meetings.edit_minutes", Minutes, **by_pk)
def decide(request, minutes: Minutes, amendment_pk: int):
    amendment = get_object_or_404(
        services.Amendment.objects.filter(item__minutes=minutes), pk=amendment_pk
    )
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie „übernehmen“ oder „ablehnen“."))
        return redirect("meetings:minutes", minutes.pk)
    reply = form.cleaned_data["reply"]
    if form.cleaned_data["decision"] == "accept":
        action = lambda: services.accept_amendment(amendment, request.user, reply)  # noqa: E731
    else:
        action = lambda: services.reject_amendment(amendment, request.user, reply)  # noqa: E731
    _apply(request, action, _("Die Entscheidung ist gespeichert."))
    return redirect("meetings:minutes", minutes.pk)


@object_permission_required("meetings.view_published_summary", Alliance)
def public_summaries(request, alliance: Alliance):
    published = (
        Minutes.objects.filter(meeting__body__alliance=alliance, status=MinutesStatus.PUBLISHED)
        .select_related("meeting__body")
        .order_by("-meeting__starts_at")
    )
    context = {"alliance": alliance, "published": published}
    return render(request, "meetings/public_summaries.html", context)


def public_summary(request, pk: int):
    minutes = get_object_or_404(
        Minutes.objects.select_related("meeting__body__alliance"),
        pk=pk,
        status=MinutesStatus.PUBLISHED,
    )
    public_items = minutes.meeting.agenda_items.filter(public=True).prefetch_related("documents")
    context = {"minutes": minutes, "alliance": minutes.alliance, "public_items": public_items}
    return render(request, "meetings/public_summary.html", context)


# --- resolutions and tasks ------------------------------------------------------------------


@object_permission_required("meetings.manage_meeting", Meeting, **by_pk)
def add_resolution(request, meeting: Meeting):
    form = forms.ResolutionForm(request.POST or None, meeting=meeting)
    if form.is_valid() and _apply(
        request,
        lambda: services.record_resolution(meeting, **form.cleaned_data),
        _("Der Beschluss ist erfasst."),
    ):
        return redirect("meetings:meeting", meeting.pk)
    context = {"meeting": meeting, "alliance": meeting.alliance, "form": form}
    return render(request, "meetings/resolution_form.html", context)


@object_permission_required("meetings.manage_meeting", Resolution, **by_pk)
def add_task(request, resolution: Resolution):
    meeting = resolution.meeting
    form = forms.TaskForm(request.POST or None, alliance=meeting.alliance)
    if form.is_valid() and _apply(
        request,
        lambda: services.create_task(resolution, request.user, **form.cleaned_data),
        _("Die Aufgabe ist angelegt."),
    ):
        return redirect("meetings:meeting", meeting.pk)
    context = {"resolution": resolution, "meeting": meeting, "alliance": meeting.alliance}
    return render(request, "meetings/task_form.html", {**context, "form": form})


@require_POST
@object_permission_required("meetings.change_task", Task, **by_pk)
def task_status(request, task: Task):
    form = forms.TaskStatusForm(request.POST)
    if form.is_valid():
        status = form.cleaned_data["status"]
        _apply(
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


@object_permission_required("meetings.view_published_summary", Alliance)
def oparl_export(request, alliance: Alliance):
    """Bodies, meetings and public agenda items as OParl-style JSON, for everyone."""
    base = request.build_absolute_uri(reverse("meetings:oparl", args=[alliance.slug]))

    def summary_url(pk: int) -> str:
        return request.build_absolute_uri(reverse("meetings:public_summary", args=[pk]))

    data = oparl.export(alliance, lambda key: f"{base}#{key}", summary_url)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


# --- press releases -------------------------------------------------------------------------


@object_permission_required("meetings.view_published_summary", Alliance)
def press_releases(request, alliance: Alliance):
    """Published press releases for everyone; the Koordination also sees its drafts."""
    releases = PressRelease.objects.filter(alliance=alliance)
    can_manage = request.user.has_perm("meetings.manage_press_releases", alliance)
    context = {
        "alliance": alliance,
        "published": releases.filter(published=True),
        "drafts": releases.filter(published=False) if can_manage else [],
        "can_manage": can_manage,
    }
    return render(request, "meetings/press_releases.html", context)


def press_release(request, pk: int):
    release = get_object_or_404(PressRelease.objects.select_related("alliance"), pk=pk)
    can_manage = request.user.has_perm("meetings.manage_press_releases", release.alliance)
    if not release.published and not can_manage:
        raise Http404
    context = {"release": release, "alliance": release.alliance, "can_manage": can_manage}
    return render(request, "meetings/press_release.html", context)


@object_permission_required("meetings.manage_press_releases", Alliance)
def new_press_release(request, alliance: Alliance):
    form = forms.PressReleaseForm(request.POST or None)
    if form.is_valid():
        try:
            release = services.create_press_release(alliance, request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Der Entwurf der Pressemitteilung ist gespeichert."))
            return redirect("meetings:press_release", release.pk)
    context = {"alliance": alliance, "form": form}
    return render(request, "meetings/press_release_form.html", context)


@require_POST
def publish_press_release(request, pk: int):
    release = get_object_or_404(PressRelease.objects.select_related("alliance"), pk=pk)
    if not request.user.has_perm("meetings.manage_press_releases", release.alliance):
        return deny(request)
    _apply(
        request,
        lambda: services.publish_press_release(release, request.user),
        _("Die Pressemitteilung ist veröffentlicht."),
    )
    return redirect("meetings:press_release", release.pk)


@object_permission_required("meetings.set_approval_mode", Body, **by_pk)
def approval_mode(request, body: Body):
    """How the body approves its minutes: explicitly by the chair or tacitly after the
    deadline."""
    form = forms.ApprovalModeForm(
        request.POST or None, initial={"approval_mode": services.approval_mode(body)}
    )
    if form.is_valid():
        try:
            services.set_approval_mode(body, request.user, form.cleaned_data["approval_mode"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Protokollregel des Gremiums ist gespeichert."))
            return redirect("meetings:approval_mode", body.pk)
    context = {"body": body, "alliance": body.alliance, "form": form}
    return render(request, "meetings/approval_mode.html", context)
