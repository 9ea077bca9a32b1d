"""Load the vocabularies and rules in ``pipeline/data/`` once, by name.

Each data file is YAML with a ``source:`` header saying where its content comes from.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from pipeline.errors import ConfigError


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """Given a data file name without extension (``"labels"``), return its parsed content."""
    try:
        text = resources.files("pipeline.data").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"vocabulary file {name}.yaml is missing", file=f"pipeline/data/{name}.yaml") from exc
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or "source" not in data:
        raise ConfigError("vocabulary file must be a mapping with a 'source:' header", file=f"pipeline/data/{name}.yaml")
    return data
