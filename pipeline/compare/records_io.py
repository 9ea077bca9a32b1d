"""Records in, comparison out: the door of ``ldn compare`` (record files checked before anything is
written) and the serialization of a ``Comparison``.

Each file must be an ldn record in a readable format version (``models.loading.load_record``);
the records must be at least two, and of distinct plans: the same plan given twice, or two plans
of the same year and organisation, is refused, since a comparison is between years.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from pathlib import Path
from typing import Optional, Sequence

from pipeline.errors import (
    RecordJsonError,
    SamePlanError,
    SameYearPlansError,
    TooFewRecordsError,
)
from pipeline.compare.matching import canonical_partner
from pipeline.models.compare import Comparison
from pipeline.models.loading import check_record_dict, load_record, read_json
from pipeline.models.record import Record
from pipeline.read.ingest import HEAD_BYTES, bytes_to_kind

TEXT_KINDS = ("a plain-text file", "a file of blank characters", "an empty file", "unrecognised binary data")
SHOWN_SKIPPED = 3  # how many skipped file names a "too few records" message lists


def _sniff(path: Path) -> None:
    """Given an input path, refuse at once a file that is plainly not JSON (a PDF, an image, an archive)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError:
        return  # load_record says why it cannot be read
    kind = bytes_to_kind(head)
    if kind is None:
        raise RecordJsonError("a PDF, not a record: extract it with `ldn run PDF --out DIR` and compare "
                              "the JSON records written there", file=path)
    if not kind.startswith(TEXT_KINDS):
        raise RecordJsonError(f"not JSON: it looks like {kind}", file=path)


def read_record(path: Path) -> Record:
    """Given a record JSON path, return the ``Record``; raise a ``CompareInputError`` naming the file
    and the first problem (unreadable, not JSON or truncated, not a record, unreadable format version)."""
    path = Path(path)
    if path.is_file():
        _sniff(path)
    return load_record(path)


def folder_to_records(folder: Path) -> tuple[list[tuple[Path, Record]], list[Path]]:
    """Given a folder, return its records (by file name) and the JSON files skipped as not records.

    JSON that does not have a record's shape (a ``document`` object and an ``entries`` list: run.json,
    comparisons, bench results, scores) is skipped; a file that is not JSON or is a record with a
    bad value is an error, since it may be a year's plan cut short.
    """
    records: list[tuple[Path, Record]] = []
    skipped: list[Path] = []
    for f in sorted(folder.glob("*.json")):
        if f.name.startswith(".") or not f.is_file():
            continue
        _sniff(f)
        data = read_json(f)
        if not (isinstance(data, dict) and isinstance(data.get("document"), dict)
                and isinstance(data.get("entries"), list)):
            skipped.append(f)
            continue
        records.append((f, check_record_dict(data, f)))
    return records, skipped


def plan_fingerprint(record: Record) -> str:
    """Given a record, return a hash of its content without the file id and pipeline version: equal for the same plan."""
    text = record.model_dump_json(exclude={"pipeline_version": True, "document": {"id"}})
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def organisation_key(name: Optional[str]) -> Optional[str]:
    """Given a plan's organisation as extracted, return a key equal for the same organisation: the
    registry's canonical name when known, case, spacing and a trailing number (a page number or year
    printed on the same line) aside; None when there is no name."""
    if not name:
        return None
    words = unicodedata.normalize("NFC", name).split()
    while words and words[-1].strip(".,;:").isdigit():
        words.pop()
    return canonical_partner(" ".join(words)).casefold() if words else None


def check_distinct_plans(records: Sequence[Record], names: Optional[Sequence[str]] = None) -> None:
    """Given records to compare (and the files they came from), raise ``SamePlanError`` when two hold
    the same plan and ``SameYearPlansError`` when two are plans of the same year and organisation."""
    names = list(names) if names is not None else [r.document.id for r in records]
    seen_content: dict[str, int] = {}
    seen_year: dict[tuple[int, str], int] = {}
    for i, rec in enumerate(records):
        fp = plan_fingerprint(rec)
        if fp in seen_content:
            raise SamePlanError(f"the same plan is given twice: {names[seen_content[fp]]} and {names[i]} hold "
                                "the same record; give records of different years", file=names[i])
        seen_content[fp] = i
        org = organisation_key(rec.document.organization)
        if rec.document.year is not None and org is not None:
            key = (rec.document.year, org)
            if key in seen_year:
                raise SameYearPlansError(
                    f"{names[seen_year[key]]} and {names[i]} are both plans of {rec.document.organization} "
                    f"for {rec.document.year}: a comparison is between years, give one record per year",
                    file=names[i])
            seen_year[key] = i


def _too_few(found: int, paths: list[Path], skipped: list[Path]) -> TooFewRecordsError:
    where = ", ".join(map(str, paths)) or None
    text = f"need at least two records to compare, found {found}"
    if skipped:
        shown = ", ".join(p.name for p in skipped[:SHOWN_SKIPPED]) + (", ..." if len(skipped) > SHOWN_SKIPPED else "")
        what = "JSON file that is not a record" if len(skipped) == 1 else "JSON files that are not records"
        text += f" (skipped {len(skipped)} {what}: {shown})"
    return TooFewRecordsError(text, file=where)


def paths_to_records(paths: Sequence[Path | str]) -> list[Record]:
    """Given record files and/or folders of records, return the records ordered by plan year.

    In a folder, JSON files that are not records (run summaries, comparisons) are skipped. Raise a
    ``CompareInputError`` naming the file and the problem before anything is compared or written.
    """
    paths = [Path(p) for p in paths]
    found: list[tuple[Path, Record]] = []
    skipped: list[Path] = []
    seen: dict[Path, Path] = {}
    for p in paths:
        if p.is_dir():
            recs, skip = folder_to_records(p)
            skipped += skip
        else:
            recs = [(p, read_record(p))]
        for f, rec in recs:
            key = f.resolve()
            if key in seen:
                raise SamePlanError(f"the same file is given twice ({seen[key]} and {f})", file=f)
            seen[key] = f
            found.append((f, rec))
    if len(found) < 2:
        raise _too_few(len(found), paths, skipped)
    check_distinct_plans([r for _, r in found], [str(f) for f, _ in found])
    records = [r for _, r in found]
    # A stable sort: records without a year keep their given place after the dated ones.
    return sorted(records, key=lambda r: (r.document.year is None, r.document.year or 0))


def comparison_to_json(comparison: Comparison) -> str:
    """Given a comparison, return its COMPARE.md JSON text (gold-only keys left out)."""
    data = comparison.model_dump(mode="json", exclude_none=False)
    for pair in data["pairs"]:
        for change in pair["changes"]:
            if not change.get("unit_alt"):
                change.pop("unit_alt", None)
            if not change.get("aliases"):
                change.pop("aliases", None)
    return json.dumps(data, ensure_ascii=False, indent=1)
