"""``component:`` matching over many references agrees with the pairwise rule."""

from __future__ import annotations

import sqlite3

import pytest

from opsledger.index.hierarchy import candidates_sql, fixed_head, matching_refs
from opsledger.index.schema import DDL, INDEXES
from opsledger.model.components import intersects

REFS = [
    "aws",
    "aws/eu-west-1",
    "aws/eu-west-1/prod",
    "aws/eu-west-1/prod/db",
    "aws/eu-west-1/prod/db/pg-07",
    "aws/eu-west-1/prod/dbx",
    "aws/eu-west-1/staging/db/pg-stg-01",
    "aws/us-east-1/prod/db/pg-21",
    "onprem/dc1/net/core-sw-1",
    "/aws/eu-west-1/prod/",  # written with slashes at the ends
    "aws/*/prod/db",
    "**/pg-07",
    "aws/eu-west-1/prod/db/pg-0?",
    "onprem/**",
    "aws/eu-west-1/prod/db/[pq]g-07",
]
UNUSUAL = ["aws//eu-west-1/prod/db", "aws/eu-west-1/prod/db/", ""]


@pytest.mark.parametrize(
    "wanted",
    [
        "aws/eu-west-1/prod/**",
        "aws/eu-west-1/prod/db/pg-07",
        "aws/eu-west-1/prod/db",
        "aws",
        "aws/*/prod",
        "**/db/**",
        "/aws/eu-west-1/prod/",
        "onprem/dc1",
        "gcp/europe-west1",
    ],
)
def test_matching_refs_is_the_pairwise_rule(wanted: str) -> None:
    expected = sorted(ref for ref in REFS if intersects(wanted, ref))
    assert matching_refs(wanted, REFS) == expected
    assert expected or wanted.startswith("gcp/")
    # The index's first cut keeps every reference that can match.
    conn = sqlite3.connect(":memory:")
    conn.executescript(DDL + INDEXES)
    conn.executemany("INSERT INTO comps VALUES (1, ?)", [(ref,) for ref in REFS + UNUSUAL])
    head = fixed_head(wanted)
    if head:
        candidates = [ref for (ref,) in conn.execute(*candidates_sql(head))]
        assert len(candidates) < len(REFS + UNUSUAL)
        assert matching_refs(wanted, candidates) == matching_refs(wanted, REFS + UNUSUAL)
