"""opsledger: an operations tracker in which the Git repository is the database."""

from __future__ import annotations

__version__ = "0.1.0"
