"""State changes of the forecast; every entry point (view, task, demo, admin) calls these."""

from __future__ import annotations

import logging
import re
import tempfile
from dataclasses import replace
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.areas.models import Area
from wohnbuendnis.forecast import (
    archive,
    completions,
    engine,
    monitoring_base,
    queries,
    region,
)
from wohnbuendnis.forecast.engine import ForecastInputs, InputError, Scenario, project
from wohnbuendnis.forecast.models import (
    CITY,
    AssumptionComment,
    AssumptionSet,
    AssumptionStatus,
    BacktestRow,
    BaseSource,
    CompletionsSource,
    Component,
    ForecastRun,
    InputData,
    OfficialProjection,
    ProjectionComparison,
    ResultRow,
    RunStatus,
)
from wohnbuendnis.lib import caching, input_errors, uploads
from wohnbuendnis.lib.history import change_status, record_status
from wohnbuendnis.lib.site_language import in_site_language
from wohnbuendnis.monitoring.services.uploads import discard_upload, store_upload, stored_upload

logger = logging.getLogger(__name__)
MAX_DRAWS = 1000
HOUSING_LED_FILES = ("households.csv", "dwellings.csv")
_POINT = re.compile(r"^\s*(\d{4})\s*[=:]\s*(\d+(?:[.,]\d+)?)\s*$")


# --- assumption sets ---------------------------------------------------------------------------


def create_assumption_set(
    alliance: Alliance, user, name: str, title: str, description: str = ""
) -> AssumptionSet:
    """A new draft assumption set; names are unique in the alliance."""
    if AssumptionSet.objects.filter(alliance=alliance, name=name).exists():
        raise ValidationError(_("Ein Annahmen-Set „%(name)s“ gibt es schon.") % {"name": name})
    return AssumptionSet.objects.create(
        alliance=alliance, name=name, title=title, description=description, created_by=user
    )


def parse_path(text: str) -> list[list[float]]:
    """``"2025 = 1,0; 2045 = 0,9"`` → ``[[2025, 1.0], [2045, 0.9]]`` (ascending, ≥ 0)."""
    points = []
    for part in filter(str.strip, re.split(r"[;\n]", text)):
        match = _POINT.match(part)
        if not match:
            raise ValidationError(
                _("„%(part)s“ ist kein Paar „Jahr = Faktor“ (z. B. 2025 = 1,0).") % {"part": part}
            )
        points.append([int(match[1]), float(match[2].replace(",", "."))])
    years = [year for year, _ in points]
    if not points or years != sorted(set(years)):
        raise ValidationError(_("Bitte mindestens ein Jahr angeben, jedes Jahr nur einmal."))
    return sorted(points)


@transaction.atomic
def set_assumption(
    assumption_set: AssumptionSet,
    component: str,
    path: list[list[float]],
    source: str,
    justification: str,
):
    """Create or replace the assumption of one component (source and justification required,
    as the guide asks for transparent assumptions)."""
    if component not in Component.values:
        raise ValidationError(_("Unbekannte Komponente."))
    if not source.strip() or not justification.strip():
        raise ValidationError(_("Jede Annahme braucht eine Quelle und eine Begründung."))
    locked = AssumptionSet.objects.select_for_update().get(pk=assumption_set.pk)
    assumption, _created = locked.assumptions.update_or_create(
        component=component,
        defaults={"path": path, "source": source, "justification": justification},
    )
    family = queries.assumptions_family(locked.alliance_id)
    transaction.on_commit(lambda: caching.bump(family))  # the run pages show the sets
    return assumption


@transaction.atomic
def publish_assumption_set(assumption_set: AssumptionSet) -> AssumptionSet:
    """Mark a set as agreed and visible with published runs."""
    locked = AssumptionSet.objects.select_for_update().get(pk=assumption_set.pk)
    if not locked.assumptions.exists():
        raise ValidationError(_("Ein Annahmen-Set ohne Annahmen kann nicht freigegeben werden."))
    locked.status = AssumptionStatus.PUBLISHED
    locked.save(update_fields=["status"])
    return locked


def comment_assumption_set(assumption_set: AssumptionSet, user, text: str) -> AssumptionComment:
    if not text.strip():
        raise ValidationError(_("Der Kommentar ist leer."))
    return AssumptionComment.objects.create(
        assumption_set=assumption_set, author=user, text=text.strip()
    )


# --- input data --------------------------------------------------------------------------------


def input_error(error: InputError) -> ValidationError:
    """The engine's message (file, line, column, what was expected) for the user."""
    return ValidationError(
        _("Die Eingangsdaten sind fehlerhaft: %(message)s")
        % {"message": input_errors.message(error)}
    )


