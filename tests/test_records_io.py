"""The compare door of the library (``pipeline.compare.records_io``): records checked one by one and as
a set (distinct plans, at least two), with typed errors before anything is compared."""

from __future__ import annotations

import json
import shutil

import pytest

from pipeline.compare.pairing import compare_records
from pipeline.compare.records_io import organisation_key, paths_to_records, read_record
from pipeline.errors import CompareInputError, SamePlanError, SameYearPlansError, TooFewRecordsError
from pipeline.models import record_from_dict
from tests.records import bad_record_files, plan_dict, write_plan


@pytest.mark.parametrize("name", sorted(bad_record_files()))
def test_records_io_bad_input_raises_before_comparing(tmp_path, name):
    data, code, reason = bad_record_files()[name]
    (tmp_path / name).write_bytes(data)
    good = write_plan(tmp_path / "good" / "ldn-2030.json", 2030)
    with pytest.raises(CompareInputError) as caught:
        paths_to_records([good, tmp_path / name])
    assert caught.value.code == code and reason in caught.value.message
    assert caught.value.file == str(tmp_path / name)


def test_records_io_read_record_sniffs_a_pdf(tmp_path):
    (tmp_path / "plan.json").write_bytes(b"%PDF-1.4\n%%EOF\n")  # the name does not matter
    with pytest.raises(CompareInputError, match=r"\[E412\] a PDF, not a record: extract it with `ldn run"):
        read_record(tmp_path / "plan.json")


def test_records_io_same_file_twice(tmp_path):
    a = write_plan(tmp_path / "ldn-2030.json", 2030)
    with pytest.raises(SamePlanError, match="given twice"):
        paths_to_records([a, tmp_path / "." / "ldn-2030.json"])
    with pytest.raises(SamePlanError, match="given twice"):
        paths_to_records([tmp_path, a])  # once in the folder, once by name


def test_records_io_same_plan_under_two_names(tmp_path):
    a = write_plan(tmp_path / "ldn-2030.json", 2030)
    b = tmp_path / "copy" / "kopija.json"
    b.parent.mkdir()
    data = json.loads(a.read_text(encoding="utf-8"))
    data["document"]["id"] = "kopija"
    data["pipeline_version"] = "9.9.9"  # another run of the same plan
    b.write_text(json.dumps(data, indent=2), encoding="utf-8")
    with pytest.raises(SamePlanError) as caught:
        paths_to_records([a, b])
    assert str(a) in caught.value.message and str(b) in caught.value.message


def test_records_io_same_year_and_organisation(tmp_path):
    a = write_plan(tmp_path / "ldn-2030.json", 2030, titles=("Mreža svetovalcev",))
    b = write_plan(tmp_path / "ldn-2030-popravek.json", 2030, org="  ZAVOD  primer ", titles=("Drugo",))
    c = write_plan(tmp_path / "ldn-2031.json", 2031)
    with pytest.raises(SameYearPlansError) as caught:
        paths_to_records([a, b, c])
    assert "2030" in caught.value.message and str(a) in caught.value.message and caught.value.file == str(b)
    other_org = write_plan(tmp_path / "other" / "ldn-2030.json", 2030, org="Društvo Drugo", titles=("Drugo",))
    assert [r.document.year for r in paths_to_records([c, a, other_org])] == [2030, 2030, 2031]


def test_records_io_folder_with_too_few_records_says_how_many(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(TooFewRecordsError, match="found 0"):
        paths_to_records([folder])
    write_plan(folder / "ldn-2030.json", 2030)
    (folder / "run.json").write_text(json.dumps({"run_format_version": "1", "files": []}), encoding="utf-8")
    with pytest.raises(TooFewRecordsError) as caught:
        paths_to_records([folder])
    assert "found 1" in caught.value.message
    assert "skipped 1 JSON file that is not a record: run.json" in caught.value.message
    write_plan(folder / "ldn-2031.json", 2031)
    assert [r.document.year for r in paths_to_records([folder])] == [2030, 2031]


def test_records_io_broken_record_in_a_folder_is_an_error(tmp_path):
    write_plan(tmp_path / "ldn-2030.json", 2030)
    good = json.dumps(plan_dict(2031)).encode()
    (tmp_path / "ldn-2031.json").write_bytes(good[:-10])
    with pytest.raises(CompareInputError, match=r"ldn-2031.json: \[E412\] truncated JSON"):
        paths_to_records([tmp_path])


def test_records_io_compare_records_refuses_one_plan_twice():
    a = record_from_dict(plan_dict(2030))
    with pytest.raises(SamePlanError):
        compare_records(a, a.model_copy(deep=True))
    b = record_from_dict(plan_dict(2030, titles=("Drugo",)))
    with pytest.raises(SameYearPlansError):
        compare_records(a, b)
    assert compare_records(a, record_from_dict(plan_dict(2031))).pairs[0].status == "continuing"


def test_records_io_gold_folder_compares(tmp_path):
    from tests.test_compare import GOLD

    if not GOLD.is_dir():
        pytest.skip("gold files not available")
    for name in ("ldn-2025-synthetic.json", "ldn-2026.json", "compare-2025-2026.json"):
        shutil.copy(GOLD / name, tmp_path / name)  # the gold comparison is skipped as not a record
    assert [r.document.year for r in paths_to_records([tmp_path])] == [2025, 2026]


@pytest.mark.parametrize("a, b, same", [
    ("Zavod Mladinska mreža MaMa", "ZAVOD MLADINSKA MREŽA MAMA", True),
    ("Zavod Mladinska mreža MaMa", "Mreža MaMa", True),  # a registry alias
    ("Zavod Mladinska mreža MaMa", "Zavod Mladinska mreža MaMa 2", True),  # a page number on the name line
    ("Zavod Primer", "Zavod Nefiks", False),
    (None, None, False),  # no organisation: the year alone does not make two plans one
])
def test_records_io_organisation_key(a, b, same):
    ka, kb = organisation_key(a), organisation_key(b)
    assert (ka is not None and ka == kb) is same


def test_records_io_folder_skips_json_of_another_shape(tmp_path):
    write_plan(tmp_path / "ldn-2030.json", 2030)
    write_plan(tmp_path / "ldn-2031.json", 2031)
    (tmp_path / "ldn-2030.score.json").write_text(json.dumps({"document": {"f1": 1.0}, "entries": {"f1": 1.0}}))
    (tmp_path / "bench.json").write_text(json.dumps({"pages": 3}))
    assert [r.document.year for r in paths_to_records([tmp_path])] == [2030, 2031]
