"""Start pages (per role, or the public landing page) and the public pages of an alliance."""

from django.db import connection
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import (
    ABOVE_MUNICIPALITIES,
    Alliance,
    Body,
    MemberOrganisation,
    Membership,
)
from wohnbuendnis.lib.views import object_permission_required
from wohnbuendnis.site import overview as overview_queries
from wohnbuendnis.site import public
from wohnbuendnis.site.start import ROLE_SUMMARY, ROLE_TASKS, pending_releases


def start(request):
    if not request.user.is_authenticated:
        alliances = list(Alliance.objects.select_related("area"))
        return render(request, "site/landing.html", {"alliances": alliances})
    memberships = (
        Membership.objects.active()
        .filter(person__user=request.user)
        .select_related("alliance", "organisation")
        .order_by("alliance__name", "role")
    )
    cards = [
        {
            "membership": m,
            "summary": ROLE_SUMMARY[m.role],
            "tasks": ROLE_TASKS[m.role],
            "pending": pending_releases(m),
        }
        for m in memberships
        if m.role in Role.values
    ]
    return render(request, "site/start.html", {"cards": cards})


def alliance_list(request):
    alliances = Alliance.objects.select_related("area")
    return render(request, "site/alliance_list.html", {"alliances": alliances})


def alliance_public(request, slug: str):
    """The public start page: what is next, the latest results, key figures, forecast, the
    concept's progress and the open data (``site.public``); no personal data."""
    alliance = get_object_or_404(
        Alliance.objects.select_related("area").prefetch_related(
            Prefetch("bodies", queryset=Body.objects.order_by("position")),
            Prefetch(
                "member_organisations",
                queryset=MemberOrganisation.objects.active()
                .select_related("organisation")
                .order_by("organisation__name"),
                to_attr="active_members",
            ),
        ),
        slug=slug,
    )
    by_sector: dict[str, list] = {}
    for member in alliance.active_members:
        by_sector.setdefault(member.organisation.get_sector_display(), []).append(member)
    context = {"alliance": alliance, "by_sector": sorted(by_sector.items())}
    context |= public.affiliations(alliance)
    context["may_overview"] = alliance.area.level in ABOVE_MUNICIPALITIES and (
        request.user.has_perm("alliance.view_overview", alliance)
    )
    return render(request, "site/alliance_public.html", context | public.overview(alliance))


@object_permission_required("alliance.view_overview", Alliance)
def overview(request, alliance: Alliance):
    """A state or regional alliance's municipalities: alliances, concepts, next evaluations and
    key indicators, as a table and a map (issue 15, item 5)."""
    if alliance.area.level not in ABOVE_MUNICIPALITIES:
        raise Http404(_("Nur ein Bündnis eines Kreises, einer Region oder eines Landes."))
    context = {"alliance": alliance} | overview_queries.overview(alliance)
    return render(request, "site/overview.html", context)


@object_permission_required("alliance.view_overview", Alliance)
def overview_map(request, alliance: Alliance):
    if alliance.area.level not in ABOVE_MUNICIPALITIES:
        raise Http404(_("Nur ein Bündnis eines Kreises, einer Region oder eines Landes."))
    return JsonResponse(overview_queries.overview_map(alliance))


def page(request, template: str):
    return render(request, f"site/{template}.html")


@never_cache
def health(request):
    """For load balancers and monitoring: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def robots(request):
    return HttpResponse(
        "User-agent: *\nDisallow: /konto/\nDisallow: /admin/\n", content_type="text/plain"
    )
