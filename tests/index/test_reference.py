"""The index answers exactly like a brute-force evaluation of the parsed records."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opsledger.index.qparse import parse_query
from opsledger.ledger import Ledger
from tests.index.brute import Brute, sort_ids
from tests.index.conftest import NOW, ZONE

TERMS = [
    "status:open", "status:done,cancelled", "is:open", "is:closed", "is:overdue", "is:blocked",
    "is:incident", "is:task", "priority:>=high", "priority:<medium", "priority:low",
    "priority:critical,low", "prio:>low", "assignee:olivia", "assignee:me", "assignee:none",
    "team:DBA", "client:globex", "type:incident", "kind:task", "tag:disk", "tag:noise",
    "tags:db,net", "label:env=prod", "label:env", "label:env=STAGE",
    "component:aws/eu-west-1/prod/db/**", "component:aws/eu-west-1", "component:onprem/*/net",
    "component:aws/eu-west-1/prod/db/pg-07", "component:onprem/dc1/net/core-sw-1",
    "component:aws/*/stage", "created:>2026-11-05", "created:<=2026-11-10", "created:2026-11-03",
    "due:<7d", "due:>-3d", "due:none", "due:>=today", "updated:<-2w", "updated:>=2026-11-20T10:00",
    "id:T-1", "id:t-0", "id:a", "title:disk", "title:lag", "parent:none", "parent:t-",
    "depends_on:T-0", "depends:1,2",
    "disk", "restart", '"replication lag"', "pg*", "nginx", "pg-07", "uberlauf", '"full disk"',
]  # fmt: skip
SORTS = ["-priority,created", "created", "-due", "title", "id", "-updated,priority", "assignee",
         "-status,-created", "team,-id"]  # fmt: skip


def _atoms() -> st.SearchStrategy[str]:
    return st.sampled_from(TERMS)


def _query() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.builds(lambda q: "-" + q if not q.startswith("-") else q, inner),
            st.builds(lambda a, b: f"({a} OR {b})", inner, inner),
            st.builds(lambda a, b: f"{a} {b}", inner, inner),
            st.builds(lambda q: f"NOT ({q})", inner),
        )

    return st.recursive(_atoms(), extend, max_leaves=5)


def _run(ledger: Ledger, tasks: list[dict[str, Any]], query: str, sort: str) -> None:
    got = [r["id"] for r in ledger.index.query(query, sort=sort).rows]
    brute = Brute(NOW, ZONE, "olivia")
    node = parse_query(query)
    wanted = sort_ids([t for t in tasks if brute.matches(node, t)], sort, ZONE)
    assert got == wanted, query


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=_query(), sort=st.sampled_from(SORTS))
def test_index_equals_brute_force(
    generated: tuple[Ledger, list[dict[str, Any]]], query: str, sort: str
) -> None:
    ledger, tasks = generated
    _run(ledger, tasks, query, sort)


def test_every_term_alone_selects_something_and_not_everything(
    generated: tuple[Ledger, list[dict[str, Any]]],
) -> None:
    """The generated ledger exercises each term: a term matching nothing tests nothing."""
    ledger, tasks = generated
    for term in TERMS:
        _run(ledger, tasks, term, "id")
        count = len(ledger.index.query(term).rows)
        assert 0 < count < len(tasks), term


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=_query(), sort=st.sampled_from(SORTS), size=st.integers(1, 40))
def test_pages_concatenate_to_the_whole(
    generated: tuple[Ledger, list[dict[str, Any]]], query: str, sort: str, size: int
) -> None:
    ledger, _ = generated
    whole = [r["id"] for r in ledger.index.query(query, sort=sort).rows]
    pages: list[str] = []
    cursor: str | None = None
    while True:
        page = ledger.index.query(query, sort=sort, limit=size, after=cursor)
        pages += [r["id"] for r in page.rows]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert pages == whole
