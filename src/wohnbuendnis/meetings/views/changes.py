"""Changes of a meeting after it was scheduled: move, cancel, edit the agenda, answer the
invitation. Each view calls one service; after the invitation the services send the update."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once
from wohnbuendnis.lib.views import object_permission_required, run_service
from wohnbuendnis.meetings import forms, services
from wohnbuendnis.meetings.models import AgendaItem, Meeting
from wohnbuendnis.meetings.views.shared import by_pk

ITEM_FIELDS = ("title", "duration_minutes", "responsible", "public", "description")


def _url(request, meeting: Meeting) -> str:
    return request.build_absolute_uri(reverse("meetings:meeting", args=[meeting.pk]))


def _closed(request, meeting: Meeting):
    """A redirect with a message when the meeting can no longer change (the services refuse
    too); ``None`` while it is planned or invited and has no minutes."""
    if services.is_open_for_changes(meeting):
        return None
    messages.error(request, _("Diese Sitzung ist abgesagt, vorbei oder hat ein Protokoll."))
    return redirect("meetings:meeting", meeting.pk)


def _page(request, meeting: Meeting, template: str, form, **extra):
    context = {"meeting": meeting, "alliance": meeting.alliance, "form": form, **extra}
    return render(request, f"meetings/{template}", context)


@object_permission_required("meetings.manage_meeting", Meeting, **by_pk)
def move(request, meeting: Meeting):
    if closed := _closed(request, meeting):
        return closed
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    initial = {
        "day": start.date(),
        "start": start.time(),
        "end": end.time(),
        "place": meeting.place,
        "video_url": meeting.video_url,
    }
    form = forms.MoveForm(request.POST or None, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        tz = timezone.get_current_timezone()
        try:
            services.move_meeting(
                meeting,
                request.user,
                starts_at=datetime.datetime.combine(data["day"], data["start"], tzinfo=tz),
                ends_at=datetime.datetime.combine(data["day"], data["end"], tzinfo=tz),
                place=data["place"],
                video_url=data["video_url"],
                note=data["note"],
                url=_url(request, meeting),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Sitzung ist geändert."))
            return redirect("meetings:meeting", meeting.pk)
    return _page(request, meeting, "meeting_move.html", form)


@object_permission_required("meetings.manage_meeting", Meeting, **by_pk)
def cancel(request, meeting: Meeting):
    if closed := _closed(request, meeting):
        return closed
    form = forms.CancelForm(request.POST or None)
    if form.is_valid():
        try:
            services.cancel_meeting(
                meeting, request.user, note=form.cleaned_data["note"], url=_url(request, meeting)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Sitzung ist abgesagt."))
            return redirect("meetings:meeting", meeting.pk)
    return _page(request, meeting, "meeting_cancel.html", form)


@object_permission_required("meetings.manage_meeting", Meeting, **by_pk)
def add_agenda_item(request, meeting: Meeting):
    if closed := _closed(request, meeting):
        return closed
    form = forms.NewAgendaItemForm(request.POST or None, alliance=meeting.alliance)
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ITEM_FIELDS}
        try:
            create_once(
                request,
                form,
                lambda: services.add_agenda_item(
                    meeting, request.user, url=_url(request, meeting), **fields
                ),
                lambda _item: reverse("meetings:meeting", args=[meeting.pk]),
            )
        except AlreadySubmitted as done:
            return done.response(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Der Tagesordnungspunkt ist ergänzt."))
            return redirect("meetings:meeting", meeting.pk)
    return _page(request, meeting, "agenda_item_form.html", form, item=None)


@object_permission_required("meetings.manage_meeting", Meeting, **by_pk)
def edit_agenda_item(request, meeting: Meeting, item_pk: int):
    if closed := _closed(request, meeting):
        return closed
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    initial = {name: getattr(item, name) for name in ITEM_FIELDS}
    form = forms.AgendaItemForm(request.POST or None, initial=initial, alliance=meeting.alliance)
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ITEM_FIELDS}
        try:
            services.update_agenda_item(item, request.user, url=_url(request, meeting), **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Der Tagesordnungspunkt ist geändert."))
            return redirect("meetings:meeting", meeting.pk)
    return _page(request, meeting, "agenda_item_form.html", form, item=item)


@require_POST
@object_permission_required("meetings.manage_meeting", Meeting, **by_pk)
def move_agenda_item(request, meeting: Meeting, item_pk: int):
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    up = request.POST.get("direction") == "up"
    run_service(
        request,
        lambda: services.move_agenda_item(item, request.user, up=up, url=_url(request, meeting)),
        _("Die Reihenfolge ist geändert."),
    )
    return redirect("meetings:meeting", meeting.pk)


@require_POST
@object_permission_required("meetings.manage_meeting", Meeting, **by_pk)
def remove_agenda_item(request, meeting: Meeting, item_pk: int):
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    run_service(
        request,
        lambda: services.remove_agenda_item(item, request.user, url=_url(request, meeting)),
        _("Der Tagesordnungspunkt ist entfernt."),
    )
    return redirect("meetings:meeting", meeting.pk)


@require_POST
@object_permission_required("meetings.answer_invitation", Meeting, **by_pk)
def answer(request, meeting: Meeting):
    person = services.person_of(request.user)
    if person is None:
        raise Http404
    form = forms.AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie eine Antwort."))
    else:
        run_service(
            request,
            lambda: services.answer_invitation(meeting, person, form.cleaned_data["answer"]),
            _("Ihre Antwort ist gespeichert."),
        )
    return redirect("meetings:meeting", meeting.pk)
