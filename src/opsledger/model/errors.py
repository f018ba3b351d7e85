"""The one error hierarchy; the CLI maps it to exit codes in one place."""

from __future__ import annotations

from typing import NamedTuple


class Location(NamedTuple):
    """Where in a file something is: 1-based line and column."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.file
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


class OpsledgerError(Exception):
    """Base of every error the library raises on purpose.

    ``exit_code`` follows DESIGN section 5: 1 for a failed operation, 2 for usage.
    """

    exit_code = 1

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        return f"{self.location}: {self.message}"


class UsageError(OpsledgerError):
    exit_code = 2


class NotFound(OpsledgerError):
    pass


class Ambiguous(OpsledgerError):
    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


class ParseError(OpsledgerError):
    """A file that is not acceptable YAML (syntax, safety limits, duplicates)."""


class ValidationFailed(OpsledgerError):
    """A record that does not match its model; ``problems`` holds every finding."""

    def __init__(
        self,
        message: str,
        location: Location | None = None,
        problems: list[tuple[Location | None, str]] | None = None,
    ) -> None:
        super().__init__(message, location)
        self.problems = problems or []


class TransitionRefused(OpsledgerError):
    pass


class Conflict(OpsledgerError):
    pass


class GitError(OpsledgerError):
    pass


class LockTimeout(OpsledgerError):
    pass


class NotALedger(OpsledgerError):
    pass
