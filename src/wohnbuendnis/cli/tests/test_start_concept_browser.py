"""Acceptance of issue 12: a real city starts from an EMPTY database, without the demo.

``wohnbuendnis init`` for Kassel → the coordinator follows the one-time link, sets a password,
signs in, uploads the districts, admits six organisations of three sectors, invites two members
(each holds the role for the one organisation ticked), creates the Plenum, AG 1–5 with Kassel's
names and the Steuerungsgruppe. Then the concept, all in the browser: the four guidelines, a
goal with indicator and target, a measure with a milestone, a goal conflict on which the two
members enter their organisations' positions, the self-commitment "Kassel vermietet fair"
signed by both, three building projects; the measure's status is released and the edition
adopted with the council's decision; the anonymous public pages show it. Finally a Plenum is
invited, its agenda changed afterwards (the updated .ics in the outbox has a higher SEQUENCE),
the members answer and the coordinator sees who comes. Every new page passes axe-core (no
serious or critical violation). One browser context per person.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import re
import threading

import pytest
from django.core import mail
from django.db import connections
from django.utils import timezone
from playwright.sync_api import expect

from wohnbuendnis.lib.browser_testing import axe_violations, screenshot, sign_in
from wohnbuendnis.meetings import ical

pytestmark = pytest.mark.browser

PASSWORD = "Kassel wohnt bezahlbar 2025"
DISTRICTS = "key;name;parent\n01;Mitte;\n02;Südstadt;\n03;Vorderer Westen;\n04;Wehlheiden;\n"
DISTRICTS += "14;Wesertor;\n16;Bettenhausen;\n"
ORGANISATIONS = [
    ("GWG der Stadt Kassel", "Wohnungswirtschaft"),
    ("Vereinigte Wohnstätten 1889 eG", "Wohnungswirtschaft"),
    ("Diakonie Hessen", "Sozialwirtschaft"),
    ("Caritasverband Nordhessen-Kassel", "Sozialwirtschaft"),
    ("Mieterbund Nordhessen", "Interessengruppe"),
    ("Haus & Grund Kassel", "Interessengruppe"),
]
# the two members the coordinator invites: (first, last, e-mail, their organisation)
MEMBERS = [
    ("Anna", "Berg", "anna.berg@gwg-kassel.example", "GWG der Stadt Kassel"),
    ("Ben", "Wolf", "ben.wolf@diakonie-hessen.example", "Diakonie Hessen"),
]
BODIES = [  # ../shared/seeds/000_*: Plenum, five working groups, Steuerungsgruppe
    ("Plenum", "", "Plenum"),
    ("Innenentwicklung", "AG 1", "Arbeitsgruppe"),
    ("Wohnkosten", "AG 2", "Arbeitsgruppe"),
    ("Zugang zu Wohnraum/Diskriminierungsfreiheit", "AG 3", "Arbeitsgruppe"),
    ("Kooperative Wohnungsvermittlung", "AG 4", "Arbeitsgruppe"),
    ("Umbau des Wohnungsbestandes", "AG 5", "Arbeitsgruppe"),
    ("Steuerungsgruppe", "", "Steuerungsgruppe"),
]
GUIDELINES = ["Quantität", "Qualität", "Preis", "Zugang"]  # seed 000: the four guidelines
PROJECTS = [("Jordan-Areal", 230), ("Salzmann-Areal", 116), ("Jägerkaserne", 81)]
CONCEPT = "/handlungskonzept/kassel/"
GOAL = "Q1 Trendwende bei den Sozialwohnungen"
MEASURE = "Aktive Liegenschaftspolitik"
YEAR = timezone.localdate().year + 1


def _in_thread(work):
    """ORM work beside Playwright's event loop runs in a thread that closes its connection."""
    result: dict = {}

    def run() -> None:
        try:
            result["value"] = work()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result["value"]


def _init(base_url: str) -> str:
    from wohnbuendnis.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main([
            "init", "--alliance-name", "Kasseler Bündnis für bezahlbares Wohnen",
            "--slug", "kassel", "--kind", "city", "--ags", "06611000", "--area-name", "Kassel",
            "--email", "lukas.kiepe@kassel.example", "--base-url", base_url,
        ])  # fmt: skip
    assert code == 0, out.getvalue()
    return next(line for line in out.getvalue().splitlines() if line.startswith(base_url))


