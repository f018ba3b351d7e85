"""``component:`` matching over many references agrees with the pairwise rule."""

from __future__ import annotations

import pytest

from opsledger.index.hierarchy import matching_refs
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
]


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
