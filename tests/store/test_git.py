"""store/git.py against real git and a real ssh-keygen signing key."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from opsledger.model.errors import GitError, LockTimeout, NotALedger
from opsledger.store import git as git_mod
from opsledger.store.git import Git, format_message
from tests.helpers import TEST_EMAIL, SSHKey, git

MESSAGE = format_message(
    "task", "T-3kq9f2xw", "add", "Disk full", action="task.add", ids=["T-3kq9f2xw"]
)


def write(repo: Path, rel: str, text: str) -> Path:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def seed(repo: Path, *names: str) -> str:
    """One plain commit holding ``names`` (content: the name); returns its sha."""
    for name in names:
        write(repo, name, f"{name}\n")
    git(repo, "add", "--", *names)
    git(repo, "commit", "-q", "--no-gpg-sign", "-m", "seed")
    return git(repo, "rev-parse", "HEAD").strip()


def files_in(repo: Path, rev: str = "HEAD") -> dict[str, str]:
    """Path -> status letter of the changes commit ``rev`` made."""
    out = git(repo, "show", "--name-status", "--format=", "--no-renames", rev)
    return {line.split("\t")[1]: line.split("\t")[0] for line in out.splitlines() if line}


# -- discovery and the subprocess helper ------------------------------------------------


def test_discover_from_a_subdirectory(git_repo: Path) -> None:
    sub = git_repo / "ops" / "tasks"
    sub.mkdir(parents=True)
    g = Git.discover(sub)
    assert g.toplevel == git_repo.resolve()
    assert g.git_dir == git_repo.resolve() / ".git"
    assert g.common_dir == git_repo.resolve() / ".git"
    assert repr(g) == f"Git({str(git_repo.resolve())!r})"


def test_discover_in_a_linked_worktree(git_repo: Path, tmp_path: Path) -> None:
    seed(git_repo, "a")
    other = tmp_path / "other"
    git(git_repo, "worktree", "add", "-q", "-b", "side", str(other))
    g = Git.discover(other)
    assert g.toplevel == other.resolve()
    assert g.git_dir == git_repo.resolve() / ".git" / "worktrees" / "other"
    assert g.common_dir == git_repo.resolve() / ".git"
    g.check_ready()


def test_discover_outside_a_repository(tmp_path: Path, isolated_home: Path) -> None:
    with pytest.raises(NotALedger, match=r"not inside a git work tree: .* \(run git init first\)"):
        Git.discover(tmp_path)


def test_discover_inside_the_git_dir_is_not_a_work_tree(git_repo: Path) -> None:
    with pytest.raises(NotALedger):
        Git.discover(git_repo / ".git")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown")
def test_discover_reports_dubious_ownership(git_repo: Path) -> None:
    os.chown(git_repo, 12345, 12345)
    with pytest.raises(GitError, match=r"dubious ownership.*safe.directory"):
        Git.discover(git_repo)


def test_discover_finds_the_plain_cases_without_starting_git(
    git_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(git_repo, "a")
    sub = git_repo / "ops" / "tasks"
    sub.mkdir(parents=True)
    linked = tmp_path / "linked"
    git(git_repo, "worktree", "add", "-q", "-b", "side", str(linked))
    asked_git = {
        start: (g.toplevel, g.git_dir, g.common_dir)
        for start in (git_repo, sub, linked)
        for g in [Git.discover(start)]
    }
    monkeypatch.setattr(git_mod, "_find_repository", lambda start: None)
    assert asked_git == {
        start: (g.toplevel, g.git_dir, g.common_dir)
        for start in (git_repo, sub, linked)
        for g in [Git.discover(start)]
    }
    monkeypatch.undo()

    def no_git(*args: object, **kwargs: object) -> None:
        raise AssertionError("git was started")

    monkeypatch.setattr(git_mod, "_spawn", no_git)
    assert {
        s: (g.toplevel, g.git_dir, g.common_dir) for s in asked_git for g in [Git.discover(s)]
    } == (asked_git)


def test_discover_leaves_overrides_to_git(git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[object] = []
    real = git_mod._spawn

    def counting(*args: object, **kwargs: object) -> object:
        started.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(git_mod, "_spawn", counting)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(git_repo.parent))
    assert Git.discover(git_repo).toplevel == git_repo.resolve()
    assert len(started) == 1
    (git_repo / "not-a-repo").mkdir()
    (git_repo / "not-a-repo" / ".git").write_text("not a gitdir line\n")
    monkeypatch.delenv("GIT_CEILING_DIRECTORIES")
    with pytest.raises(NotALedger):
        Git.discover(git_repo / "not-a-repo")  # git has the last word on a broken .git
    assert len(started) == 2


def test_run_raises_with_gits_message(git_repo: Path) -> None:
    g = Git.discover(git_repo)
    with pytest.raises(GitError, match=r"^git cat-file failed: Not a valid object name nope$"):
        g.run("-c", "core.quotePath=false", "cat-file", "-t", "nope")
    assert g.run("cat-file", "-t", "nope", check=False).returncode != 0


def test_run_passes_env_and_forces_the_c_locale(git_repo: Path) -> None:
    g = Git.discover(git_repo)
    out = g.run("var", "GIT_AUTHOR_IDENT", env={"GIT_AUTHOR_NAME": "Env Name", "LC_ALL": "de"})
    assert out.stdout.startswith(b"Env Name <")
    out = g.run("-c", 'alias.loc=!printf %s "$LC_ALL"', "loc")
    assert out.stdout == b"C"


def test_run_without_git_installed(git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    g = Git.discover(git_repo)
    monkeypatch.setenv("PATH", str(git_repo / "no-bin"))
    with pytest.raises(GitError, match=r"^git is not installed or not on PATH$"):
        g.run("status")


def test_commit_without_git_installed(git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    g = Git.discover(git_repo)
    (git_repo / "a.txt").write_text("a\n")
    monkeypatch.setenv("PATH", str(git_repo / "no-bin"))
    with pytest.raises(GitError, match=r"^git is not installed or not on PATH$"):
        g.commit([git_repo / "a.txt"], "add a\n")


def test_error_line_falls_back_to_stdout_and_exit_status() -> None:
    def proc(out: bytes, err: bytes) -> subprocess.CompletedProcess[bytes]:
        return subprocess.CompletedProcess(["git"], 3, out, err)

    assert git_mod._first_error_line(proc(b"On branch main\n", b"")) == "On branch main"
    assert git_mod._first_error_line(proc(b"", b"hint: x\nfatal: boom\n")) == "boom"
    assert git_mod._first_error_line(proc(b"", b"")) == "exit status 3"
    assert git_mod._subcommand(["-c", "a=b", "--literal-pathspecs", "add"]) == "add"
    assert git_mod._subcommand(["--version"]) == "command"


# -- the commit message -----------------------------------------------------------------


def test_format_message_shape() -> None:
    msg = format_message(
        "task",
        "batch",
        "close",
        "3 tasks\nafter  the\tincident",
        action="task.close",
        ids=["T-aaaaaaaa", "T-bbbbbbbb", "T-cccccccc"],
    )
    assert msg == (
        "task(batch): close 3 tasks after the incident\n"
        "\n"
        "Opsledger-Action: task.close\n"
        "Opsledger-Id: T-aaaaaaaa\n"
        "Opsledger-Id: T-bbbbbbbb\n"
        "Opsledger-Id: T-cccccccc\n"
    )
    assert format_message("index", "batch", "rebuild", "", action="index.rebuild", ids=[]) == (
        "index(batch): rebuild\n\nOpsledger-Action: index.rebuild\n"
    )
    assert Git.format_message is format_message


def test_message_and_trailers_survive_the_commit(git_repo: Path) -> None:
    g = Git.discover(git_repo)
    msg = format_message(
        "window", "batch", "import", "# 2 windows", action="window.import", ids=["W-1", "W-2"]
    )
    g.commit([write(git_repo, "windows/W-1.yaml", "id: W-1\n")], msg, sign=False)
    body = git(git_repo, "log", "-1", "--format=%B")
    assert body.splitlines()[0] == "window(batch): import # 2 windows"
    trailers = git(git_repo, "interpret-trailers", "--parse", input=body)
    assert trailers.splitlines() == [
        "Opsledger-Action: window.import",
        "Opsledger-Id: W-1",
        "Opsledger-Id: W-2",
    ]


# -- committing -------------------------------------------------------------------------


def test_first_commit_in_a_fresh_repository(git_repo: Path) -> None:
    g = Git.discover(git_repo)
    assert g.head() is None
    g.check_ready()
    sha = g.commit([write(git_repo, "opsledger.yaml", "version: 1\n")], MESSAGE)
    assert sha == g.head() == git(git_repo, "rev-parse", "HEAD").strip()
    assert files_in(git_repo) == {"opsledger.yaml": "A"}
    assert git(git_repo, "status", "--porcelain") == ""


def test_commit_takes_exactly_the_given_files_and_keeps_other_work(git_repo: Path) -> None:
    base = seed(git_repo, "a.txt", "staged.txt", "unstaged.txt", "tasks/T-1.yaml")
    write(git_repo, "staged.txt", "user staged this\n")
    git(git_repo, "add", "staged.txt")
    write(git_repo, "staged.txt", "user staged this\nand then kept editing\n")
    write(git_repo, "unstaged.txt", "user edit, not staged\n")
    write(git_repo, "untracked.txt", "scratch\n")
    write(git_repo, "new-staged.txt", "user added\n")
    git(git_repo, "add", "new-staged.txt")

    g = Git.discover(git_repo)
    ours = [
        write(git_repo, "tasks/T-1.yaml", "id: T-1\nstatus: done\n"),
        write(git_repo, "tasks/2026/T-2.yaml", "id: T-2\n"),
    ]
    sha = g.commit(ours, MESSAGE)

    assert files_in(git_repo, sha) == {"tasks/T-1.yaml": "M", "tasks/2026/T-2.yaml": "A"}
    assert git(git_repo, "rev-parse", f"{sha}^").strip() == base
    # The user's index and work tree are exactly as they left them.
    assert git(git_repo, "show", ":staged.txt") == "user staged this\n"
    assert (git_repo / "staged.txt").read_text() == "user staged this\nand then kept editing\n"
    assert git(git_repo, "status", "--porcelain").splitlines() == [
        "A  new-staged.txt",
        "MM staged.txt",
        " M unstaged.txt",
        "?? untracked.txt",
    ]


def test_commit_of_a_deletion(git_repo: Path) -> None:
    seed(git_repo, "tasks/T-1.yaml", "tasks/T-2.yaml")
    g = Git.discover(git_repo)
    (git_repo / "tasks" / "T-1.yaml").unlink()
    moved = write(git_repo, "tasks/done/T-2.yaml", "tasks/T-2.yaml\n")
    (git_repo / "tasks" / "T-2.yaml").unlink()
    sha = g.commit([Path("tasks/T-1.yaml"), Path("tasks/T-2.yaml"), moved], MESSAGE)
    assert files_in(git_repo, sha) == {
        "tasks/T-1.yaml": "D",
        "tasks/T-2.yaml": "D",
        "tasks/done/T-2.yaml": "A",
    }
    assert g.show_file("HEAD", "tasks/T-1.yaml") is None
    assert git(git_repo, "status", "--porcelain") == ""


def test_paths_are_literal_not_globs(git_repo: Path) -> None:
    g = Git.discover(git_repo)
    write(git_repo, "x1.yaml", "glob victim\n")
    sha = g.commit([write(git_repo, "x[1].yaml", "literal\n")], MESSAGE)
    assert files_in(git_repo, sha) == {"x[1].yaml": "A"}
    assert git(git_repo, "status", "--porcelain") == "?? x1.yaml\n"


def test_ignored_ledger_files_are_still_committed(git_repo: Path) -> None:
    g = Git.discover(git_repo)
    write(git_repo, ".git/info/exclude", "*.log\n")
    sha = g.commit([write(git_repo, "outputs/T-1/1.log", "big output\n")], MESSAGE)
    assert files_in(git_repo, sha) == {"outputs/T-1/1.log": "A"}


def test_absolute_and_symlinked_paths(git_repo: Path, tmp_path: Path) -> None:
    g = Git.discover(git_repo)
    link = tmp_path / "link"
    link.symlink_to(git_repo)
    write(git_repo, "a.yaml", "a\n")
    b = write(git_repo, "b.yaml", "b\n").absolute()
    sha = g.commit([link / "a.yaml", b], MESSAGE)
    assert files_in(git_repo, sha) == {"a.yaml": "A", "b.yaml": "A"}


def test_commit_refuses_bad_input(git_repo: Path, tmp_path: Path) -> None:
    g = Git.discover(git_repo)
    with pytest.raises(GitError, match=r"^nothing to commit: no paths given$"):
        g.commit([], MESSAGE)
    with pytest.raises(GitError, match=r"is outside the work tree"):
        g.commit([tmp_path / "elsewhere.yaml"], MESSAGE)
    with pytest.raises(GitError, match=r"^nothing to commit: ghost.yaml unchanged$"):
        g.commit([Path("ghost.yaml")], MESSAGE)
    seed(git_repo, "a.yaml")
    with pytest.raises(GitError, match=r"^nothing to commit: a.yaml unchanged$"):
        g.commit([git_repo / "a.yaml"], MESSAGE)


# -- signing ----------------------------------------------------------------------------


def test_signed_commit_verifies(signed_git_repo: Path, ssh_signing_key: SSHKey) -> None:
    g = Git.discover(signed_git_repo)
    sha = g.commit(
        [write(signed_git_repo, "tasks/T-1.yaml", "id: T-1\n")],
        MESSAGE,
        sign=True,
        allowed_signers=ssh_signing_key.allowed_signers,
    )
    assert sha == g.head()
    assert "gpgsig " in git(signed_git_repo, "cat-file", "commit", sha)
    git(signed_git_repo, "verify-commit", "HEAD")
    assert g.verify_commit(sha, ssh_signing_key.allowed_signers)
    assert g.verify_commit("HEAD", None)  # falls back to gpg.ssh.allowedSignersFile


def test_verify_commit_rejects_unknown_keys_and_unsigned(
    signed_git_repo: Path, ssh_signing_key: SSHKey, tmp_path: Path
) -> None:
    g = Git.discover(signed_git_repo)
    g.commit([write(signed_git_repo, "a", "1\n")], MESSAGE)  # signing follows config
    strangers = tmp_path / "strangers"
    pub = ssh_signing_key.public_key.split()
    strangers.write_text(f"{TEST_EMAIL} {pub[0]} AAAAC3NzaC1lZDI1NTE5AAAAIKd0\n")
    assert g.verify_commit("HEAD", ssh_signing_key.allowed_signers)
    assert not g.verify_commit("HEAD", strangers)
    unsigned = g.commit([write(signed_git_repo, "a", "2\n")], MESSAGE, sign=False)
    assert "gpgsig" not in git(signed_git_repo, "cat-file", "commit", unsigned)
    assert not g.verify_commit(unsigned, ssh_signing_key.allowed_signers)
    assert not g.verify_commit("no-such-rev", ssh_signing_key.allowed_signers)


@pytest.mark.parametrize("seeded", [False, True], ids=["root", "child"])
def test_sign_required_without_a_key_commits_nothing(git_repo: Path, seeded: bool) -> None:
    before = seed(git_repo, "a") if seeded else None
    git(git_repo, "config", "gpg.format", "ssh")
    g = Git.discover(git_repo)
    path = write(git_repo, "tasks/T-1.yaml", "id: T-1\n")
    with pytest.raises(GitError, match=r"^git commit failed: .*user.signingkey"):
        g.commit([path], MESSAGE, sign=True)
    assert g.head() == before
    assert path.read_text() == "id: T-1\n"


@pytest.mark.parametrize("seeded", [False, True], ids=["root", "child"])
def test_unsigned_result_is_never_committed(
    signed_git_repo: Path, seeded: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = seed(signed_git_repo, "tasks/T-1.yaml") if seeded else None
    write(signed_git_repo, "notes.txt", "user work\n")
    git(signed_git_repo, "add", "notes.txt")
    # Simulates a signing program that exits 0 without producing a signature.
    monkeypatch.setattr(git_mod, "_has_signature", lambda raw: False)
    g = Git.discover(signed_git_repo)
    path = write(signed_git_repo, "tasks/T-1.yaml", "id: T-1\nstatus: done\n")
    with pytest.raises(
        GitError,
        match=r"^signing is required but the commit was not signed; "
        r"configure user.signingkey and gpg.format \(see docs\)$",
    ):
        g.commit([path], MESSAGE, sign=True)
    assert g.head() == before
    assert path.read_text() == "id: T-1\nstatus: done\n"
    assert git(signed_git_repo, "show", ":tasks/T-1.yaml") == "id: T-1\nstatus: done\n"
    assert git(signed_git_repo, "show", ":notes.txt") == "user work\n"


def test_signature_header_detection() -> None:
    assert git_mod._has_signature(b"tree 1\nparent 2\ngpgsig -----BEGIN\n -x\n\nmsg\n")
    assert git_mod._has_signature(b"tree 1\ngpgsig-sha256 -----BEGIN\n\nmsg\n")
    assert not git_mod._has_signature(b"tree 1\nauthor a\n\ngpgsig in the body\n")


# -- refusing to commit mid-operation ---------------------------------------------------


def conflicting_branches(repo: Path) -> None:
    """main and side both change ``f`` from a common base."""
    seed(repo, "f")
    git(repo, "switch", "-q", "-c", "side")
    write(repo, "f", "side\n")
    git(repo, "commit", "-q", "-am", "side")
    git(repo, "switch", "-q", "main")
    write(repo, "f", "main\n")
    git(repo, "commit", "-q", "-am", "main")


def test_check_ready_refuses_a_merge(git_repo: Path) -> None:
    conflicting_branches(git_repo)
    git(git_repo, "merge", "side", check=False)
    with pytest.raises(GitError, match=r"merge is in progress.*git merge --continue \| --abort"):
        Git.discover(git_repo).check_ready()


def test_check_ready_refuses_a_rebase(git_repo: Path) -> None:
    conflicting_branches(git_repo)
    git(git_repo, "switch", "-q", "side")
    git(git_repo, "rebase", "main", check=False)
    assert (git_repo / ".git" / "rebase-merge").is_dir()
    with pytest.raises(GitError, match=r"finish or abort the rebase first: git rebase --continue"):
        Git.discover(git_repo).check_ready()


def test_check_ready_refuses_a_cherry_pick(git_repo: Path) -> None:
    conflicting_branches(git_repo)
    git(git_repo, "cherry-pick", "side", check=False)
    with pytest.raises(GitError, match=r"cherry-pick is in progress.*--continue \| --abort"):
        Git.discover(git_repo).check_ready()


@pytest.mark.parametrize(
    ("marker", "expected"),
    [
        ("rebase-apply/", "git rebase --continue"),
        ("rebase-apply/applying", "git am --continue"),
        ("REVERT_HEAD", "git revert --continue"),
        ("BISECT_LOG", "git bisect reset"),
    ],
)
def test_check_ready_other_operations(git_repo: Path, marker: str, expected: str) -> None:
    target = git_repo / ".git" / marker
    if marker.endswith("/"):
        target.mkdir()
    else:
        target.parent.mkdir(exist_ok=True)
        target.write_text("x\n")
    with pytest.raises(GitError, match=expected):
        Git.discover(git_repo).check_ready()


def test_check_ready_refuses_a_detached_head(git_repo: Path) -> None:
    seed(git_repo, "a")
    g = Git.discover(git_repo)
    g.check_ready()
    git(git_repo, "switch", "-q", "--detach")
    with pytest.raises(GitError, match=r"^HEAD is detached; switch to a branch first"):
        g.check_ready()
    (git_repo / ".git" / "HEAD").unlink()  # unreadable HEAD: ask git, which fails too
    with pytest.raises(GitError, match=r"detached"):
        g.check_ready()


# -- index.lock -------------------------------------------------------------------------


def make_index_lock(repo: Path, age: float) -> Path:
    lock = repo.resolve() / ".git" / "index.lock"
    lock.write_bytes(b"")
    then = time.time() - age
    os.utime(lock, (then, then))
    return lock


def test_no_index_lock_returns_at_once(git_repo: Path) -> None:
    Git.discover(git_repo).wait_for_index_lock(timeout=0)


def test_stale_index_lock_is_reported_with_the_fix(git_repo: Path) -> None:
    lock = make_index_lock(git_repo, age=60)
    g = Git.discover(git_repo)
    with pytest.raises(GitError) as caught:
        g.wait_for_index_lock()
    assert str(caught.value) == (
        f"stale {lock} (no git process holds it); remove it with: rm -f {lock}"
    )
    with pytest.raises(GitError, match=r"^stale "):
        g.commit([write(git_repo, "a", "1\n")], MESSAGE)
    assert lock.exists()  # reporting only: removing it is the operator's call


def test_young_unheld_lock_is_waited_for_until_it_goes_stale(git_repo: Path) -> None:
    make_index_lock(git_repo, age=0)
    start = time.monotonic()
    with pytest.raises(GitError, match=r"^stale "):
        Git.discover(git_repo).wait_for_index_lock(timeout=5, stale_after=0.3)
    assert 0.25 < time.monotonic() - start < 2


def test_lock_that_goes_away_is_waited_for(git_repo: Path) -> None:
    lock = make_index_lock(git_repo, age=0)
    timer = threading.Timer(0.2, lock.unlink)
    started = time.monotonic()
    timer.start()
    try:
        Git.discover(git_repo).wait_for_index_lock(timeout=5)
        assert not lock.exists()  # it returned only once the lock was gone
        assert time.monotonic() - started >= 0.15
    finally:
        timer.join()


def test_live_index_lock_held_open_times_out(git_repo: Path) -> None:
    lock = make_index_lock(git_repo, age=60)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; f = open(sys.argv[1], 'ab'); input()", str(lock)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not any(
            os.path.realpath(f"/proc/{holder.pid}/fd/{fd}") == str(lock)
            for fd in os.listdir(f"/proc/{holder.pid}/fd")
        ):
            assert time.monotonic() < deadline, "holder never opened the lock"
            time.sleep(0.01)
        g = Git.discover(git_repo)
        with pytest.raises(LockTimeout, match=r"index.lock is still held after 0.3s; .* rm -f "):
            g.wait_for_index_lock(timeout=0.3, stale_after=0.1)
    finally:
        holder.communicate(b"\n", timeout=10)
    with pytest.raises(GitError, match=r"^stale "):
        g.wait_for_index_lock(timeout=0.3, stale_after=0.1)


def test_git_working_in_the_repo_counts_as_a_holder(git_repo: Path) -> None:
    # git commit closes index.lock while the editor runs; a git process in the tree is
    # enough to treat the lock as live.
    make_index_lock(git_repo, age=60)
    worker = subprocess.Popen(
        ["git", "-C", str(git_repo), "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
    )
    # Popen returns before the child has become git and moved into the repository.
    cwd = Path(f"/proc/{worker.pid}/cwd")
    deadline = time.monotonic() + 10
    while os.path.realpath(cwd) != str(git_repo.resolve()) and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        with pytest.raises(LockTimeout):
            Git.discover(git_repo).wait_for_index_lock(timeout=0.2, stale_after=0.1)
    finally:
        worker.communicate(b"", timeout=10)


def test_uninspectable_processes(git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lock = make_index_lock(git_repo, age=60)
    roots = [str(git_repo.resolve())]

    def denied(pid_dir: str, target: str, roots: object) -> bool:
        raise PermissionError(pid_dir)

    monkeypatch.setattr(git_mod, "_process_holds", denied)
    # Our own git would be inspectable, so our unreadable processes are not holders.
    assert not git_mod._maybe_held(lock, os.geteuid(), roots)
    # A lock made by another user (sudo git) may be held by that user's processes...
    me = os.geteuid()
    monkeypatch.setattr(os, "geteuid", lambda: me + 1)
    assert git_mod._maybe_held(lock, me, roots)
    # ...but not by processes of a third user, who could not have created it.
    assert not git_mod._maybe_held(lock, 4_000_000, roots)
    monkeypatch.setattr(os, "geteuid", lambda: me)

    def vanished(pid_dir: str, target: str, roots: object) -> bool:
        raise FileNotFoundError(pid_dir)

    monkeypatch.setattr(git_mod, "_process_holds", vanished)
    assert not git_mod._maybe_held(lock, os.getuid(), roots)


def test_without_proc_a_lock_counts_as_held(
    git_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(git_mod, "_PROC", tmp_path / "no-proc")
    lock = make_index_lock(git_repo, age=60)
    assert git_mod._maybe_held(lock, os.getuid(), [])
    with pytest.raises(LockTimeout):
        Git.discover(git_repo).wait_for_index_lock(timeout=0.1, stale_after=0)


# -- reading ----------------------------------------------------------------------------


def test_head_rev_parse_and_show_file(git_repo: Path) -> None:
    g = Git.discover(git_repo)
    assert g.head() is None
    sha = seed(git_repo, "tasks/T-1.yaml")
    assert g.head() == sha == g.rev_parse("HEAD") == g.rev_parse("main")
    with pytest.raises(GitError, match=r"^not a valid revision: nope$"):
        g.rev_parse("nope")
    with pytest.raises(GitError, match=r"^not a valid revision: --all$"):
        g.rev_parse("--all")
    assert g.show_file("HEAD", "tasks/T-1.yaml") == b"tasks/T-1.yaml\n"
    assert g.show_file("HEAD", "tasks/T-9.yaml") is None
    write(git_repo, "tasks/new.yaml", "x\n")
    assert g.show_file("HEAD", "tasks/new.yaml") is None
    with pytest.raises(GitError, match=r"^cannot read a at nope: invalid object name"):
        g.show_file("nope", "a")


def test_config_and_user_email(git_repo: Path) -> None:
    g = Git.discover(git_repo)
    assert g.user_email() == TEST_EMAIL
    assert g.config_get("user.email") == TEST_EMAIL
    assert g.config_get("opsledger.missing") is None
    with pytest.raises(GitError, match=r"^git config failed: key does not contain a section"):
        g.config_get("nosection")
    git(git_repo, "config", "user.email", "")
    assert g.user_email() is None  # asked each time: a long-running process sees changes
    (git_repo / ".git" / "config").write_text("[user\n")  # git refuses it: its own words
    with pytest.raises(GitError, match=r"^git config failed: .*bad config line 1"):
        Git.discover(git_repo).user_email()


def test_changed_paths(git_repo: Path) -> None:
    base = seed(git_repo, "a", "b", "c", "same", "d/e")
    write(git_repo, ".gitignore", "*.tmp\n")
    write(git_repo, "a", "changed\n")
    write(git_repo, "b", "staged\n")
    git(git_repo, "add", "b")
    (git_repo / "c").unlink()
    write(git_repo, "new dir/ünïcode.yaml", "x\n")
    write(git_repo, "ignored.tmp", "x\n")
    g = Git.discover(git_repo)
    g.commit([write(git_repo, "d/e", "committed since base\n")], MESSAGE, sign=False)
    assert g.changed_paths(base) == [".gitignore", "a", "b", "c", "d/e", "new dir/ünïcode.yaml"]
    assert g.changed_paths("HEAD") == [".gitignore", "a", "b", "c", "new dir/ünïcode.yaml"]
    with pytest.raises(GitError):
        g.changed_paths("nope")


# -- review fixes: layouts git itself would treat differently ----------------------------


def test_a_skip_worktree_entry_is_refused_not_deleted(git_repo: Path) -> None:
    seed(git_repo, "a.yaml")
    git(git_repo, "update-index", "--skip-worktree", "a.yaml")
    write(git_repo, "a.yaml", "changed\n")
    g = Git.discover(git_repo)
    head = g.head()
    with pytest.raises(GitError, match=r"^a.yaml is marked skip-worktree .* --no-skip-worktree"):
        g.commit([git_repo / "a.yaml"], MESSAGE)
    assert g.head() == head
    assert "a.yaml" in files_in(git_repo)


def test_discovery_leaves_unusual_repositories_to_git(
    git_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(git_repo, "a")
    assert git_mod._find_repository(git_repo) is not None
    # A .git folder with a HEAD but no objects/ or refs/: git skips it, so do we.
    fake = git_repo / "inner"
    (fake / ".git").mkdir(parents=True)
    (fake / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    assert git_mod._find_repository(fake) is None
    assert Git.discover(fake).toplevel == git_repo.resolve()
    # core.worktree moves the work tree; core.bare = true has none.
    git(git_repo, "config", "core.bare", "true")
    assert git_mod._find_repository(git_repo) is None
    git(git_repo, "config", "core.bare", "false")
    assert git_mod._find_repository(git_repo) is not None
    git(git_repo, "config", "core.worktree", str(tmp_path))
    assert git_mod._find_repository(git_repo) is None


def test_a_sha256_repository_commits(tmp_path: Path, isolated_home: Path) -> None:
    repo = tmp_path / "sha256"
    probe = subprocess.run(
        ["git", "init", "-q", "--object-format=sha256", str(repo)], capture_output=True
    )
    if probe.returncode != 0:
        pytest.skip("this git cannot make SHA-256 repositories")
    git(repo, "config", "user.name", "T")
    git(repo, "config", "user.email", "t@example.com")
    g = Git.discover(repo)
    write(repo, "a.yaml", "a\n")
    first = g.commit([repo / "a.yaml"], MESSAGE)
    assert len(first) == 64
    write(repo, "b.yaml", "b\n")
    write(repo, "c.yaml", "c\n")
    git(repo, "add", "c.yaml")  # the user's own staged work: the temporary-index path
    (repo / "a.yaml").unlink()
    g.commit([repo / "a.yaml", repo / "b.yaml"], MESSAGE)
    assert files_in(repo) == {"a.yaml": "D", "b.yaml": "A"}
    assert git(repo, "diff", "--cached", "--name-only").split() == ["c.yaml"]
