"""Who may do what with events (matrix: docs/roles-and-permissions.md).

Objects are an ``Alliance`` (lists, new events), an ``Event`` or an ``EventDocument``; all
carry ``alliance``.
"""

from __future__ import annotations

import rules

from wohnbuendnis.alliance.rules import is_coordination, is_member
from wohnbuendnis.events.models import Audience, Event, EventDocument


def _event(obj) -> Event | None:
    if isinstance(obj, Event):
        return obj
    if isinstance(obj, EventDocument):
        return obj.event
    return None


@rules.predicate
def is_public_event(user, obj=None) -> bool:
    event = _event(obj)
    return event is not None and event.audience == Audience.PUBLIC


# The list of an alliance's events: public events for everybody, members-only ones for members
# (the list filters them).
rules.add_perm("events.view_events", rules.always_allow)
rules.add_perm("events.view_event", is_public_event | is_member)
rules.add_perm("events.download_document", is_public_event | is_member)
# Members register with one click (members-only or public events); the public uses the form.
rules.add_perm("events.register_member", is_member)
rules.add_perm("events.register_public", is_public_event)
# Koordination: create, edit, cancel, open/close the registration, attendance list and its
# download, documents and the report.
rules.add_perm("events.manage_events", is_coordination)