@pytest.fixture
def new_page(browser, live_server, settings, transactional_db, _no_stray_connections, tmp_path):
    """Opens a tab in a browser context of its own (one per person) on the live server, with
    an empty database (no demo data)."""
    settings.MEDIA_ROOT = tmp_path
    contexts = []

    def open_page():
        context = browser.new_context(
            base_url=live_server.url, locale="de-DE", bypass_csp=True,
            viewport={"width": 1280, "height": 900},
        )  # fmt: skip
        context.set_default_timeout(15_000)  # a step that fails says so soon
        contexts.append(context)
        return context.new_page()

    yield open_page, live_server.url
    for context in contexts:
        context.close()


def _accessible(page, name: str | None = None) -> None:
    """axe finds nothing serious; ``name``: the README's screenshot (the viewport, 1280×900)."""
    assert axe_violations(page) == [], page.url
    if name:
        screenshot(page, name, full_page=False)


def _set_password(page, link: str, username: str) -> None:
    page.goto(link)
    expect(page.get_by_role("heading", name="Neues Passwort setzen")).to_be_visible()
    page.get_by_label("Neues Passwort", exact=True).fill(PASSWORD)
    page.get_by_label("Neues Passwort bestätigen").fill(PASSWORD)
    page.get_by_role("button", name="Passwort speichern").click()
    sign_in(page, username, PASSWORD)


# --- the alliance -------------------------------------------------------------------------


def _upload_districts(page, tmp_path) -> None:
    page.goto("/buendnisse/kassel/gremien/")
    page.get_by_role("link", name="Gebiet und Stadtteile").click()
    page.get_by_role("link", name="Stadtteile und Quartiere hochladen").click()
    _accessible(page, "areas-upload")
    districts = tmp_path / "kassel-stadtteile.csv"
    districts.write_bytes(DISTRICTS.encode("cp1252"))  # as Excel saves it
    page.get_by_label("Datei mit Stadtteilen und Quartieren").set_input_files(str(districts))
    page.get_by_role("button", name="Vorschau anzeigen").click()
    expect(page.get_by_text("6 Gebiete neu, 0 geändert, 0 unverändert.")).to_be_visible()
    _accessible(page, "areas-preview")
    page.get_by_role("button", name="Gebiete speichern").click()
    expect(page.get_by_text("6 Gebiete angelegt, 0 geändert.")).to_be_visible()
    expect(page.get_by_role("link", name="Vorderer Westen")).to_be_visible()


def _admit_organisations(page) -> None:
    for number, (name, sector) in enumerate(ORGANISATIONS):
        page.goto("/buendnisse/kassel/organisationen/")
        page.get_by_role("link", name="Organisation aufnehmen").click()
        if number == 0:
            _accessible(page, "organisation-admit")
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_label(sector, exact=True).check()
        page.get_by_role("button", name="Organisation aufnehmen").click()
        expect(page.get_by_text(f"{name} ist aufgenommen.")).to_be_visible()
    expect(page.get_by_role("table").get_by_role("row")).to_have_count(1 + len(ORGANISATIONS))
    _accessible(page, "kassel-organisations")


def _invite_members(page) -> dict[str, str]:
    """Invites the two members (role Mitglied, held for the one organisation ticked); returns
    each one's set-password link from their e-mail."""
    links = {}
    for number, (first, last, email, organisation) in enumerate(MEMBERS):
        page.goto("/buendnisse/kassel/personen/")
        page.get_by_role("link", name="Person anlegen oder einladen").click()
        if number == 0:
            _accessible(page)
        page.get_by_label("Vorname").fill(first)
        page.get_by_label("Nachname").fill(last)
        page.get_by_role("textbox", name="E-Mail").fill(email)
        page.get_by_role("group", name="Gehört zu den Organisationen").get_by_label(
            organisation
        ).check()
        page.get_by_role("group", name="Rolle").get_by_label("Mitglied", exact=True).check()
        page.get_by_label("Zugang einrichten und Einladung per E-Mail senden").check()
        if number == 0:
            screenshot(page, "person-invite", full_page=False)
        page.get_by_role("button", name="Person speichern").click()
        expect(page.get_by_text(f"Einladung an {email} gesendet")).to_be_visible()
        expect(page.get_by_role("heading", name=f"{first} {last}")).to_be_visible()
        expect(page.get_by_role("cell", name=organisation)).to_be_visible()  # held for it
        if number == 0:
            _accessible(page, "person-edit")
        invitation = mail.outbox[-1]
        assert invitation.to == [email]
        assert "Kasseler Bündnis für bezahlbares Wohnen" in invitation.subject
        links[email] = re.search(r"https?://\S+/konto/passwort-neu/\S+", invitation.body)[0]
    return links


