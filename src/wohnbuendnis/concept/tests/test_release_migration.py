"""Migration 0009 (release before public): every measure's status and progress and every
actual value that existed before count as released, so the public page looks as before; and
twenty identical release posts at once write one history row (PostgreSQL's row locks)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from wohnbuendnis.accounts.models import User
from wohnbuendnis.concept import queries, services
from wohnbuendnis.concept.models import Measure, MeasureStatus, Release
from wohnbuendnis.lib.race_testing import post_at_once

pytestmark = [pytest.mark.demo_parts("process"), pytest.mark.django_db(transaction=True)]
BEFORE = [("concept", "0009_concept_editions")]
AFTER = [("concept", "0010_release_before_public")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_rows_count_as_released(demo_alliance):
    koordination = User.objects.get(username="koordination")
    measure = Measure.objects.filter(status=MeasureStatus.IN_PROGRESS).first()
    services.set_measure_status(measure, koordination, MeasureStatus.IN_PROGRESS, 93)
    assert queries.pending(demo_alliance)  # waits, as it would after the migration
    _migrate(BEFORE)
    apps = _migrate(AFTER)
    OldMeasure = apps.get_model("concept", "Measure")
    GoalMeasurement = apps.get_model("concept", "GoalMeasurement")
    assert OldMeasure.objects.get(pk=measure.pk).released_progress == 93
    assert OldMeasure.objects.exclude(released_status="").count() == OldMeasure.objects.count()
    values = GoalMeasurement.objects.values_list(
        "value", "released_value", "source", "released_source"
    )
    assert values and all(v == rv and s == rs for v, rv, s, rs in values)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert queries.pending(demo_alliance) == []


def test_twenty_identical_release_posts_at_once_write_one_row(demo_alliance):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL: set DATABASE_URL=postgres://… to run this test")
    koordination = User.objects.get(username="koordination")
    measure = Measure.objects.filter(status=MeasureStatus.IN_PROGRESS).first()
    services.set_measure_status(measure, koordination, MeasureStatus.IN_PROGRESS, 94)
    keys = [item.key for item in queries.pending(demo_alliance)]
    url = reverse("concept:release", args=[demo_alliance.slug])
    assert post_at_once(koordination, url, {"item": keys}, times=20) == [302] * 20
    assert Release.objects.filter(measure=measure, new__contains="94 %").count() == 1
