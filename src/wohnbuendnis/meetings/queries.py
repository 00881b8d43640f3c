"""Read-only lookups of the meetings that other apps share."""

from __future__ import annotations

from django.db.models import Prefetch

from wohnbuendnis.alliance.models import Alliance, Membership
from wohnbuendnis.meetings.models import (
    AgendaItem,
    Meeting,
    Minutes,
    MinutesStatus,
    PressRelease,
    PressReleaseApproval,
    PressReleaseStatus,
)


def public_meetings(alliance: Alliance):
    """The alliance's meetings as the public sees them (the OParl export, the open data, the
    public start page): every meeting of its bodies, earliest first, with only its public
    agenda items prefetched (``agenda_items``); responsible people, attendance and video links
    are never part of the public view."""
    return public_meeting_rows().filter(body__alliance=alliance)


def public_meeting_rows():
    """Every alliance's meetings as the public sees them (see ``public_meetings``)."""
    public_items = AgendaItem.objects.filter(public=True).order_by("position")
    return (
        Meeting.objects.select_related("minutes", "body")
        .prefetch_related(Prefetch("agenda_items", queryset=public_items))
        .order_by("starts_at", "pk")
    )


def published_minutes(alliance: Alliance):
    """The minutes whose public summary Koordination published, newest meeting first."""
    return (
        Minutes.objects.filter(meeting__body__alliance=alliance, status=MinutesStatus.PUBLISHED)
        .select_related("meeting__body")
        .order_by("-meeting__starts_at")
    )


def press_release_lists(alliance: Alliance, user, *, can_manage: bool) -> dict:
    """The press release list: published ones for everyone; drafts and releases out for
    approval for the Koordination; the releases that await the user's organisation."""
    releases = PressRelease.objects.filter(alliance=alliance)
    awaiting: list[PressRelease] = []
    if getattr(user, "is_authenticated", False) and not can_manage:
        organisations = (
            Membership.objects.active()
            .filter(alliance=alliance, person__user=user)
            .values("organisation_id")
        )
        awaiting = list(
            releases.filter(
                status=PressReleaseStatus.IN_APPROVAL, approvers__in=organisations
            ).distinct()
        )
    return {
        "published": list(releases.filter(published=True)),
        "drafts": list(releases.filter(published=False)) if can_manage else [],
        "awaiting": awaiting,
    }


def current_decisions(release: PressRelease) -> dict[int, PressReleaseApproval | None]:
    """Per named organisation (id): its latest decision on the current version, or None."""
    latest: dict[int, PressReleaseApproval | None] = {
        pk: None for pk in release.approvers.values_list("pk", flat=True)
    }
    for decision in release.decisions.filter(version=release.version).order_by("at", "id"):
        if decision.organisation_id in latest:
            latest[decision.organisation_id] = decision
    return latest


def press_release_detail(release: PressRelease, *, with_history: bool) -> dict:
    """The named organisations with their decision on the current version, what they said on
    earlier versions, and (for the Koordination) the history."""
    decisions = current_decisions(release)
    organisations = {o.pk: o for o in release.approvers.all()}
    rows = [
        {"organisation": organisations[pk], "decision": decision}
        for pk, decision in decisions.items()
    ]
    rows.sort(key=lambda row: row["organisation"].name)
    earlier = list(
        release.decisions.filter(version__lt=release.version)
        .select_related("organisation")
        .order_by("-at", "-id")
    )
    history = (
        list(release.history.select_related("by").order_by("at", "id")) if with_history else []
    )
    return {"approvals": rows, "earlier_decisions": earlier, "history": history}
