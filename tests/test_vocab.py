"""Vocabularies: every data file in ``pipeline/data/`` loads by name and says where its content comes from."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import vocab
from pipeline.errors import ConfigError

DATA = Path(vocab.__file__).resolve().parent / "data"
NAMES = sorted(p.stem for p in DATA.glob("*.yaml"))


def test_vocab_data_files_exist():
    assert {"labels", "charts", "sections", "countries", "funders"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_vocab_loads_with_a_source_header(name):
    data = vocab.load(name)
    assert isinstance(data, dict) and len(data) > 1  # a header and content
    assert isinstance(data["source"], str) and len(data["source"].split()) >= 3
    # the header is at the top of the file, where a reader looks for it
    first = next(ln for ln in (DATA / f"{name}.yaml").read_text(encoding="utf-8").splitlines()
                 if ln.strip() and not ln.lstrip().startswith("#"))
    assert first.startswith("source:")


def test_vocab_missing_file_is_a_config_error():
    with pytest.raises(ConfigError):
        vocab.load("no_such_vocabulary")


def test_vocab_label_markers_are_valid_patterns():
    import re

    for kind, pattern in vocab.load("labels")["markers"].items():
        assert re.compile(pattern).groups <= 1, kind
