"""The per-file function of a batch: one path in, a ``FileResult`` and the record JSON text out.

It is the same function whether a run is serial, on a process pool or on a Dask cluster, so the
outputs cannot differ between them: the worker never writes files, the runner does. It never
raises: a typed ``LdnError`` becomes a failed result naming the file and the reason, anything
else an ``InternalError`` (E900), so one bad file cannot end a batch.
"""

from __future__ import annotations

import logging
import signal
import time
from pathlib import Path
from typing import Any, Callable, Optional

from pipeline.errors import CorruptPdfError, InternalError, LdnError, NotLdnError
from pipeline.models import Record, RecordIssue
from pipeline.models.run import FileResult
from pipeline.settings import PIPELINE_VERSION, Settings

# Record issues that mean part of the document was lost: the file is then "partial".
GAP_CODES = frozenset({"page_failed", "page_no_text"})
MIN_READABLE = 0.9  # below this share of readable characters the text layer is garbage, not another document

_queue = None  # set in pool workers: page progress goes to the parent through it


def record_to_json(record: Record) -> str:
    """Given a record, return its JSON text exactly as written to OUT/<stem>.json."""
    return record.model_dump_json(indent=1)


def record_to_counts(record: Record) -> dict[str, int]:
    """Given a record, return the counts reported per file in run.json."""
    return {
        "sections": len(record.sections),
        "entries": len(record.entries),
        "timelines": len(record.timelines),
        "applications": len(record.applications_planned),
        "issues": len(record.issues),
    }


def record_to_gaps(record: Record) -> list[int]:
    """Given a record, return the sorted pages it lost (layout failures, pages without a text layer)."""
    return sorted({i.page for i in record.issues if i.code in GAP_CODES and i.page is not None})


def check_is_ldn(record: Record, path: Path, n_pages: int, password: Optional[str] = None) -> None:
    """Given a record, raise an error saying what is missing when it has none of a work plan's structure.

    When pages were lost the cause is the damage, not the content: that is a corrupt file (E102).
    """
    if record.sections or record.entries:
        return
    gaps = [i for i in record.issues if i.code in GAP_CODES and i.page is not None]
    if gaps:
        pages = sorted({i.page for i in gaps})
        raise CorruptPdfError(
            f"corrupt: {len(pages)} of {n_pages} page(s) cannot be read (page {gaps[0].page}: "
            f"{gaps[0].message[:160]}), and the rest has no work-plan structure", file=path)
    from pipeline.read.ingest import text_readability

    readable = text_readability(path, password)
    if readable < MIN_READABLE:
        raise CorruptPdfError(
            f"corrupt: the text layer is unreadable (only {readable:.0%} of its characters decode to text; "
            "damaged fonts or fonts without a Unicode map)", file=path)
    raise NotLdnError(
        f"not an LDN work plan: no section headings and no labelled entries found in {n_pages} page(s) of text",
        file=path)


def add_image_page_issues(record: Record, image_pages: list[int]) -> None:
    """Given a record and the pages that are images only, mark each as a gap in ``record.issues``."""
    for page in image_pages:
        record.issues.append(RecordIssue(stage="ingest", code="page_no_text", page=page,
                                         message="the page is an image with no text layer (not read)"))


def extract_file(path: str, settings: dict[str, Any],
                 on_page: Optional[Callable[[int], None]] = None) -> tuple[FileResult, Optional[str]]:
    """Given a path and settings, return its ``FileResult`` and record JSON (None when it failed); never raises."""
    from pipeline.extract import extract_source
    from pipeline.read.ingest import open_source, page_count, set_page_hook

    t0 = time.perf_counter()
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # also on Dask workers, which skip init_worker
    p = Path(path)
    result = FileResult(path=path, status="failed", pipeline_version=PIPELINE_VERSION)
    text = None
    set_page_hook(on_page)
    try:
        s = Settings.from_any(settings)
        with open_source(p, password=s.password, min_text_chars=s.min_text_chars, source=s.source) as source:
            result.sha256, result.pages = source.sha256, source.n_pages
            record = extract_source(source, s)
            add_image_page_issues(record, source.image_pages)
        check_is_ldn(record, p, result.pages, s.password)
        text = record_to_json(record)
        result.counts = record_to_counts(record)
        result.failed_pages = record_to_gaps(record)
        result.status = "partial" if result.failed_pages else "ok"
        if result.failed_pages:
            result.code = "page_failed"
            result.message = f"{path}: pages {', '.join(map(str, result.failed_pages))} not read (gaps marked in the record)"
    except LdnError as exc:
        result.code, result.message = exc.code, str(exc)
        result.pages = result.pages or page_count(p)
    except Exception as exc:  # noqa: BLE001 - a bug on one file must not end the batch
        err = InternalError(f"unexpected {type(exc).__name__}: {str(exc)[:300]}", file=path)
        result.code, result.message = err.code, str(err)
    finally:
        set_page_hook(None)
    result.seconds = round(time.perf_counter() - t0, 3)
    return result, text


def init_worker(settings: dict[str, Any], queue=None, pool: bool = False) -> None:
    """Given settings (and a progress queue), prepare a worker: build the NLP pipeline once per process.

    Pool workers ignore Ctrl-C: the parent handles it, records what finished and stops the pool.
    """
    global _queue
    _queue = queue
    if pool:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # damaged files log thousands of font warnings
    try:
        from pipeline.nlp import get_nlp

        get_nlp(Settings.from_any(settings))
    except Exception:  # noqa: BLE001 - a missing model is reported per file by the extraction
        pass


def pool_extract_file(path: str, settings: dict[str, Any]) -> tuple[FileResult, Optional[str]]:
    """Given a path and settings, run ``extract_file`` in a pool worker, sending page progress to the parent."""
    hook = None
    if _queue is not None:
        queue = _queue

        def hook(page: int) -> None:
            queue.put((path, page))

    return extract_file(path, settings, on_page=hook)
