"""The validator: loads ledger files, runs registered checks, reports findings (DESIGN 5).

``runner.validate`` is the entry point; checks are ``CheckSpec``s (``store/checking.py``):
the core ones live here (``registry.CORE_CHECKS``), features register theirs through
``ledger.checks()``.
"""

from __future__ import annotations
