"""The record format of one LDN document (``../shared/eval/FORMAT.md``).

These pydantic models are the boundary between the extraction stages and
everything downstream (compare, export, report). Every extracted value can
carry ``provenance``: the PDF page, the box and the text it was read from.
Keys beyond FORMAT.md (``key``, ``scope``, ``issues`` ...) are allowed by the
format and documented in ``docs/record.md``.
"""

from __future__ import annotations

from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, model_serializer

FORMAT_VERSION = "1.0"

Qualifier = Literal["exact", "at_least", "more_than", "range", "approx", "up_to"]
Role = Literal["lead", "associated", "partner"]
ShareScope = Literal["mama", "slovenia"]
Source = Literal["activities", "results"]
Number = Union[int, float]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


def _drop_unset_ocr_keys(handler, model, keys: tuple[str, ...]) -> dict:
    """Serialize a model without the OCR keys it does not carry, so records of text PDFs stay as they were."""
    data = handler(model)
    for key in keys:
        if data.get(key) is None:
            data.pop(key, None)
    return data


class Fragment(_Model):
    """One line or box a value was read from: 1-based PDF page, pdfplumber bbox, text.

    On a page read through OCR, ``confidence`` is the lowest tesseract word confidence (0-100) of
    the words in the box, and ``low_confidence`` is true when it is below the run's threshold.
    """

    page: int = Field(ge=1)
    bbox: tuple[float, float, float, float]
    text: str
    confidence: Optional[float] = Field(None, description="OCR pages only: lowest word confidence in the box (0-100)")
    low_confidence: Optional[bool] = Field(None, description="OCR pages only: read from a word below the threshold")

    @model_serializer(mode="wrap")
    def _serialize(self, handler):
        return _drop_unset_ocr_keys(handler, self, ("confidence", "low_confidence"))


Provenance = list[Fragment]


class ApprovalStep(_Model):
    step: str
    body: Optional[str] = None
    date: Optional[str] = Field(None, description="YYYY-MM")
    raw: Optional[str] = None
    provenance: Provenance = Field(default_factory=list)


class Document(_Model):
    id: str
    year: Optional[int] = None
    organization: Optional[str] = None
    title: Optional[str] = None
    preparers: list[str] = Field(default_factory=list)
    contact_emails: list[str] = Field(default_factory=list)
    approval_steps: list[ApprovalStep] = Field(default_factory=list)
    provenance: Provenance = Field(default_factory=list)


class Section(_Model):
    number: Optional[str] = Field(None, description="as printed, without the final dot")
    title: str
    level: int = Field(ge=1)
    parent: Optional[str] = Field(None, description="section key of the enclosing heading")
    key: str = Field(description="number, or parent/title for an unnumbered heading")
    scope: Optional[Literal["national", "international"]] = Field(
        None, description="programme scope inherited from a NACIONALNO/MEDNARODNO heading"
    )
    area: Optional[str] = Field(None, description="title of the level-1 programme area")
    provenance: Provenance = Field(default_factory=list)


class Item(_Model):
    """A list item of an activities or results field."""

    text: str
    provenance: Provenance = Field(default_factory=list)


class Event(_Model):
    label: Optional[str] = None
    start: Optional[str] = None
    end: Optional[str] = None
    raw: Optional[str] = None
    provenance: Provenance = Field(default_factory=list)


class Duration(_Model):
    raw: str
    start: Optional[str] = None
    end: Optional[str] = None
    continuous: bool = False
    project_start: Optional[str] = None
    project_end: Optional[str] = None
    events: list[Event] = Field(default_factory=list)
    parsed: bool = Field(True, description="False when the form was not understood (raw kept)")
    provenance: Provenance = Field(default_factory=list)


class Target(_Model):
    source: Source
    item: int = Field(ge=0)
    text: str
    value: Optional[Number] = None
    min: Optional[Number] = None
    max: Optional[Number] = None
    qualifier: Qualifier = "exact"
    unit: Optional[str] = None
    mama_share: Optional[Number] = None
    share_scope: Optional[ShareScope] = None
    provenance: Provenance = Field(default_factory=list)


class Funding(_Model):
    raw: str
    funders: list[str] = Field(default_factory=list)
    provenance: Provenance = Field(default_factory=list)


class Partner(_Model):
    name: str
    country: Optional[str] = None
    role: Role = "partner"
    generic: bool = False
    provenance: Provenance = Field(default_factory=list)


class Entry(_Model):
    section: Optional[str] = None
    title: str
    parent_title: Optional[str] = None
    duration: Optional[Duration] = None
    activities: list[Item] = Field(default_factory=list)
    results: list[Item] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    funding: Optional[Funding] = None
    partners: list[Partner] = Field(default_factory=list)
    labels: dict[str, str] = Field(default_factory=dict, description="field labels as printed")
    provenance: Provenance = Field(default_factory=list)


class TimelineLabel(_Model):
    text: str
    months: list[int] = Field(default_factory=list)
    provenance: Provenance = Field(default_factory=list)


class Timeline(_Model):
    title: str
    section: Optional[str] = None
    labels: list[TimelineLabel] = Field(default_factory=list)
    provenance: Provenance = Field(default_factory=list)


class Application(_Model):
    programme: str
    count: int
    provenance: Provenance = Field(default_factory=list)


class RecordIssue(_Model):
    """A recoverable problem met while extracting (errors are data)."""

    stage: str
    code: str
    message: str
    page: Optional[int] = None


class OcrPageInfo(_Model):
    """One page read through OCR: how well tesseract read it."""

    page: int = Field(ge=1)
    words: int = 0
    mean_confidence: float = Field(description="mean tesseract word confidence, 0-100")
    low_confidence_words: int = 0
    skew: float = Field(0.0, description="degrees the scan was turned to make its lines level")


class OcrInfo(_Model):
    """Which pages were read through OCR, with what, and how confidently."""

    engine: str
    language: str
    dpi: int
    threshold: float = Field(description="word confidence below which a value is flagged low_confidence")
    mean_confidence: float
    pages: list[OcrPageInfo] = Field(default_factory=list)
    low_confidence_values: int = Field(0, description="values with a fragment read from a low-confidence word")


class Record(_Model):
    format_version: str = FORMAT_VERSION
    document: Document
    sections: list[Section] = Field(default_factory=list)
    entries: list[Entry] = Field(default_factory=list)
    timelines: list[Timeline] = Field(default_factory=list)
    applications_planned: list[Application] = Field(default_factory=list)
    issues: list[RecordIssue] = Field(default_factory=list)
    pipeline_version: Optional[str] = None
    ocr: Optional[OcrInfo] = Field(None, description="present when pages were read through OCR")

    @model_serializer(mode="wrap")
    def _serialize(self, handler):
        return _drop_unset_ocr_keys(handler, self, ("ocr",))
