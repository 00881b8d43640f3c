"""The consultation's services: invitations, one statement per organisation with versions,
the deadline, the synopsis's responses all or nothing, publication without internal texts."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from wohnbuendnis.consultations import queries, services
from wohnbuendnis.consultations.models import (
    ConsultationStatus,
    Response,
    Statement,
    StatementVersion,
    Verdict,
)
from wohnbuendnis.consultations.tests.factories import make_setting

pytestmark = pytest.mark.django_db


def _submit(setting, person=0, organisation=0, **kwargs):
    kwargs.setdefault("general", "Insgesamt gut.")
    return services.submit_statement(
        setting.consultation, setting.people[person], setting.organisations[organisation],
        **kwargs,
    )  # fmt: skip


def test_history_notes_are_german_when_written_from_an_english_page():
    """The history is read later on German pages: written in the site's language."""
    with translation.override("en"):
        setting = make_setting()
        _submit(setting)
    notes = list(setting.consultation.history.values_list("note", flat=True))
    assert "2 Abschnitte eingetragen" in notes
    assert "Stellungnahme von Baugenossenschaft A (Fassung 1)" in notes


def test_opening_mails_the_people_of_the_invited_organisations(django_capture_on_commit_callbacks):
    setting = make_setting(open_=False)
    with django_capture_on_commit_callbacks(execute=True):
        opened = services.open_consultation(setting.consultation, setting.coordinator, url="x/1")
    assert opened.status == ConsultationStatus.OPEN
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.person.email for u in setting.people)
    assert "Bitte um Stellungnahme: Thesenpapier Wohnen" in mail.outbox[0].subject
    assert [h.to_status for h in setting.consultation.history.all()] == [
        "entwurf", "entwurf", "offen",
    ]  # fmt: skip


def test_a_revision_is_a_new_version_beside_the_old_and_one_statement_per_organisation():
    setting = make_setting()
    first, second = setting.sections
    v1 = _submit(setting, comments={first.pk: "Mehr Neubau."}, public=True)
    v2 = _submit(setting, person=2, general="Überarbeitet.", comments={second.pk: "Bestand!"},
                 based_on=1)  # fmt: skip
    assert (v1.number, v2.number) == (1, 2)
    assert Statement.objects.filter(consultation=setting.consultation).count() == 1
    assert StatementVersion.objects.get(pk=v1.pk).general == "Insgesamt gut."  # kept
    assert [c.text for c in v1.comments.all()] == ["Mehr Neubau."]
    assert [c.text for c in v2.comments.all()] == ["Bestand!"]
    latest = queries.latest_versions(setting.consultation)
    assert [v.number for v in latest.values()] == [2]
    # a form that showed version 1 after version 2 was saved: refused, nothing replaced
    with pytest.raises(ValidationError, match="Fassung 2"):
        _submit(setting, general="Veraltet", based_on=1)
    assert StatementVersion.objects.count() == 2


def test_only_people_of_an_invited_organisation_submit_and_something_must_be_said():
    setting = make_setting()
    with pytest.raises(ValidationError, match="eingeladenen Organisation"):
        services.submit_statement(
            setting.consultation, setting.people[1], setting.organisations[0], general="x"
        )
    with pytest.raises(ValidationError, match="eingeladenen Organisation"):
        services.submit_statement(
            setting.consultation, setting.coordinator, setting.organisations[0], general="x"
        )
    with pytest.raises(ValidationError, match="Bitte schreiben Sie"):
        _submit(setting, general="  ")
    assert not StatementVersion.objects.exists()


def test_after_the_deadline_a_statement_is_refused_in_german():
    setting = make_setting(deadline_days=3)
    _submit(setting)
    day = setting.consultation.deadline
    last_evening = timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 30)))
    with time_machine.travel(last_evening, tick=False):
        _submit(setting, general="Am letzten Tag", based_on=1)  # the deadline's day counts
    later = timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0, 5))
    )
    with time_machine.travel(later, tick=False), pytest.raises(ValidationError) as refused:
        _submit(setting, general="Zu spät", based_on=2)
    assert "Die Frist für Stellungnahmen ist am" in refused.value.messages[0]
    assert "abgelaufen" in refused.value.messages[0]
    assert StatementVersion.objects.count() == 2
    with time_machine.travel(later, tick=False):
        assert services.close_due() == [setting.consultation]
        assert services.close_due() == []
    setting.consultation.refresh_from_db()
    assert setting.consultation.status == ConsultationStatus.CLOSED
    assert setting.consultation.history.last().note == "Frist abgelaufen"


