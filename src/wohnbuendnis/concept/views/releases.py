"""The release page: Koordination releases changes for the public pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.concept import queries, services
from wohnbuendnis.concept.models import Release
from wohnbuendnis.lib.views import object_permission_required


@object_permission_required("concept.release", Alliance)
def release(request, alliance: Alliance):
    """Each pending change with the public state before and after; the chosen ones are
    released in one service call. A refusal shows the page again with the choice kept."""
    chosen = request.POST.getlist("item") if request.method == "POST" else None
    if chosen is not None:
        try:
            released = services.release(alliance, request.user, chosen)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _released(len(released)))
            return redirect("concept:release", alliance.slug)
    items = queries.pending(alliance)
    context = {
        "alliance": alliance,
        "items": items,
        "chosen": set(chosen) if chosen is not None else {item.key for item in items},
        "history": Release.objects.filter(alliance=alliance)
        .select_related("by", "measure", "measurement__goal")
        .order_by("-at", "-id")[:20],
    }
    return render(request, "concept/release.html", context)


def _released(count: int) -> str:
    if not count:
        return _("Es gab nichts mehr freizugeben: die Änderungen waren schon freigegeben.")
    return ngettext(
        "%(n)s Änderung ist freigegeben und öffentlich sichtbar.",
        "%(n)s Änderungen sind freigegeben und öffentlich sichtbar.",
        count,
    ) % {"n": count}
