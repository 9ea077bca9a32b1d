"""Output locations checked at the door (``pipeline.files.prepare_out_dir`` / ``prepare_out_file``):
a folder that cannot be created or written raises ``OutputError`` and leaves nothing behind."""

from __future__ import annotations

import os

import pytest

from pipeline.errors import OutputError
from pipeline.files import prepare_out_dir, prepare_out_file, write_text_atomic

LONG = "x" * 300  # longer than any file system's name limit (255 bytes)


def tree(root) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def test_files_prepare_out_dir_creates_parents_and_leaves_no_probe(tmp_path):
    out = prepare_out_dir(tmp_path / "a" / "b")
    assert out.is_dir() and tree(tmp_path) == {"a", "a/b"}
    assert prepare_out_dir(out) == out  # an existing folder is fine


@pytest.mark.parametrize("make, reason", [
    (lambda t: (t / "file").write_text("x") and t / "file" / "out", "file exists and is not a folder"),
    (lambda t: (t / "file").write_text("x") and t / "file", "file exists and is not a folder"),
    (lambda t: t / "new" / "deeper" / LONG / "out", "File name too long"),
])
def test_files_prepare_out_dir_refuses_and_removes_what_it_made(tmp_path, make, reason):
    target = make(tmp_path)
    before = tree(tmp_path)
    with pytest.raises(OutputError) as caught:
        prepare_out_dir(target)
    assert caught.value.code == "E500" and caught.value.file == str(target) and reason in caught.value.message
    assert tree(tmp_path) == before  # "new" and "deeper" were removed again


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in any folder")
def test_files_prepare_out_dir_refuses_a_read_only_folder(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        for target in (locked, locked / "out"):
            with pytest.raises(OutputError, match="Permission denied"):
                prepare_out_dir(target)
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


def test_files_prepare_out_file(tmp_path):
    assert prepare_out_file(tmp_path / "new" / "bench.json") == tmp_path / "new" / "bench.json"
    assert (tmp_path / "new").is_dir() and not (tmp_path / "new" / "bench.json").exists()
    with pytest.raises(OutputError, match="it is a folder"):
        prepare_out_file(tmp_path / "new")
    write_text_atomic(tmp_path / "f", "x")
    with pytest.raises(OutputError, match="exists and is not a folder"):
        prepare_out_file(tmp_path / "f" / "bench.json")
