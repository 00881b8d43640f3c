"""Start pages (per role, or the public landing page) and the public pages of an alliance."""

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import (
    ABOVE_MUNICIPALITIES,
    Alliance,
    Membership,
)
from wohnbuendnis.lib import caching
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
    alliance = get_object_or_404(Alliance.objects.select_related("area"), slug=slug)
    context = _public_page(request, alliance)
    context["may_overview"] = alliance.area.level in ABOVE_MUNICIPALITIES and (
        request.user.has_perm("alliance.view_overview", alliance)
    )
    return render(request, "site/alliance_public.html", context)


def _public_page(request, alliance: Alliance) -> dict:
    """What the public page shows (``public.page``); for visitors without a login kept
    ``PUBLIC_PAGE_SECONDS``: the busiest public page reads six apps, and nothing on it is
    personal or depends on the visitor. Signed-in people see it as it is."""
    seconds = settings.PUBLIC_PAGE_SECONDS
    if request.user.is_authenticated or seconds <= 0:
        return public.page(alliance)
    name = caching.key("alliance-public", alliance.pk, translation.get_language())
    return caching.cached(name, lambda: public.page(alliance), timeout=seconds)


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
