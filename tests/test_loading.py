"""The record door of the library (``pipeline.models.load_record``): typed errors naming the file and
the first problem, format versions read when they can be, and gold and pipeline records accepted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.errors import CompareInputError, LdnError, RecordUnreadableError
from pipeline.models import FORMAT_VERSION, load_record
from pipeline.models.loading import check_record_dict, location_to_text
from tests.records import bad_record_files, plan_dict

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"

# A PDF or an image is refused by the compare door's sniffing; the model door sees only text.
SNIFFED = {"plan.pdf", "picture.json"}


@pytest.mark.parametrize("name", sorted(set(bad_record_files()) - SNIFFED))
def test_loading_bad_file_raises_typed_error_naming_file_and_reason(tmp_path, name):
    data, code, reason = bad_record_files()[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CompareInputError) as caught:
        load_record(path)
    exc = caught.value
    assert exc.code == code and exc.file == str(path)
    assert reason in exc.message and str(path) in str(exc) and "\n" not in str(exc)


def test_loading_missing_file_and_folder_are_unreadable(tmp_path):
    for path, reason in ((tmp_path / "nowhere.json", "no such file"), (tmp_path, "is a folder")):
        with pytest.raises(RecordUnreadableError, match=reason):
            load_record(path)


@pytest.mark.parametrize("version", [None, FORMAT_VERSION, "1", "1.9"])
def test_loading_reads_every_1x_format_version(tmp_path, version):
    data = plan_dict(2031)
    data["format_version"] = version
    data["document"]["added_in_a_later_minor"] = {"x": 1}  # unknown keys of a newer 1.x are ignored
    (tmp_path / "r.json").write_text(json.dumps(data), encoding="utf-8")
    record = load_record(tmp_path / "r.json")
    assert record.document.year == 2031 and record.entries[0].activities[0].text == "1. srečanje"


@pytest.mark.skipif(not GOLD.is_dir(), reason="gold files not available")
@pytest.mark.parametrize("name", ["ldn-2025-synthetic.json", "ldn-2026.json"])
def test_loading_gold_files_pass_the_door(name):
    record = load_record(GOLD / name)
    assert record.document.year and len(record.entries) > 10


def test_loading_pipeline_record_round_trips(plan_record, tmp_path):
    (tmp_path / "plan.json").write_text(plan_record.model_dump_json(), encoding="utf-8")
    assert load_record(tmp_path / "plan.json") == plan_record


def test_loading_dict_without_path_still_raises_ldn_error():
    with pytest.raises(LdnError, match=r"\[E413\] not an ldn record: entries: Field required"):
        check_record_dict({"document": {"year": 2031}})


@pytest.mark.parametrize("loc, text", [
    ((), "the top level"), (("document",), "document"), (("entries", 3, "targets", 0, "unit"), "entries[3].targets[0].unit"),
])
def test_loading_location_to_text(loc, text):
    assert location_to_text(loc) == text
