"""Batch runs: many PDFs in, one record JSON per good file, a run summary, tables and a report.

(Minimal version; hardened for bad input, resumability and parallelism in the batch issue.)
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from pipeline import __version__
from pipeline.errors import LdnError
from pipeline.settings import Settings


@dataclass
class RunSummary:
    files: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(f["status"] == "ok" for f in self.files)


def iter_inputs(inputs: list[Path]) -> list[Path]:
    """Given files and folders, return the PDF paths in a stable order."""
    found: list[Path] = []
    for p in inputs:
        p = Path(p)
        if p.is_dir():
            found.extend(sorted(q for q in p.iterdir() if q.suffix.lower() == ".pdf"))
        else:
            found.append(p)
    return found


def write_atomic(path: Path, text: str) -> None:
    """Write text to path through a temporary file and a rename, so no reader sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run_batch(inputs: list[Path], out: Path, workers: int = 1, password: Optional[str] = None,
              force: bool = False, executor: str = "local", scheduler: Optional[str] = None,
              progress: bool = True) -> RunSummary:
    from pipeline.extract import extract_path

    settings = Settings.from_any({"workers": workers, "password": password, "force": force})
    out = Path(out)
    summary = RunSummary()
    for path in iter_inputs(inputs):
        t0 = time.perf_counter()
        try:
            record = extract_path(path, settings)
            write_atomic(out / f"{path.stem}.json", record.model_dump_json(indent=1, exclude_none=False))
            summary.files.append({"path": str(path), "status": "ok", "seconds": time.perf_counter() - t0})
        except LdnError as exc:
            print(f"error: {exc}")
            summary.files.append({"path": str(path), "status": "failed", "code": exc.code, "message": str(exc)})
    write_atomic(out / "run.json", json.dumps({"version": __version__, "files": summary.files}, indent=1))
    return summary
