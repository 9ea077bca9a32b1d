"""Where the per-file function runs: in child processes watched by this one, or on a Dask cluster.

Each executor takes paths and settings and yields ``(index, FileResult, record JSON)`` as files
finish, in completion order; the runner puts them back in input order. All call the same
``pipeline.batch.worker`` function, so their outputs are identical.

Every file is read in a child process, serial runs too (a pool of one), so that the per-file
limits hold everywhere (``batch.limits``): the parent gives each child one file at a time,
watches its wall time and resident memory, kills a child past a limit and starts a new one.
A serial run forks its child (it sees this process's modules as they are); a pool of several
spawns fresh ones (no forked pdfium or spaCy state in long-lived workers). Either way the child
imports the readers and builds the NLP itself (``init_worker``), never the parent: a page the
parent holds is counted again in a forked child's resident memory (and against its limit), and
the parent of a batch only writes files. The children start when ``run_children`` is called,
before the parent imports the table libraries for the first record (``runner.BatchOutputs``).
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections import deque
from multiprocessing.connection import wait as wait_for
from typing import Any, Callable, Iterator, Optional

from pipeline.batch.limits import Limits, memory_error, set_memory_cap, time_error, tree_rss_mib
from pipeline.batch.worker import extract_file, init_worker, set_pages_hook
from pipeline.errors import ConfigError, InternalError
from pipeline.models.run import FileResult
from pipeline.settings import PIPELINE_VERSION

PageCallback = Callable[[str, int], None]
Done = tuple[int, FileResult, Optional[str]]
POLL_SECONDS = 0.05
STOP_SECONDS = 2.0  # a child asked to stop gets this long before it is killed


def child_main(conn, settings: dict[str, Any]) -> None:
    """Given a pipe and settings, read files sent by the parent one at a time and send back each result."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    init_worker(settings)
    set_memory_cap(Limits.from_settings(settings))
    set_pages_hook(lambda n, ocr: conn.send(("pages", n, ocr)))
    conn.send(("ready", None, None))  # a file's time limit counts from here, not from the imports above
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        try:
            result, text = extract_file(path, settings, on_page=lambda page: conn.send(("page", page, None)))
        except KeyboardInterrupt:  # raised by the task itself: stop the run as Ctrl-C would
            conn.send(("interrupt", None, None))
            return
        conn.send(("done", result.model_dump_json(), text))


class Child:
    """One child process, the file it is reading, and what the parent knows of its progress."""

    def __init__(self, ctx, settings: dict[str, Any]):
        self.conn, child_conn = ctx.Pipe()
        self.proc = ctx.Process(target=child_main, args=(child_conn, settings), daemon=True)
        self.proc.start()
        child_conn.close()
        self.task: Optional[tuple[int, str]] = None
        self.ready = False  # the child has imported the readers and built the NLP
        self.started = 0.0
        self.pages: Optional[int] = None
        self.ocr_pages = 0
        self.peak_mib = 0.0

    def give(self, index: int, path: str) -> None:
        self.task, self.started, self.pages, self.peak_mib = (index, path), time.monotonic(), None, 0.0
        self.ocr_pages = 0
        self.conn.send(path)

    def retire(self) -> None:
        """Tell an idle child there is nothing more to read, without waiting for it to exit."""
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass

    def stop(self, wait: bool = True) -> None:
        if self.proc.is_alive() and wait:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                pass
            self.proc.join(STOP_SECONDS)
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join()
        self.conn.close()


def _failed(path: str, err) -> FileResult:
    return FileResult(path=path, status="failed", code=err.code, message=str(err), pipeline_version=PIPELINE_VERSION)


def run_children(paths: list[str], settings: dict[str, Any], workers: int, on_page: Optional[PageCallback] = None,
                 method: Optional[str] = None) -> Iterator[Done]:
    """Given paths, start ``workers`` child processes now; return an iterator of each file's result, as they finish.

    A child past its time or memory limit is killed and replaced; its file fails with E106.
    """
    if method is None:
        method = "fork" if workers == 1 and "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    children = [Child(ctx, settings) for _ in range(max(1, min(workers, len(paths))))]
    return _drive(children, ctx, paths, settings, on_page)


