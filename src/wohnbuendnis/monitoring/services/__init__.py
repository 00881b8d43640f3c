"""Every state change of the monitoring: imports (preview, then an all-or-nothing commit),
corrections with history, thresholds, catalogue edits, aggregation up the area hierarchy.

Files are read only by the readers in ``analytics/io``; every problem they find is reported
with line, column and what was expected.

One module per topic: ``uploads`` (files kept until committed), ``reading`` (a file into a frame
and its problems), ``imports`` (preview and commit), ``observations`` (corrections, figures the
platform records itself), ``settings`` (thresholds, index settings, catalogue edits),
``aggregation`` (up the area hierarchy), ``matching`` (which area a file's row means),
``undo`` (taking a committed import back); ``shared`` holds the helpers they share. This package
re-exports their public names, so callers keep writing ``services.commit_import(...)``; a test
that patches a helper patches it in the module that defines it.
"""

from wohnbuendnis.monitoring.services.aggregation import aggregate_up
from wohnbuendnis.monitoring.services.imports import (
    SHOWN_ROWS,
    Preview,
    commit_import,
    preview_import,
)
from wohnbuendnis.monitoring.services.observations import (
    Recorded,
    check_value,
    correct_observation,
    record_observations,
)
from wohnbuendnis.monitoring.services.reading import MAX_PROBLEMS, Problem
from wohnbuendnis.monitoring.services.settings import (
    MAX_LAG,
    set_index_settings,
    set_threshold,
    update_indicator,
)
from wohnbuendnis.monitoring.services.undo import undo_check, undo_import
from wohnbuendnis.monitoring.services.uploads import (
    UPLOAD_DIR,
    commit_upload,
    delete_expired_uploads,
    discard_upload,
    store_upload,
    stored_upload,
)

__all__ = [
    "MAX_LAG",
    "MAX_PROBLEMS",
    "SHOWN_ROWS",
    "UPLOAD_DIR",
    "Preview",
    "Problem",
    "Recorded",
    "aggregate_up",
    "check_value",
    "commit_import",
    "commit_upload",
    "correct_observation",
    "delete_expired_uploads",
    "discard_upload",
    "preview_import",
    "record_observations",
    "set_index_settings",
    "set_threshold",
    "store_upload",
    "stored_upload",
    "undo_check",
    "undo_import",
    "update_indicator",
]
