"""Where the per-file function runs: in this process, on a process pool, or on a Dask cluster.

Each executor takes paths and settings and yields ``(index, FileResult, record JSON)`` as files
finish, in completion order; the runner puts them back in input order. All three call the same
``pipeline.batch.worker`` function, so their outputs are identical.
"""

from __future__ import annotations

import multiprocessing
import queue as queue_mod
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Any, Callable, Iterator, Optional

from pipeline.batch.worker import extract_file, init_worker, pool_extract_file
from pipeline.errors import ConfigError
from pipeline.models.run import FileResult

PageCallback = Callable[[str, int], None]
Done = tuple[int, FileResult, Optional[str]]
POLL_SECONDS = 0.1


def run_serial(paths: list[str], settings: dict[str, Any], on_page: Optional[PageCallback] = None) -> Iterator[Done]:
    """Given paths, yield each file's result in this process, one after another."""
    init_worker(settings)
    for i, path in enumerate(paths):
        hook = (lambda page, p=path: on_page(p, page)) if on_page else None
        result, text = extract_file(path, settings, on_page=hook)
        yield i, result, text


def _drain(q, on_page: Optional[PageCallback]) -> None:
    while True:
        try:
            path, page = q.get_nowait()
        except (queue_mod.Empty, EOFError, OSError):
            return
        if on_page:
            on_page(path, page)


def run_pool(paths: list[str], settings: dict[str, Any], workers: int,
             on_page: Optional[PageCallback] = None) -> Iterator[Done]:
    """Given paths, yield each file's result from a pool of spawned worker processes, as they finish."""
    ctx = multiprocessing.get_context("spawn")  # spawn-safe: no forked pdfium or spaCy state
    q = ctx.Queue() if on_page else None
    pool = ProcessPoolExecutor(max_workers=max(1, min(workers, len(paths))), mp_context=ctx,
                               initializer=init_worker, initargs=(settings, q, True))
    try:
        pending = {pool.submit(pool_extract_file, p, settings): i for i, p in enumerate(paths)}
        while pending:
            done, _ = wait(pending, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
            if q is not None:
                _drain(q, on_page)
            for fut in done:
                i = pending.pop(fut)
                result, text = fut.result()
                yield i, result, text
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if q is not None:
            q.close()
            q.join_thread()


def run_dask(paths: list[str], settings: dict[str, Any], scheduler: Optional[str]) -> Iterator[Done]:
    """Given paths and a Dask scheduler address, yield each file's result computed on the cluster."""
    if not scheduler:
        raise ConfigError("--executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise ConfigError("the dask executor needs the optional extra: pip install 'ldn[dask]'") from exc
    with Client(scheduler) as client:
        futures = client.map(extract_file, paths, settings=settings, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        for fut, (result, text) in as_completed(futures, with_results=True):
            yield index[fut.key], result, text