def _create_bodies(page) -> None:
    plenum = ["Koordination", *(f"{first} {last}" for first, last, *_ in MEMBERS)]
    for number, (name, short_name, kind) in enumerate(BODIES):
        page.goto("/buendnisse/kassel/gremien/")
        page.get_by_role("link", name="Gremium anlegen").click()
        if number == 0:
            _accessible(page, "body-create")
        page.get_by_label(kind, exact=True).check()
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_label("Kurzname").fill(short_name)
        members = page.get_by_role("group", name="Mitglieder")
        for person in plenum if kind == "Plenum" else ["Koordination"] * (kind != "Arbeitsgruppe"):
            members.get_by_label(person).check()
        page.get_by_role("button", name="Gremium anlegen").click()
        expect(page.get_by_text("ist angelegt.")).to_be_visible()
    page.goto("/buendnisse/kassel/gremien/")
    expect(
        page.get_by_role("link", name="AG 3: Zugang zu Wohnraum/Diskriminierungsfreiheit")
    ).to_be_visible()
    expect(page.locator(".wb-card")).to_have_count(len(BODIES))
    _accessible(page)


# --- the action concept -------------------------------------------------------------------


def _save(page, text: str, name: str | None = None) -> None:
    """Check the filled form (and photograph it), save, and check the page it leads to."""
    _accessible(page, name)
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text(text)).to_be_visible()


def _write_guidelines_goal_and_measure(page) -> None:
    for name in GUIDELINES:
        page.goto(CONCEPT + "leitlinie/neu/")
        page.get_by_label("Leitlinie").fill(name)
        page.get_by_label("Beschreibung").fill(f"Wohnungspolitische Leitlinie {name}.")
        _save(page, "Die Leitlinie ist angelegt.")
    page.goto(CONCEPT)
    expect(page.get_by_role("heading", name="Leitlinie Zugang")).to_be_visible()

    page.get_by_role("link", name="Ziel anlegen").click()
    page.get_by_label("Leitlinie").select_option(label="Quantität")
    page.get_by_label("Nummer").fill("Q1")
    page.get_by_label("Ziel", exact=True).fill("Trendwende bei den Sozialwohnungen")
    page.get_by_label("quantitativ", exact=True).check()
    page.get_by_label("Indikator").select_option(label="Geförderte Wohnungen in Planung")
    page.locator("#id_target").fill("1000")
    page.get_by_label("Ausgangsjahr").fill("2022")
    page.get_by_label("Zieljahr (Horizont)").fill("2032")
    page.get_by_label("hoch").check()
    _save(page, "Das Ziel ist angelegt.", "kassel-goal-form")

    page.goto(CONCEPT + "massnahme/neu/")
    page.get_by_label("Nr.").fill("1")
    page.get_by_label("Maßnahme", exact=True).fill(MEASURE)
    page.get_by_label("Beschreibung").fill("Städtische Flächen für geförderte Wohnungen vergeben")
    page.get_by_label("Leitlinie").select_option(label="Quantität")
    page.get_by_label("federführende Organisation").select_option(label="GWG der Stadt Kassel")
    page.get_by_label("zuständiges Gremium").select_option(label="AG 1")
    page.get_by_role("group", name="Partner").get_by_label("Diakonie Hessen").check()
    page.get_by_role("group", name="Gebiet").get_by_label("Wesertor").check()
    page.get_by_label("Kosten (EUR)").fill("250000")
    page.get_by_label("Vorteile").fill("Bauland für geförderte Wohnungen in städtischer Hand")
    page.get_by_label(GOAL).check()
    _save(page, "Die Maßnahme ist angelegt.", "kassel-measure-form")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"1. {MEASURE}")
    page.get_by_label("Meilenstein", exact=True).fill("Konzeptvergabe Jordan-Areal beschlossen")
    page.get_by_label("geplant bis").fill(f"{YEAR}-06-30")
    page.get_by_role("button", name="Meilenstein hinzufügen").click()
    expect(page.get_by_text("Der Meilenstein ist angelegt.")).to_be_visible()
    expect(
        page.get_by_role("button", name="„Konzeptvergabe Jordan-Areal beschlossen“ als erreicht")
    ).to_be_visible()
    page.get_by_label("Status", exact=True).select_option(label="in Umsetzung")
    page.get_by_label("Fortschritt (%)").fill("10")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Der Stand der Maßnahme ist gespeichert.")).to_be_visible()
    _accessible(page)


