"""Which database queries a page makes, and which of them its templates make.

A template that follows a relation or calls a query method runs a query per row while the page
renders; the pages' queries belong in their queries module (``select_related`` /
``prefetch_related``). ``page_queries`` records every query of one request and marks those made
while a template was rendering (a frame of ``django/template`` on the stack), for the tests that
pin the query count of the busiest pages.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection


@dataclass
class Query:
    sql: str
    from_template: bool
    where: str  # the innermost frame of our code that led to the query


@dataclass
class Recorded:
    queries: list[Query] = field(default_factory=list)

    @property
    def from_templates(self) -> list[Query]:
        return [q for q in self.queries if q.from_template]

    def __len__(self) -> int:
        return len(self.queries)

    def describe(self) -> str:
        return "\n".join(
            f"{'TEMPLATE ' if q.from_template else ''}{q.where}: {q.sql[:160]}"
            for q in self.queries
        )


def _ours(frames: list[traceback.FrameSummary]) -> str:
    for frame in reversed(frames):
        if "/wohnbuendnis/" in frame.filename and "query_counting" not in frame.filename:
            return f"{frame.filename.rsplit('/wohnbuendnis/', 1)[-1]}:{frame.lineno}"
    return "?"


@contextmanager
def page_queries() -> Iterator[Recorded]:
    """Record the queries made inside the block on the default connection."""
    recorded = Recorded()

    def wrapper(execute, sql, params, many, context):
        frames = traceback.extract_stack()
        in_template = any("/django/template/" in frame.filename for frame in frames)
        recorded.queries.append(Query(sql, in_template, _ours(frames)))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield recorded
