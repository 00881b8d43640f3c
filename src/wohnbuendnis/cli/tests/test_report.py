"""``wohnbuendnis report``: the file where asked (or ``<slug>-<kind>.<format>`` in the current
folder), exit 2 with a German and English message for invalid options, nothing partial left."""

from __future__ import annotations

import pytest

from wohnbuendnis.cli import main
from wohnbuendnis.meetings.models import Minutes, MinutesStatus

pytestmark = [pytest.mark.django_db, pytest.mark.demo_parts("process")]


def test_invitation_to_the_default_file_and_to_out(demo_alliance, tmp_path, monkeypatch, capsys):
    meeting = Minutes.objects.filter(meeting__body__alliance=demo_alliance).first().meeting
    monkeypatch.chdir(tmp_path)
    args = ["report", "invitation", "--alliance", demo_alliance.slug, "--meeting", str(meeting.pk)]
    assert main(args) == 0
    default = tmp_path / f"{demo_alliance.slug}-invitation.pdf"
    assert default.read_bytes().startswith(b"%PDF")
    out = tmp_path / "neu" / "einladung.docx"
    assert main([*args, "--format", "docx", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"PK")
    assert sorted(p.name for p in (tmp_path / "neu").iterdir()) == ["einladung.docx"]


def test_invalid_options_exit_2_without_a_file(demo_alliance, tmp_path, monkeypatch, capsys):
    from wohnbuendnis.reports.builders import BUILDERS

    monkeypatch.chdir(tmp_path)
    # a kind of the contract without a builder (yet) is refused, not crashed on
    monkeypatch.delitem(BUILDERS, "market", raising=False)
    slug = demo_alliance.slug
    draft = Minutes.objects.filter(
        meeting__body__alliance=demo_alliance, status=MinutesStatus.DRAFTED
    ).first()
    cases = [
        (["report", "market", "--alliance", slug], "noch nicht gebaut"),
        (["report", "concept", "--alliance", "gibt-es-nicht"], "gibt es nicht"),
        (["report", "minutes", "--alliance", slug], "--meeting"),
        (["report", "minutes", "--alliance", slug, "--meeting", "999999"], "gibt es in diesem"),
    ]
    if draft is not None:
        cases.append(
            (
                ["report", "minutes", "--alliance", slug, "--meeting", str(draft.meeting_id)],
                "nicht freigegeben",
            )
        )
    for args, expected in cases:
        assert main(args) == 2, args
        err = capsys.readouterr().err
        assert expected in err and "error:" in err, (args, err)
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "concept", "--alliance", slug, "--format", "odt"])
    assert exit_info.value.code == 2
    assert list(tmp_path.iterdir()) == []


def test_market_report_without_monitoring_data_exits_2(
    demo_alliance, tmp_path, monkeypatch, capsys
):
    """An alliance without any monitoring values: the housing-market report is refused with
    the reason, and no file is left."""
    from wohnbuendnis.alliance.tests.factories import AllianceFactory

    monkeypatch.chdir(tmp_path)
    assert main(["report", "market", "--alliance", AllianceFactory().slug]) == 2
    err = capsys.readouterr().err
    assert "noch keine Werte der Wohnungsmarktbeobachtung" in err and "error:" in err
    assert list(tmp_path.iterdir()) == []


def test_evaluation_and_progress_by_year(demo_alliance, tmp_path, capsys):
    from wohnbuendnis.concept.models import EvaluationPeriod

    period = EvaluationPeriod.objects.get(alliance=demo_alliance, status="festgeschrieben")
    slug = demo_alliance.slug
    out = tmp_path / "erfolgskontrolle.docx"
    args = ["report", "evaluation", "--alliance", slug, "--year", str(period.year_to)]
    assert main([*args, "--format", "docx", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"PK")
    out = tmp_path / "jahresbericht.html"
    args = ["report", "progress", "--alliance", slug, "--year", str(period.year_to)]
    assert main([*args, "--format", "html", "--out", str(out)]) == 0
    assert f"Berichtsjahr {period.year_to}" in out.read_text()
    capsys.readouterr()
    missing = tmp_path / "fehlt.pdf"
    args = ["report", "evaluation", "--alliance", slug, "--year", "2010", "--out", str(missing)]
    assert main(args) == 2
    assert "keine festgeschriebene Evaluation" in capsys.readouterr().err
    assert not missing.exists()