def _conflict_with_positions(coordination, members) -> None:
    coordination.goto(CONCEPT + "zielkonflikt/neu/")
    coordination.get_by_label("Zielkonflikt").fill("Neubau und Flächenschonung")
    coordination.get_by_label(GOAL).check()
    _save(coordination, "Der Zielkonflikt ist angelegt")
    conflict = coordination.url
    for member, text in zip(
        members,
        ["Neubau braucht Bauland am Stadtrand.", "Vorrang für den Bestand und seine Mieter."],
        strict=True,
    ):
        member.goto(conflict)
        member.get_by_label("Position", exact=True).fill(text)
        _accessible(member)
        member.get_by_role("button", name="Position speichern").click()
        saved = member.get_by_text("Die Position Ihrer Organisation ist gespeichert.")
        expect(saved).to_be_visible()
    coordination.goto(conflict)
    positions = coordination.get_by_role("listitem")
    expect(positions.filter(has_text="GWG der Stadt Kassel")).to_contain_text("Bauland")
    expect(positions.filter(has_text="Diakonie Hessen")).to_contain_text("Vorrang für den Bestand")


def _commitment_signed(coordination, members) -> None:
    coordination.goto(CONCEPT + "selbstverpflichtungen/")
    coordination.get_by_role("link", name="Selbstverpflichtung beschließen").click()
    coordination.get_by_label("Titel").fill("Kassel vermietet fair")
    coordination.get_by_label("Text").fill(
        "1. Wir vermieten diskriminierungsfrei.\n2. Wir melden freie geförderte Wohnungen."
    )
    _save(coordination, "Die Selbstverpflichtung ist beschlossen", "kassel-commitment-form")
    commitment = coordination.url
    for member in members:
        member.goto(commitment)
        _accessible(member)
        member.get_by_role("button", name="Unterzeichnen").click()
        expect(member.get_by_text("Ihre Organisation hat unterzeichnet.")).to_be_visible()
    coordination.goto(commitment)
    table = coordination.get_by_role("table", name="Unterschriften")
    expect(table.get_by_role("row")).to_have_count(3)
    expect(table.get_by_text("Anna Berg")).to_be_visible()  # who signed, and when
    _accessible(coordination)


