"""A bad query: one line saying what is wrong, then the query with a caret under the spot."""

from __future__ import annotations

from opsledger.model.errors import UsageError


class QueryError(UsageError):
    def __init__(self, message: str, query: str, position: int) -> None:
        super().__init__(message)
        self.query = query
        self.position = max(0, min(position, len(query)))

    def __str__(self) -> str:
        return f"query: {self.message}\n  {self.query}\n  {' ' * self.position}^"
