"""Seeded byte-level corruptions of a small plan PDF never end a batch in an unhandled exception."""

from __future__ import annotations

import random
from collections import Counter

from pipeline.batch.runner import run_batch
from pipeline.models import load_record
from pipeline.models.run import RunFile
from tests.pdfs import mini_plan_pdf

SEED = 20310
N_CASES = 60


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


def test_fuzz_corrupted_pdfs_never_end_the_batch(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    cases = corruptions(mini_plan_pdf(2), N_CASES, SEED)
    assert len({data for _, data in cases}) == N_CASES
    for name, data in cases:
        (folder / name).write_bytes(data)
    summary = run_batch([folder], tmp_path / "out", progress=False)  # must not raise
    run = RunFile.model_validate_json((tmp_path / "out" / "run.json").read_text())
    assert len(run.files) == len(summary.files) == N_CASES
    for f in run.files:
        assert f.status in ("ok", "partial", "failed")
        if f.status == "failed":
            assert f.code and f.message.startswith(f.path + ": ")
        else:
            assert load_record(tmp_path / "out" / f.output).document.id
    codes = Counter(f.code for f in run.files)
    assert codes["E900"] == 0, [f.message for f in run.files if f.code == "E900"]
    assert codes[None] > 0 and codes["E102"] > 0  # some survive, the damaged ones are reported as corrupt
    assert codes["E200"] == 0  # damage is never mistaken for a document of another kind
