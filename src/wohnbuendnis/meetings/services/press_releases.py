"""Press releases of an alliance: drafts, approval by named partner organisations, publication.

Every change locks the release row (``select_for_update``) and appends a history row. A decision
names the version it was given on: an edit in between makes a new version and the decision is
refused (the partner reads the new text first), so an approval never lands on a text its giver
did not see; decisions on older versions stay in the record but no longer count.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.alliance.models import Alliance, MemberOrganisation, Membership, Organisation
from wohnbuendnis.lib.history import change_status, record_status
from wohnbuendnis.lib.plausibility import check_date_near_today
from wohnbuendnis.lib.site_language import in_site_language
from wohnbuendnis.meetings.models import (
    PressRelease,
    PressReleaseApproval,
    PressReleaseDecision,
    PressReleaseStatus,
    PressReleaseVersion,
)
from wohnbuendnis.meetings.queries import current_decisions
from wohnbuendnis.meetings.services.shared import _send


def _check_content(title: str, text: str, date: datetime.date) -> None:
    if not title.strip() or not text.strip():
        raise ValidationError(_("Bitte geben Sie Titel und Text an."))
    check_date_near_today(date, _("Das Datum der Pressemitteilung"))


def _locked(release: PressRelease) -> PressRelease:
    return PressRelease.objects.select_for_update().get(pk=release.pk)


@transaction.atomic
def create_press_release(
    alliance: Alliance, by, *, title: str, text: str, date: datetime.date
) -> PressRelease:
    """A draft press release; nobody outside sees it until it is published."""
    _check_content(title, text, date)
    release = PressRelease.objects.create(
        alliance=alliance, title=title.strip(), text=text.strip(), date=date, created_by=by
    )
    PressReleaseVersion.objects.create(
        release=release, number=1, title=release.title, text=release.text, date=date, by=by
    )
    record_status(release, by, in_site_language(gettext_noop("Entwurf angelegt")), new=True)
    return release


def missing_approvals(release: PressRelease) -> list[Organisation]:
    """The named organisations that have not approved the current version (sorted by name)."""
    decisions = current_decisions(release)
    missing = [
        pk
        for pk, decision in decisions.items()
        if decision is None or decision.decision != PressReleaseDecision.APPROVED
    ]
    return list(Organisation.objects.filter(pk__in=missing).order_by("name"))


def _people_of(release: PressRelease, organisations: Iterable[Organisation]) -> list[str]:
    """The e-mail addresses of the people who hold a role in the alliance for these
    organisations today."""
    memberships = (
        Membership.objects.active()
        .filter(alliance=release.alliance, organisation__in=list(organisations))
        .exclude(person__email="")
        .select_related("person")
    )
    return sorted({m.person.email for m in memberships})


def _ask_for_approval(release: PressRelease, *, url: str, again: bool) -> int:
    recipients = _people_of(release, release.approvers.all())
    if not recipients:
        return 0
    deadline = f"{release.approval_deadline:%d.%m.%Y}" if release.approval_deadline else "–"
    if again:
        subject = _("Neue Fassung zur Freigabe: %(title)s") % {"title": release.title}
        intro = _(
            "Die Koordination hat die Pressemitteilung geändert (Fassung %(version)s). "
            "Frühere Freigaben gelten nicht mehr; bitte prüfen Sie die neue Fassung."
        ) % {"version": release.version}
    else:
        subject = _("Bitte um Freigabe: %(title)s") % {"title": release.title}
        intro = _(
            "Die Koordination des Bündnisses bittet Ihre Organisation, die folgende "
            "Pressemitteilung freizugeben oder Änderungen zu erbitten."
        )
    body = "\n\n".join(
        part
        for part in (
            intro,
            _("Freigabe bis: %(deadline)s") % {"deadline": deadline},
            release.title,
            release.text,
            _("Freigeben oder Änderungen erbitten: %(url)s") % {"url": url} if url else "",
        )
        if part
    )
    messages = [EmailMessage(subject, body, to=[address]) for address in recipients]
    return _send(messages)


@transaction.atomic
def send_press_release_for_approval(
    release: PressRelease,
    by,
    *,
    organisations: Iterable[Organisation],
    deadline: datetime.date,
    url: str = "",
    notify: bool = True,
) -> PressRelease:
    """Name the partner organisations that must approve the draft and the deadline; e-mail
    their people who hold a role in the alliance (``notify=False``: no mail, for the demo)."""
    release = _locked(release)
    if release.status != PressReleaseStatus.DRAFT:
        raise ValidationError(_("Nur ein Entwurf kann zur Freigabe gesandt werden."))
    organisations = list(organisations)
    if not organisations:
        raise ValidationError(_("Bitte nennen Sie mindestens eine Organisation, die freigibt."))
    members = set(
        MemberOrganisation.objects.active()
        .filter(alliance=release.alliance)
        .values_list("organisation_id", flat=True)
    )
    strangers = [o.name for o in organisations if o.pk not in members]
    if strangers:
        raise ValidationError(
            _("Keine Mitgliedsorganisation des Bündnisses: %(names)s")
            % {"names": ", ".join(sorted(strangers))}
        )
    check_date_near_today(deadline, _("Die Frist der Freigabe"))
    if deadline < timezone.localdate():
        raise ValidationError(_("Die Frist der Freigabe darf nicht in der Vergangenheit liegen."))
    release.approvers.set(organisations)
    names = ", ".join(sorted(o.name for o in organisations))
    change_status(
        release,
        PressReleaseStatus.IN_APPROVAL,
        by,
        in_site_language(gettext_noop("Freigabe erbeten von: %(names)s"), names=names),
        approval_deadline=deadline,
    )
    if notify:
        _ask_for_approval(release, url=url, again=False)
    return release


@transaction.atomic
def edit_press_release(
    release: PressRelease,
    by,
    *,
    title: str,
    text: str,
    date: datetime.date,
    version: int,
    url: str = "",
) -> PressRelease:
    """A new version of an unpublished release. ``version`` is the one the editor saw: when
    somebody changed the release since, the edit is refused. While the release is out for
    approval, the partners' decisions on the older version no longer count and they are asked
    again."""
    release = _locked(release)
    if release.status == PressReleaseStatus.PUBLISHED:
        raise ValidationError(_("Eine veröffentlichte Pressemitteilung wird nicht mehr geändert."))
    if release.version != version:
        raise ValidationError(
            _(
                "Die Pressemitteilung wurde inzwischen geändert (Fassung %(version)s). "
                "Bitte prüfen Sie die neue Fassung."
            )
            % {"version": release.version}
        )
    _check_content(title, text, date)
    title, text = title.strip(), text.strip()
    if (title, text, date) == (release.title, release.text, release.date):
        return release
    release.title, release.text, release.date = title, text, date
    release.version += 1
    release.save(update_fields=["title", "text", "date", "version"])
    PressReleaseVersion.objects.create(
        release=release, number=release.version, title=title, text=text, date=date, by=by
    )
    in_approval = release.status == PressReleaseStatus.IN_APPROVAL
    note = in_site_language(gettext_noop("Fassung %(version)s"), version=release.version)
    if in_approval:
        note += " – " + in_site_language(
            gettext_noop("frühere Freigaben gelten nicht mehr, erneut erbeten")
        )
    record_status(release, by, note)
    if in_approval:
        _ask_for_approval(release, url=url, again=True)
    return release


def organisations_of(user, release: PressRelease) -> list[Organisation]:
    """The named organisations for which ``user`` holds a role in the alliance today."""
    if not getattr(user, "is_authenticated", False):
        return []
    ids = (
        Membership.objects.active()
        .filter(alliance_id=release.alliance_id, person__user=user)
        .values_list("organisation_id", flat=True)
    )
    return list(release.approvers.filter(pk__in=ids).order_by("name"))


@transaction.atomic
def decide_press_release(
    release: PressRelease,
    by,
    *,
    organisation: Organisation,
    decision: str,
    version: int,
    comment: str = "",
) -> PressReleaseApproval:
    """A named organisation approves the version its person read, or asks for changes (with a
    comment). Refused when the release changed since that version was shown."""
    release = _locked(release)
    if release.status != PressReleaseStatus.IN_APPROVAL:
        raise ValidationError(_("Diese Pressemitteilung wartet auf keine Freigabe."))
    if organisation not in organisations_of(by, release):
        raise ValidationError(_("Sie können für diese Organisation nicht entscheiden."))
    if decision not in PressReleaseDecision.values:
        raise ValidationError(_("Bitte wählen Sie: freigeben oder Änderungen erbitten."))
    comment = comment.strip()
    if decision == PressReleaseDecision.CHANGES_REQUESTED and not comment:
        raise ValidationError(_("Bitte schreiben Sie, welche Änderungen Sie erbitten."))
    if release.version != version:
        raise ValidationError(
            _(
                "Die Pressemitteilung wurde inzwischen geändert (Fassung %(version)s). "
                "Bitte prüfen Sie die neue Fassung."
            )
            % {"version": release.version}
        )
    approval = PressReleaseApproval.objects.create(
        release=release,
        organisation=organisation,
        version=version,
        decision=decision,
        comment=comment,
        by=by,
    )
    label = PressReleaseDecision(decision).label
    record_status(
        release,
        by,
        in_site_language(
            gettext_noop("%(organisation)s: %(decision)s (Fassung %(version)s)"),
            organisation=organisation.name,
            decision=label,
            version=version,
        ),
    )
    return approval


@transaction.atomic
def publish_press_release(release: PressRelease, by) -> PressRelease:
    """Publish a release on the alliance's public pages: only when every named organisation has
    approved the current version (a release without named organisations is the Koordination's
    alone); a second publication is refused."""
    release = _locked(release)
    if release.published:
        raise ValidationError(_("Die Pressemitteilung ist bereits veröffentlicht."))
    if release.approvers.exists():
        if release.status != PressReleaseStatus.IN_APPROVAL:
            raise ValidationError(_("Die Pressemitteilung ist noch nicht zur Freigabe gesandt."))
        missing = missing_approvals(release)
        if missing:
            raise ValidationError(
                _(
                    "Die Pressemitteilung kann noch nicht veröffentlicht werden: Die Freigabe "
                    "der aktuellen Fassung fehlt von %(names)s."
                )
                % {"names": ", ".join(o.name for o in missing)}
            )
    change_status(
        release,
        PressReleaseStatus.PUBLISHED,
        by,
        published=True,
        published_by=by,
        published_at=timezone.now(),
    )
    return release
