"""Internal pages of an alliance (members only): organisations, people, bodies."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render

from wohnbuendnis.alliance.models import Alliance, Membership, Organisation
from wohnbuendnis.areas.models import AreaLevel
from wohnbuendnis.lib.views import object_permission_required


def _may(request, alliance: Alliance) -> bool:
    return request.user.has_perm("alliance.manage_members", alliance)


@object_permission_required("alliance.view_internal", Alliance)
def organisation_list(request, alliance: Alliance):
    members = (
        alliance.member_organisations.active()
        .select_related("organisation__area")
        .order_by("organisation__sector", "organisation__name")
    )
    above = alliance.area.level in (AreaLevel.STATE, AreaLevel.REGION)
    return render(
        request,
        "alliance/organisation_list.html",
        {"alliance": alliance, "members": members, "may_manage": _may(request, alliance),
         "above": above},
    )  # fmt: skip


@object_permission_required("alliance.view_internal", Alliance)
def organisation_detail(request, alliance: Alliance, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk, alliance_memberships__alliance=alliance)
    memberships = (
        alliance.memberships.active().filter(organisation=organisation).select_related("person")
    )
    return render(
        request,
        "alliance/organisation_detail.html",
        {
            "alliance": alliance,
            "organisation": organisation,
            "memberships": memberships,
            "may_manage": _may(request, alliance),
        },
    )


@object_permission_required("alliance.view_contacts", Alliance)
def person_list(request, alliance: Alliance):
    memberships = (
        alliance.memberships.active()
        .select_related("person", "organisation")
        .order_by("person__last_name", "person__first_name", "role")
    )
    return render(
        request,
        "alliance/person_list.html",
        {"alliance": alliance, "memberships": memberships, "may_manage": _may(request, alliance)},
    )


@object_permission_required("alliance.view_internal", Alliance)
def body_list(request, alliance: Alliance):
    bodies = alliance.bodies.annotate(member_count=Count("members")).prefetch_related("chairs")
    may_manage = request.user.has_perm("alliance.manage_bodies", alliance)
    return render(
        request,
        "alliance/body_list.html",
        {"alliance": alliance, "bodies": bodies, "may_manage": may_manage},
    )


@object_permission_required("alliance.view_internal", Alliance)
def body_detail(request, alliance: Alliance, pk: int):
    active = Membership.objects.active().filter(alliance=alliance).select_related("organisation")
    body = get_object_or_404(
        alliance.bodies.prefetch_related(
            "chairs", Prefetch("members__memberships", queryset=active, to_attr="roles_here")
        ),
        pk=pk,
    )
    chair_ids = {person.pk for person in body.chairs.all()}
    return render(
        request,
        "alliance/body_detail.html",
        {
            "alliance": alliance,
            "body": body,
            "chair_ids": chair_ids,
            "may_manage": request.user.has_perm("alliance.manage_bodies", alliance),
        },
    )
