"""Extraction processes with a watchdog: every core, and no file can hang or exhaust the run.

`Pool.imap(items)` hands each item that needs work to one of `settings.workers` processes
(forked from a clean server process that imported the extractors once), and yields the
outcomes **in the order of the items**, so that a run gives the same rows whatever the
number of workers. A bounded window of items is in flight: files are listed lazily and a
million-file tree is never held in memory.

The watchdog, in this process, stops a worker (SIGKILL) that runs past `file_seconds` on one
file (E126) or whose memory passes `worker_memory_mb` (E128), reports a worker that died
(E127), and starts a new one: the time limit works whatever the file does, in any thread,
unlike SIGALRM. With `workers = 0` items are extracted here, without those limits.

Workers are forked from a forkserver (`spawn="fork"`, quick to replace), or started as plain
child processes, `python -m pipeline.worker` (`spawn="exec"`): a daemonic process, such as
a Dask worker, may not start multiprocessing children, but may start those, and keeps the
same limits. `task_pool()` keeps one such pool per thread for the tasks of a Dask worker.
"""

from __future__ import annotations

import contextlib
import importlib.machinery
import multiprocessing
import os
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, Literal, TypeVar

from pipeline.paths import FileRef
from pipeline.settings import Settings
from pipeline.worker import Failed, Outcome, extract_file

T = TypeVar("T")

#: how often the watchdog looks at time and memory (seconds)
TICK = 0.2
#: how long a worker started as a new interpreter may take to import what it needs
READY_SECONDS = 60.0


#: what the server the workers are forked from imports before it forks any: the
#: extractors, the PDF reader, and `pipeline.warm`, which builds what the extractors build
#: on first use, so that every worker starts warm
PRELOAD = ["pipeline.worker", "pipeline.extract", "pipeline.pdf", "pipeline.warm"]


def _context() -> Any:
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def start_server(settings: Settings) -> None:
    """Start the server the workers are forked from, now, when there will be workers: it
    imports and warms the extractors (about 2 s) while this process goes on with its own
    imports and its database, instead of before the first file."""
    if settings.workers > 0:
        from multiprocessing import forkserver

        _context()
        forkserver.ensure_running()


@dataclass
class _Worker:
    process: Any
    conn: Connection
    seq: int | None = None  # the item it works on
    started: float = 0.0