def test_dates_and_files_are_checked():
    setting = make_setting()
    for deadline, message in [
        (timezone.localdate() - datetime.timedelta(days=1), "Vergangenheit"),
        (datetime.date(2999, 1, 1), "muss zwischen"),
    ]:
        with pytest.raises(ValidationError, match=message):
            services.create_consultation(
                setting.alliance, setting.coordinator, title="T", kind="thesenpapier",
                deadline=deadline,
            )  # fmt: skip
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("entwurf.pdf", b"MZ not a pdf")
    with pytest.raises(ValidationError, match="passt nicht"):
        _submit(setting, attachment=fake)
    with pytest.raises(ValidationError, match="Erlaubt sind nur PDF- und DOCX"):
        _submit(setting, attachment=SimpleUploadedFile("a.exe", b"MZ"))


def _closed_with_statements():
    setting = make_setting()
    first, _second = setting.sections
    public = _submit(setting, comments={first.pk: "Öffentlicher Hinweis"}, public=True)
    internal = services.submit_statement(
        setting.consultation, setting.people[1], setting.organisations[1],
        general="Geheime Einschätzung", comments={first.pk: "Interner Hinweis"}, public=False,
    )  # fmt: skip
    services.close_consultation(setting.consultation, setting.coordinator)
    return setting, public, internal


def _keys(setting):
    return [e.key for row in queries.synopsis(setting.consultation) for e in row.entries]


def test_responses_are_saved_all_or_nothing_and_a_stale_page_is_refused():
    setting, _public, _internal = _closed_with_statements()
    keys = _keys(setting)
    assert len(keys) == 4  # two on the whole draft, two on section 1
    answers = {k: (Verdict.TAKEN_UP, "passt") for k in keys}
    answers[keys[-1]] = ("", "Begründung ohne Ergebnis")
    with pytest.raises(ValidationError, match="Ergebnis"):
        services.respond(setting.consultation, setting.coordinator, answers)
    assert not Response.objects.exists()  # nothing of the valid ones either
    shown = dict.fromkeys(keys, ("", ""))
    answers[keys[-1]] = (Verdict.NOT_TAKEN_UP, "nein")
    assert services.respond(setting.consultation, setting.coordinator, answers, shown=shown) == 4
    # another page opened before that save now overwrites: refused, nothing changed
    other = {k: (Verdict.PARTLY, "anders") for k in keys}
    with pytest.raises(ValidationError, match="Inzwischen hat jemand anderes"):
        services.respond(setting.consultation, setting.coordinator, other, shown=shown)
    assert set(Response.objects.values_list("verdict", flat=True)) == {"uebernommen", "nicht"}


def test_published_synopsis_never_shows_internal_text():
    setting, _public, _internal = _closed_with_statements()
    with pytest.raises(ValidationError, match="ohne Antwort"):
        services.publish_synopsis(setting.consultation, setting.coordinator)
    answers = {k: (Verdict.TAKEN_UP, "Begründung") for k in _keys(setting)}
    services.respond(setting.consultation, setting.coordinator, answers)
    services.publish_synopsis(setting.consultation, setting.coordinator)
    rows = queries.synopsis(setting.consultation, public=True)
    texts = [e.text for row in rows for e in row.entries]
    organisations = {e.organisation for row in rows for e in row.entries}
    assert "Öffentlicher Hinweis" in texts and "Insgesamt gut." in texts
    assert "Interner Hinweis" not in texts and "Geheime Einschätzung" not in texts
    assert "Mieterverein B" in organisations  # named, without its text
    hidden = [e for row in rows for e in row.entries if not e.public]
    assert len(hidden) == 2 and all(e.reason == "" for e in hidden)
    with pytest.raises(ValidationError, match="veröffentlicht"):
        services.respond(setting.consultation, setting.coordinator, answers)


def test_sections_come_from_a_concept_edition():
    from wohnbuendnis.concept import services as concept
    from wohnbuendnis.concept.models import ActionFieldKind

    setting = make_setting()
    concept.create_guideline(setting.alliance, "Quantität", "Mehr bauen.")
    concept.create_action_field(setting.alliance, ActionFieldKind.MARKET, "Neubau", position=0)
    edition = concept.start_edition(setting.alliance, setting.coordinator, title="Fassung 1")
    assert services.sections_of_edition(edition, "leitlinien") == [
        ("1", "Quantität", "Mehr bauen.")
    ]
    assert [t for _n, t, _x in services.sections_of_edition(edition, "handlungsfelder")] == [
        "Neubau"
    ]