def _drive(children: list[Child], ctx, paths: list[str], settings: dict[str, Any],
           on_page: Optional[PageCallback]) -> Iterator[Done]:
    """Given started children, give them the paths one at a time; yield each result as it finishes."""
    limits = Limits.from_settings(settings)
    todo = deque(enumerate(paths))
    try:
        while todo or any(c.task for c in children):
            for c in children:
                if c.task is None and todo:
                    c.give(*todo.popleft())
            busy = [c for c in children if c.task]
            wait_for([c.conn for c in busy] + [c.proc.sentinel for c in busy], timeout=POLL_SECONDS)
            for k, c in enumerate(children):
                if c.task is None:
                    continue
                done = _collect(c, on_page)
                if done is None:
                    done = _police(c, limits)
                if done is None:
                    continue
                index, path = c.task
                c.task = None
                result, text = done
                if result is None:  # the child was killed or died: a new one takes its place
                    result = text
                    text = None
                    c.stop(wait=False)
                    children[k] = Child(ctx, settings)
                if todo:  # the next file first: the caller may write tables before it asks again
                    children[k].give(*todo.popleft())
                else:
                    children[k].retire()  # it exits while the others read, not after them
                yield index, result, text
    finally:
        for c in children:
            c.stop(wait=c.task is None)


def _collect(c: Child, on_page: Optional[PageCallback]):
    """Read what a child sent; return (result, text) when its file is done, else None."""
    while True:
        try:
            if not c.conn.poll():
                return None
            kind, a, b = c.conn.recv()
        except (EOFError, OSError):
            return None  # the child is gone: _police reports it
        if kind == "ready":
            c.ready, c.started = True, time.monotonic()
        elif kind == "page":
            if on_page:
                on_page(c.task[1], a)
        elif kind == "pages":
            c.pages, c.ocr_pages = a, b or 0
        elif kind == "interrupt":
            raise KeyboardInterrupt
        else:
            return FileResult.model_validate_json(a), b


def _police(c: Child, limits: Limits):
    """Given a busy child, return (None, failed result) when it is past a limit (killed) or died, else None."""
    path = c.task[1]
    elapsed = time.monotonic() - c.started
    if not c.proc.is_alive():
        if limits.memory_mib and c.peak_mib >= 0.9 * limits.memory_mib:
            return None, _failed(path, memory_error(path, c.peak_mib, limits))
        err = InternalError(f"the worker process ended unexpectedly (exit code {c.proc.exitcode}) on this file",
                            file=path)
        return None, _failed(path, err)
    budget = limits.seconds_for(c.pages, c.ocr_pages)
    if budget is not None and c.ready and elapsed > budget:
        c.proc.kill()
        return None, _failed(path, time_error(path, elapsed, limits, c.pages, c.ocr_pages))
    if limits.memory_mib:
        mib = tree_rss_mib(c.proc.pid)
        c.peak_mib = max(c.peak_mib, mib)
        if mib > limits.memory_mib:
            c.proc.kill()
            return None, _failed(path, memory_error(path, mib, limits))
    return None


def run_serial(paths: list[str], settings: dict[str, Any], on_page: Optional[PageCallback] = None) -> Iterator[Done]:
    """Given paths, yield each file's result from one child process, one file after another."""
    return run_children(paths, settings, 1, on_page)


def run_pool(paths: list[str], settings: dict[str, Any], workers: int,
             on_page: Optional[PageCallback] = None) -> Iterator[Done]:
    """Given paths, yield each file's result from a pool of spawned child processes, as they finish."""
    return run_children(paths, settings, workers, on_page)


def extract_file_limited(path: str, settings: dict[str, Any]) -> tuple[FileResult, Optional[str]]:
    """Given a path, read it in a forked child of this process under the limits (a Dask task).

    The Dask worker prepares itself once (``init_worker``), so that each task's forked child starts
    ready; it is a long-lived reader, not the parent of a batch that writes the tables.
    """
    init_worker(settings)  # imports and the NLP are kept by the process: later calls cost nothing
    me = multiprocessing.current_process()
    daemon = me.daemon
    me.daemon = False  # Dask runs its workers as daemons, which multiprocessing forbids to have children
    try:
        for _, result, text in run_children([path], settings, 1):
            return result, text
    finally:
        me.daemon = daemon
    raise RuntimeError("no result")  # unreachable: one path gives one result


def run_dask(paths: list[str], settings: dict[str, Any], scheduler: Optional[str]) -> Iterator[Done]:
    """Given paths and a Dask scheduler address, yield each file's result computed on the cluster."""
    if not scheduler:
        raise ConfigError("--executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise ConfigError("the dask executor needs the optional extra: pip install 'ldn[dask]'") from exc
    with Client(scheduler) as client:
        futures = client.map(extract_file_limited, paths, settings=settings, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        for fut, (result, text) in as_completed(futures, with_results=True):
            yield index[fut.key], result, text
