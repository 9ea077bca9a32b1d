"""Validated settings: named ``DEFAULT_*`` constants feeding a pydantic ``Settings``.

Every field can be set from the environment with the prefix ``LDN_`` (``LDN_LEMMATIZER=classla``)
or passed as a dict: ``Settings.from_any({"workers": 2})``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PIPELINE_VERSION = "0.1.0"  # written into every record and run file; a rerun redoes files of another version
DEFAULT_LEMMATIZER = "lemmagen3"
DEFAULT_WORKERS = 1
DEFAULT_MIN_TEXT_CHARS = 20  # below this a page counts as having no text layer
DEFAULT_LINE_TOLERANCE = 2.5  # pt; words whose baselines differ less share a line
DEFAULT_OCR = "auto"  # auto: OCR the pages that have no text layer; always: every page; never: refuse scans (E105)
DEFAULT_OCR_DPI = 300  # render resolution for OCR; tesseract reads 10 pt text best at 300 dpi
DEFAULT_OCR_LANG = "slv"  # tesseract language data (Debian: tesseract-ocr-slv)
DEFAULT_OCR_PSM = 3  # tesseract page segmentation: automatic, columns and blocks found by tesseract
DEFAULT_OCR_LOW_CONFIDENCE = 60.0  # words below this tesseract confidence (0-100) flag the values read from them
DEFAULT_TESSERACT_CMD = "tesseract"
# Per-file bounds (0 turns one off). A real plan reads at about 0.15 s a page and 400 MiB, so a 300-page
# plan stays far inside them; a hostile file (a zlib bomb, millions of operators) is stopped with E106.
DEFAULT_MAX_SECONDS_BASE = 60.0  # wall time every file gets: opening it, a fresh worker building its NLP
DEFAULT_MAX_SECONDS_PER_PAGE = 10.0  # wall time per page on top of the base
DEFAULT_MAX_SECONDS_PER_OCR_PAGE = 60.0  # more per page read through OCR (tesseract: 3-12 s of CPU a page at 300 dpi)
DEFAULT_MAX_MEMORY_MIB = 2048  # resident memory of the worker process reading one file
DEFAULT_MAX_PAGE_CONTENT_MIB = 16.0  # what one page's content streams (and forms) may inflate to
DEFAULT_MAX_PAGE_CHARS = 50_000  # characters one page may draw (a dense A4 page has about 10 000)
DEFAULT_SOURCE = "pdfium"  # 4-6x faster than "pdfplumber", the reference, and its records score the same
SOURCES = ("pdfium", "pdfplumber")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LDN_", extra="forbid")

    lemmatizer: Literal["lemmagen3", "classla"] = DEFAULT_LEMMATIZER
    classla_dir: Optional[Path] = Field(None, description="local classla resources directory")
    workers: int = Field(DEFAULT_WORKERS, ge=1)
    password: Optional[str] = None
    force: bool = False
    min_text_chars: int = Field(DEFAULT_MIN_TEXT_CHARS, ge=0)
    line_tolerance: float = Field(DEFAULT_LINE_TOLERANCE, gt=0)
    ocr: Literal["auto", "always", "never"] = DEFAULT_OCR
    ocr_dpi: int = Field(DEFAULT_OCR_DPI, ge=72, le=1200)
    ocr_lang: str = DEFAULT_OCR_LANG
    ocr_psm: int = Field(DEFAULT_OCR_PSM, ge=0, le=13)
    ocr_jobs: int = Field(0, ge=0, description="tesseract processes at once for one file; 0: the number of workers")
    ocr_low_confidence: float = Field(DEFAULT_OCR_LOW_CONFIDENCE, ge=0, le=100)
    tesseract_cmd: str = DEFAULT_TESSERACT_CMD
    ocr_pdf_dir: Optional[Path] = Field(None, description="folder for <stem>.ocr.pdf of OCR'd files (the run's output folder)")
    max_seconds_base: float = Field(DEFAULT_MAX_SECONDS_BASE, ge=0)
    max_seconds_per_page: float = Field(DEFAULT_MAX_SECONDS_PER_PAGE, ge=0)
    max_seconds_per_ocr_page: float = Field(DEFAULT_MAX_SECONDS_PER_OCR_PAGE, ge=0)
    max_memory_mib: int = Field(DEFAULT_MAX_MEMORY_MIB, ge=0)
    max_page_content_mib: float = Field(DEFAULT_MAX_PAGE_CONTENT_MIB, ge=0)
    max_page_chars: int = Field(DEFAULT_MAX_PAGE_CHARS, ge=0)
    source: Literal["pdfium", "pdfplumber"] = DEFAULT_SOURCE

    @classmethod
    def from_any(cls, value: "Settings | dict[str, Any] | None" = None) -> "Settings":
        """Given settings, a dict or None, return validated ``Settings``."""
        if isinstance(value, Settings):
            return value
        return cls(**(value or {}))
