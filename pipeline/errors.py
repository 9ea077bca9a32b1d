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
    """The pages are images with no text layer (a scan); OCR is out of scope."""

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


class CompareError(LdnError):
    """Two records cannot be compared (unreadable, or not record files)."""

    code = "E400"


class InternalError(LdnError):
    """An unexpected failure inside the pipeline on one file (a bug to report); the batch goes on."""

    code = "E900"
