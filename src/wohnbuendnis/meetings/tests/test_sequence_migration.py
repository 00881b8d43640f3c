"""Migration 0009: an existing meeting keeps the SEQUENCE its invitation already carried (before
0008 the number of its status changes), so calendars accept the next revision."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wohnbuendnis.lib.history import record_status
from wohnbuendnis.meetings import services
from wohnbuendnis.meetings.tests.factories import make_setting

BEFORE = [("meetings", "0008_meeting_sequence")]
AFTER = [("meetings", "0009_meeting_sequence_from_history")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_meetings_start_from_their_earlier_sequence():
    setting = make_setting()
    by = setting.coordinator.user
    services.send_invitations(setting.meeting, by, notify=False)
    record_status(setting.meeting, by, "Unterlage gelöscht")  # a note: from = to
    _migrate(BEFORE)
    _migrate(AFTER)
    Meeting = _migrate(AFTER).get_model("meetings", "Meeting")
    # geplant, eingeladen: two status changes, as the hand-written writer counted them
    assert Meeting.objects.get(pk=setting.meeting.pk).sequence == 2
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
