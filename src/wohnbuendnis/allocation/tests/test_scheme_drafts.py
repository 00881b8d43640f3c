"""The priority list as forms: TOML round trip, a draft and its effect on the register (hand
computation), adoption with the decision, TOML download and upload; and the permission matrix
of every page added for wishes, previews and drafts."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.tests.factories import AllianceFactory
from wohnbuendnis.allocation import engine, services
from wohnbuendnis.allocation.models import (
    Household,
    HouseholdCriterion,
    PriorityScheme,
    PrioritySchemeDraft,
    Vacancy,
)
from wohnbuendnis.allocation.scheme_forms import (
    PREFIXES,
    bound_forms,
    initial_of,
    scheme_from_forms,
)
from wohnbuendnis.allocation.services import previews, priority_drafts

DECIDED = {"decided_on": datetime.date(2026, 3, 1), "decided_by": "Plenum"}


def _post_data(initial: dict) -> dict[str, str]:
    """The POST of the draft forms as a browser sends them, from the forms' initial values."""
    data: dict[str, str] = {}
    for key, value in initial["rules"].items():
        data[f"{PREFIXES['rules']}-{key}"] = "" if value is None else str(value)
    for name in ("criteria", "paths", "sizes"):
        rows = initial[name]
        prefix = PREFIXES[name]
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(rows))
        for i, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{i}-{key}"] = str(value)
    return data


def test_the_toml_from_the_forms_round_trips():
    scheme = engine.parse(engine.example_scheme())  # parse
    forms = bound_forms(_post_data(initial_of(scheme)))  # → forms
    assert all(f.is_valid() for f in forms.values()), [f.errors for f in forms.values()]
    again = engine.parse(engine.format_scheme(scheme_from_forms(forms)))  # → TOML → parse
    assert again == scheme
    assert engine.scheme_hash(again) == engine.scheme_hash(scheme)


def test_a_gap_in_the_sizes_or_a_doubled_criterion_is_refused_at_the_forms():
    initial = initial_of(engine.parse(engine.example_scheme()))
    data = _post_data(initial)
    data[f"{PREFIXES['sizes']}-1-persons"] = "3"  # 1, 3, 3
    data[f"{PREFIXES['criteria']}-1-key"] = data[f"{PREFIXES['criteria']}-0-key"]
    forms = bound_forms(data)
    assert not forms["sizes"].is_valid() and not forms["criteria"].is_valid()
    assert "Lücke" in str(forms["sizes"].non_form_errors()) or forms["sizes"].non_form_errors()


def _household(alliance, ref: str, day: int, criteria: tuple[str, ...]) -> Household:
    now = timezone.now()
    row = Household.objects.create(
        alliance=alliance, reference=ref, name=f"Person {ref}", persons=2,
        registered_on=datetime.date(2025, 1, day), income_eur=Decimal(15000),
        household_type="paar", status_changed_at=now, verified_at=now,
    )  # fmt: skip
    for criterion in criteria:
        HouseholdCriterion.objects.create(
            household=row, criterion=criterion, checked_at=now, confirmed=True
        )
    return row


@pytest.mark.django_db
def test_the_effect_of_a_draft_equals_a_hand_computation(wohnungsamt_user):
    alliance = AllianceFactory()
    example = engine.example_scheme()
    services.create_scheme_version(alliance, wohnungsamt_user, toml=example, **DECIDED)
    # points now: A 60 (homeless), B 30 (overcrowded), D 10 (pregnant), C 0 → A, B, D, C
    a = _household(alliance, "T-A", 1, ("homeless",))
    b = _household(alliance, "T-B", 2, ("overcrowded",))
    c = _household(alliance, "T-C", 3, ())
    d = _household(alliance, "T-D", 4, ("pregnant",))
    # draft: overcrowded 70 and pregnant 0 → B 70, A 60, then C and D both 0: C registered
    # first → B, A, C, D: B up 1, A down 1, C up 1, D down 1
    draft_toml = example.replace("overcrowded = 30", "overcrowded = 70").replace(
        "pregnant = 10", "pregnant = 0"
    )
    draft = priority_drafts.save_scheme_draft(alliance, wohnungsamt_user, draft_toml, "Test")
    effect = priority_drafts.draft_effect(draft)
    by_ref = {effect.households[c.household_id].reference: c for c in effect.changes}
    assert {r: (x.old_rank, x.new_rank) for r, x in by_ref.items()} == {
        "T-A": (1, 2), "T-B": (2, 1), "T-C": (4, 3), "T-D": (3, 4),
    }  # fmt: skip
    assert (effect.up, effect.down, effect.same, effect.largest) == (2, 2, 0, 1)
    assert [(band.up, band.down) for band in effect.bands] == [(2, 2), (0, 0), (0, 0), (0, 0)]
    assert {a.pk, b.pk, c.pk, d.pk} == {int(k) for k in effect.households}

    version = priority_drafts.adopt_scheme_draft(
        draft, wohnungsamt_user, decided_on=datetime.date(2026, 4, 1),
        decided_by="Plenum des Bündnisses", resolution="Beschluss 2026/07",
    )  # fmt: skip
    assert version.version == 2 and engine.current_scheme(alliance) == version
    assert version.resolution == "Beschluss 2026/07" and version.toml == draft.toml
    b.refresh_from_db()
    assert b.points == 70  # the adopted list counts at once
    with pytest.raises(ValidationError):  # adopted once only
        priority_drafts.adopt_scheme_draft(draft, wohnungsamt_user, **DECIDED)