@transaction.atomic
def upload_inputs(alliance: Alliance, area: Area, user, name: str, upload: File) -> InputData:
    """Store a ZIP of an input folder after validating it exactly as the command does; a file
    above the upload limit of ``forecast_inputs`` is refused before it is read."""
    uploads.check_size(upload, "forecast_inputs")
    try:
        inputs = archive.read_archive(upload)
    except InputError as error:
        raise input_error(error) from None
    return InputData.objects.create(
        alliance=alliance,
        area=area,
        name=name,
        archive=File(upload, name=f"{alliance.slug}-inputs.zip"),
        method=inputs.method,
        base_year=inputs.base_year,
        horizon=inputs.horizon,
        area_count=len(inputs.areas),
        population=round(float(inputs.population.sum())),
        observed_years=sorted(int(y) for y in inputs.observed),
        uploaded_by=user,
    )


# --- runs --------------------------------------------------------------------------------------


def _check_sets(sets: list[AssumptionSet], alliance: Alliance, first: int, horizon: int) -> None:
    if not sets:
        raise ValidationError(_("Bitte mindestens ein Annahmen-Set wählen."))
    for s in sets:
        if s.alliance_id != alliance.pk:
            raise ValidationError(_("Das Annahmen-Set gehört zu einem anderen Bündnis."))
        for a in s.assumptions.all():
            if a.path[0][0] > first or a.path[-1][0] < horizon:
                raise ValidationError(
                    _(
                        "%(set)s, %(component)s: die Faktoren müssen die Jahre %(first)s "
                        "bis %(last)s abdecken."
                    )
                    % {
                        "set": s.name,
                        "component": a.get_component_display(),
                        "first": first,
                        "last": horizon,
                    }
                )


def create_run(  # noqa: PLR0913 (keyword-only options of a run)
    inputs: InputData,
    sets: list[AssumptionSet],
    user,
    *,
    title: str,
    horizon: int | None = None,
    draws: int = 0,
    seed: int = 0,
    completions_source: str = CompletionsSource.INPUTS,
    base_source: str = BaseSource.INPUTS,
    housing_led: bool = False,
) -> ForecastRun:
    """Record a queued run of the engine on ``inputs`` with ``sets`` as its scenarios; the
    planned completions come from the inputs or from the building projects
    (``completions_source``); ``housing_led`` lets the planned stock set the population (the
    inputs must have households and dwellings). ``tasks.start_run`` also hands it to the
    background worker; the demo computes it at once with ``execute_run``."""
    horizon = horizon or inputs.horizon
    if horizon <= inputs.base_year:
        raise ValidationError(_("Der Horizont muss nach dem Basisjahr liegen."))
    if not 0 <= draws <= MAX_DRAWS:
        raise ValidationError(_("Höchstens %(n)s Zufallsziehungen.") % {"n": MAX_DRAWS})
    _check_sets(sets, inputs.alliance, inputs.base_year + 1, horizon)
    if completions_source == CompletionsSource.PROJECTS and not completions.has_project_figures(
        inputs.area
    ):
        raise ValidationError(
            _(
                "Für die Gebiete der Eingangsdaten sind keine Bauvorhaben im Monitoring: bitte "
                "die Bauvorhaben zuerst an das Monitoring übergeben."
            )
        )
    if housing_led and not archive.has_members(inputs.archive, HOUSING_LED_FILES):
        raise ValidationError(
            _(
                "Die wohnungsbasierte Variante braucht Haushalte (households.csv) und den "
                "Wohnungsbestand (dwellings.csv) in den Eingangsdaten."
            )
        )
    with transaction.atomic():
        run = ForecastRun.objects.create(
            alliance=inputs.alliance,
            title=title,
            inputs=inputs,
            method=inputs.method,
            horizon=horizon,
            draws=draws,
            seed=seed,
            backtest_year=min(inputs.observed_years, default=None),
            completions_source=completions_source,
            base_source=base_source,
            housing_led=housing_led,
            created_by=user,
        )
        run.assumption_sets.set(sets)
        record_status(run, user, new=True)
    return run


def _progress(run: ForecastRun, percent: int, message: str) -> None:
    run.progress, run.message = percent, message
    run.save(update_fields=["progress", "message"])


