"""Seeded corruptions of a small plan PDF, byte-level and structure-aware (``tests/fuzz_structure``),
never end a batch in an unhandled exception, never run past the per-file limits, and every failure
carries its code."""

from __future__ import annotations

import random
import threading
from collections import Counter
from pathlib import Path

import psutil

from pipeline.batch.limits import Limits
from pipeline.batch.runner import run_batch
from pipeline.models import load_record
from pipeline.models.run import RunFile
from tests.fuzz_structure import MUTATIONS as STRUCTURE_MUTATIONS
from tests.fuzz_structure import structure_cases
from tests.pdfs import mini_plan_pdf

SEED = 20310
N_CASES = 150
N_STRUCTURE = 156  # 13 of each structure mutation; with the byte-level ones 306 seeded cases


def _flip(rng: random.Random, data: bytearray) -> None:
    for _ in range(rng.randint(1, 20)):
        data[rng.randrange(len(data))] = rng.randrange(256)


def _overwrite(rng: random.Random, data: bytearray) -> None:
    start = rng.randrange(len(data))
    n = rng.randint(1, 400)
    data[start:start + n] = bytes(rng.randrange(256) for _ in range(n))


def _delete(rng: random.Random, data: bytearray) -> None:
    start = rng.randrange(len(data))
    del data[start:start + rng.randint(1, 2000)]


def _duplicate(rng: random.Random, data: bytearray) -> None:
    start = rng.randrange(len(data))
    chunk = data[start:start + rng.randint(1, 2000)]
    at = rng.randrange(len(data))
    data[at:at] = chunk


def _digits(rng: random.Random, data: bytearray) -> None:
    # numbers carry xref offsets, stream lengths and object ids: change some of them
    spots = [i for i, b in enumerate(data) if 48 <= b <= 57]
    for i in rng.sample(spots, min(len(spots), rng.randint(1, 30))):
        data[i] = rng.randrange(48, 58)


def _zero(rng: random.Random, data: bytearray) -> None:
    start = rng.randrange(len(data))
    n = rng.randint(1, 3000)
    data[start:start + n] = bytes(min(n, len(data) - start))


def _cut_and_close(rng: random.Random, data: bytearray) -> None:
    # cut short but keep an end marker, so the cut is not caught by the tail check alone
    del data[rng.randrange(len(data) // 4, len(data)):]
    data.extend(b"\n%%EOF\n")


MUTATIONS = (_flip, _overwrite, _delete, _duplicate, _digits, _zero, _cut_and_close)


def corruptions(data: bytes, n: int, seed: int) -> list[tuple[str, bytes]]:
    """Given PDF bytes, return ``n`` seeded corrupted copies named after their mutations."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        buf = bytearray(data)
        names = []
        for _ in range(rng.randint(1, 3)):
            mutate = rng.choice(MUTATIONS)
            mutate(rng, buf)
            names.append(mutate.__name__.strip("_"))
        out.append((f"case{i:03d}-{'-'.join(names)}.pdf", bytes(buf)))
    return out


class ChildMemory:
    """Samples the resident memory of this process's children (the run's workers) while a run lasts."""

    def __init__(self):
        self.peak_mib, self._stop = 0.0, threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(0.05):
            for child in me.children(recursive=True):
                try:
                    self.peak_mib = max(self.peak_mib, child.memory_info().rss / (1 << 20))
                except psutil.Error:
                    pass

    def __enter__(self) -> "ChildMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def run_cases(tmp_path: Path, cases: list[tuple[str, bytes]]) -> tuple[RunFile, float]:
    """Given named PDF bytes, run them as one batch; return run.json and the workers' peak memory (MiB)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in cases:
        (folder / name).write_bytes(data)
    with ChildMemory() as memory:
        summary = run_batch([folder], tmp_path / "out", progress=False)  # must not raise
    run = RunFile.model_validate_json((tmp_path / "out" / "run.json").read_text())
    assert len(run.files) == len(summary.files) == len(cases)
    limits = Limits.from_settings({})
    for f in run.files:
        assert f.status in ("ok", "partial", "failed")
        assert f.seconds <= limits.seconds_for(f.pages), f  # no run past its time
        if f.status == "failed":
            assert f.code and f.message.startswith(f.path) and f"[{f.code}]" in f.message
        else:
            assert load_record(tmp_path / "out" / f.output).document.id
    codes = Counter(f.code for f in run.files)
    assert codes["E900"] == 0, [f.message for f in run.files if f.code == "E900"]
    assert memory.peak_mib < limits.memory_mib  # no worker past its memory
    return run, memory.peak_mib


def test_fuzz_corrupted_pdfs_never_end_the_batch(tmp_path):
    cases = corruptions(mini_plan_pdf(2), N_CASES, SEED)
    assert len({data for _, data in cases}) == N_CASES
    run, _ = run_cases(tmp_path, cases)
    codes = Counter(f.code for f in run.files)
    assert codes[None] > 0 and codes["E102"] > 0  # some survive, the damaged ones are reported as corrupt
    # Damage that strips a plan of its labelled entries or its headings leaves a document without a plan's evidence:
    # rare, and then the refusal says what was missing.
    refused = [f for f in run.files if f.code == "E200"]
    assert len(refused) <= N_CASES // 20, [f.message for f in refused]
    assert all(": missing " in f.message and "; found " in f.message for f in refused)


def test_fuzz_structure_corruptions_stay_inside_the_limits(tmp_path):
    cases = structure_cases(mini_plan_pdf(1), N_STRUCTURE, SEED)
    made = Counter(name.split("-", 1)[1].removesuffix(".pdf") for name, _ in cases)
    assert set(made) == {m.__name__ for m in STRUCTURE_MUTATIONS}  # every kind of damage was made
    assert N_CASES + len(cases) >= 300
    run, peak = run_cases(tmp_path, cases)
    by_kind: dict[str, Counter] = {}
    for f in run.files:
        by_kind.setdefault(Path(f.path).stem.split("-", 1)[1], Counter())[f.code] += 1
    print("structure fuzz:", {k: dict(v) for k, v in sorted(by_kind.items())}, f"peak worker RSS {peak:.0f} MiB")
    assert set(by_kind["bomb"]) == {"E106"}  # every bomb stopped by the page-content limit
    assert by_kind["nested_forms"]["E106"] > 0 and by_kind["dust"]["E106"] > 0
    limited = [f for f in run.files if f.code == "E106"]
    assert all("limit" in f.message and "--max-" in f.message for f in limited)
    codes = Counter(f.code for f in run.files)
    assert codes[None] > 0 and codes["E102"] > 0
