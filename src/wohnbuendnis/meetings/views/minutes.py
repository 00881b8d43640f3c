"""Minutes: drafting, reading, versions, circulation, amendments, approval, publication and
the public summaries."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance, Body
from wohnbuendnis.lib.views import object_permission_required, run_service
from wohnbuendnis.meetings import forms, services, versions
from wohnbuendnis.meetings.models import Amendment, AmendmentStatus, Meeting, Minutes, MinutesStatus
from wohnbuendnis.meetings.queries import published_minutes
from wohnbuendnis.meetings.views.shared import by_pk


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
    if form.is_valid() and run_service(
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
        run_service(
            request,
            lambda: services.circulate_minutes(minutes, request.user, deadline),
            _("Das Protokoll ist im Umlauf."),
        )
    return redirect("meetings:minutes", minutes.pk)


@require_POST
@object_permission_required("meetings.approve_minutes", Minutes, **by_pk)
def approve(request, minutes: Minutes):
    run_service(
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
    run_service(
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
    amendment = get_object_or_404(Amendment.objects.filter(item__minutes=minutes), pk=amendment_pk)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie „übernehmen“ oder „ablehnen“."))
        return redirect("meetings:minutes", minutes.pk)
    reply = form.cleaned_data["reply"]
    if form.cleaned_data["decision"] == forms.Decision.ACCEPT:
        action = lambda: services.accept_amendment(amendment, request.user, reply)  # noqa: E731
    else:
        action = lambda: services.reject_amendment(amendment, request.user, reply)  # noqa: E731
    run_service(request, action, _("Die Entscheidung ist gespeichert."))
    return redirect("meetings:minutes", minutes.pk)


@object_permission_required("meetings.view_published_summary", Alliance)
def public_summaries(request, alliance: Alliance):
    published = published_minutes(alliance)
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
