"""Per-file bounds, the way Apache Tika's server runs its parsers: every file is read in a child
process with a wall-time budget scaled by its pages and a memory cap; the parent kills a child
past either and starts a new one, and the file fails with E106 saying which limit, the figure
reached and the option that raises it. What one page may inflate to or draw is checked inside
the child before any parser draws it (``read.inflate``, pdfium's character counts).
"""

from __future__ import annotations

import resource
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from pipeline.errors import LimitError
from pipeline.settings import Settings

MIB = 1 << 20

# limit -> (CLI option, environment variable)
OPTIONS = {
    "time": ("--max-seconds-per-page", "LDN_MAX_SECONDS_PER_PAGE"),
    "memory": ("--max-memory-mib", "LDN_MAX_MEMORY_MIB"),
    "page content": ("--max-page-content-mib", "LDN_MAX_PAGE_CONTENT_MIB"),
    "page characters": ("--max-page-chars", "LDN_MAX_PAGE_CHARS"),
}


@dataclass(frozen=True)
class Limits:
    seconds_base: float
    seconds_per_page: float
    memory_mib: int
    page_content_mib: float
    page_chars: int
    seconds_per_ocr_page: float = 0.0

    @classmethod
    def from_settings(cls, settings: Settings | dict[str, Any] | None) -> "Limits":
        """Given settings, return their limits (a 0 turns that limit off)."""
        s = Settings.from_any(settings)
        return cls(s.max_seconds_base, s.max_seconds_per_page, s.max_memory_mib, s.max_page_content_mib,
                   s.max_page_chars, s.max_seconds_per_ocr_page)

    def seconds_for(self, pages: Optional[int], ocr_pages: int = 0) -> Optional[float]:
        """Given a file's page count (None while unknown) and its pages to OCR, return its wall-time budget,
        None for no limit. A page read through OCR gets its own, larger, allowance on top."""
        if self.seconds_per_page <= 0:
            return None
        return self.seconds_base + self.seconds_per_page * (pages or 0) + self.seconds_per_ocr_page * ocr_pages


def _how_to_raise(limit: str) -> str:
    option, env = OPTIONS[limit]
    return f"raise it with {option} or {env}"


def time_error(path: Path | str, seconds: float, limits: Limits, pages: Optional[int],
               ocr_pages: int = 0) -> LimitError:
    """Given a file stopped after ``seconds``, return its E106 error for the time limit."""
    budget = limits.seconds_for(pages, ocr_pages) or 0.0
    how = (f"{limits.seconds_base:g} s + {limits.seconds_per_page:g} s a page x {pages} pages" if pages
           else "its page count not yet known")
    if pages and ocr_pages:
        how += f" + {limits.seconds_per_ocr_page:g} s an OCR page x {ocr_pages}"
    return LimitError(
        f"over the time limit: stopped after {seconds:.0f} s (limit {budget:g} s = {how}; {_how_to_raise('time')})",
        file=path, limit="time", figure=round(seconds, 1), option=OPTIONS["time"][0])


def memory_error(path: Path | str, mib: float, limits: Limits) -> LimitError:
    """Given a file whose worker reached ``mib`` MiB, return its E106 error for the memory limit."""
    return LimitError(
        f"over the memory limit: the worker reached {mib:.0f} MiB (limit {limits.memory_mib} MiB; "
        f"{_how_to_raise('memory')})", file=path, limit="memory", figure=round(mib), option=OPTIONS["memory"][0])


def page_content_error(path: Path | str, page: int, limits: Limits) -> LimitError:
    """Given the first page whose content inflates past the limit, return its E106 error."""
    return LimitError(
        f"over the page-content limit: page {page}'s content streams inflate (or its forms draw) more than "
        f"{limits.page_content_mib:g} MiB (limit {limits.page_content_mib:g} MiB; {_how_to_raise('page content')})",
        file=path, page=page, limit="page content", figure=limits.page_content_mib, option=OPTIONS["page content"][0])


def page_chars_error(path: Path | str, page: int, chars: int, limits: Limits) -> LimitError:
    """Given a page that draws ``chars`` characters, past the limit, return its E106 error."""
    return LimitError(
        f"over the page-character limit: page {page} draws {chars} characters (limit {limits.page_chars}; "
        f"{_how_to_raise('page characters')})", file=path, page=page, limit="page characters", figure=chars,
        option=OPTIONS["page characters"][0])


def check_page_chars(path: Path | str, page_chars: list[int], limits: Limits) -> None:
    """Given pdfium's characters per page, raise E106 for the first page past the limit."""
    if limits.page_chars <= 0:
        return
    for page, chars in enumerate(page_chars, 1):
        if chars > limits.page_chars:
            raise page_chars_error(path, page, chars, limits)


def set_memory_cap(limits: Limits) -> Optional[int]:
    """Cap this process's address space at its present size plus the memory limit; return the cap in bytes.

    The parent also watches the resident memory; the cap stops an allocation that grows faster than
    the parent looks (a bomb inflating in C): it fails with ``MemoryError`` instead of taking the machine.
    """
    if limits.memory_mib <= 0:
        return None
    import psutil

    cap = psutil.Process().memory_info().vms + limits.memory_mib * MIB
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ValueError, OSError):
        return None
    return cap


def tree_rss_mib(pid: int) -> float:
    """Given a process id, return the resident memory of it and its children in MiB (0 when gone).

    The parent asks this of every busy child many times a second; on Linux it reads only the tree's
    own ``/proc`` entries (psutil's ``children`` scans every process on the machine: 1.7 ms a call,
    about 8 % of a core beside a serial run).
    """
    try:
        return _proc_tree_rss(pid) / MIB
    except OSError:
        pass  # no such pid, or no /proc children lists (not Linux): psutil below
    import psutil

    try:
        proc = psutil.Process(pid)
        total = proc.memory_info().rss
        for child in proc.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:
                pass
    except psutil.Error:
        return 0.0
    return total / MIB


_PAGE_BYTES = resource.getpagesize()


def _proc_tree_rss(pid: int) -> int:
    """Given a process id, return the summed RSS in bytes of it and its descendants, from /proc (Linux)."""
    with open(f"/proc/{pid}/statm", "rb") as f:
        total = int(f.read().split()[1]) * _PAGE_BYTES
    task_dir = Path(f"/proc/{pid}/task")
    for task in task_dir.iterdir():  # raises OSError when the process is gone
        try:
            kids = (task / "children").read_bytes().split()
        except FileNotFoundError:
            if task.exists():  # a kernel without CONFIG_PROC_CHILDREN: let psutil do it
                raise
            continue
        for kid in kids:
            try:
                total += _proc_tree_rss(int(kid))
            except OSError:
                pass  # ended meanwhile
    return total
