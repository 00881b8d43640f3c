"""The evaluation ("Erfolgskontrolle", seed 003, 4.3.7) of one frozen evaluation period: the
goal matrix (unter / erreicht / über) with the results frozen on the day the period was
closed and the steering group's assessments, then the measures' progress.

Which period: the frozen one whose years hold ``--year`` (the latest such), without a year the
latest frozen period. The results are the period's record, as the evaluation page shows them;
the public version leaves out an actual value that was entered by hand and never released for
the public pages (and its rating), and shows the measures as released."""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _

from wohnbuendnis.concept import queries as concept_queries
from wohnbuendnis.concept.engine import RESULT_LABELS, evaluate, source_text
from wohnbuendnis.concept.models import (
    EvaluationPeriod,
    EvaluationStatus,
    GoalAssessment,
    GoalNature,
)
from wohnbuendnis.reports.builders import implementation
from wohnbuendnis.reports.builders.common import Options, Progress, ReportInputError, data_state
from wohnbuendnis.reports.document import Document, german_number

MANUAL = "manuell"  # engine.ValueSource.MANUAL: an actual value entered by hand


def frozen_period(options: Options) -> EvaluationPeriod:
    periods = EvaluationPeriod.objects.filter(
        alliance=options.alliance, status=EvaluationStatus.FROZEN
    ).order_by("-year_to", "-frozen_on", "-pk")
    if options.year is not None:
        periods = periods.filter(year_from__lte=options.year, year_to__gte=options.year)
    period = periods.first()
    if period is None:
        if options.year is not None:
            raise ReportInputError(
                _("Für das Jahr %(year)s gibt es keine festgeschriebene Evaluation.")
                % {"year": options.year}
            )
        raise ReportInputError(
            _(
                "Es gibt noch keine festgeschriebene Evaluation. Die Steuerungsgruppe schreibt "
                "eine Evaluation auf ihrer Seite fest; erst dann gibt es die Erfolgskontrolle."
            )
        )
    return period


def rating(assessment: GoalAssessment) -> str:
    """The result as the evaluation page names it: qualitativ, a rating, or – (no value)."""
    if assessment.goal.nature == GoalNature.QUALITATIVE:
        return _("qualitativ")
    if not assessment.result:
        return "–"
    return RESULT_LABELS.get(assessment.result, assessment.result)


def _unreleased(alliance, assessments: list[GoalAssessment]) -> set[int]:
    """Assessment ids whose frozen actual value came from values entered by hand that the
    public pages do not show: the goal's result for that year from the released values
    (a cumulative goal: their sum) is not the frozen one."""
    manual = [a for a in assessments if a.actual_source == MANUAL and a.year is not None]
    if not manual:
        return set()
    released = {
        (r.goal.pk, row.year): row.actual
        for r in evaluate(concept_queries.public_goals(alliance), released=True)
        for row in r.rows
    }
    return {
        a.pk
        for a in manual
        if released.get((a.goal_id, a.year)) is None
        or abs(released[a.goal_id, a.year] - a.actual) > 1e-9
    }


def build(options: Options, progress: Progress) -> Document:
    alliance = options.alliance
    period = frozen_period(options)
    document = Document(
        title=_("Erfolgskontrolle"),
        alliance=alliance.name,
        subtitle=_("%(title)s: Zeitraum %(a)s–%(b)s, festgeschrieben am %(day)s")
        % {
            "title": period.title,
            "a": period.year_from,
            "b": period.year_to,
            "day": period.frozen_on.strftime("%d.%m.%Y") if period.frozen_on else "–",
        },
        data_state=data_state(alliance),
    )
    document.paragraph(
        _(
            "Die Erfolgskontrolle vergleicht die Istwerte der Ziele mit ihren Zielwerten "
            "(Zielunterschreitung, Ziel erreicht, Zielüberschreitung) und gibt die Bewertung "
            "der Steuerungsgruppe wieder. Die Ergebnisse sind mit der Festschreibung "
            "unveränderlich; spätere Istwerte ändern sie nicht."
        )
    )
    progress(20, _("Zielerreichung"))
    _goals(document, period, options.public)
    progress(60, _("Umsetzung der Maßnahmen"))
    document.heading(_("Umsetzung der Maßnahmen"))
    rows = list(implementation.measures(alliance))
    if options.public:
        document.paragraph(
            _("Status und Fortschritt der Maßnahmen, wie die Koordination sie freigegeben hat.")
        )
    implementation.status_summary(document, rows, options.public)
    implementation.measures_table(document, rows, options.public, _("Fortschritt der Maßnahmen"))
    return document


def _goals(document: Document, period: EvaluationPeriod, public: bool) -> None:
    document.heading(_("Zielerreichung"))
    assessments = list(
        period.assessments.select_related("goal__guideline").order_by(
            "goal__guideline__position", "goal__code"
        )
    )
    withheld = _unreleased(period.alliance, assessments) if public else set()
    ratings = [_("noch nicht freigegeben") if a.pk in withheld else rating(a) for a in assessments]
    counts = Counter(ratings)
    order = [*RESULT_LABELS.values(), _("qualitativ"), "–", _("noch nicht freigegeben")]
    document.heading(_("Zielmatrix: Übersicht"), 2)
    document.table(
        _("Ziele nach Ergebnis"),
        [_("Ergebnis"), _("Ziele")],
        [
            *[[label if label != "–" else _("ohne Istwert"), str(counts[label])]
              for label in order if counts[label]],
            [_("zusammen"), str(len(assessments))],
        ],
    )  # fmt: skip
    guidelines: dict[str, list[tuple[GoalAssessment, str]]] = {}
    for assessment, label in zip(assessments, ratings, strict=True):
        guidelines.setdefault(assessment.goal.guideline.name, []).append((assessment, label))
    for name, rows in guidelines.items():
        document.heading(_("Leitlinie %(name)s") % {"name": name}, 2)
        document.table(
            _("Zielmatrix der Leitlinie %(name)s") % {"name": name},
            [
                _("Nr."),
                _("Ziel"),
                _("Soll"),
                _("Istwert"),
                _("Quelle des Istwerts"),
                _("Ergebnis"),
            ],
            [_matrix_row(a, label, a.pk in withheld) for a, label in rows],
        )
        for assessment, _label in rows:
            if assessment.text:
                document.paragraph(
                    _("Bewertung der Steuerungsgruppe zu %(code)s: %(text)s")
                    % {"code": assessment.goal.code, "text": assessment.text}
                )


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return german_number(value, 0 if float(value).is_integer() else 1)


def _matrix_row(assessment: GoalAssessment, label: str, withheld: bool) -> list[str]:
    goal = assessment.goal
    if withheld or assessment.actual is None:
        actual, source = "–", "–"
    else:
        actual = f"{_number(assessment.actual)} {goal.unit} ({assessment.year})".replace("  ", " ")
        source = source_text(assessment.actual_source, assessment.actual_detail) or "–"
    target = (
        f"{_number(assessment.target)} {goal.unit}".strip()
        if assessment.target is not None
        else "–"
    )
    return [goal.code, goal.title, target, actual, source, label]