@pytest.fixture
def wohnungsamt_user(db):
    from wohnbuendnis.accounts.tests.factories import UserFactory

    return UserFactory()


# --- pages on the demo data set ----------------------------------------------------------------


def test_the_forms_save_a_draft_whose_page_shows_the_effect_and_adoption(
    city, client, koordination, politik
):
    client.force_login(koordination)
    url = reverse("allocation:scheme_draft_new", args=[city.slug])
    page = client.get(url).content.decode()
    assert "Kriterien und Punkte" in page and "von Wohnungsverlust bedroht" in page
    current = engine.parse(engine.current_scheme(city).toml)
    data = _post_data(initial_of(current))
    data[f"{PREFIXES['criteria']}-0-points"] = "90"
    data["anlass"] = "AG 3: Wohnungslosigkeit stärker gewichten"
    response = client.post(url, data)
    assert response.status_code == 302
    draft = PrioritySchemeDraft.objects.get(alliance=city)
    assert engine.parse(draft.toml).criteria[next(iter(current.criteria))] == 90
    effect = priority_drafts.draft_effect(draft)
    html = client.get(response.url).content.decode()
    assert f"steigen {effect.up} auf, {effect.down} steigen ab" in html
    assert "chart-draft-effect" in html and "Beschluss des Bündnisses eintragen" in html
    assert "Fälle mit den größten Verschiebungen" not in html  # not the housing office

    client.force_login(politik)  # sees the effect, no file numbers, cannot adopt
    html = client.get(response.url).content.decode()
    assert f"steigen {effect.up} auf" in html and "Beschluss des Bündnisses" not in html
    some = Household.objects.filter(alliance=city).first()
    assert some.reference not in html

    client.force_login(koordination)
    adopt = reverse("allocation:scheme_draft_adopt", args=[draft.public_id])
    refused = client.post(adopt, {"decided_on": "2026-05-01", "decided_by": ""})
    assert refused.status_code == 400
    done = client.post(
        adopt, {"decided_on": "2026-05-01", "decided_by": "Plenum", "resolution": "TOP 4"}
    )
    assert done.status_code == 302
    assert engine.current_scheme(city).toml == draft.toml
    listing = client.get(reverse("allocation:scheme", args=[city.slug])).content.decode()
    assert "beschlossen als Version" in listing


def test_the_toml_downloads_and_an_upload_becomes_a_draft(city, client, wohnungsamt):
    client.force_login(wohnungsamt)
    version = engine.current_scheme(city)
    response = client.get(reverse("allocation:scheme_download", args=[city.slug, version.version]))
    assert response.status_code == 200 and response.content.decode() == version.toml
    upload = SimpleUploadedFile("liste.toml", version.toml.encode(), "application/toml")
    done = client.post(reverse("allocation:scheme_upload", args=[city.slug]), {"file": upload})
    assert done.status_code == 302
    draft = PrioritySchemeDraft.objects.filter(alliance=city).first()
    assert engine.parse(draft.toml) == engine.parse(version.toml)
    broken = SimpleUploadedFile("kaputt.toml", b"nominees_per_flat = 1\n", "application/toml")
    client.post(reverse("allocation:scheme_upload", args=[city.slug]), {"file": broken})
    assert PrioritySchemeDraft.objects.filter(alliance=city).count() == 1