def _building_projects(page) -> None:
    for number, (name, dwellings) in enumerate(PROJECTS):
        page.goto(CONCEPT + "bauvorhaben/neu/")
        page.get_by_label("Vorhaben").fill(name)
        page.get_by_label("Wohneinheiten").fill(str(dwellings))
        page.get_by_label("Förderquote (%)").fill("30")
        page.get_by_label("davon gefördert").fill(str(-(-dwellings * 30 // 100)))
        page.get_by_label("Bindungsdauer (Jahre)").fill("30")
        page.get_by_label("Fertigstellung erwartet (Jahr)").fill(str(YEAR + 2))
        _save(page, "Das Bauvorhaben ist angelegt", None if number else "kassel-project-form")


def _release_and_adopt(page) -> None:
    page.goto(CONCEPT + "freigabe/")
    expect(page.get_by_role("row", name=f"1. {MEASURE}")).to_contain_text("10 %")
    _accessible(page, "kassel-release")
    page.get_by_role("button", name="Freigeben").click()
    expect(page.get_by_text("1 Änderung ist freigegeben und öffentlich sichtbar.")).to_be_visible()

    page.goto(CONCEPT + "fassungen/")
    _accessible(page)
    page.get_by_label("Titel der Fassung").fill("Wohnraumversorgungskonzept Kassel")
    page.get_by_role("button", name="Fassung anlegen").click()
    expect(page.get_by_text("Die Fassung ist angelegt.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Fassung 1: Wohnraumversorgungskonzept Kassel"
    )
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page.get_by_label("Ratsbeschluss vom").fill(yesterday.isoformat())
    page.get_by_label("Drucksache").fill("101.19.1234")
    _accessible(page, "kassel-edition-adopt")
    page.get_by_role("button", name="Fassung beschließen").click()
    expect(page.get_by_text("Die Fassung ist beschlossen.")).to_be_visible()
    _accessible(page)


def _public_pages_show_the_adopted_concept(public) -> None:
    public.goto(CONCEPT + "fortschritt/")
    expect(public.get_by_text("Drucksache 101.19.1234")).to_be_visible()
    for name in GUIDELINES:
        expect(public.get_by_role("heading", name=f"Leitlinie {name}")).to_be_visible()
    expect(public.get_by_text("Trendwende bei den Sozialwohnungen")).to_be_visible()
    expect(public.get_by_text(f"1. {MEASURE} – in Umsetzung, 10 %")).to_be_visible()
    _accessible(public, "kassel-public-progress")
    public.goto(CONCEPT + "unterzeichnende/")
    expect(public.get_by_text("2 unterzeichnende Organisationen")).to_be_visible()
    expect(public.get_by_role("cell", name="Diakonie Hessen")).to_be_visible()
    _accessible(public)
    public.goto(CONCEPT + "bauvorhaben/")
    for name, dwellings in PROJECTS:
        expect(public.get_by_role("row", name=name)).to_contain_text(str(dwellings))
    _accessible(public)


# --- a meeting ----------------------------------------------------------------------------


def _captured_event():
    name, content, mimetype = mail.outbox[-1].attachments[0]
    assert (name, mimetype) == ("einladung.ics", "text/calendar")
    (event,) = ical.parse(content).events
    return event


def _plenum_invited_changed_and_answered(coordination, members) -> None:
    coordination.goto("/sitzungen/kassel/neu/")
    coordination.get_by_label("Gremium").select_option(label="Plenum")
    coordination.get_by_label("Titel").fill("1. Plenum")
    coordination.get_by_label("Datum").fill(f"{YEAR}-03-12")
    coordination.get_by_label("Beginn").fill("16:00")
    coordination.get_by_label("Ende").fill("18:00")
    coordination.locator("#id_place").fill("Rathaus Kassel, Bürgersaal")
    coordination.get_by_label("Tagesordnung").fill("Begrüßung\nWohnraumversorgungskonzept")
    _accessible(coordination)
    coordination.get_by_role("button", name="Anlegen").click()
    mail.outbox.clear()
    coordination.get_by_role("button", name="Einladung versenden").click()
    expect(coordination.get_by_text("Die Einladungen wurden versandt.")).to_be_visible()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["lukas.kiepe@kassel.example", *(email for _, _, email, _ in MEMBERS)]
    )
    first = _captured_event()
    meeting = coordination.url

    coordination.get_by_role("link", name="Tagesordnungspunkt ergänzen").click()
    coordination.get_by_label("Thema").fill("Bauvorhaben Jordan-Areal")
    _accessible(coordination)
    coordination.get_by_role("button", name="Speichern").click()
    expect(coordination.get_by_text("Der Tagesordnungspunkt ist ergänzt.")).to_be_visible()
    assert len(mail.outbox) == 2 * 3  # the updated invitation to every invitee
    updated = _captured_event()
    assert str(updated["UID"]) == str(first["UID"])
    assert int(updated["SEQUENCE"]) == int(first["SEQUENCE"]) + 1
    assert "Bauvorhaben Jordan-Areal" in str(updated["DESCRIPTION"])

    for member, answer in zip(members, ["nimmt teil", "entschuldigt"], strict=True):
        member.goto(meeting)
        member.get_by_label(answer).check()
        _accessible(member)
        member.get_by_role("button", name="Antwort senden").click()
        expect(member.get_by_text(f"Ihre Antwort: {answer}")).to_be_visible()
    coordination.goto(meeting)
    who_comes = coordination.get_by_text("Zusagen: 1 · entschuldigt: 1 · ohne Antwort: 1")
    expect(who_comes).to_be_visible()
    expect(coordination.get_by_text("Anna Berg – nimmt teil (")).to_be_visible()
    expect(coordination.get_by_text("Ben Wolf – entschuldigt (")).to_be_visible()
    _accessible(coordination)


def test_kassel_starts_from_an_empty_database_and_writes_its_concept(new_page, tmp_path):
    new_page, base_url = new_page
    coordination = new_page()
    link = _in_thread(lambda: _init(base_url))
    mail.outbox = []
    _set_password(coordination, link, "lukas.kiepe")
    _upload_districts(coordination, tmp_path)
    _admit_organisations(coordination)
    links = _invite_members(coordination)
    _create_bodies(coordination)
    members = []
    for first, last, email, _ in MEMBERS:
        member = new_page()
        _set_password(member, links[email], f"{first}.{last}".lower())
        members.append(member)

    _write_guidelines_goal_and_measure(coordination)
    _conflict_with_positions(coordination, members)
    _commitment_signed(coordination, members)
    _building_projects(coordination)
    _release_and_adopt(coordination)
    _public_pages_show_the_adopted_concept(new_page())
    _plenum_invited_changed_and_answered(coordination, members)
