"""Run results: one ``FileResult`` per input of a batch and the ``RunFile`` written as OUT/run.json."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["ok", "partial", "failed"]
RUN_FORMAT_VERSION = "1"


class FileResult(BaseModel):
    """What became of one input file: its status, the error that stopped it, its counts and time."""

    model_config = ConfigDict(extra="ignore")

    path: str
    sha256: Optional[str] = None
    status: Status
    code: Optional[str] = Field(None, description="error code (E1xx ingest, E200 not an LDN, E9xx internal)")
    message: Optional[str] = Field(None, description="one line naming the file and the reason")
    output: Optional[str] = Field(None, description="record JSON file name inside the output folder")
    pages: int = 0
    failed_pages: list[int] = Field(default_factory=list, description="1-based pages lost (the gaps)")
    seconds: float = 0.0
    counts: dict[str, int] = Field(default_factory=dict)
    pipeline_version: str
    ocr_pages: list[int] = Field(default_factory=list, description="1-based pages read through OCR (see <stem>.ocr.pdf)")
    reused: bool = Field(False, description="unchanged since the previous run (same sha256 and version): not redone")

    @property
    def good(self) -> bool:
        return self.status in ("ok", "partial")


class RunFile(BaseModel):
    """OUT/run.json: every input of the last run, in input order."""

    model_config = ConfigDict(extra="ignore")

    run_format_version: str = RUN_FORMAT_VERSION
    pipeline_version: str
    files: list[FileResult] = Field(default_factory=list)
    totals: dict[str, float] = Field(default_factory=dict)
    export_error: Optional[str] = None
