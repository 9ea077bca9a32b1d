"""The per-file function of a batch: one path in, a ``FileResult`` and the record JSON text out.

It is the same function whether a run is serial, on a process pool or on a Dask cluster, so the
outputs cannot differ between them: the worker never writes files, the runner does. It never
raises: a typed ``LdnError`` becomes a failed result naming the file and the reason, anything
else an ``InternalError`` (E900), so one bad file cannot end a batch.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any, Callable, Optional

from pipeline.batch.evidence import GAP_CODES, check_is_ldn
from pipeline.errors import InternalError, LdnError
from pipeline.models import Record, RecordIssue
from pipeline.models.run import FileResult
from pipeline.settings import PIPELINE_VERSION, Settings


_pages_hook: Optional[Callable[[int, int], None]] = None  # told a file's page count as soon as it is known


def set_pages_hook(hook: Optional[Callable[[int, int], None]]) -> None:
    """Given a callable or None, call it with each file's page count and pages to OCR once known (the time
    limit scales by them)."""
    global _pages_hook
    _pages_hook = hook


def _tell_pages(n: Optional[int], ocr_pages: int = 0) -> None:
    if _pages_hook is not None and n:
        _pages_hook(n, ocr_pages)


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


def add_image_page_issues(record: Record, image_pages: list[int], read: frozenset[int] = frozenset()) -> None:
    """Given a record and the pages that are images only, mark each not ``read`` through OCR as a gap."""
    for page in image_pages:
        if page in read:
            continue
        record.issues.append(RecordIssue(stage="ingest", code="page_no_text", page=page,
                                         message="the page is an image with no text layer (not read)"))


def extract_file(path: str, settings: dict[str, Any],
                 on_page: Optional[Callable[[int], None]] = None) -> tuple[FileResult, Optional[str]]:
    """Given a path and settings, return its ``FileResult`` and record JSON (None when it failed); never raises."""
    from pipeline.batch.limits import Limits, check_page_chars, memory_error, page_content_error
    from pipeline.extract import extract_source
    from pipeline.read.inflate import page_over_content_limit
    from pipeline.read.ocr import pages_to_read
    from pipeline.read.ingest import open_source, page_count, set_page_hook

    t0 = time.perf_counter()
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # also on Dask workers, which skip init_worker
    p = Path(path)
    result = FileResult(path=path, status="failed", pipeline_version=PIPELINE_VERSION)
    text = None
    n_pages = None
    set_page_hook(on_page)
    try:
        s = Settings.from_any(settings)
        limits = Limits.from_settings(s)
        n_pages, over = page_over_content_limit(p, int(limits.page_content_mib * (1 << 20)), s.password)
        _tell_pages(n_pages)
        if over is not None:
            raise page_content_error(p, over, limits)
        with open_source(p, password=s.password, min_text_chars=s.min_text_chars, source=s.source,
                         allow_scans=s.ocr != "never") as source:
            result.sha256, result.pages = source.sha256, source.n_pages
            _tell_pages(source.n_pages, len(pages_to_read(source, s.ocr)))
            check_page_chars(p, source.page_chars, limits)
            record = extract_source(source, s)
            add_image_page_issues(record, source.image_pages, frozenset(source.ocr_pages))
            if source.ocr_pages and s.ocr_pdf_dir is not None:
                from pipeline.outputs.ocr_pdf import write_ocr_pdf

                write_ocr_pdf(p, source.ocr_pages, Path(s.ocr_pdf_dir) / f"{p.stem}.ocr.pdf", s.password)
                result.ocr_pages = sorted(source.ocr_pages)
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
        result.pages = result.pages or n_pages or page_count(p)
    except MemoryError:
        err = memory_error(p, Settings.from_any(settings).max_memory_mib, Limits.from_settings(settings))
        result.code, result.message = err.code, str(err)
    except Exception as exc:  # noqa: BLE001 - a bug on one file must not end the batch
        err = InternalError(f"unexpected {type(exc).__name__}: {str(exc)[:300]}", file=path)
        result.code, result.message = err.code, str(err)
    finally:
        set_page_hook(None)
    result.seconds = round(time.perf_counter() - t0, 3)
    return result, text


def init_worker(settings: dict[str, Any]) -> None:
    """Given settings, prepare a worker process: import the readers and build the NLP pipeline once.

    Called by each child as it starts, never by the parent of a batch: what the parent imports
    would be counted again in a forked child's memory (``batch.executors``).
    """
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # damaged files log thousands of font warnings
    import pikepdf  # noqa: F401
    import pypdfium2  # noqa: F401

    import pipeline.extract  # noqa: F401
    try:
        from pipeline.nlp import get_nlp

        get_nlp(Settings.from_any(settings))
    except Exception:  # noqa: BLE001 - a missing model is reported per file by the extraction
        pass