class Pool(Generic[T]):
    """Ordered parallel extraction with per-file time and memory limits."""

    def __init__(
        self,
        settings: Settings,
        ref_of: Callable[[T], FileRef | None],
        window: int | None = None,
        spawn: Literal["fork", "exec"] = "fork",
        rows_only: bool = False,
    ) -> None:
        """`ref_of(item)` gives the file an item needs extracted, or None (passed through).
        `rows_only`: a document comes with its rows and without its extractions (what a
        loader needs: `pipeline.worker.serve`)."""
        self.settings = settings
        self.rows_only = rows_only
        self.ref_of = ref_of
        self.n = max(0, settings.workers)
        self.window = window or max(8, 4 * self.n)
        self.workers: list[_Worker] = []
        self.spawn = spawn
        self._ctx = _context() if self.n and spawn == "fork" else None
        #: called whenever the pool is about to wait for the workers (the loader then
        #: loads what has waited long enough)
        self.on_wait: Callable[[], None] | None = None

    # -- lifecycle -------------------------------------------------------------------
    def __enter__(self) -> Pool[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for w in self.workers:
            with contextlib.suppress(OSError):
                w.conn.send(None)
        deadline = time.monotonic() + 2
        for w in self.workers:
            w.process.join(max(0.0, deadline - time.monotonic()))
            if w.process.is_alive():
                w.process.kill()
                w.process.join()
            w.conn.close()
        self.workers = []

    def _start(self) -> _Worker:
        from pipeline.worker import serve

        if self.spawn == "exec":
            w = _Worker(*_exec_worker(self.settings, self.rows_only))
            self.workers.append(w)
            return w
        assert self._ctx is not None
        parent, child = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(
            target=serve, args=(child, self.settings, self.rows_only), daemon=True
        )
        with _main_not_reimported():
            process.start()
        child.close()
        w = _Worker(process, parent)
        self.workers.append(w)
        return w

    def _stop(self, w: _Worker) -> None:
        if w.process.is_alive():
            w.process.kill()
        w.process.join()
        w.conn.close()
        self.workers.remove(w)

    # -- work ------------------------------------------------------------------------
    def imap(self, items: Iterable[T]) -> Iterator[tuple[T, Outcome | None]]:
        """(item, outcome) in the order of `items`; outcome None for items needing no work.
        Left early (the consumer failed, or a result could not be read), the workers still
        busy are stopped, so that the pool serves the next call afresh."""
        try:
            yield from self._imap(items)
        finally:
            for w in [w for w in self.workers if w.seq is not None]:
                self._stop(w)

    def _imap(self, items: Iterable[T]) -> Iterator[tuple[T, Outcome | None]]:
        if not self.n:
            for item in items:
                ref = self.ref_of(item)
                if ref is not None and self.on_wait is not None:
                    self.on_wait()  # extracting here is waiting for the loader
                yield item, (extract_file(ref, self.settings) if ref is not None else None)
            return
        source = iter(items)
        todo: deque[tuple[int, FileRef]] = deque()  # in order, not yet sent to a worker
        items_of: dict[int, T] = {}  # the window: seq -> item
        done: dict[int, Outcome | None] = {}  # seq -> outcome, for finished items
        refs: dict[int, FileRef] = {}
        next_seq = next_out = 0
        exhausted = False
        while True:
            while not exhausted and len(items_of) < self.window:  # fill the window lazily
                try:
                    item = next(source)
                except StopIteration:
                    exhausted = True
                    break
                items_of[next_seq] = item
                ref = self.ref_of(item)
                if ref is None:
                    done[next_seq] = None
                else:
                    refs[next_seq] = ref
                    todo.append((next_seq, ref))
                next_seq += 1
            self._dispatch(todo, done)
            while next_out in done:  # hand out what is done, in order
                outcome = done.pop(next_out)
                refs.pop(next_out, None)
                yield items_of.pop(next_out), outcome
                next_out += 1
                # the consumer took its time (loading a document): take the results that
                # came in meanwhile, and give the idle workers their next files at once
                busy = [w for w in self.workers if w.seq is not None]
                if busy:
                    self._watch(busy, refs, done, timeout=0)
                self._dispatch(todo, done)
            if exhausted and not items_of:
                return
            busy = [w for w in self.workers if w.seq is not None]
            if busy:
                if self.on_wait is not None:
                    self.on_wait()
                self._watch(busy, refs, done)

    def _dispatch(self, todo: deque[tuple[int, FileRef]], done: dict[int, Outcome | None]) -> None:
        """Give queued files to idle workers, starting workers up to `n`."""
        while todo:
            idle = [w for w in self.workers if w.seq is None]
            if not idle and len(self.workers) < self.n:
                idle = [self._start()]
            if not idle:
                return
            seq, ref = todo.popleft()
            w = idle[0]
            try:
                w.conn.send(ref)
            except OSError:  # the worker is gone: report the file, replace the worker
                self._stop(w)
                done[seq] = Failed(ref, "E127", _died(w))
                continue
            w.seq, w.started = seq, time.monotonic()

    def _watch(
        self,
        busy: list[_Worker],
        refs: dict[int, FileRef],
        done: dict[int, Outcome | None],
        timeout: float = TICK,
    ) -> None:
        """Wait a tick (or `timeout`) for results; stop workers past their time or memory
        limit."""
        sentinels = [w.process.sentinel for w in busy if w.process.sentinel is not None]
        ready = wait([w.conn for w in busy] + sentinels, timeout)
        limits = self.settings
        for w in busy:
            assert w.seq is not None
            seq, ref = w.seq, refs[w.seq]
            if w.conn in ready:
                try:
                    done[seq] = w.conn.recv()
                    w.seq = None
                except (EOFError, OSError):
                    self._stop(w)
                    done[seq] = Failed(ref, "E127", _died(w))
            elif w.process.sentinel in ready or not w.process.is_alive():
                self._stop(w)
                done[seq] = Failed(ref, "E127", _died(w))
            elif time.monotonic() - w.started > limits.file_seconds:
                self._stop(w)
                done[seq] = Failed(
                    ref,
                    "E126",
                    f"took longer than {limits.file_seconds:g} s (DELIB_FILE_SECONDS): stopped",
                )
            elif _rss_mb(w.process.pid) > limits.worker_memory_mb:
                self._stop(w)
                done[seq] = Failed(
                    ref,
                    "E128",
                    f"needed more memory than the limit of {limits.worker_memory_mb} MiB per "
                    "extraction process (DELIB_WORKER_MEMORY_MB): stopped",
                )


class _Child:
    """A child process started by `subprocess`, seen as a `multiprocessing.Process`."""

    def __init__(self, popen: subprocess.Popen[bytes]) -> None:
        self.popen = popen
        self.pid = popen.pid
        # a descriptor that becomes readable when the process ends (Linux pidfd); without
        # it, the end of the socket tells the same
        try:
            self.sentinel: Any = os.pidfd_open(popen.pid)
        except (AttributeError, OSError):
            self.sentinel = None

    @property
    def exitcode(self) -> int | None:
        return self.popen.poll()

    def is_alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.popen.kill()

    def join(self, timeout: float | None = None) -> None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout)
        if self.sentinel is not None and self.popen.returncode is not None:
            os.close(self.sentinel)
            self.sentinel = None


