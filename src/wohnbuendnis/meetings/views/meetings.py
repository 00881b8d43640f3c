"""Meetings: the list, scheduling, the meeting page, invitations, attendance, calendars,
resolutions and the OParl export."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance, Membership, Person
from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once
from wohnbuendnis.lib.views import object_permission_required, run_service
from wohnbuendnis.meetings import forms, ical, services
from wohnbuendnis.meetings.models import (
    AttendanceStatus,
    CalendarToken,
    InvitationAnswer,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
)
from wohnbuendnis.meetings.views.shared import by_pk


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
            meeting = create_once(
                request,
                form,
                lambda: services.schedule_meeting(
                    data["body"],
                    request.user,
                    title=data["title"],
                    starts_at=datetime.datetime.combine(data["day"], data["start"], tzinfo=tz),
                    ends_at=datetime.datetime.combine(data["day"], data["end"], tzinfo=tz),
                    place=data["place"],
                    video_url=data["video_url"],
                    agenda=form.agenda_items(),
                ),
                lambda meeting: reverse("meetings:meeting", args=[meeting.pk]),
            )
        except AlreadySubmitted as done:
            return done.response(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Sitzung ist angelegt."))
            return redirect("meetings:meeting", meeting.pk)
    return render(request, "meetings/schedule.html", {"alliance": alliance, "form": form})


@object_permission_required("meetings.view_meeting", Meeting, **by_pk)
def meeting_detail(request, meeting: Meeting):
    minutes = Minutes.objects.filter(meeting=meeting).first()
    can_manage = request.user.has_perm("meetings.manage_meeting", meeting)
    person = services.person_of(request.user)
    open_for_changes = services.is_open_for_changes(meeting)
    context = {
        "meeting": meeting,
        "alliance": meeting.alliance,
        "agenda": meeting.agenda_items.select_related("responsible").prefetch_related("documents"),
        "document_form": forms.DocumentForm(),
        "attendances": meeting.attendances.select_related("person").order_by("person__last_name"),
        "minutes": minutes,
        "can_manage": can_manage,
        "can_change": can_manage and open_for_changes,
        "can_answer": meeting.status == MeetingStatus.INVITED
        and meeting.starts_at > timezone.now()
        and request.user.has_perm("meetings.answer_invitation", meeting),
        "my_reply": person and meeting.replies.filter(person=person).first(),
        "answer_choices": InvitationAnswer.choices,
        "reply_counts": can_manage and services.reply_counts(meeting),
        "replies": can_manage
        and meeting.replies.select_related("person").order_by("person__last_name"),
        "can_set_approval_mode": request.user.has_perm("meetings.set_approval_mode", meeting.body),
        "can_read_minutes": minutes and request.user.has_perm("meetings.view_minutes", minutes),
        "resolutions": meeting.resolutions.prefetch_related("tasks__owner"),
        # Documents of public items stay once the minutes are published (the service refuses).
        "public_documents_kept": minutes is not None and minutes.status == MinutesStatus.PUBLISHED,
    }
    return render(request, "meetings/meeting_detail.html", context)


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
    run_service(
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


@object_permission_required("meetings.manage_meeting", Meeting, **by_pk)
def add_resolution(request, meeting: Meeting):
    form = forms.ResolutionForm(request.POST or None, meeting=meeting)
    if form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ("number", "text", "agenda_item")}
        try:
            create_once(
                request,
                form,
                lambda: services.record_resolution(meeting, **fields),
                lambda _resolution: reverse("meetings:meeting", args=[meeting.pk]),
            )
        except AlreadySubmitted as done:
            return done.response(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Der Beschluss ist erfasst."))
            return redirect("meetings:meeting", meeting.pk)
    context = {"meeting": meeting, "alliance": meeting.alliance, "form": form}
    return render(request, "meetings/resolution_form.html", context)


@object_permission_required("meetings.view_published_summary", Alliance)
def oparl_export(request, alliance: Alliance):
    """The former single-document export: moved to the OParl 1.1 system of the API app."""
    return redirect(reverse("api:oparl_body", args=[alliance.slug]), permanent=True)
