"""The priority list as forms and tables: a draft from the forms or an uploaded TOML, its
effect on the register before adoption, the adoption, and the TOML to download."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_POST

from wohnbuendnis.accounts.models import AccessAction
from wohnbuendnis.accounts.services import record_personal_data_accesses
from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation import charts_drafts, engine
from wohnbuendnis.allocation.forms import CRITERION_LABELS, DATE
from wohnbuendnis.allocation.models import PriorityScheme, PrioritySchemeDraft
from wohnbuendnis.allocation.scheme_forms import (
    TIE_BREAK_LABELS,
    bound_forms,
    initial_of,
    scheme_from_forms,
)
from wohnbuendnis.allocation.services import priority_drafts
from wohnbuendnis.allocation.views.shared import _page, by_uuid
from wohnbuendnis.lib.site_language import in_site_language
from wohnbuendnis.lib.views import object_permission_required

SHOWN_CASES = 20  # the housing office sees the cases that move most


class AdoptForm(forms.Form):
    decided_on = forms.DateField(label=gettext_lazy("beschlossen am"), widget=DATE)
    decided_by = forms.CharField(label=gettext_lazy("beschlossen von (Gremium)"), max_length=120)
    resolution = forms.CharField(
        label=gettext_lazy("Beschluss (Nummer, Fundstelle oder Wortlaut)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Datei (TOML)"))


@object_permission_required("allocation.draft_priority_scheme", Alliance)
def scheme_draft_new(request, alliance: Alliance):
    """The forms, filled with the valid version (or the example list); saving makes a draft."""
    current = engine.current_scheme(alliance)
    base = engine.parse(current.toml if current else engine.example_scheme())
    bound = bound_forms(request.POST or None, initial_of(base))
    note = request.POST.get("anlass", "")
    if request.method == "POST" and all(f.is_valid() for f in bound.values()):
        try:
            scheme = scheme_from_forms(bound)
            draft = priority_drafts.save_scheme_draft(
                alliance, request.user, engine.format_scheme(scheme), note
            )
        except (ValueError, ValidationError) as error:
            message = " ".join(error.messages) if isinstance(error, ValidationError) else ""
            bound["rules"].add_error(None, message or _("Diese Regeln sind nicht gültig."))
        else:
            messages.success(request, _("Der Entwurf ist gespeichert. Prüfen Sie seine Wirkung."))
            return redirect("allocation:scheme_draft", draft.public_id)
    criteria = bound["criteria"]
    return _page(
        request, "allocation/scheme_draft_form.html", alliance, "scheme", current=current,
        rules=bound["rules"], criteria=criteria, paths=bound["paths"], sizes=bound["sizes"],
        labels=CRITERION_LABELS, note=note, upload=UploadForm(),
    )  # fmt: skip


@require_POST
@object_permission_required("allocation.draft_priority_scheme", Alliance)
def scheme_upload(request, alliance: Alliance):
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie eine Datei."))
        return redirect("allocation:scheme_draft_new", alliance.slug)
    try:
        text = form.cleaned_data["file"].read(200_000).decode("utf-8")
        draft = priority_drafts.save_scheme_draft(
            alliance, request.user, text, in_site_language(gettext_noop("hochgeladene Datei"))
        )
    except UnicodeDecodeError:
        messages.error(request, _("Die Datei ist keine UTF-8-Textdatei."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Der Entwurf ist gespeichert. Prüfen Sie seine Wirkung."))
        return redirect("allocation:scheme_draft", draft.public_id)
    return redirect("allocation:scheme_draft_new", alliance.slug)


def _readable(scheme) -> dict:
    """The rules of a scheme as German rows for the tables."""
    occupancy = scheme.occupancy_rules
    return {
        "criteria": [(CRITERION_LABELS.get(k, k), v) for k, v in scheme.criteria.items()],
        "tie_break": [TIE_BREAK_LABELS.get(t, t) for t in scheme.tie_break],
        "sizes": sorted(scheme.size_rules.max_m2.items()),
        "paths": list(scheme.income_limits.paths.items()),
        "occupancy": occupancy,
    }


@by_uuid("allocation.view_scheme_draft", PrioritySchemeDraft)
def scheme_draft_detail(request, draft: PrioritySchemeDraft):
    return _draft_page(request, draft)


def _draft_page(request, draft: PrioritySchemeDraft, adopt_form=None):
    alliance = draft.alliance
    effect = priority_drafts.draft_effect(draft)
    cases = []
    if request.user.has_perm("allocation.view_draft_cases", alliance):
        moved = sorted(
            (c for c in effect.changes if c.moved_up),
            key=lambda c: (-abs(c.moved_up), c.new_rank),
        )[:SHOWN_CASES]
        cases = [(effect.households[c.household_id], c) for c in moved]
        if cases:
            record_personal_data_accesses(
                request.user, AccessAction.VIEW, [h for h, _c in cases],
                gettext_lazy("Wirkung eines Entwurfs der Prioritätenliste angesehen"),
            )  # fmt: skip
    can_adopt = request.user.has_perm("allocation.adopt_priority_scheme", alliance)
    if can_adopt and adopt_form is None and draft.adopted_as_id is None:
        adopt_form = AdoptForm()
    scheme = engine.parse(draft.toml)
    return _page(
        request, "allocation/scheme_draft.html", alliance, "scheme", draft=draft,
        effect=effect, cases=cases, rules=_readable(scheme), scheme=scheme,
        chart=charts_drafts.rank_change_chart(effect.bands),
        adopt_form=adopt_form if draft.adopted_as_id is None else None,
        current=engine.current_scheme(alliance),
    )  # fmt: skip


@require_POST
@by_uuid("allocation.adopt_priority_scheme", PrioritySchemeDraft)
def scheme_draft_adopt(request, draft: PrioritySchemeDraft):
    form = AdoptForm(request.POST)
    if form.is_valid():
        try:
            version = priority_drafts.adopt_scheme_draft(draft, request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Version %(v)d ist beschlossen und gilt jetzt.") % {"v": version.version}
            )
            return redirect("allocation:scheme", draft.alliance.slug)
    response = _draft_page(request, draft, adopt_form=form)
    response.status_code = 400
    return response


def _toml_response(text: str, name: str) -> HttpResponse:
    response = HttpResponse(text, content_type="application/toml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@object_permission_required("allocation.view_priority_scheme", Alliance)
def scheme_download(request, alliance: Alliance, version: int):
    row = get_object_or_404(PriorityScheme, alliance=alliance, version=version)
    return _toml_response(row.toml, f"prioritaetenliste-{alliance.slug}-v{version}.toml")


@by_uuid("allocation.view_scheme_draft", PrioritySchemeDraft)
def scheme_draft_download(request, draft: PrioritySchemeDraft):
    return _toml_response(draft.toml, f"prioritaetenliste-{draft.alliance.slug}-entwurf.toml")


def draft_list(alliance: Alliance) -> list[PrioritySchemeDraft]:
    """Drafts of the alliance for the list page (newest first), with who saved them."""
    return list(
        PrioritySchemeDraft.objects.filter(alliance=alliance).select_related(
            "created_by", "adopted_as"
        )[:20]
    )