def _exec_worker(settings: Settings, rows_only: bool = False) -> tuple[_Child, Connection]:
    """Start `python -m pipeline.worker FD` with one end of a socket pair as FD."""
    ours, theirs = socket.socketpair()
    try:
        popen = subprocess.Popen(
            [sys.executable, "-m", "pipeline.worker", str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )
    except BaseException:
        ours.close()
        raise
    finally:
        theirs.close()
    conn = Connection(ours.detach())
    conn.send((settings, rows_only))
    child = _Child(popen)
    # a new interpreter imports the extractors before its first file: the time limit of
    # that file starts once it says it is ready (or has died: its file is then reported)
    if conn.poll(READY_SECONDS):
        with contextlib.suppress(EOFError, OSError):
            conn.recv()
    return child, conn


def _die_with_parent() -> None:
    """In the child, before exec: be killed when the process that started it ends (Linux),
    so that a file in the middle of its work cannot outlive a Dask worker that stopped."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


_task_pools = threading.local()


def task_pool(settings: Settings) -> Pool[FileRef]:
    """This thread's pool of one `exec` worker for these settings (started once, kept for
    the next tasks: a Dask worker runs many)."""
    from dataclasses import replace

    one = replace(settings, workers=1)
    current = getattr(_task_pools, "pool", None)
    if current is not None and current.settings == one:
        return current
    if current is not None:
        current.close()
    pool: Pool[FileRef] = Pool(one, lambda ref: ref, spawn="exec")
    _task_pools.pool = pool
    return pool


@contextmanager
def _main_not_reimported() -> Iterator[None]:
    """A worker needs only `pipeline.worker`, never the parent's main module; multiprocessing
    would import that module again in every worker (slow, and impossible for `python -` or a
    notebook). Naming the main module "__main__" in its spec tells it to skip that."""
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    saved = getattr(main, "__spec__", None)
    main.__spec__ = importlib.machinery.ModuleSpec("__main__", None)
    try:
        yield
    finally:
        main.__spec__ = saved


def _died(w: _Worker) -> str:
    code = w.process.exitcode
    if code is not None and code < 0:
        import signal

        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        how = f"killed by {name}"
        if name == "SIGKILL":
            how += " (out of memory?)"
    else:
        how = f"exit status {code}"
    return f"the extraction process died ({how})"


def _rss_mb(pid: int) -> float:
    """Resident memory of a process, in MiB (0 where /proc is not available)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            pages = int(fh.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
