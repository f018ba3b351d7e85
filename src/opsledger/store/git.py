"""The one place that runs the ``git`` program (DESIGN 4 and 6).

Commits go through the git command rather than GitPython's index objects: only git can
sign, and a subprocess is faster here. Every call runs ``git -C <toplevel>`` with
``LC_ALL=C`` so that the messages we match and report are stable.
"""

from __future__ import annotations

import importlib
import os
import re
import time
import zlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from stat import S_ISDIR, S_ISREG
from typing import TYPE_CHECKING, Any

from opsledger.model.errors import GitError, LockTimeout, NotALedger

if TYPE_CHECKING:
    import subprocess

__all__ = ["Background", "Git", "format_message"]

_GIT = "git"
_POLL = 0.1
_PROC = Path("/proc")
# Both header names: "gpgsig" for SHA-1 repositories, "gpgsig-sha256" for SHA-256 ones.
_SIGNATURE_HEADERS = (b"gpgsig ", b"gpgsig-sha256 ")


def blob_id(content: bytes, length: int = 40) -> str:
    """The id git gives ``content`` as a blob, in hex, without starting git: SHA-1, or
    SHA-256 for ``length`` 64 (the ids of a SHA-256 repository)."""
    digest = _hasher("sha1" if length == 40 else "sha256")(b"blob %d\0" % len(content))
    digest.update(content)
    return digest.hexdigest()


def _hasher(name: str) -> Callable[[bytes], Any]:
    """The interpreter's own SHA (0.3 ms to import) rather than hashlib's (4 ms: it loads
    OpenSSL); hashlib's where Python was built without it."""
    try:
        return getattr(importlib.import_module(f"_{name}"), name)
    except (ImportError, AttributeError):
        import hashlib

        return getattr(hashlib, name)


