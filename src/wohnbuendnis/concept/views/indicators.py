"""The alliance's own indicators, next to the monitoring's catalogue: the list, create, edit."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.concept import forms
from wohnbuendnis.concept.views.common import by_pk, edit_page
from wohnbuendnis.lib.idempotency import with_token
from wohnbuendnis.lib.views import object_permission_required
from wohnbuendnis.monitoring.models import Indicator
from wohnbuendnis.monitoring.services import indicators as service


@object_permission_required("concept.view_concept", Alliance)
def own_indicators(request, alliance: Alliance):
    context = {
        "alliance": alliance,
        "indicators": Indicator.objects.filter(alliance=alliance).order_by("name"),
        "catalogue_count": Indicator.objects.filter(alliance__isnull=True).count(),
        "can_edit": request.user.has_perm("concept.edit_goals_and_measures", alliance),
    }
    return render(request, "concept/indicators.html", context)


@object_permission_required("concept.edit_goals_and_measures", Alliance)
def indicator_create(request, alliance: Alliance):
    form = with_token(forms.OwnIndicatorForm)(request.POST or None)

    def save(f):
        data = dict(f.cleaned_data)
        return service.create_own_indicator(alliance, data.pop("key"), **data)

    return edit_page(
        request,
        form,
        save,
        alliance=alliance,
        heading=_("Eigenen Indikator anlegen"),
        done=_("Der Indikator ist angelegt; Ziele können ihn nun nennen."),
        back=reverse("concept:indicators", args=[alliance.slug]),
    )


@object_permission_required("concept.edit_goals_and_measures", Indicator, **by_pk)
def indicator_edit(request, indicator: Indicator):
    form = forms.OwnIndicatorForm(
        request.POST or None, instance=Indicator.objects.get(pk=indicator.pk)
    )
    return edit_page(
        request,
        form,
        lambda f: service.update_own_indicator(indicator, **f.cleaned_data),
        alliance=indicator.alliance,
        heading=_("Indikator „%(name)s“ bearbeiten") % {"name": indicator.name},
        done=_("Der Indikator ist gespeichert."),
        back=reverse("concept:indicators", args=[indicator.alliance.slug]),
    )
