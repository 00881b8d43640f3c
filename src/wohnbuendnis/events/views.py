"""Events: the list, the event page with the registration, the Koordination's pages (new,
edit, cancel, attendance list and its download, documents, report) and the links of the
registration mails. Thin: every change is a service call."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.events import downloads, forms, ical, queries, services
from wohnbuendnis.events.models import Event, EventDocument, Registration, RegistrationStatus
from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once, with_token
from wohnbuendnis.lib.views import no_store, object_permission_required, run_service

by_pk = {"lookup": "pk", "url_kwarg": "pk"}


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


@object_permission_required("events.view_events", Alliance)
def event_list(request, alliance: Alliance):
    """Upcoming and past events: public ones for everybody, members-only ones for members."""
    members = request.user.has_perm("alliance.view_internal", alliance)
    context = {
        "alliance": alliance,
        "upcoming": queries.upcoming(alliance, members=members),
        "past": queries.past(alliance, members=members),
        "members": members,
        "can_manage": request.user.has_perm("events.manage_events", alliance),
    }
    return render(request, "events/event_list.html", context)


@object_permission_required("events.manage_events", Alliance)
def new_event(request, alliance: Alliance):
    form = with_token(forms.EventForm)(request.POST or None)
    if form.is_valid():
        fields = form.service_fields()
        try:
            event = create_once(
                request,
                form,
                lambda: services.create_event(alliance, request.user, **fields),
                lambda event: reverse("events:event", args=[event.pk]),
            )
        except AlreadySubmitted as done:
            return done.response(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Veranstaltung ist angelegt."))
            return redirect("events:event", event.pk)
    context = {"alliance": alliance, "form": form, "title": _("Neue Veranstaltung")}
    return render(request, "events/event_form.html", context)


@object_permission_required("events.manage_events", Event, **by_pk)
def edit_event(request, event: Event):
    form = forms.EventForm(request.POST or None, initial=forms.EventForm.initial_of(event))
    if form.is_valid():
        fields = form.service_fields()
        try:
            services.update_event(event, request.user, base_url=_base_url(request), **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Änderungen sind gespeichert."))
            return redirect("events:event", event.pk)
    context = {
        "alliance": event.alliance,
        "event": event,
        "form": form,
        "title": _("Veranstaltung bearbeiten"),
    }
    return render(request, "events/event_form.html", context)


def _detail_context(request, event: Event, form=None) -> dict:
    now = timezone.now()
    can_manage = request.user.has_perm("events.manage_events", event)
    is_member = request.user.has_perm("events.register_member", event)
    open_for_registration = (
        not event.is_cancelled and event.registration_open and event.starts_at > now
    )
    own = services.member_registration(event, request.user) if is_member else None
    show_form = open_for_registration and event.is_public and not is_member
    return {
        "event": event,
        "alliance": event.alliance,
        "programme": event.programme.all(),
        "documents": event.documents.all(),
        "can_manage": can_manage,
        "counts": services.counts(event) if can_manage else None,
        "is_past": event.ends_at < now,
        "open_for_registration": open_for_registration,
        "can_join": open_for_registration and is_member and own is None,
        "own": own,
        "form": form if form is not None else (forms.RegistrationForm() if show_form else None),
        "document_form": forms.DocumentForm() if can_manage else None,
        "statuses": RegistrationStatus,
    }


@object_permission_required("events.view_event", Event, **by_pk)
def event_detail(request, event: Event):
    return render(request, "events/event_detail.html", _detail_context(request, event))


@require_POST
@object_permission_required("events.register_public", Event, **by_pk)
def register(request, event: Event):
    """The public registration form: a mail with the confirmation link follows."""
    form = forms.RegistrationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            create_once(
                request,
                form,
                lambda: services.register_public(
                    event,
                    name=data["name"],
                    email=data["email"],
                    organisation=data["organisation"],
                    consent=data["consent"],
                    base_url=_base_url(request),
                ),
                lambda _registration: reverse("events:registration_sent", args=[event.pk]),
            )
        except AlreadySubmitted as done:
            return done.response(request)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            return redirect("events:registration_sent", event.pk)
    context = _detail_context(request, event, form)
    return render(request, "events/event_detail.html", context, status=200)


@object_permission_required("events.register_public", Event, **by_pk)
def registration_sent(request, event: Event):
    return render(request, "events/registration_sent.html", {"event": event})


@require_POST
@object_permission_required("events.register_member", Event, **by_pk)
def join(request, event: Event):
    """A member's registration with one click."""
    try:
        registration = services.register_member(event, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if registration.status == RegistrationStatus.CONFIRMED:
            messages.success(request, _("Sie sind angemeldet."))
        else:
            messages.info(request, _("Alle Plätze sind vergeben: Sie stehen auf der Warteliste."))
    return redirect("events:event", event.pk)


@require_POST
@object_permission_required("events.register_member", Event, **by_pk)
def leave(request, event: Event):
    own = services.member_registration(event, request.user)
    if own is None:
        messages.error(request, _("Sie sind nicht angemeldet."))
    else:
        run_service(
            request,
            lambda: services.cancel_registration(own, request.user, base_url=_base_url(request)),
            _("Sie sind abgemeldet."),
        )
    return redirect("events:event", event.pk)


@object_permission_required("events.manage_events", Event, **by_pk)
def cancel_event(request, event: Event):
    form = forms.CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            sent = services.cancel_event(
                event, request.user, reason=reason, base_url=_base_url(request)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Die Veranstaltung ist abgesagt; %(n)s Angemeldete wurden benachrichtigt.")
                % {"n": sent},
            )
            return redirect("events:event", event.pk)
    context = {"event": event, "alliance": event.alliance, "form": form}
    return render(request, "events/event_cancel.html", context)


@require_POST
@object_permission_required("events.manage_events", Event, **by_pk)
def toggle_registration(request, event: Event):
    is_open = request.POST.get("open") == "1"
    run_service(
        request,
        lambda: services.set_registration_open(event, request.user, is_open),
        _("Die Anmeldung ist geöffnet.") if is_open else _("Die Anmeldung ist geschlossen."),
    )
    return redirect("events:event", event.pk)


@no_store
@object_permission_required("events.manage_events", Event, **by_pk)
def attendance(request, event: Event):
    """The organiser's attendance list: confirmed, waiting, unconfirmed, cancelled, counts;
    attendance is marked here."""
    if request.method == "POST":
        try:
            attended = {int(pk) for pk in request.POST.getlist("attended")}
        except ValueError:
            attended = set()
        if run_service(
            request,
            lambda: services.mark_attendance(event, request.user, attended),
            _("Die Anwesenheit ist gespeichert."),
        ):
            return redirect("events:attendance", event.pk)
    rows = queries.attendance_list(event)
    context = {
        "event": event,
        "alliance": event.alliance,
        "counts": services.counts(event),
        "groups": [
            (status.label, status.value, [r for r in rows if r.status == status])
            for status in (
                RegistrationStatus.CONFIRMED,
                RegistrationStatus.WAITING,
                RegistrationStatus.PENDING,
                RegistrationStatus.CANCELLED,
            )
        ],
        "deleted": event.registrations_deleted_at is not None,
    }
    return render(request, "events/attendance.html", context)


def _file(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@no_store
@object_permission_required("events.manage_events", Event, **by_pk)
def attendance_csv(request, event: Event):
    return _file(downloads.csv(event), "text/csv; charset=utf-8", downloads.filename(event, "csv"))


@no_store
@object_permission_required("events.manage_events", Event, **by_pk)
def attendance_xlsx(request, event: Event):
    return _file(
        downloads.xlsx(event),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        downloads.filename(event, "xlsx"),
    )


@object_permission_required("events.view_event", Event, **by_pk)
def event_ics(request, event: Event):
    text = ical.calendar(
        event,
        url=request.build_absolute_uri(reverse("events:event", args=[event.pk])),
        stamp=timezone.now(),
        domain=request.get_host().split(":")[0] or "wohnbuendnis",
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="veranstaltung-{event.pk}.ics"'
    return response


@require_POST
@object_permission_required("events.manage_events", Event, **by_pk)
def upload_document(request, event: Event):
    form = forms.DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(
            request,
            " ".join(form.errors.get("__all__", [])) or _("Bitte wählen Sie eine Datei aus."),
        )
        return redirect("events:event", event.pk)
    upload = form.cleaned_data["file"]
    try:
        create_once(
            request,
            form,
            lambda: services.add_document(event, request.user, upload),
            lambda _document: reverse("events:event", args=[event.pk]),
        )
    except AlreadySubmitted as done:
        return done.response(request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Die Unterlage ist hochgeladen."))
    return redirect("events:event", event.pk)


@object_permission_required("events.download_document", EventDocument, **by_pk)
def download_document(request, document: EventDocument):
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=document.name)
    response["Content-Type"] = document.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@object_permission_required("events.manage_events", EventDocument, **by_pk)
def delete_document(request, document: EventDocument):
    event_pk, name = document.event_id, document.name
    run_service(
        request,
        lambda: services.delete_document(document, request.user),
        _("Die Unterlage „%(name)s“ ist gelöscht.") % {"name": name},
    )
    return redirect("events:event", event_pk)


@object_permission_required("events.manage_events", Event, **by_pk)
def report(request, event: Event):
    form = forms.ReportForm(request.POST or None, initial={"report": event.report})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_report(event, request.user, form.cleaned_data["report"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Der Bericht ist gespeichert."))
            return redirect("events:event", event.pk)
    context = {"event": event, "alliance": event.alliance, "form": form}
    return render(request, "events/report_form.html", context)


# --- the links in the mails (no login: the token is the key) ---------------------------------


@no_store
def confirm(request, token: str):
    """The double opt-in link: opening it confirms the registration."""
    try:
        registration = services.confirm_registration(token)
    except ValidationError as error:
        context = {"error": " ".join(error.messages)}
        return render(request, "events/registration_confirmed.html", context, status=404)
    context = {"registration": registration, "event": registration.event}
    return render(request, "events/registration_confirmed.html", context)


@no_store
def cancel_registration(request, token: str):
    """The cancellation link: a page with a button (a mail scanner opening the link cancels
    nothing)."""
    registration = (
        Registration.objects.select_related("event__alliance").filter(token=token).first()
    )
    if registration is None:
        raise Http404
    done = registration.status == RegistrationStatus.CANCELLED
    if request.method == "POST" and not done:
        done = run_service(
            request,
            lambda: services.cancel_registration(registration, base_url=_base_url(request)),
            _("Sie sind abgemeldet."),
        )
    context = {"registration": registration, "event": registration.event, "done": done}
    return render(request, "events/registration_cancel.html", context)
