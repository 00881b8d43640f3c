"""What the allocation pages share: the navigation, the uuid lookup with permission, the
page frame."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import Alliance, Organisation
from wohnbuendnis.allocation import engine
from wohnbuendnis.allocation.rules import organisations_of
from wohnbuendnis.lib.views import object_permission_required

NAV = [
    ("households", gettext_lazy("Haushalte"), "allocation:households", "allocation.view_register"),
    ("vacancies", gettext_lazy("Wohnungen"), "allocation:vacancies", "allocation.view_vacancies"),
    ("costs", gettext_lazy("Kostenübernahme"), "allocation:cost_coverage",
     "allocation.view_cost_coverage"),
    ("scheme", gettext_lazy("Prioritätenliste"), "allocation:scheme",
     "allocation.view_priority_scheme"),
    ("audit", gettext_lazy("Diskriminierungs-Audit"), "allocation:audit", "allocation.view_audit"),
    ("places", gettext_lazy("Stadtteile"), "allocation:places", "allocation.view_places"),
    ("settings", gettext_lazy("Einstellungen"), "allocation:settings", "allocation.edit_settings"),
    ("access_log", gettext_lazy("Zugriffsprotokoll"), "allocation:access_log",
     "allocation.view_access_log"),
]  # fmt: skip


def by_uuid(perm: str, model):
    return object_permission_required(perm, model, lookup="public_id", url_kwarg="uuid")


def _page(request, template: str, alliance: Alliance, active: str, **context):
    nav = [
        (label, reverse(url, args=[alliance.slug]), key == active)
        for key, label, url, perm in NAV
        if request.user.has_perm(perm, alliance)
    ]
    return render(request, template, {"alliance": alliance, "nav": nav, **context})


def _criteria(alliance: Alliance) -> list[str]:
    version = engine.current_scheme(alliance)
    return list(engine.parse(version.toml).criteria) if version else []


def _organisation(request, alliance: Alliance, role: Role) -> Organisation | None:
    found = sorted(organisations_of(request.user, alliance, role))
    return Organisation.objects.get(pk=found[0]) if found else None
