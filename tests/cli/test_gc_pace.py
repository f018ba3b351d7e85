"""A command runs with the cyclic collector at a batch pace (``cli.main.GC_PACE``)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from opsledger.cli import main as cli_main


@pytest.fixture
def keep_threshold() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


def test_main_sets_the_pace_and_leaves_the_collector_on(keep_threshold: None) -> None:
    gc.set_threshold(700, 10, 10)
    assert cli_main.main(["--version"]) == 0
    assert gc.get_threshold() == cli_main.GC_PACE and gc.isenabled()