def prepared_inputs(run: ForecastRun, progress=None):
    """The inputs a run computes with and its back-test result (or None): the uploaded folder
    with the run's assumption sets and options (completions, base year from the monitoring)
    and the draws calibrated to the observed forecast errors."""
    with run.inputs.archive.open("rb") as stored:
        base = archive.read_archive(stored)
    sets = list(run.assumption_sets.prefetch_related("assumptions"))
    inputs: ForecastInputs = engine.with_scenarios(base, sets, run.horizon)
    if run.completions_source == CompletionsSource.PROJECTS:
        inputs = completions.with_project_completions(inputs, run.inputs.area)
    if run.base_source == BaseSource.MONITORING:
        inputs = monitoring_base.with_monitoring_base(inputs, run.inputs.area)
    scheduler = settings.FORECAST_DASK_SCHEDULER
    backtest = None
    if run.backtest_year is not None:
        if progress is not None:
            progress(run, 8, _("Rückrechnung zur Treffsicherheit"))
        # The accuracy of the method with the input rates as they are (no scenario factors).
        neutral = replace(inputs, scenarios={"basis": Scenario("basis", {})})
        backtest = project(neutral, None, 0, 0, scheduler, backtest=run.backtest_year)
    if run.draws:
        # The bands from observed forecast errors: Konstanz and this run's own back-test.
        own = engine.backtest_errors(backtest)
        inputs = replace(inputs, draws=engine.calibrated_draws(inputs, own))
    return inputs, backtest


def _compute(run: ForecastRun) -> None:
    inputs, backtest = prepared_inputs(run, _progress)
    scheduler = settings.FORECAST_DASK_SCHEDULER

    def step(done: int, total: int) -> None:
        _progress(
            run,
            10 + 70 * done // total,
            _("Szenario %(d)s von %(t)s gerechnet") % {"d": done, "t": total},
        )

    result = project(
        inputs, None, run.draws, run.seed, scheduler, housing_led=run.housing_led, progress=step
    )
    rows = engine.summary_rows(result, inputs)
    _progress(run, 90, _("Ergebnisse werden gespeichert"))
    with transaction.atomic():
        for row in rows:
            row.run = run
        ResultRow.objects.bulk_create(rows)
        if backtest is not None:
            _store_backtest(run, backtest)
        run.results.save(f"run-{run.pk}.zip", ContentFile(archive.pack_result(result)), save=False)
        change_status(
            run,
            RunStatus.DONE,
            None,
            progress=100,
            message="",
            results=run.results,
            finished_at=timezone.now(),
        )


def _store_backtest(run: ForecastRun, result) -> None:
    BacktestRow.objects.bulk_create(
        BacktestRow(
            run=run,
            area_key=r["area"],
            year=r["year"],
            observed=r["observed"],
            projected=r["projected"],
            ape_total=r["ape_total"],
            weighted_ape=r["weighted_ape"],
        )
        for r in result.backtest_accuracy(total=CITY).iter_rows(named=True)
    )


def execute_run(run_id: int) -> ForecastRun:
    """Compute a queued run (called by the background task); a failure is stored on the run
    with a message the user can act on, never raised."""
    run = ForecastRun.objects.get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return run
    change_status(
        run, RunStatus.RUNNING, None, progress=5, message=_("Eingangsdaten werden gelesen")
    )
    try:
        _compute(run)
    except InputError as error:
        _fail(run, input_error(error).messages[0])
    except ValidationError as error:
        _fail(run, " ".join(error.messages))
    except Exception as error:  # a run must end with a status, whatever went wrong
        logger.exception("forecast run %s failed", run.pk)
        _fail(run, _("Interner Fehler: %(error)s") % {"error": error})
    if run.status == RunStatus.DONE:
        try:
            queries.warm_pages(run)
        except Exception:  # the run is done; a page builds what is missing itself
            logger.exception("forecast run %s: warming the result page failed", run.pk)
    return run


def _fail(run: ForecastRun, text: str) -> None:
    ResultRow.objects.filter(run=run).delete()
    change_status(
        run, RunStatus.FAILED, None, text, error=text, message="", finished_at=timezone.now()
    )


@transaction.atomic
def publish_run(run: ForecastRun, user, published: bool = True) -> ForecastRun:
    """Show a finished run (and its assumption sets) to the public, or withdraw it."""
    locked = ForecastRun.objects.select_for_update().get(pk=run.pk)
    if published and locked.status != RunStatus.DONE:
        raise ValidationError(_("Nur fertig gerechnete Prognosen können veröffentlicht werden."))
    locked.published = published
    locked.save(update_fields=["published"])
    note = in_site_language(
        gettext_noop("veröffentlicht")
        if published
        else gettext_noop("Veröffentlichung zurückgenommen")
    )
    record_status(locked, user, note)
    return locked


# --- the region-wide forecast (issue 15, item 4) -------------------------------------------------

REGION_SET = "gemeinden"  # the assumption set of region-wide runs (the rates as derived)