# --- permission matrix of the new pages ---------------------------------------------------------

PERSONAS = [*Role.values, "oeffentlichkeit"]
EXPECTED = {  # page → personas that get 200 on GET (the others 403, the public the login page)
    "own_wishes": {"wohnungsamt", "sozialtraeger"},
    "other_wishes": {"wohnungsamt"},
    "preview": {"wohnungsamt"},
    "draft_new": {"koordination", "wohnungsamt"},
    "draft": set(Role.values),
    "draft_toml": set(Role.values),
    "version_toml": set(Role.values),
}
POSTS = {  # page → personas whose POST is let through (not 403 / login)
    "preview_create": {"wohnungsamt"},
    "preview_swap": {"wohnungsamt"},
    "preview_send": {"wohnungsamt"},
    "upload": {"koordination", "wohnungsamt"},
    "adopt": {"koordination", "wohnungsamt"},
    "own_wishes": {"wohnungsamt", "sozialtraeger"},
}


def _objects(city):
    from wohnbuendnis.accounts.models import User

    office = User.objects.get(username="wohnungsamt")
    own = Household.objects.filter(agency__short_name="Diakonie", anonymised_at=None).first()
    other = Household.objects.exclude(agency__short_name="Diakonie").exclude(agency=None).first()
    vacancy = (
        Vacancy.objects.filter(flat__alliance=city, status__in=("gemeldet", "benannt"))
        .exclude(nominations__status="offen")
        .first()
    )
    preview = previews.prepare_preview(city, [vacancy], office, "shortlist", 3)
    draft = priority_drafts.save_scheme_draft(city, office, engine.current_scheme(city).toml)
    return own, other, vacancy, preview, draft


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_new_pages_open_only_to_the_roles_that_may_see_them(client, persona, city):
    own, other, vacancy, preview, draft = _objects(city)
    name = persona.username if persona else "oeffentlichkeit"
    if persona:
        client.force_login(persona)
    version = engine.current_scheme(city).version
    pages = {
        "own_wishes": reverse("allocation:household_preferences", args=[own.public_id]),
        "other_wishes": reverse("allocation:household_preferences", args=[other.public_id]),
        "preview": reverse("allocation:preview", args=[preview.public_id]),
        "draft_new": reverse("allocation:scheme_draft_new", args=[city.slug]),
        "draft": reverse("allocation:scheme_draft", args=[draft.public_id]),
        "draft_toml": reverse("allocation:scheme_draft_download", args=[draft.public_id]),
        "version_toml": reverse("allocation:scheme_download", args=[city.slug, version]),
    }
    for page, url in pages.items():
        response = client.get(url)
        if name == "oeffentlichkeit":
            assert response.status_code == 302 and response.url.startswith(reverse("login")), page
        else:
            assert response.status_code == (200 if name in EXPECTED[page] else 403), (name, page)
    entry = preview.entries.first()
    posts = {
        "preview_create": (reverse("allocation:preview_create", args=[city.slug]),
                           {"vacancies": str(vacancy.public_id), "mechanism": "optimal",
                            "nominees": "3"}),
        "preview_swap": (reverse("allocation:preview_swap", args=[preview.public_id, entry.pk]),
                         {}),
        "preview_send": (reverse("allocation:preview_send", args=[preview.public_id]), {}),
        "upload": (reverse("allocation:scheme_upload", args=[city.slug]), {}),
        "adopt": (reverse("allocation:scheme_draft_adopt", args=[draft.public_id]), {}),
        "own_wishes": (reverse("allocation:household_preferences", args=[own.public_id]),
                       {"max_rent_eur": "700", "submission_token": str(uuid.uuid4())}),
    }  # fmt: skip
    for page, (url, data) in posts.items():
        response = client.post(url, data)
        if name == "oeffentlichkeit":
            assert response.status_code == 302 and response.url.startswith(reverse("login")), page
        elif name in POSTS[page]:
            assert response.status_code in (200, 302, 400), (name, page)
        else:
            assert response.status_code == 403, (name, page)
    assert PriorityScheme.objects.filter(alliance=city).count() == 1  # nobody adopted by POST
