"""``--base REF``: what a pull request may not do to committed records."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Runner
from tests.helpers import git
from tests.validate.conftest import NOW, MakeLedger

TASK = "tasks/T-aaaaaaaa.yaml"


def _edit(repo: Path, relpath: str, old: str, new: str) -> None:
    path = repo / relpath
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def _base(run: Runner) -> tuple[int, str]:
    result = run("--now", NOW, "validate", "--base", "HEAD")
    return result.code, result.out


def test_a_pr_may_take_several_steps_and_append(make_ledger: MakeLedger, run: Runner) -> None:
    repo = make_ledger()
    _edit(repo, TASK, "status: in_progress", "status: done\nresolution: freed space")
    _edit(
        repo,
        TASK,
        "resolution: freed space",
        "resolution: freed space\nresolved_at: 2026-11-21T10:00:00+01:00",
    )
    _edit(
        repo,
        TASK,
        "exit: 0}",
        "exit: 0}\n  - {id: zz9zqa, at: 2026-11-20T10:25:00+01:00, cmd: du -sh}",
    )
    assert _base(run) == (0, "")


def test_status_must_be_reachable(make_ledger: MakeLedger, run: Runner) -> None:
    repo = make_ledger()
    _edit(repo, "tasks/T-bbbbbbbb.yaml", "status: done", "status: blocked")
    code, out = _base(run)
    assert code == 1
    assert out.startswith(
        "tasks/T-bbbbbbbb.yaml:3:9: error: status blocked cannot be reached from done"
        " (the status at HEAD) [OL201]\n"
        "    hint: a done task changes only through 'opsledger task reopen'\n"
    )
    _edit(
        repo,
        "tasks/T-bbbbbbbb.yaml",
        "resolved_at: 2026-11-02T09:00:00+01:00",
        "events:\n  - {id: r3ep3n, at: 2026-11-21T09:00:00+01:00, by: olivia, kind: status,"
        " from: done, to: open}",
    )
    code, out = _base(run)  # reopened, then started and blocked: a legal path
    assert code == 0 and "[OL201]" not in out


def test_append_only_lists(make_ledger: MakeLedger, run: Runner) -> None:
    repo = make_ledger()
    _edit(repo, TASK, "cmd: df -h", "cmd: df -h /")
    _edit(repo, TASK, "  - {id: e9v2nb,", "  - {id: e9v2nc,")
    code, out = _base(run)
    assert code == 1
    assert (
        "tasks/T-aaaaaaaa.yaml:13:5: error: command entry k2m9qa was edited"
        " (commands is append-only) [OL202]" in out
    )
    assert (
        "tasks/T-aaaaaaaa.yaml:16:1: error: event entry e9v2nb was deleted"
        " (events is append-only) [OL202]" in out
    )


def test_time_entries_may_change(make_ledger: MakeLedger, run: Runner) -> None:
    repo = make_ledger()
    _edit(repo, TASK, "end: 2026-11-20T11:00:00+01:00", "end: 2026-11-20T11:30:00+01:00")
    assert _base(run) == (0, "")


def test_created_and_id_do_not_change(make_ledger: MakeLedger, run: Runner) -> None:
    repo = make_ledger()
    _edit(repo, TASK, "created: 2026-11-20T10:15:00+01:00", "created: 2026-11-19T10:15:00+01:00")
    _edit(repo, TASK, "id: T-aaaaaaaa", "id: T-cccccccc")
    code, out = _base(run)
    assert code == 1
    assert "[OL203]" in out and "created changed from 2026-11-20T10:15:00+01:00" in out
    assert "error: id changed from T-aaaaaaaa to T-cccccccc [OL204]" in out


def test_a_deleted_id_is_not_reused_but_a_move_is_fine(
    make_ledger: MakeLedger, run: Runner
) -> None:
    repo = make_ledger()
    git(repo, "rm", "-q", "tasks/T-bbbbbbbb.yaml")
    git(repo, "commit", "-q", "-m", "drop a task")
    (repo / "tasks/2026").mkdir()
    git(repo, "mv", TASK, "tasks/2026/T-aaaaaaaa.yaml")
    assert _base(run) == (0, "")
    (repo / "tasks/T-bbbbbbbb.yaml").write_text(
        "id: T-bbbbbbbb\ntitle: New task, old id\ncreated: 2026-11-21T10:00:00+01:00\n"
    )
    code, out = _base(run)
    assert code == 1
    assert (
        "tasks/T-bbbbbbbb.yaml:1:5: error: id T-bbbbbbbb belonged to a record deleted"
        " before HEAD [OL205]" in out
    )


def test_a_bad_base_is_a_usage_error(make_ledger: MakeLedger, run: Runner) -> None:
    make_ledger()
    result = run("validate", "--base", "no-such-branch")
    assert result.code == 2 and "not a valid revision: no-such-branch" in result.err
