"""The one error type for invalid input files, shared by every reader."""

from __future__ import annotations


class InputError(ValueError):
    """An input file is invalid.

    ``line`` is the physical line (header = line 1); ``column`` the column name. Both are
    optional because some problems belong to a whole file (missing file) or a whole column.
    The message says what was expected so that a user can fix the file without reading code.
    """

    def __init__(
        self,
        file: str,
        expected: str,
        *,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = str(file)
        self.line = line
        self.column = column
        self.expected = expected
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: {self.expected}"
