"""Service calls at the same moment, one thread each, for the race tests (they need the row
locks of PostgreSQL; SQLite serialises writers anyway)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import connections


def at_once(*calls: Callable[[], object]) -> list[str | Exception]:
    """Run every call in its own thread, all released together by a barrier. Per call, in
    order: "ok", "refused" (a ValidationError, the services' answer to a lost race) or the
    exception it raised. Each thread closes its database connections when done."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str | Exception] = ["" for _ in calls]

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            call()
            outcomes[index] = "ok"
        except ValidationError:
            outcomes[index] = "refused"
        except Exception as error:  # handed to the test's assertion
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def post_at_once(user, url: str, data: dict, times: int = 50) -> list[int | Exception]:
    """The same form POST ``times`` times at once (a double click taken to the extreme), each
    from its own test client signed in as ``user``; the status code (or exception) per request."""
    from django.test import Client

    clients = []
    for _ in range(times):
        client = Client()
        client.force_login(user)
        clients.append(client)
    codes: list[int | Exception] = [0] * times

    def post(index: int) -> None:
        codes[index] = clients[index].post(url, data).status_code

    outcomes = at_once(*(lambda i=i: post(i) for i in range(times)))
    return [
        outcome if isinstance(outcome, Exception) else codes[i]
        for i, outcome in enumerate(outcomes)
    ]
