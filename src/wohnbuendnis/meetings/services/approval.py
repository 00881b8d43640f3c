"""Approval of minutes (explicit, or tacit after the deadline) and their publication."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.alliance.models import Body, Person
from wohnbuendnis.lib.history import change_status
from wohnbuendnis.lib.site_language import in_site_language
from wohnbuendnis.meetings.models import (
    Amendment,
    AmendmentStatus,
    ApprovalMode,
    BodyMinutesPolicy,
    Minutes,
    MinutesStatus,
)
from wohnbuendnis.meetings.services.minutes import OPEN_FOR_COMMENTS, _lock, _require
from wohnbuendnis.meetings.services.shared import ATTENDING, _send


def approval_mode(body: Body) -> str:
    """The body's way of approving minutes; explicit unless it decided otherwise."""
    policy = BodyMinutesPolicy.objects.filter(body=body).first()
    return policy.approval_mode if policy else ApprovalMode.EXPLICIT


@transaction.atomic
def set_approval_mode(body: Body, by, mode: str) -> BodyMinutesPolicy:
    """Record how the body approves its minutes (explicitly or tacitly)."""
    if mode not in ApprovalMode.values:
        raise ValidationError(_("Unbekannte Art der Freigabe."))
    policy, _created = BodyMinutesPolicy.objects.select_for_update().get_or_create(body=body)
    policy.approval_mode = mode
    policy.changed_by = by
    policy.save()
    return policy


def _check_approvable(minutes: Minutes) -> None:
    _require(minutes, *OPEN_FOR_COMMENTS)
    if Amendment.objects.filter(item__minutes=minutes, status=AmendmentStatus.OPEN).exists():
        raise ValidationError(_("Erst über alle offenen Änderungsvorschläge entscheiden."))


@transaction.atomic
def approve_minutes(minutes: Minutes, by, note: str = "", *, notify: bool = True) -> Minutes:
    """Explicit approval by the chair or the Koordination; a second approval is refused."""
    minutes = _lock(minutes)
    if minutes.status in (MinutesStatus.APPROVED, MinutesStatus.PUBLISHED):
        raise ValidationError(_("Das Protokoll ist bereits freigegeben."))
    _check_approvable(minutes)
    change_status(minutes, MinutesStatus.APPROVED, by, note, save=False)
    minutes.approved_by = by
    minutes.approved_at = timezone.now()
    minutes.save(update_fields=["status", "approved_by", "approved_at"])
    if notify:
        _notify_approval(minutes)
    return minutes


@transaction.atomic
def approve_tacitly(
    minutes: Minutes, today: datetime.date | None = None, *, notify: bool = True
) -> Minutes:
    """Approval when the deadline has passed without an open objection."""
    minutes = _lock(minutes)
    _check_approvable(minutes)
    if approval_mode(minutes.meeting.body) != ApprovalMode.TACIT:
        raise ValidationError(_("Dieses Gremium gibt seine Protokolle ausdrücklich frei."))
    today = today or timezone.localdate()
    if minutes.deadline is None or today <= minutes.deadline:
        raise ValidationError(_("Die Frist für Rückmeldungen läuft noch."))
    change_status(
        minutes,
        MinutesStatus.APPROVED,
        None,
        in_site_language(gettext_noop("stillschweigend nach Fristablauf")),
        save=False,
    )
    minutes.tacitly_approved = True
    minutes.approved_at = timezone.now()
    minutes.save(update_fields=["status", "tacitly_approved", "approved_at"])
    if notify:
        _notify_approval(minutes)
    return minutes


def approve_due_tacitly(today: datetime.date | None = None) -> list[Minutes]:
    """Tacitly approve the minutes of bodies with tacit approval whose deadline has passed
    without an open amendment (run daily by ``send_reminders``)."""
    today = today or timezone.localdate()
    due = (
        Minutes.objects.filter(
            status__in=OPEN_FOR_COMMENTS,
            deadline__lt=today,
            meeting__body__minutes_policy__approval_mode=ApprovalMode.TACIT,
        )
        .exclude(items__amendments__status=AmendmentStatus.OPEN)
        .order_by("pk")
    )
    approved = []
    for minutes in due:
        try:
            approved.append(approve_tacitly(minutes, today))
        except ValidationError:
            continue  # changed meanwhile (approved or amended): nothing to do
    return approved


def _notify_approval(minutes: Minutes) -> None:
    """E-mail the attendees that the minutes are approved, once the transaction commits."""
    meeting = minutes.meeting
    subject = _("Protokoll freigegeben: %(title)s") % {"title": meeting.title}
    if minutes.tacitly_approved:
        how = _(
            "Das Protokoll der Sitzung „%(title)s“ gilt nach Ablauf der Frist ohne Einwand "
            "als freigegeben."
        )
    else:
        how = _("Das Protokoll der Sitzung „%(title)s“ ist freigegeben.")
    text = how % {"title": meeting.title}
    recipients = Person.objects.filter(
        attendances__meeting=meeting, attendances__status__in=ATTENDING
    ).exclude(email="")
    messages = [
        EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [p.email])
        for p in recipients.order_by("last_name")
    ]
    transaction.on_commit(lambda: _send(messages))


def default_summary(minutes: Minutes) -> str:
    """The results and decisions of the public agenda items, one paragraph each."""
    parts = []
    for item in minutes.items.select_related("agenda_item").filter(agenda_item__public=True):
        text = " ".join(t for t in (item.decisions, item.results) if t)
        if text:
            parts.append(f"{item.agenda_item.title}: {text}")
    return "\n\n".join(parts)


@transaction.atomic
def publish_minutes(minutes: Minutes, by, public_summary: str = "") -> Minutes:
    """Publish approved minutes; without a text the summary is built from the public items."""
    minutes = _lock(minutes)
    _require(minutes, MinutesStatus.APPROVED)
    summary = public_summary.strip() or default_summary(minutes)
    if not summary:
        raise ValidationError(_("Bitte geben Sie eine öffentliche Zusammenfassung an."))
    change_status(minutes, MinutesStatus.PUBLISHED, by, save=False)
    minutes.public_summary = summary
    minutes.published_at = timezone.now()
    minutes.save(update_fields=["status", "public_summary", "published_at"])
    return minutes
