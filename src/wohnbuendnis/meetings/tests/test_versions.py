"""Every version of the minutes is kept and two versions can be compared (word diff)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from wohnbuendnis.meetings import services, versions
from wohnbuendnis.meetings.tests.factories import draft, make_setting

FUTURE = datetime.date(2999, 1, 1)


def test_diff_words_marks_insertions_and_deletions():
    assert versions.diff_words(
        "Die AG nimmt zur Kenntnis.", "Die AG nimmt zustimmend zur Kenntnis."
    ) == [
        ("equal", "Die AG nimmt "),
        ("insert", "zustimmend "),
        ("equal", "zur Kenntnis."),
    ]
    assert versions.diff_words("a b", "a c") == [("equal", "a "), ("delete", "b"), ("insert", "c")]
    assert versions.diff_words("", "") == []


@pytest.fixture
def amended(db):
    """Minutes edited once as a draft and amended once while circulated."""
    setting = make_setting()
    minutes = draft(setting)
    item = minutes.items.get(agenda_item__position=1)
    services.save_minutes_draft(
        minutes,
        setting.chair.user,
        {item.pk: {"decisions": "Einstimmig <script>alert(1)</script>."}},
    )
    services.circulate_minutes(minutes, setting.chair.user, FUTURE)
    amendment = services.propose_amendment(
        item, setting.member.user, field="results", passage="zur", proposal="zustimmend zur"
    )
    services.accept_amendment(amendment, setting.chair.user)
    return setting, minutes, item


def test_every_version_is_rebuilt_from_the_revisions(amended):
    _, minutes, item = amended
    kept = versions.versions(minutes)
    assert [v.number for v in kept] == [0, 1, 2]
    assert [v.label for v in kept] == [
        "Entwurf wie angelegt",
        "Entwurf bearbeitet",
        "Änderungsvorschlag übernommen",
    ]
    assert kept[0].texts[(item.pk, "results")] == "Die AG nimmt den Bericht zur Kenntnis."
    assert kept[0].texts[(item.pk, "decisions")] == "Einstimmig."
    assert (
        kept[2].texts[(item.pk, "results")] == "Die AG nimmt den Bericht zustimmend zur Kenntnis."
    )
    assert [(d.field_label, d.parts) for d in versions.compare(minutes, kept[1], kept[2])] == [
        (
            "Ergebnisse",
            [
                ("equal", "Die AG nimmt den Bericht "),
                ("insert", "zustimmend "),
                ("equal", "zur Kenntnis."),
            ],
        )
    ]
    assert versions.compare(minutes, kept[2], kept[2]) == []


def test_the_versions_page_shows_the_diff_escaped(client, amended):
    setting, minutes, _ = amended
    url = reverse("meetings:versions", args=[minutes.pk])
    client.force_login(setting.outsider.user)
    assert client.get(url).status_code == 403
    client.force_login(setting.member.user)
    html = client.get(url).text
    assert "<ins>zustimmend </ins>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.</ins>" in html
    assert "<script>alert(1)" not in html
    html = client.get(url, {"von": "1", "bis": "2"}).text
    assert "<ins>zustimmend </ins>" in html and "&lt;script&gt;" not in html
    assert client.get(url, {"von": "x", "bis": "99"}).status_code == 200
