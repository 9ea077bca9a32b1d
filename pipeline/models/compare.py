"""The year-over-year comparison format (``../shared/eval/COMPARE.md``).

A ``Comparison`` says, for two plans A (earlier) and B (later), how their headings correspond
(``SectionMap``), and for every entry appearance whether it continues, ended or is new
(``PairRecord``), with the change records of continuing pairs. Change records are a tagged
union on ``kind``. Keys beyond COMPARE.md (``score``, ``evidence``) are informational and
ignored by the scorer; gold-only keys (``unit_alt``, ``aliases``) are accepted and kept.
"""

from __future__ import annotations

from typing import Annotated, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

from pipeline.models.record import Number, Qualifier, Source

COMPARE_FORMAT_VERSION = "1.0"

SectionStatus = Literal["same", "renamed", "renumbered", "renamed_renumbered", "removed", "new"]
PairStatus = Literal["continuing", "ended", "new"]
SetChange = Literal["added", "removed"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class SectionMap(_Model):
    """How one heading of A corresponds to one heading of B (null on the side it is missing)."""

    a: Optional[str] = Field(None, description="section key in plan A")
    b: Optional[str] = Field(None, description="section key in plan B")
    status: SectionStatus
    title_a: Optional[str] = None
    title_b: Optional[str] = None


class EntryRef(_Model):
    """An entry of one plan, named exactly as in that plan's record."""

    section: Optional[str] = None
    title: str
    parent_title: Optional[str] = None


class TargetState(_Model):
    """The numbers of one target in one year."""

    value: Optional[Number] = None
    min: Optional[Number] = None
    max: Optional[Number] = None
    qualifier: Qualifier = "exact"
    mama_share: Optional[Number] = None


class TitleChange(_Model):
    kind: Literal["title"] = "title"
    old: str
    new: str


class SectionChange(_Model):
    """The entry moved: B's section is not the one A's section corresponds to."""

    kind: Literal["section"] = "section"
    old: Optional[str] = None
    new: Optional[str] = None


class DurationChange(_Model):
    """One end of the project span moved (beyond the yearly roll-over), or ``continuous`` flipped."""

    kind: Literal["duration"] = "duration"
    field: Literal["start", "end", "continuous"]
    old: Optional[Union[bool, str]] = None
    new: Optional[Union[bool, str]] = None


class TargetChange(_Model):
    kind: Literal["target"] = "target"
    change: Literal["changed", "added", "removed"]
    unit: Optional[str] = None
    unit_alt: list[str] = Field(default_factory=list, description="gold only")
    source: Optional[Source] = None
    old: Optional[TargetState] = None
    new: Optional[TargetState] = None


class PartnerChange(_Model):
    kind: Literal["partner"] = "partner"
    change: SetChange
    name: str
    aliases: list[str] = Field(default_factory=list, description="gold only")


class FunderChange(_Model):
    kind: Literal["funder"] = "funder"
    change: SetChange
    code: str


Change = Annotated[
    Union[TitleChange, SectionChange, DurationChange, TargetChange, PartnerChange, FunderChange],
    Field(discriminator="kind"),
]


class PairRecord(_Model):
    """One entry pair (continuing) or one unpaired appearance (ended or new)."""

    project: Optional[str] = Field(None, description="id shared by all appearances of one project")
    status: PairStatus
    a: Optional[EntryRef] = None
    b: Optional[EntryRef] = None
    changes: list[Change] = Field(default_factory=list)
    score: Optional[float] = Field(None, description="identity evidence of the project match, 0..1")


SectionMapState = Literal["built", "partial", "not_built"]


class Comparison(_Model):
    format_version: str = COMPARE_FORMAT_VERSION
    year_a: Optional[int] = None
    year_b: Optional[int] = None
    doc_a: Optional[str] = None
    doc_b: Optional[str] = None
    sections: list[SectionMap] = Field(default_factory=list)
    section_map_state: SectionMapState = Field(
        "built", description="built; partial (few headings correspond); not_built (a plan has no section tree: "
        "entries are paired by title and evidence only, and section moves are not recorded)")
    section_map_note: Optional[str] = Field(None, description="why the section map is partial or not built")
    pairs: list[PairRecord] = Field(default_factory=list)
