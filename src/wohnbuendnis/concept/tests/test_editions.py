"""Editions of the action concept (issue 12.5): adopting freezes the content, the next
adoption supersedes the previous one, compare names what was added, dropped and changed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wohnbuendnis.accounts.models import User
from wohnbuendnis.concept import queries, services
from wohnbuendnis.concept.models import (
    ConceptEdition,
    EditionStatus,
    Goal,
    Measure,
    MeasureStatus,
)

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("process")]


def _adopt(edition, by, **extra):
    return services.adopt_edition(
        edition,
        by,
        decided_on=extra.pop("decided_on", timezone.localdate() - datetime.timedelta(days=3)),
        printed_matter=extra.pop("printed_matter", "DS 2026/0042"),
        **extra,
    )


def test_the_demo_adopted_edition_one_through_the_service(demo_alliance):
    edition = queries.adopted_edition(demo_alliance)
    assert edition.number == 1 and edition.status == EditionStatus.ADOPTED
    assert edition.printed_matter.startswith("DS ") and edition.decided_on
    content = edition.content
    assert content["version"] == 1
    assert len(content["measures"]) == Measure.objects.filter(alliance=demo_alliance).count()
    assert {g["code"] for g in content["goals"]} == set(
        Goal.objects.filter(alliance=demo_alliance).values_list("code", flat=True)
    )
    measure = content["measures"][0]
    assert measure["milestones"] and measure["partners"] and measure["lead"]
    assert {"title", "due", "reached_on"} == set(measure["milestones"][0])
    assert content["conflicts"][0]["agreed_handling"]
    assert content["commitments"][0]["signatories"]
    assert content["building_projects"] and content["guidelines"] and content["action_fields"]
    assert [h.to_status for h in edition.history.all()] == ["entwurf", "beschlossen"]


def test_adopting_freezes_and_the_next_adoption_supersedes(demo_alliance, koordination):
    first = queries.adopted_edition(demo_alliance)
    measure = Measure.objects.filter(alliance=demo_alliance).order_by("number").first()
    frozen_title = measure.title
    second = services.start_edition(demo_alliance, koordination, title="1. Fortschreibung")
    assert second.number == 2 and second.status == EditionStatus.DRAFT
    services.update_measure(
        measure, koordination, measure.version, partners=list(measure.partners.all()),
        goals=list(measure.goals.all()), areas=[], title="Neuer Titel",
    )  # fmt: skip
    first.refresh_from_db()
    assert first.content["measures"][0]["title"] == frozen_title
    assert first.status == EditionStatus.ADOPTED  # starting the next one marks nothing
    _adopt(second, koordination)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == EditionStatus.SUPERSEDED
    assert second.status == EditionStatus.ADOPTED
    assert second.content["measures"][0]["title"] == "Neuer Titel"
    assert first.content["measures"][0]["title"] == frozen_title
    assert queries.adopted_edition(demo_alliance) == second
    assert [h.to_status for h in first.history.all()][-1] == "abgeloest"
    assert second.adopted_by == koordination and second.printed_matter == "DS 2026/0042"
    with pytest.raises(ValidationError, match="bereits beschlossen"):
        _adopt(second, koordination)


def test_only_one_edition_in_the_works(demo_alliance, koordination):
    services.start_edition(demo_alliance, koordination, title="A")
    with pytest.raises(ValidationError, match="in Bearbeitung"):
        services.start_edition(demo_alliance, koordination, title="B")
    with pytest.raises(ValidationError):
        services.start_edition(demo_alliance, koordination, title=" ")


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"decided_on": datetime.date(1990, 1, 1)}, "decided_on"),
        ({"decided_on": timezone.localdate() + datetime.timedelta(days=2)}, "decided_on"),
        ({"decided_on": None}, "decided_on"),
        ({"printed_matter": "  "}, "printed_matter"),
    ],
)
def test_implausible_decisions_are_refused_at_the_field(demo_alliance, koordination, extra, field):
    edition = services.start_edition(demo_alliance, koordination, title="A")
    with pytest.raises(ValidationError) as refused:
        _adopt(edition, koordination, **extra)
    assert field in refused.value.message_dict
    edition.refresh_from_db()
    assert edition.status == EditionStatus.DRAFT and edition.content == {}


def test_only_koordination_adopts(demo_alliance, koordination, fachamt):
    edition = services.start_edition(demo_alliance, koordination, title="A")
    with pytest.raises(ValidationError, match="Nur die Koordination"):
        _adopt(edition, fachamt)
    assert ConceptEdition.objects.get(pk=edition.pk).status == EditionStatus.DRAFT


def test_the_decision_is_a_pdf_within_the_limit(demo_alliance, koordination, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    edition = services.start_edition(demo_alliance, koordination, title="A")
    fake = SimpleUploadedFile("beschluss.pdf", b"MZ not a pdf", "application/pdf")
    with pytest.raises(ValidationError, match="passt nicht"):
        _adopt(edition, koordination, document=fake)
    word = SimpleUploadedFile("beschluss.docx", b"PK\x03\x04", "application/msword")
    with pytest.raises(ValidationError, match="PDF"):
        _adopt(edition, koordination, document=word)
    settings.UPLOAD_LIMITS_MB = {**settings.UPLOAD_LIMITS_MB, "concept_decision": 1}
    big = SimpleUploadedFile("gross.pdf", b"%PDF" + b"0" * (1024 * 1024 + 1), "application/pdf")
    with pytest.raises(ValidationError, match="erlaubt sind"):
        _adopt(edition, koordination, document=big)
    pdf = SimpleUploadedFile("Beschluss Rat.pdf", b"%PDF-1.4 Beschluss", "application/pdf")
    _adopt(edition, koordination, document=pdf)
    edition.refresh_from_db()
    assert edition.decision_name == "Beschluss Rat.pdf" and edition.decision_size == 18
    with edition.decision_file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 Beschluss"


def test_compare_names_added_dropped_and_changed_precisely(demo_alliance, koordination):
    first = queries.adopted_edition(demo_alliance)
    second = services.start_edition(demo_alliance, koordination, title="B")
    measures = list(Measure.objects.filter(alliance=demo_alliance).order_by("number"))
    changed, dropped = measures[0], measures[-1]
    services.update_measure(
        changed, koordination, changed.version, partners=list(changed.partners.all()),
        goals=list(changed.goals.all()), areas=[], cost_eur=123456,
        title="Geänderter Titel",
    )  # fmt: skip
    milestone = services.add_milestone(changed, "Neuer Meilenstein", datetime.date(2031, 1, 1))
    dropped.delete()
    added = services.create_measure(
        changed.guideline, koordination, number=77, title="Neue Maßnahme", lead=changed.lead
    )

    against_draft = services.compare(first)
    _adopt(second, koordination)
    second.refresh_from_db()
    between = services.compare(first, second)
    for result in (against_draft, between):
        diff = result.measures
        assert [m["number"] for m in diff.added] == [added.number]
        assert [m["number"] for m in diff.dropped] == [dropped.number]
        assert [c.key for c in diff.changed] == [str(changed.number)]
        fields = {f.field: (f.old, f.new) for f in diff.changed[0].fields}
        assert set(fields) == {"title", "cost_eur", "milestones"}
        assert not result.goals
        assert fields["title"] == (measures[0].title, "Geänderter Titel")
        assert fields["cost_eur"][1] == 123456
        assert "Neuer Meilenstein (bis 01.01.2031)" in diff.changed[0].fields[-1].new_text
        assert milestone.title not in diff.changed[0].fields[-1].old_text
    # an edition compared with itself has no difference
    assert not services.compare(second, second)


def test_compare_reports_goal_changes_field_by_field(demo_alliance, koordination):
    first = queries.adopted_edition(demo_alliance)
    goal = Goal.objects.filter(alliance=demo_alliance, target__isnull=False).order_by("code")[0]
    Goal.objects.filter(pk=goal.pk).update(target=goal.target + 5, year_to=2035)
    result = services.compare(first)
    assert not result.goals.added and not result.goals.dropped
    (change,) = result.goals.changed
    assert change.key == goal.code
    assert {f.field: (f.old, f.new) for f in change.fields} == {
        "target": (goal.target, goal.target + 5),
        "year_to": (goal.year_to, 2035),
    }
    # a goal deleted and created again under its code is matched by the code
    measures_of_goal = list(goal.measures.all())
    for measure in measures_of_goal:
        measure.goals.remove(goal)
    Goal.objects.filter(pk=goal.pk).delete()
    goal.pk = None
    goal.title = "Neu angelegt"
    goal.save()
    result = services.compare(first)
    assert [c.key for c in result.goals.changed] == [goal.code]
    assert {f.field for f in result.goals.changed[0].fields} == {"title"}


def test_the_measure_status_in_the_snapshot_is_the_status_at_adoption(demo_alliance):
    first = queries.adopted_edition(demo_alliance)
    by = User.objects.get(username="koordination")
    measure = Measure.objects.filter(alliance=demo_alliance, status=MeasureStatus.PLANNED).first()
    Measure.objects.filter(pk=measure.pk).update(status=MeasureStatus.PLANNED)  # as a baseline
    services.set_measure_status(measure, by, MeasureStatus.IN_PROGRESS, 5)
    first.refresh_from_db()
    frozen = next(m for m in first.content["measures"] if m["id"] == measure.pk)
    assert frozen["status"] == MeasureStatus.PLANNED
