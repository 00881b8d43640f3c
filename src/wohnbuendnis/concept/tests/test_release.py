"""Release before public (issue 12, item 8): a measure's status and progress and a goal's
actual value reach the public progress page only once Koordination releases them; until then
the page keeps the last released state."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wohnbuendnis.accounts.models import User
from wohnbuendnis.concept import queries, services
from wohnbuendnis.concept.models import (
    Goal,
    GoalMeasurement,
    Measure,
    MeasureStatus,
    Release,
    ReleaseKind,
)
from wohnbuendnis.concept.tests.test_permission_matrix import ALL, KO, PUB, _expected, _login

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("process")]


def _public(client, alliance):
    client.logout()
    return client.get(reverse("concept:public", args=[alliance.slug]))


def _open_measure(alliance) -> Measure:
    return Measure.objects.filter(alliance=alliance, status=MeasureStatus.IN_PROGRESS).first()


def _keys(alliance) -> list[str]:
    return [item.key for item in queries.pending(alliance)]


def test_the_demo_public_page_shows_released_content_and_nothing_waits(client, demo_alliance):
    assert _keys(demo_alliance) == []
    assert not Measure.objects.filter(alliance=demo_alliance, released_status="").exists()
    assert Release.objects.filter(alliance=demo_alliance).count() > 0
    html = _public(client, demo_alliance).text
    assert "Stand folgt" not in html and "in Umsetzung" in html


def test_a_status_change_by_fachamt_is_public_only_after_release(
    client, demo_alliance, fachamt, koordination
):
    measure = _open_measure(demo_alliance)
    before = measure.progress
    client.force_login(fachamt)
    response = client.post(
        reverse("concept:measure_status", args=[measure.pk]),
        {"status": MeasureStatus.DONE, "progress": 100, "note": ""},
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.DONE  # the members see it at once
    line = f"{measure.number}. {measure.title} – "
    html = _public(client, demo_alliance).text
    assert f"{line}in Umsetzung, {before} %" in html
    assert f"{line}umgesetzt, 100 %" not in html
    # a second change before the release: still the released state
    services.link_measure_goals(measure, [], fachamt)
    assert f"{line}in Umsetzung, {before} %" in _public(client, demo_alliance).text

    client.force_login(fachamt)
    detail = client.get(reverse("concept:measure", args=[measure.pk])).text
    assert "wartet auf Freigabe durch die Koordination" in detail

    [item] = queries.pending(demo_alliance)
    assert (item.old, item.new) == (f"in Umsetzung, {before} %", "umgesetzt, 100 %")
    client.force_login(koordination)
    page = client.get(reverse("concept:release", args=[demo_alliance.slug]))
    assert f"in Umsetzung, {before} %" in page.text and "umgesetzt, 100 %" in page.text
    response = client.post(
        reverse("concept:release", args=[demo_alliance.slug]), {"item": [item.key]}
    )
    assert response.status_code == 302
    html = _public(client, demo_alliance).text
    assert f"{line}umgesetzt, 100 %" in html
    row = Release.objects.filter(measure=measure).last()
    assert (row.kind, row.by, row.new) == (ReleaseKind.MEASURE, koordination, "umgesetzt, 100 %")


def test_an_actual_value_is_public_only_after_release(client, demo_alliance, fachamt, koordination):
    model = Goal.objects.filter(alliance=demo_alliance, target__isnull=False).first()
    goal = services.create_goal(
        model.guideline, code="Z77", title="Ohne Gebiet", nature=model.nature,
        year_from=2023, year_to=2030, indicator=model.indicator, target=model.target,
    )  # fmt: skip
    services.record_goal_measurement(goal, 2024, 50, fachamt, "Amt")
    services.release_all(demo_alliance, koordination)
    latest = goal.measurements.get()
    url = reverse("concept:public", args=[demo_alliance.slug])

    def public_result():
        client.logout()
        return client.get(url).context["results"][goal.pk]

    assert public_result().latest.year == latest.year
    client.force_login(fachamt)
    record = reverse("concept:record_measurement", args=[demo_alliance.slug])
    client.post(record, {"goal": goal.pk, "year": latest.year + 1, "value": 1, "source": "x"})
    client.post(record, {"goal": goal.pk, "year": latest.year, "value": 7777, "source": "y"})
    assert GoalMeasurement.objects.get(goal=goal, year=latest.year + 1).value == 1
    result = public_result()
    assert result.latest.year == latest.year  # the new year is not public yet
    assert result.actuals[latest.year].value == latest.value  # nor the correction
    assert result.actuals[latest.year].detail == latest.source
    items = queries.pending(demo_alliance)
    assert {(i.kind, i.old) for i in items} == {
        (ReleaseKind.MEASUREMENT, ""),
        (ReleaseKind.MEASUREMENT, queries.measurement_text(latest.value, latest.source)),
    }
    services.release(demo_alliance, User.objects.get(username=KO), [i.key for i in items])
    result = public_result()
    assert result.latest.year == latest.year + 1
    assert result.actuals[latest.year].value == 7777
    assert queries.pending(demo_alliance) == []


def test_a_double_release_writes_one_history_row(client, demo_alliance, koordination):
    measure = _open_measure(demo_alliance)
    services.set_measure_status(measure, koordination, MeasureStatus.IN_PROGRESS, 99)
    keys = _keys(demo_alliance)
    url = reverse("concept:release", args=[demo_alliance.slug])
    client.force_login(koordination)
    for _ in range(2):
        assert client.post(url, {"item": keys}).status_code == 302
    assert Release.objects.filter(measure=measure).count() == 2  # demo's and this one
    assert Release.objects.filter(measure=measure, new="in Umsetzung, 99 %").count() == 1
    assert services.release(demo_alliance, koordination, keys) == []
    messages = [str(m) for m in client.get(url).context["messages"]]
    assert any("schon freigegeben" in m for m in messages)


def test_a_change_after_the_page_was_shown_refuses_the_release(demo_alliance, koordination):
    measure = _open_measure(demo_alliance)
    services.set_measure_status(measure, koordination, MeasureStatus.IN_PROGRESS, 98)
    shown = _keys(demo_alliance)
    services.set_measure_status(measure, koordination, MeasureStatus.IN_PROGRESS, 99)
    with pytest.raises(ValidationError, match="geändert, nachdem"):
        services.release(demo_alliance, koordination, shown)
    measure.refresh_from_db()
    assert measure.released_progress != 99 and not Release.objects.filter(new__contains="99 %")


def test_a_new_measure_shows_no_status_until_released(client, demo_alliance, koordination):
    other = Measure.objects.filter(alliance=demo_alliance).first()
    measure = services.create_measure(
        other.guideline, koordination, number=77, title="Neue Beratung", lead=other.lead
    )
    assert "Neue Beratung" not in _public(client, demo_alliance).text  # not adopted yet
    edition = services.start_edition(demo_alliance, koordination, title="Fortschreibung")
    services.adopt_edition(
        edition, koordination, decided_on=datetime.date.today(), printed_matter="DS 2026/1"
    )
    assert "77. Neue Beratung – Stand folgt" in _public(client, demo_alliance).text
    services.release_all(demo_alliance, koordination)
    assert "77. Neue Beratung – geplant, 0 %" in _public(client, demo_alliance).text
    assert Release.objects.get(measure=measure).old == ""


def test_release_refuses_items_of_another_alliance_and_empty_choices(demo_alliance, koordination):
    with pytest.raises(ValidationError, match="mindestens eine"):
        services.release(demo_alliance, koordination, [])
    with pytest.raises(ValidationError, match="Unbekannter"):
        services.release(demo_alliance, koordination, ["x-1-abc"])
    with pytest.raises(ValidationError, match="nicht zu diesem Bündnis"):
        services.release(demo_alliance, koordination, ["massnahme-999999-abc"])


def test_only_koordination_opens_and_uses_the_release_page(client, demo_alliance, koordination):
    measure = _open_measure(demo_alliance)
    services.set_measure_status(measure, koordination, MeasureStatus.IN_PROGRESS, 97)
    keys = _keys(demo_alliance)
    url = reverse("concept:release", args=[demo_alliance.slug])
    for name in ALL:
        _login(client, name)
        assert client.get(url).status_code == _expected(name, {KO}), name
        if name != KO:
            assert client.post(url, {"item": keys}).status_code == (302 if name == PUB else 403)
    assert not Release.objects.filter(new__contains="97 %").exists()
    _login(client, KO)
    client.post(url, {"item": keys})
    assert Release.objects.filter(new__contains="97 %").count() == 1


def test_the_start_page_lists_pending_changes_for_koordination_only(client, demo_alliance):
    measure = _open_measure(demo_alliance)
    services.set_measure_status(
        measure, User.objects.get(username="fachamt"), MeasureStatus.IN_PROGRESS, 96
    )
    link = reverse("concept:release", args=[demo_alliance.slug])
    for name in ALL[:-1]:
        _login(client, name)
        html = client.get("/").text
        if name == KO:
            assert "Wartet auf Freigabe" in html and "1 Stand einer Maßnahme" in html
            assert link in html
        else:
            assert "Wartet auf Freigabe" not in html and link not in html, name
    services.release_all(demo_alliance, User.objects.get(username=KO))
    _login(client, KO)
    assert "Wartet auf Freigabe" not in client.get("/").text