def create_region_inputs(alliance: Alliance, user, horizon: int | None = None) -> InputData:
    """The inputs of a region-wide forecast: every municipality below the alliance's area as
    one area of the engine, derived from the monitoring (``forecast.region``), validated by
    the same reader as an upload and stored like one."""
    places, data = region.figures(alliance.area, horizon)
    horizon = horizon or data.base_year + region.HORIZON_YEARS
    if horizon <= data.base_year:
        raise ValidationError(_("Der Horizont muss nach dem Basisjahr liegen."))
    with tempfile.TemporaryDirectory(prefix="forecast-region-") as tmp:
        region.write_folder(data, tmp, horizon)
        try:
            inputs = engine.read_inputs(tmp)
        except InputError as error:
            raise input_error(error) from None
        content = archive.zip_folder(Path(tmp))
    name = in_site_language(
        gettext_noop("Gemeinden im Gebiet %(area)s aus dem Monitoring, Basisjahr %(year)s"),
        area=alliance.area.name,
        year=data.base_year,
    )
    return InputData.objects.create(
        alliance=alliance,
        area=alliance.area,
        name=name[:200],
        archive=ContentFile(content, name=f"{alliance.slug}-gemeinden.zip"),
        method=inputs.method,
        base_year=inputs.base_year,
        horizon=inputs.horizon,
        area_count=len(places),
        population=round(float(inputs.population.sum())),
        observed_years=[],
        municipalities=True,
        uploaded_by=user,
    )


def region_set(alliance: Alliance, user) -> AssumptionSet:
    """The assumption set of region-wide runs: the rates as derived, no multipliers."""
    found = AssumptionSet.objects.filter(alliance=alliance, name=REGION_SET).first()
    if found is not None:
        return found
    return AssumptionSet.objects.create(
        alliance=alliance,
        name=REGION_SET,
        title=in_site_language(gettext_noop("Trend der Gemeinden")),
        description=in_site_language(
            gettext_noop(
                "Regionsweite Prognose: die Raten wie aus den Zahlen der Gemeinden abgeleitet, "
                "ohne Faktoren."
            )
        ),
        created_by=user,
    )


@transaction.atomic
def create_region_run(
    alliance: Alliance, user, *, title: str, horizon: int | None = None
) -> ForecastRun:
    """A queued region-wide run: new inputs from the monitoring of all municipalities below
    the alliance's area (a Kreis or a Land) and the set :data:`REGION_SET`; ``tasks`` hands
    it to the worker. Refused without municipalities or without a common year of their
    population."""
    inputs = create_region_inputs(alliance, user, horizon)
    return create_run(inputs, [region_set(alliance, user)], user, title=title)


# --- official projections ----------------------------------------------------------------------

PROJECTION_KIND = "official_projection"  # settings.UPLOAD_LIMITS_MB


def _parse_projection(sha: str) -> tuple[str, engine.ParsedProjection]:
    try:
        path = stored_upload(sha)
    except FileNotFoundError:
        raise ValidationError(
            _("Die hochgeladene Datei ist nicht mehr vorhanden; bitte erneut hochladen.")
        ) from None
    try:
        return path.name, engine.parse_official_projection(path.read_bytes(), path.name)
    except InputError as error:
        raise ValidationError(
            _("Die Vorausberechnung ist fehlerhaft: %(message)s")
            % {"message": input_errors.message(error)}
        ) from None


def preview_official_projection(upload: File) -> tuple[str, str, engine.ParsedProjection]:
    """Keep an uploaded projection file (refused above its upload limit, unread) and read it
    for the preview: (sha256, file name, the years and totals it holds). Nothing is stored
    in the database; ``import_official_projection`` does that after the preview."""
    sha, _name = store_upload(upload, PROJECTION_KIND)
    name, parsed = _parse_projection(sha)
    return sha, name, parsed


@transaction.atomic
def import_official_projection(
    alliance: Alliance, user, sha: str, *, title: str, source: str, comparison: str
) -> OfficialProjection:
    """Store the previewed projection file ``sha`` for ``alliance``: all of its years or,
    when the file no longer reads, nothing (the stored upload is deleted once imported)."""
    if comparison not in ProjectionComparison.values:
        raise ValidationError(_("Unbekannte Art des Vergleichs."))
    if not title.strip() or not source.strip():
        raise ValidationError(_("Bitte Bezeichnung und Quelle der Vorausberechnung angeben."))
    name, parsed = _parse_projection(sha)
    projection = OfficialProjection.objects.create(
        alliance=alliance,
        title=title.strip(),
        source=source.strip(),
        region=parsed.region[:200],
        variant=parsed.variant[:300],
        layout=parsed.layout,
        comparison=comparison,
        values=[[y, p] for y, p in zip(parsed.years, parsed.population, strict=True)],
        file_name=name[:200],
        sha256=sha,
        uploaded_by=user,
    )
    transaction.on_commit(lambda: discard_upload(sha))
    return projection
