"""Every status history has the one shape of ``lib.history`` and every change goes through it."""

from __future__ import annotations

import pytest
from django.apps import apps

from wohnbuendnis.lib.history import StatusChange

HISTORIES = [m for m in apps.get_models() if issubclass(m, StatusChange)]


def test_every_model_with_a_status_history_uses_the_common_base():
    names = {m.__name__ for m in HISTORIES}
    assert {
        "MeetingStatusChange",
        "MinutesStatusChange",
        "TaskStatusChange",
        "MeasureStatusChange",
        "EvaluationStatusChange",
        "BuildingProjectStatusChange",
        "RunStatusChange",
        "HouseholdStatusChange",
        "CostCoverageStatusChange",
        "VacancyStatusChange",
        "NominationStatusChange",
    } <= names
    # no second hand-written shape: a model named *StatusChange outside the base is refused
    loose = [
        m.__name__
        for m in apps.get_models()
        if m.__name__.endswith("StatusChange") and not issubclass(m, StatusChange)
    ]
    assert loose == []


@pytest.mark.parametrize("history", HISTORIES, ids=lambda m: m.__name__)
def test_history_rows_name_their_object_and_its_statuses(history):
    owner_fields = [
        f
        for f in history._meta.fields
        if f.is_relation and f.remote_field.related_name == "history"
    ]
    assert len(owner_fields) == 1, "one foreign key with related_name='history'"
    owner = owner_fields[0].related_model
    status = owner._meta.get_field("status")
    for name in ("from_status", "to_status"):
        field = history._meta.get_field(name)
        assert list(field.choices) == list(status.choices), f"{history.__name__}.{name}"
        assert field.max_length >= status.max_length
