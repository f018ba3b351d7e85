"""Re-encrypt values for the current recipients, splicing the text in place.

age costs ~0.3–0.6 ms per value and recipient set here and pyrage holds the GIL, so a big
rotation spreads the files over worker processes while this process writes (and fsyncs)
the results as they come back.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opsledger.crypto.codec import Codec, binding_of
from opsledger.crypto.envelope import ENC_RE, PREFIX
from opsledger.crypto.files import ledger_yaml_files
from opsledger.crypto.recipients import Rules
from opsledger.crypto.splice import Span, apply, encrypted_values, locate
from opsledger.model.ids import RECORD_ID_RE
from opsledger.store.fastload import load_fast
from opsledger.store.workspace import Transaction, Workspace

Progress = Callable[[int, int], None]
PARALLEL_MIN_VALUES = 400  # below this, starting workers costs more than it saves
WRITER_THREADS = 8


@dataclass
class RotateReport:
    values: int = 0  # re-encrypted
    kept: int = 0  # already for the current recipients (only_stale)
    files: list[str] = field(default_factory=lambda: [])


@dataclass(frozen=True)
class FileResult:
    relpath: str
    text: str
    at: str
    values: int
    kept: int


def files_with_secrets(ws: Workspace) -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []
    for path in ledger_yaml_files(ws.paths.root):
        text = path.read_text(encoding="utf-8")
        if PREFIX in text:
            found.append((path, text))
    return found


def rotate_files(
    ws: Workspace,
    tx: Transaction,
    codec: Codec,
    *,
    only_stale: bool = False,
    progress: Progress | None = None,
    parallel_min: int = PARALLEL_MIN_VALUES,
) -> RotateReport:
    """Inside an open transaction: rewrite every (or every stale) value of every file."""
    report = RotateReport()
    todo = [(ws.paths.rel(path), text) for path, text in files_with_secrets(ws)]
    count = sum(text.count(PREFIX) for _, text in todo)
    workers = min(os.cpu_count() or 1, 4)
    if count >= parallel_min and workers > 1:
        results = _in_workers(codec, todo, only_stale, workers)
    else:
        results = (rotate_text(codec, relpath, text, only_stale) for relpath, text in todo)
    # fsync dominates once the crypto runs in workers (~4-9 ms per file here); the kernel
    # overlaps syncs of different files, so the writes go through a few threads.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(WRITER_THREADS) as writers:
        pending: list[Any] = []
        for done, result in enumerate(results, 1):
            report.values += result.values
            report.kept += result.kept
            if result.values:
                if RECORD_ID_RE.match(result.at):
                    tx.touch_id(result.at)
                target = ws.paths.root / result.relpath
                pending.append(writers.submit(tx.write, target, result.text))
                report.files.append(result.relpath)
            if progress is not None:
                progress(done, len(todo))
        for future in pending:
            future.result()  # re-raise the first failed write; the transaction rolls back
    return report


def rotate_text(codec: Codec, relpath: str, text: str, only_stale: bool) -> FileResult:
    data = load_fast(text, relpath)
    at = binding_of(relpath, data)
    recipients = codec.rules.for_path(relpath)
    spans: list[Span] | None = locate(text, data)
    pending = spans if spans is not None else [(kp, 0, 0, v) for kp, v in encrypted_values(data)]
    replacements: list[tuple[int, int, str]] = []
    by_path: dict[tuple[str | int, ...], str] = {}
    kept = 0
    for keypath, start, end, sealed in pending:
        match = ENC_RE.fullmatch(sealed)
        if only_stale and match is not None and match.group(1) == recipients.fingerprint:
            kept += 1
            continue
        value = codec.decrypt(relpath, at, keypath, sealed)
        new = codec.encrypt(relpath, at, keypath, value)
        replacements.append((start, end, new))
        by_path[keypath] = new
    if not replacements:
        return FileResult(relpath, text, at, 0, kept)
    if spans is not None:
        return FileResult(relpath, apply(text, replacements), at, len(replacements), kept)
    from opsledger.store.yamlio import YamlDocument

    doc = YamlDocument.parse(text, relpath)
    for keypath, new in by_path.items():
        doc.set(keypath, new)
    return FileResult(relpath, doc.dump(), at, len(replacements), kept)


# --- worker processes ----------------------------------------------------------------

_worker_codec: Codec | None = None


def _init_worker(config: Mapping[str, Any], people: Mapping[str, Any], env: dict[str, str]) -> None:
    global _worker_codec
    _worker_codec = Codec(Rules(config, people), env)


def _work(job: tuple[str, str, bool]) -> FileResult:
    assert _worker_codec is not None
    return rotate_text(_worker_codec, *job)


def _in_workers(
    codec: Codec, todo: Iterable[tuple[str, str]], only_stale: bool, workers: int
) -> Iterator[FileResult]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Fail fast here, with the parent's message, before any worker starts.
    codec.identities  # noqa: B018
    # spawn, not fork: the parent may hold locks (git, threads) a forked child would copy.
    context = multiprocessing.get_context("spawn")
    args = (codec.rules.config, codec.rules.people, dict(codec.env))
    with ProcessPoolExecutor(workers, context, initializer=_init_worker, initargs=args) as pool:
        jobs = [(relpath, text, only_stale) for relpath, text in todo]
        yield from pool.map(_work, jobs, chunksize=8)
