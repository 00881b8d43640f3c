"""Importing an existing register (issue 16, item 1): all or nothing, original registration
dates, history and access log, re-import changes nothing, every problem by row and column, only
the housing office."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wohnbuendnis.accounts.models import AccessAction, AccessLogEntry, User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation import services
from wohnbuendnis.allocation.models import (
    Household,
    HouseholdCriterion,
    HouseholdStatusChange,
)
from wohnbuendnis.allocation.services import register_import
from wohnbuendnis.analytics.io import register_file
from wohnbuendnis.lib.tests import fuzzing

pytestmark = pytest.mark.django_db

PERSONAS = [*Role.values, "oeffentlichkeit"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _counts() -> tuple[int, int, int, int]:
    return (
        Household.objects.count(),
        HouseholdCriterion.objects.count(),
        HouseholdStatusChange.objects.count(),
        AccessLogEntry.objects.count(),
    )


def test_the_register_is_imported_with_its_original_dates_criteria_and_history(city, wohnungsamt):
    before = _counts()
    result = services.import_register(city, wohnungsamt, fuzzing.register_csv(), "alt.csv")
    assert (result.created, result.unchanged) == (3, 0)
    first = Household.objects.get(reference="A-2019-0001")
    assert first.registered_on == datetime.date(2019, 3, 15)  # the waiting time counts from it
    assert (first.name, first.persons, first.children) == ("Jürgen Weiß", 3, 1)
    assert first.income_eur == Decimal("24500.00")
    assert first.entitlement_valid_until == datetime.date(2027, 12, 31)
    assert first.household_type == "alleinerziehend" and first.nationality_group == "deutsch"
    assert first.points == 10  # single_parent, confirmed by the old register's check
    assert first.verified_by == wohnungsamt
    criterion = first.criteria.get()
    assert (criterion.criterion, criterion.evidence, criterion.confirmed) == (
        "single_parent", "Geburtsurkunde", True,
    )  # fmt: skip
    dormant = Household.objects.get(reference="A-2021-0002")
    assert dormant.status == "ruhend" and dormant.needs_step_free and dormant.points == 0
    family = Household.objects.get(reference="A-2023-0003")
    assert family.points == 60  # homeless ("wohnungslos" by its German name)
    history = first.history.get()
    assert (history.from_status, history.to_status, history.by) == ("", "aktiv", wohnungsamt)
    assert history.note == "importiert aus alt.csv"
    logged = AccessLogEntry.objects.filter(
        user=wohnungsamt, action=AccessAction.CHANGE, subject_type="allocation.household"
    )
    assert {row.subject_id for row in logged} == {str(h.pk) for h in (first, dormant, family)}
    assert _counts() == (before[0] + 3, before[1] + 2, before[2] + 3, before[3] + 3)


def test_importing_the_same_file_again_changes_nothing(city, wohnungsamt):
    services.import_register(city, wohnungsamt, fuzzing.register_csv(), "alt.csv")
    after_first = _counts()
    again = services.import_register(city, wohnungsamt, fuzzing.register_csv(), "alt.csv")
    assert (again.created, again.unchanged) == (0, 3)
    assert _counts() == after_first


def test_a_broken_file_writes_nothing_and_names_row_and_column(city, wohnungsamt):
    text = fuzzing.register_csv().decode("cp1252")
    text = text.replace(";5;3;31.000;", ";5;5;31.000;").replace("01.07.2021", "31.02.2021")
    before = _counts()
    preview = services.preview_register(city, text.encode("cp1252"), "kaputt.csv")
    assert not preview.ok
    with translation.override("de"):
        found = [(p["line"], p["column"], p["text"]) for p in preview.problem_rows()]
    assert found == [
        (3, "registriert am", "ein Datum (Excel-Datum, TT.MM.JJJJ oder JJJJ-MM-TT) erwartet, "
                              "gefunden „31.02.2021“"),
        (4, "davon Kinder", "weniger Kinder als Personen erwartet (5 Personen), gefunden 5"),
    ]  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.import_register(city, wohnungsamt, text.encode("cp1252"), "kaputt.csv")
    assert "es wurde nichts importiert" in refused.value.messages[0]
    assert "Zeile 3, Spalte registriert am" in refused.value.messages[1]
    assert _counts() == before  # the good first row was not written either


def test_file_numbers_of_the_platform_or_of_another_alliance_are_refused(city, wohnungsamt):
    other = Alliance.objects.create(name="Anderes Bündnis", slug="anderes", area=city.area)
    Household.objects.create(
        alliance=other, reference="A-2019-0001", name="x", registered_on=datetime.date(2020, 1, 1),
        persons=1, income_eur=1, household_type="allein", status_changed_at="2020-01-01T00:00Z",
    )  # fmt: skip
    data = fuzzing.register_csv().decode("cp1252").replace("A-2021-0002", "W-0000002")
    preview = services.preview_register(city, data.encode("cp1252"), "alt.csv")
    assert [(p.line, p.column, p.code) for p in preview.problems] == [
        (2, "Aktenzeichen", "reference_taken"),
        (3, "Aktenzeichen", "reference_reserved"),
    ]


def test_an_excel_workbook_with_date_and_number_cells_is_read(city, wohnungsamt):
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as book:
        sheet = book.add_worksheet("Register")
        dates = book.add_format({"num_format": "dd.mm.yyyy"})
        sheet.write_row(0, 0, [c.header for c in register_file.COLUMNS])
        sheet.write_string(1, 0, "X-17")
        sheet.write_string(1, 1, "Erika Mustermann")
        sheet.write_datetime(1, 3, datetime.datetime(2018, 11, 2), dates)
        sheet.write_number(1, 4, 2)
        sheet.write_number(1, 6, 18750.5)
        sheet.write_string(1, 10, "Paar ohne Kinder")
    result = services.import_register(city, wohnungsamt, buffer.getvalue(), "alt.xlsx")
    assert result.created == 1
    row = Household.objects.get(reference="X-17")
    assert (row.registered_on, row.persons, row.income_eur, row.household_type) == (
        datetime.date(2018, 11, 2), 2, Decimal("18750.50"), "paar",
    )  # fmt: skip


def test_the_templates_are_read_back_without_a_problem(city):
    for data, name in ((register_file.template_csv(), "v.csv"),
                       (register_file.template_xlsx(), "v.xlsx")):  # fmt: skip
        preview = services.preview_register(city, data, name)
        assert preview.ok, preview.problems
        assert [r.reference for r in preview.new] == ["A-2019-0417"]


@pytest.mark.parametrize("username", ["sozialtraeger", "koordination", "admin"])
def test_only_the_housing_office_imports_through_the_service(city, username):
    with pytest.raises(PermissionDenied):
        services.import_register(
            city, User.objects.get(username=username), fuzzing.register_csv(), "alt.csv"
        )
    assert not Household.objects.filter(reference="A-2019-0001").exists()


def _pages(city, sha: str) -> dict[str, str]:
    return {
        "upload": reverse("allocation:register_import", args=[city.slug]),
        "preview": reverse("allocation:register_import_preview", args=[city.slug, sha]),
        "template_csv": reverse("allocation:register_template", args=[city.slug, "csv"]),
        "template_xlsx": reverse("allocation:register_template", args=[city.slug, "xlsx"]),
    }


@pytest.mark.parametrize("persona", [*PERSONAS, "admin"], indirect=True)
def test_the_import_pages_open_only_to_the_housing_office(client, persona, city):
    """The permission matrix of the new pages; the IT administration (``admin``) has no case
    rights here either."""
    sha = services.store_register_upload(SimpleUploadedFile("alt.csv", fuzzing.register_csv()))
    if persona:
        client.force_login(persona)
    name = persona.username if persona else "oeffentlichkeit"
    for page, url in _pages(city, sha).items():
        response = client.get(url)
        if name == "oeffentlichkeit":
            assert response.status_code == 302 and response.url.startswith(reverse("login"))
        else:
            assert response.status_code == (200 if name == "wohnungsamt" else 403), (name, page)
    commit = client.post(_pages(city, sha)["preview"])
    assert commit.status_code == (403 if name not in ("wohnungsamt", "oeffentlichkeit") else 302)
    assert Household.objects.filter(reference="A-2019-0001").exists() == (name == "wohnungsamt")


def test_upload_preview_and_import_through_the_pages(
    client, wohnungsamt, city, django_capture_on_commit_callbacks
):
    client.force_login(wohnungsamt)
    upload = reverse("allocation:register_import", args=[city.slug])
    response = client.post(upload, {"file": SimpleUploadedFile("alt.csv", fuzzing.register_csv())})
    assert response.status_code == 302
    preview = client.get(response.url).content.decode()
    assert "3 neue Haushalte; 0 Haushalte sind schon im Register" in preview
    assert "A-2023-0003" in preview
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(response.url)
    assert done.url == reverse("allocation:households", args=[city.slug])
    assert Household.objects.filter(reference__startswith="A-20").count() == 3
    assert client.get(response.url).status_code == 404  # the file is gone after the import
    again = client.post(upload, {"file": SimpleUploadedFile("alt.csv", fuzzing.register_csv())})
    html = client.get(again.url).content.decode()
    assert "0 neue Haushalte; 3 Haushalte sind schon im Register" in html
    assert "übernimmt der Import nichts aus der Datei" in html
    assert "Jetzt importieren" not in html


def test_a_broken_upload_shows_every_problem_and_nothing_can_be_imported(client, wohnungsamt, city):
    client.force_login(wohnungsamt)
    data = fuzzing.register_csv().decode("cp1252").replace("24.500,00", "viel").encode("cp1252")
    upload = reverse("allocation:register_import", args=[city.slug])
    url = client.post(upload, {"file": SimpleUploadedFile("alt.csv", data)}).url
    html = client.get(url).content.decode()
    assert "Die Datei hat 1 Problem. Es wird nichts importiert." in html
    assert "<td>2</td><td>Jahreseinkommen (€)</td>" in html
    assert "Jetzt importieren" not in html
    before = _counts()
    client.post(url)
    assert _counts() == before


def test_an_upload_above_the_limit_is_refused_before_it_is_read(client, wohnungsamt, city,
                                                                settings):  # fmt: skip
    settings.UPLOAD_LIMITS_MB = {**settings.UPLOAD_LIMITS_MB, "register_import": 1}
    client.force_login(wohnungsamt)
    big = SimpleUploadedFile("gross.csv", b"x" * (1024 * 1024 + 1))
    response = client.post(reverse("allocation:register_import", args=[city.slug]), {"file": big})
    assert response.status_code == 200
    assert "erlaubt sind höchstens 1 MB" in response.content.decode()


def test_a_second_click_on_import_imports_nothing_twice(
    client, wohnungsamt, city, django_capture_on_commit_callbacks
):
    """A double click on "Jetzt importieren": the second post finds the file gone (404) and
    the register holds each household once."""
    client.force_login(wohnungsamt)
    upload = reverse("allocation:register_import", args=[city.slug])
    url = client.post(upload, {"file": SimpleUploadedFile("alt.csv", fuzzing.register_csv())}).url
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert client.post(url).status_code == 404
    assert Household.objects.filter(reference="A-2019-0001").count() == 1


def test_german_criterion_names_are_read_whatever_the_clerks_language(city):
    with translation.override("en"):
        preview = services.preview_register(city, fuzzing.register_csv(), "alt.csv")
    assert preview.ok, preview.problems
    assert [r.criteria for r in preview.new] == [("single_parent",), (), ("homeless",)]


EXAMPLES = 30
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
STEPS = st.lists(
    st.tuples(st.sampled_from(sorted(fuzzing.MUTATIONS)), st.integers(0, 10**6)),
    min_size=1, max_size=3,
)  # fmt: skip


def test_mutated_register_files_are_refused_with_a_german_message_and_write_nothing(
    city, wohnungsamt
):
    """Fuzzing (seed ``lib.tests.fuzzing.register_csv``): whatever the file, the preview never
    raises, every problem has a code with a German text and names its line where it concerns a
    row, and a refused import writes nothing."""

    @FUZZ
    @given(steps=STEPS)
    def run(steps):
        data = fuzzing.apply(fuzzing.register_csv(), steps)
        before = _counts()
        with translation.override("de"):
            preview = services.preview_register(city, data, "alt.csv")
            faults = []
            for problem in preview.problem_rows():
                assert not fuzzing.looks_english(str(problem["text"])), problem
            for problem in preview.problems:
                faults += fuzzing.problem_faults(problem.code, problem.line, "", row_file=True)
            assert not faults, (faults, preview.problems[:3])
            if preview.ok:
                return
            with pytest.raises(ValidationError):
                services.import_register(city, wohnungsamt, data, "alt.csv")
        assert _counts() == before

    run()


def test_uploads_never_imported_are_deleted_after_the_retention_period(city):
    sha = services.store_register_upload(SimpleUploadedFile("alt.csv", fuzzing.register_csv()))
    assert register_import.delete_expired_register_uploads() == 0  # still within 24 hours
    assert services.stored_register_upload(sha).name == "alt.csv"
    assert register_import.delete_expired_register_uploads(max_age_hours=-1) == 1
    with pytest.raises(FileNotFoundError):
        services.stored_register_upload(sha)


def test_a_household_size_that_is_no_whole_number_is_named_as_such(city):
    data = fuzzing.register_csv().decode("cp1252").replace(";3;1;24.500,00;", ";drei;1;24.500,00;")
    preview = services.preview_register(city, data.encode("cp1252"), "alt.csv")
    assert [(p.line, p.column, p.code, p.params) for p in preview.problems] == [
        (2, "Personen", "integer_expected", {"found": "drei"})
    ]
