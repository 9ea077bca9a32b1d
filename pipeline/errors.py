"""Fatal errors: each stops one file (not the batch) and carries file, page and a stable code.

Recoverable problems are data instead (``RecordIssue`` in the record, ``FileResult`` in
the run summary). The CLI maps ``LdnError`` to a one-line message and an exit status.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional


class LdnError(Exception):
    """Base of every error ldn raises on purpose."""

    code = "E000"

    def __init__(self, message: str, file: Optional[Path | str] = None, page: Optional[int] = None):
        self.message = message
        self.file = str(file) if file is not None else None
        self.page = page
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.page is not None:
            where += f" (page {self.page})"
        return f"{where}: [{self.code}] {self.message}"


class IngestError(LdnError):
    """The file cannot be read as a PDF with a text layer."""

    code = "E100"


class NotPdfError(IngestError):
    """The file is not a PDF (its first bytes say what it looks like)."""

    code = "E101"


class CorruptPdfError(IngestError):
    """The PDF is damaged or truncated and cannot be parsed."""

    code = "E102"


class EncryptedPdfError(IngestError):
    """The PDF is encrypted and no (correct) password was given."""

    code = "E103"


class EmptyPdfError(IngestError):
    """The PDF has no pages, or no text on any page."""

    code = "E104"


class ScannedPdfError(IngestError):
    """The pages are images with no text layer (a scan) and OCR is turned off (``--ocr never``)."""

    code = "E105"


class LimitError(IngestError):
    """The file went past a per-file bound (time, memory, or what one page inflates to or draws)."""

    code = "E106"

    def __init__(self, message: str, file: Optional[Path | str] = None, page: Optional[int] = None,
                 limit: str = "", figure: float = 0.0, option: str = ""):
        self.limit, self.figure, self.option = limit, figure, option
        super().__init__(message, file=file, page=page)


class NotLdnError(LdnError):
    """The PDF has text but not the structure of a work plan."""

    code = "E200"


class ConfigError(LdnError):
    """A setting or a vocabulary file is invalid, or an optional model is missing."""

    code = "E300"


class ModelNotInstalledError(ConfigError):
    """An NLP backend needs a model that is not installed locally (nothing is downloaded)."""

    code = "E301"


class OcrNotInstalledError(ConfigError):
    """A scanned page needs OCR but tesseract or its language data is not installed (nothing is downloaded)."""

    code = "E302"


class CompareError(LdnError):
    """Records cannot be compared."""

    code = "E400"


class CompareInputError(CompareError):
    """A compare input is not usable; the subclasses say why (checked before anything is written)."""

    code = "E410"


class RecordUnreadableError(CompareInputError):
    """The record file is missing, a folder, not readable, or not text (binary, not UTF-8)."""

    code = "E411"


class RecordJsonError(CompareInputError):
    """The record file is not JSON, or its JSON is cut short (truncated)."""

    code = "E412"


class RecordInvalidError(CompareInputError):
    """The JSON is not an ldn record: the first problem's location and pydantic's message."""

    code = "E413"


class RecordVersionError(CompareInputError):
    """The record was written in a ``format_version`` this ldn cannot read."""

    code = "E414"


class SamePlanError(CompareInputError):
    """The same plan was given twice (same file, same bytes, or the same record content)."""

    code = "E415"


class SameYearPlansError(CompareInputError):
    """Two plans of the same year and organisation: a comparison is between years."""

    code = "E416"


class TooFewRecordsError(CompareInputError):
    """Fewer than two records to compare (the message says how many were found where)."""

    code = "E417"


class OutputError(LdnError):
    """The output folder or file cannot be created or written (a usage error: nothing is written)."""

    code = "E500"


class InternalError(LdnError):
    """An unexpected failure inside the pipeline on one file (a bug to report); the batch goes on."""

    code = "E900"