def _spawn(
    cwd: Path,
    args: Sequence[str],
    *,
    input: bytes | None,
    check: bool,
    env: Mapping[str, str] | None,
) -> subprocess.CompletedProcess[bytes]:
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    full_env["LC_ALL"] = "C"
    argv = [_GIT, "-C", str(cwd), *args]
    import subprocess  # not on the read path: a warm query starts no git at all

    try:
        proc = subprocess.run(argv, input=input, capture_output=True, env=full_env, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH") from None
    if check and proc.returncode != 0:
        raise GitError(f"git {_subcommand(args)} failed: {_first_error_line(proc)}")
    return proc


def _spawn_together(
    cwd: Path, commands: Sequence[Sequence[str]]
) -> list[subprocess.CompletedProcess[bytes]]:
    """Run independent git commands at the same time (the machine's other cores start them
    while this one waits): at most one of them may write (``write-tree`` stores its
    cache-tree in the index). Their outputs are small, so pipes cannot fill up."""
    import subprocess

    env = {**os.environ, "LC_ALL": "C"}
    started: list[tuple[list[str], subprocess.Popen[bytes]]] = []
    try:
        for args in commands:
            argv = [_GIT, "-C", str(cwd), *args]
            pipe = subprocess.PIPE
            started.append((argv, subprocess.Popen(argv, stdout=pipe, stderr=pipe, env=env)))
    except FileNotFoundError:
        _finish(started)  # reap the ones that did start
        raise GitError("git is not installed or not on PATH") from None
    return _finish(started)


def _finish(
    started: Sequence[tuple[list[str], subprocess.Popen[bytes]]],
) -> list[subprocess.CompletedProcess[bytes]]:
    import subprocess

    done: list[subprocess.CompletedProcess[bytes]] = []
    for argv, proc in started:
        out, err = proc.communicate()
        done.append(subprocess.CompletedProcess(argv, proc.returncode, out, err))
    return done


_HEAD_AND_TREE = ("rev-parse", "HEAD^{commit}", "HEAD^{tree}")
# Before staging the result is only compared with HEAD's tree; after, every entry is HEAD's
# or was just added by us. Either way write-tree's object check (a stat per loose blob:
# 30 ms on a 10k-file folder) proves nothing here.
_INDEX_TREE = ("write-tree", "--missing-ok")
_SIGNING = ("config", "--type=bool", "--get", "commit.gpgsign")


def _head_and_tree(proc: subprocess.CompletedProcess[bytes]) -> tuple[str | None, str | None]:
    if proc.returncode != 0:
        return None, None  # an unborn branch: the first commit
    head, tree = proc.stdout.decode("ascii").split()
    return head, tree


def _tree_of(proc: subprocess.CompletedProcess[bytes]) -> str | None:
    """write-tree's tree; None while the index holds unmerged entries."""
    return proc.stdout.decode("ascii").strip() if proc.returncode == 0 else None


def _subcommand(args: Sequence[str]) -> str:
    """The git sub-command in ``args``, skipping global options such as ``-c k=v``."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "-c":
            skip = True
        elif not arg.startswith("-"):
            return arg
    return "command"


def _first_error_line(proc: subprocess.CompletedProcess[bytes]) -> str:
    """Git's most telling line: the first error/fatal, else the first line at all.

    Some failures ("nothing to commit") only explain themselves on stdout.
    """
    lines = [
        line.strip()
        for stream in (proc.stderr, proc.stdout)
        for line in stream.decode("utf-8", "replace").splitlines()
        if line.strip()
    ]
    for line in lines:
        for prefix in ("error: ", "fatal: "):
            if line.startswith(prefix):
                return line[len(prefix) :]
    return lines[0] if lines else f"exit status {proc.returncode}"


def format_message(
    noun: str, target: str, verb: str, summary: str, *, action: str, ids: Sequence[str]
) -> str:
    """``<noun>(<target>): <verb> <summary>`` and the Opsledger trailers (DESIGN 4).

    ``target`` is a record id or ``batch``. The summary is folded onto one line because a
    line break would turn the rest into a body and could break trailer parsing.
    """
    subject = " ".join(f"{noun}({target}): {verb} {summary}".split())
    trailers = [f"Opsledger-Action: {_one_line(action)}"]
    trailers += [f"Opsledger-Id: {_one_line(i)}" for i in ids]
    return subject + "\n\n" + "\n".join(trailers) + "\n"


def _one_line(value: str) -> str:
    return " ".join(value.split())


# Below this, loose objects cost less than the pack each batch would add to the repository
# (the alert receiver commits every quarter second under load); commits of this size run
# `git gc --auto`, which folds packs together once there are many.
PACK_MIN_FILES = 500


def _has_signature(raw_commit: bytes) -> bool:
    header = raw_commit.split(b"\n\n", 1)[0]
    return any(line.startswith(_SIGNATURE_HEADERS) for line in header.split(b"\n"))


# With any of these set, git finds the repository its own way: ask git.
_DISCOVERY_ENV = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_COMMON_DIR",
    "GIT_CEILING_DIRECTORIES",
    "GIT_DISCOVERY_ACROSS_FILESYSTEM",
)


def _git_dir_of(dotgit: str, info: os.stat_result) -> str | None:
    if S_ISDIR(info.st_mode):
        return dotgit
    if not S_ISREG(info.st_mode):
        return None
    with open(dotgit, encoding="utf-8", errors="surrogateescape") as handle:
        line = handle.readline().strip()  # a linked worktree or submodule: "gitdir: X"
    if not line.startswith("gitdir: "):
        return None
    return os.path.realpath(os.path.join(os.path.dirname(dotgit), line[len("gitdir: ") :]))


def _common_dir(git_dir: str) -> str:
    """A linked worktree's git dir names the shared one in ``commondir``."""
    try:
        with open(os.path.join(git_dir, "commondir"), encoding="utf-8") as handle:
            return os.path.realpath(os.path.join(git_dir, handle.read().strip()))
    except FileNotFoundError:
        return git_dir


def _find_repository(start: Path) -> tuple[Path, Path, Path] | None:
    """(work tree, git dir, common dir) found as git does in the plain case, without
    starting git (4-7 ms on every command); None for anything unusual, which git decides:
    the environment overrides, being inside a git dir, someone else's repository."""
    if any(name in os.environ for name in _DISCOVERY_ENV):
        return None
    here = os.path.realpath(start)
    try:
        device = os.stat(here).st_dev
    except OSError:
        return None
    while True:
        if os.path.isfile(os.path.join(here, "HEAD")) and os.path.isdir(
            os.path.join(here, "objects")
        ):
            return None  # inside a git dir (or a bare repository): not a work tree
        dotgit = os.path.join(here, ".git")
        try:
            info = os.stat(dotgit)
        except FileNotFoundError:
            parent = os.path.dirname(here)
            try:
                crossed = parent == here or os.stat(parent).st_dev != device
            except OSError:
                return None
            if crossed:
                return None  # the root, or a mount point git stops at
            here = parent
            continue
        except OSError:
            return None
        try:
            git_dir = _git_dir_of(dotgit, info)
            if git_dir is None or not os.path.isfile(os.path.join(git_dir, "HEAD")):
                return None
            # git refuses a repository owned by someone else (safe.directory): let it say so.
            if os.stat(here).st_uid != os.geteuid() or os.stat(git_dir).st_uid != os.geteuid():
                return None
            common = _common_dir(git_dir)
            if not _plain_repository(common):
                return None
        except OSError:
            return None
        return Path(here), Path(git_dir), Path(common)


# core.worktree moves the work tree and core.bare = true has none: git decides those.
_UNUSUAL_CONFIG = re.compile(r"^\s*(?:worktree\s*=|bare\s*=\s*(?:true|yes|on|1)\b)", re.I | re.M)


def _plain_repository(common: str) -> bool:
    """A repository git would accept as found (objects/ and refs/ present) whose config
    moves or removes the work tree in no way."""
    if not (
        os.path.isdir(os.path.join(common, "objects"))
        and os.path.isdir(os.path.join(common, "refs"))
    ):
        return False
    try:
        with open(os.path.join(common, "config"), encoding="utf-8", errors="replace") as handle:
            return _UNUSUAL_CONFIG.search(handle.read()) is None
    except FileNotFoundError:
        return True


class Background:
    """A git command that runs on another core while the caller goes on.

    Started with ``posix_spawn`` (importing ``subprocess`` alone costs a query ~10 ms) and
    writing into an unlinked file, so that a long listing never stalls it on a full pipe.
    """

    def __init__(self, pid: int, output_fd: int) -> None:
        self._pid = pid
        self._fd = output_fd
        self._output: bytes | None = None
        self._done = False
        self.returncode: int | None = None

    def output(self) -> bytes | None:
        """What it printed once it has exited; None if it failed."""
        if not self._done:
            self._done = True
            try:
                _, status = os.waitpid(self._pid, 0)
                self.returncode = os.waitstatus_to_exitcode(status)
                if self.returncode == 0:
                    size = os.fstat(self._fd).st_size
                    self._output = os.pread(self._fd, size, 0) if size else b""
            except ChildProcessError:
                pass  # reaped elsewhere (SIGCHLD ignored): no answer
            finally:
                os.close(self._fd)
        return self._output


def _scratch_fd(directory: Path) -> int:
    if hasattr(os, "memfd_create"):
        return os.memfd_create("opsledger-git")
    directory.mkdir(parents=True, exist_ok=True)
    name = str(directory / f".git-output.{os.getpid()}.{time.monotonic_ns()}")
    fd = os.open(name, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    os.unlink(name)  # gone from the folder, readable until closed
    return fd


class Git:
    """A work tree and the git program that manages it."""

    format_message = staticmethod(format_message)

    def __init__(self, toplevel: Path, git_dir: Path, common_dir: Path) -> None:
        self.toplevel = toplevel
        self.git_dir = git_dir
        self.common_dir = common_dir

    def __repr__(self) -> str:
        return f"Git({str(self.toplevel)!r})"

    @classmethod
    def discover(cls, start: Path) -> Git:
        """The work tree containing ``start`` (like git itself finds ``.git``)."""
        start = Path(start).absolute()
        found = _find_repository(start)
        if found is not None:
            return cls(*found)
        proc = _spawn(
            start,
            ["rev-parse", "--show-toplevel", "--absolute-git-dir", "--git-common-dir"],
            input=None,
            check=False,
            env=None,
        )
        lines = proc.stdout.decode("utf-8", "surrogateescape").splitlines()
        if proc.returncode != 0 or len(lines) != 3:
            message = _first_error_line(proc)
            # Refusing a repository owned by someone else is not "no repository here".
            if "dubious ownership" in message:
                raise GitError(f"{message} (see safe.directory in git help config)")
            raise NotALedger(f"not inside a git work tree: {start} (run git init first)")
        toplevel, git_dir, common = (Path(line) for line in lines)
        # git prints the common dir relative to the directory it ran in.
        common_dir = common if common.is_absolute() else Path(os.path.normpath(start / common))
        return cls(toplevel, git_dir, common_dir)

    def run(
        self,
        *args: str,
        input: bytes | None = None,
        check: bool = True,
        env: Mapping[str, str] | None = None,
    ) -> subprocess.CompletedProcess[bytes]:
        """Run ``git -C <toplevel> ARGS``; ``env`` is laid over the process environment.

        With ``check`` a non-zero exit raises GitError carrying git's own message.
        """
        return _spawn(self.toplevel, args, input=input, check=check, env=env)

    def start(self, *args: str, cwd: Path | None = None, scratch: Path) -> Background | None:
        """Start ``git -C <cwd or toplevel> ARGS`` in the background; None if git cannot
        start. ``scratch`` is a folder for its output where memory files do not exist."""
        argv = [_GIT, "-C", str(cwd or self.toplevel), *args]
        env = {**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
        try:
            fd = _scratch_fd(scratch)
        except OSError:
            return None
        try:
            null = os.open(os.devnull, os.O_RDWR)
        except OSError:
            os.close(fd)
            return None
        actions = [(os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, fd, 1)]
        actions.append((os.POSIX_SPAWN_DUP2, null, 2))
        try:
            pid = os.posix_spawnp(_GIT, argv, env, file_actions=actions)
        except OSError:
            os.close(fd)
            return None
        finally:
            os.close(null)
        return Background(pid, fd)

    # -- state checks -------------------------------------------------------------------

    def check_ready(self) -> None:
        """Refuse to commit in the middle of another git operation or on a detached HEAD.

        An unborn branch (fresh ``git init``) is fine.
        """
        g = self.git_dir
        if (g / "rebase-merge").is_dir():
            raise GitError(
                "a rebase is in progress; finish or abort the rebase first: "
                "git rebase --continue | --abort"
            )
        if (g / "rebase-apply").is_dir():
            if (g / "rebase-apply" / "applying").exists():
                raise GitError(
                    "git am is in progress; finish or abort it first: git am --continue | --abort"
                )
            raise GitError(
                "a rebase is in progress; finish or abort the rebase first: "
                "git rebase --continue | --abort"
            )
        if (g / "MERGE_HEAD").exists():
            raise GitError(
                "a merge is in progress; finish or abort the merge first: "
                "git merge --continue | --abort"
            )
        if (g / "CHERRY_PICK_HEAD").exists():
            raise GitError(
                "a cherry-pick is in progress; finish or abort it first: "
                "git cherry-pick --continue | --abort"
            )
        if (g / "REVERT_HEAD").exists():
            raise GitError(
                "a revert is in progress; finish or abort it first: git revert --continue | --abort"
            )
        if (g / "BISECT_LOG").exists():
            raise GitError("a bisect is in progress; end it first: git bisect reset")
        if self._head_detached():
            raise GitError("HEAD is detached; switch to a branch first: git switch <branch>")

    def _head_detached(self) -> bool:
        try:
            head = (self.git_dir / "HEAD").read_text("utf-8", "replace")
        except OSError:
            head = ""
        # Reading the file saves a process; reftable repositories keep a placeholder
        # there, so only a plain "ref: refs/heads/..." answers without asking git.
        if head.startswith("ref: refs/heads/") and ".invalid" not in head:
            return False
        return self.run("symbolic-ref", "-q", "HEAD", check=False).returncode != 0

    def wait_for_index_lock(self, timeout: float = 10.0, stale_after: float = 5.0) -> None:
        """Wait while a live git holds ``index.lock``; refuse a stale one with the fix.

        A lock counts as live when some process has it open, or a git process works in
        this repository: ``git commit`` closes the file while the editor runs.
        """
        lock = Path(os.path.realpath(self.git_dir)) / "index.lock"
        roots = (
            os.path.realpath(self.toplevel),
            os.path.realpath(self.git_dir),
            os.path.realpath(self.common_dir),
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                stat = lock.stat()
            except FileNotFoundError:
                return
            # Only an old lock is worth the /proc scan; a young one is simply waited for.
            if time.time() - stat.st_mtime >= stale_after and not _maybe_held(
                lock, stat.st_uid, roots
            ):
                raise GitError(
                    f"stale {lock} (no git process holds it); remove it with: rm -f {lock}"
                )
            if time.monotonic() >= deadline:
                raise LockTimeout(
                    f"{lock} is still held after {timeout:g}s; if no git command is running "
                    f"in this repository, remove it with: rm -f {lock}"
                )
            time.sleep(_POLL)

    # -- committing ---------------------------------------------------------------------

    def commit(
        self,
        paths: Sequence[Path],
        message: str,
        *,
        sign: bool | None = None,
        allowed_signers: Path | None = None,
    ) -> str:
        """Commit exactly ``paths`` (added, modified or deleted); return the new HEAD.

        The user's other staged and unstaged work stays where it was. ``sign`` True
        demands a signature (``-S``, then checked), False forbids one, None follows git
        config. Relative paths are taken from the top of the work tree.
        """
        if not paths:
            raise GitError("nothing to commit: no paths given")
        specs = [self._pathspec(p) for p in paths]
        self.wait_for_index_lock()
        asks = [_HEAD_AND_TREE, _INDEX_TREE] + ([_SIGNING] if sign is None else [])
        answers = _spawn_together(self.toplevel, asks)
        head, head_tree = _head_and_tree(answers[0])
        if sign is None:
            sign = answers[2].stdout.strip() == b"true"
        # The index's tree equal to HEAD's means the user has nothing else staged, so the
        # real index (with its cache-tree) can give our tree; else a temporary one must.
        nothing_staged = head_tree is not None and _tree_of(answers[1]) == head_tree
        # Staging our paths in the real index keeps `git status` clean after the commit.
        # update-index takes names literally and neither walks the folder nor honours
        # .gitignore, unlike `git add --all --force` (4 ms on a 10k-file folder).
        self._refuse_skip_worktree(specs)
        self.run("update-index", "--add", "--remove", "--", *specs)
        tree = (self._write_index_tree() if nothing_staged else None) or self._tree_with(
            head, specs
        )
        if tree == (head_tree or self._empty_tree()):
            raise GitError(f"nothing to commit: {', '.join(specs)} unchanged")
        config: list[str] = []
        if allowed_signers is not None:
            config += ["-c", f"gpg.ssh.allowedSignersFile={allowed_signers}"]
        options = ["-S"] if sign else []
        options += ["-p", head] if head else []
        proc = self.run(
            *config,
            "commit-tree",
            tree,
            *options,
            "-F",
            "-",
            input=message.encode("utf-8"),
            check=False,
        )
        if proc.returncode != 0:
            raise GitError(f"git commit failed: {_first_error_line(proc)}")
        sha = proc.stdout.decode("ascii").strip()
        if sign and not _has_signature(self._commit_object(sha)):
            raise GitError(
                "signing is required but the commit was not signed; "
                "configure user.signingkey and gpg.format (see docs)"
            )
        subject = message.splitlines()[0] if message else ""
        # The old value makes this a compare-and-swap: a commit made meanwhile is kept.
        # An empty old value means "must not exist yet": right for SHA-1 and SHA-256 alike.
        self.run("update-ref", "-m", f"commit: {subject}", "HEAD", sha, head or "")
        if len(specs) >= PACK_MIN_FILES:
            # git commit would run this; plumbing does not, and big batches add packs and
            # loose objects fast (the alert receiver). Below git's thresholds it only counts.
            self.run("gc", "--auto", "--quiet", check=False)
        return sha

    def _refuse_skip_worktree(self, specs: Sequence[str]) -> None:
        """update-index drops a skip-worktree entry from the index instead of staging it:
        the commit would delete the file. Only an index of version 3 or later can hold
        the flag, so the usual version 2 index is settled by its header."""
        if "GIT_INDEX_FILE" not in os.environ:
            try:
                with open(self.git_dir / "index", "rb") as handle:
                    header = handle.read(8)
            except FileNotFoundError:
                return
            if header[:4] == b"DIRC" and int.from_bytes(header[4:8], "big") == 2:
                return
        listed = self.run("--literal-pathspecs", "ls-files", "-v", "-z", "--", *specs).stdout
        for record in listed.split(b"\0"):
            if record[:2] == b"S ":
                name = record[2:].decode("utf-8", "replace")
                raise GitError(
                    f"{name} is marked skip-worktree in git's index, so staging would delete "
                    f"it; clear the mark first: git update-index --no-skip-worktree {name}"
                )

    def _write_index_tree(self) -> str | None:
        """The tree of the real index; None while it holds unmerged entries."""
        return _tree_of(self.run(*_INDEX_TREE, check=False))

    def _empty_tree(self) -> str:
        # Asked of git, not hard-coded: SHA-256 repositories name it differently.
        return self.run("hash-object", "-t", "tree", "--stdin", input=b"").stdout.decode().strip()

    def _commit_object(self, sha: str) -> bytes:
        """The raw commit ``sha``: commit-tree writes it loose, which saves starting git."""
        loose = self.common_dir / "objects" / sha[:2] / sha[2:]
        try:
            raw = zlib.decompress(loose.read_bytes())
        except (OSError, zlib.error):
            return self.run("cat-file", "commit", sha).stdout
        return raw.split(b"\0", 1)[1]

    def _tree_with(self, head: str | None, specs: Sequence[str]) -> str:
        """HEAD's tree with only ``specs`` replaced by their staged state.

        ``git commit --only`` does the same through a temporary index but refreshes every
        entry on the way: 140 ms on a 10k-file ledger against 30 ms here.
        """
        staged = self.run("--literal-pathspecs", "ls-files", "-s", "-z", "--", *specs).stdout
        present: dict[str, str] = {}
        for record in staged.split(b"\0"):
            if record:
                info, _, name = record.partition(b"\t")
                mode, sha, _stage = info.split(b" ")
                present[name.decode("utf-8")] = f"{mode.decode()} {sha.decode()}"
        # A path gone from the index is removed with mode 0 and a null id of HEAD's length
        # (SHA-1 or SHA-256); on an unborn branch there is nothing to remove.
        null = "0 " + "0" * len(head) if head else None
        lines = [f"{present.get(spec, null)}\t{spec}" for spec in specs if spec in present or null]
        index = self.git_dir / f"opsledger-index-{os.getpid()}"
        env = {"GIT_INDEX_FILE": str(index)}
        try:
            self.run("read-tree", *([head] if head else ["--empty"]), env=env)
            self.run(
                "update-index",
                "-z",
                "--index-info",
                env=env,
                input="".join(line + "\0" for line in lines).encode("utf-8"),
            )
            return self.run("write-tree", "--missing-ok", env=env).stdout.decode("ascii").strip()
        finally:
            index.unlink(missing_ok=True)

    def pack_blobs(self, contents: Sequence[bytes]) -> bool:
        """Store a big batch's file contents as blobs in one new pack before it is staged.

        Staging writes each new file as a loose object (a file in ``objects/xx/``, ~0.4 ms
        apiece here: 4-6 s of a 10,000-alert storm); git does not write an object it
        already has, so one ``fast-import`` (~0.9 s for 10,000) saves the difference. If
        git stages other bytes (a clean filter, ``core.autocrlf``) it writes those loose
        as before, and the unused packed twins are garbage for ``git gc``. False when the
        batch is small or git refused (no harm done).
        """
        if len(contents) < PACK_MIN_FILES:
            return False
        stream: list[bytes] = []
        for data in contents:
            stream += [b"blob\ndata %d\n" % len(data), data, b"\n"]
        stream.append(b"done\n")
        proc = self.run("fast-import", "--quiet", "--done", input=b"".join(stream), check=False)
        return proc.returncode == 0

    def _pathspec(self, path: Path) -> str:
        path = Path(path)
        if not path.is_absolute():
            return path.as_posix()
        try:
            return path.relative_to(self.toplevel).as_posix()
        except ValueError:
            pass
        # The caller may name the tree through a symlink; git reports the real path.
        real = Path(os.path.realpath(path.parent)) / path.name
        try:
            return real.relative_to(self.toplevel).as_posix()
        except ValueError:
            raise GitError(f"{path} is outside the work tree {self.toplevel}") from None

    # -- reading ------------------------------------------------------------------------

    def head(self) -> str | None:
        """The commit HEAD points at, or None on an unborn branch."""
        proc = self.run("rev-parse", "-q", "--verify", "HEAD^{commit}", check=False)
        return proc.stdout.decode("ascii").strip() if proc.returncode == 0 else None

    def rev_parse(self, rev: str) -> str:
        proc = self.run("rev-parse", "-q", "--verify", "--end-of-options", rev, check=False)
        if proc.returncode != 0:
            raise GitError(f"not a valid revision: {rev}")
        return proc.stdout.decode("ascii").strip()

    def show_file(self, rev: str, path: str) -> bytes | None:
        """The content of ``path`` (from the top of the tree) at ``rev``; None if absent."""
        proc = self.run("cat-file", "blob", f"{rev}:{path}", check=False)
        if proc.returncode == 0:
            return proc.stdout
        message = _first_error_line(proc)
        if "does not exist in" in message or "exists on disk, but not in" in message:
            return None
        raise GitError(f"cannot read {path} at {rev}: {message}")

    def config_get(self, key: str) -> str | None:
        proc = self.run("config", "--get", key, check=False)
        if proc.returncode == 0:
            return proc.stdout.decode("utf-8", "replace").rstrip("\n")
        if proc.returncode == 1 and not proc.stderr.strip():
            return None
        raise GitError(f"git config failed: {_first_error_line(proc)}")

    def user_email(self) -> str | None:
        """git's ``user.email``, asked through ``start`` (no ``subprocess`` import on a read
        path such as ``status``); a failure other than "not set" is asked again the usual
        way, so that a broken config gives git's own message."""
        job = self.start("config", "--get", "user.email", scratch=self.git_dir)
        found = job.output() if job is not None else None
        if found is not None:
            return found.decode("utf-8", "replace").rstrip("\n") or None
        if job is not None and job.returncode == 1:
            return None  # not set (git config's exit status 1)
        return self.config_get("user.email") or None

    def verify_commit(self, rev: str, allowed_signers: Path | None) -> bool:
        """True when ``rev`` carries a good signature (ssh: by a key in allowed_signers)."""
        config: list[str] = []
        if allowed_signers is not None:
            config = ["-c", f"gpg.ssh.allowedSignersFile={allowed_signers}"]
        proc = self.run(*config, "verify-commit", "--end-of-options", rev, check=False)
        return proc.returncode == 0

    def changed_paths(self, base: str) -> list[str]:
        """Paths differing between ``base`` and the work tree, untracked ones included."""
        diff = self.run("diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", base, "--")
        others = self.run("ls-files", "-z", "--others", "--exclude-standard")
        names = {
            name.decode("utf-8", "surrogateescape")
            for name in (diff.stdout + others.stdout).split(b"\0")
            if name
        }
        return sorted(names)


def _maybe_held(lock: Path, owner_uid: int, roots: Sequence[str]) -> bool:
    """Whether a process may be holding ``lock`` (scans /proc; Linux only).

    Where /proc is missing we cannot tell and assume it is held. A process we may not
    inspect counts as a holder only if it runs as the lock's owner (git creates the lock
    itself) and that owner is someone else, as after ``sudo git``: our own git processes
    are always inspectable, while our unreadable ones are non-dumpable daemons or a
    container's init, which would otherwise make every lock look live.
    """
    proc = _PROC
    if not (proc / "self" / "fd").is_dir():
        return True
    target = str(lock)
    for entry in os.scandir(proc):
        if not entry.name.isdigit():
            continue
        try:
            if _process_holds(entry.path, target, roots):
                return True
        except PermissionError:
            if owner_uid == os.geteuid():
                continue
            try:
                if entry.stat().st_uid == owner_uid:
                    return True
            except OSError:
                continue
        except OSError:
            continue  # the process exited while we looked
    return False


def _process_holds(pid_dir: str, target: str, roots: Sequence[str]) -> bool:
    with open(os.path.join(pid_dir, "comm"), encoding="utf-8", errors="replace") as f:
        comm = f.read().strip()
    if comm.startswith("git"):
        cwd = os.readlink(os.path.join(pid_dir, "cwd"))
        if any(cwd == root or cwd.startswith(root + os.sep) for root in roots):
            return True
    fd_dir = os.path.join(pid_dir, "fd")
    for fd in os.listdir(fd_dir):
        try:
            if os.readlink(os.path.join(fd_dir, fd)) == target:
                return True
        except FileNotFoundError:
            continue
    return False
