"""The Dask executor runs the same per-file function on a cluster and writes the serial run's outputs."""

from __future__ import annotations

import pytest

from pipeline.batch.runner import run_batch
from tests.pdfs import mini_plan_pdf, outputs_of

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    try:
        yield cluster
    finally:
        cluster.close()


@pytest.mark.slow
def test_dask_outputs_equal_the_serial_run(tmp_path, cluster):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in (1, 2, 3):
        (folder / f"plan-{n}.pdf").write_bytes(mini_plan_pdf(n))
    (folder / "picture.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (folder / "zero.pdf").write_bytes(b"")
    serial = run_batch([folder], tmp_path / "serial", progress=False)
    dask = run_batch([folder], tmp_path / "dask", executor="dask", scheduler=cluster.scheduler_address,
                     progress=False)
    assert [(f.path, f.status, f.code, f.message, f.counts) for f in serial.files] == \
           [(f.path, f.status, f.code, f.message, f.counts) for f in dask.files]
    assert [f.status for f in dask.files] == ["failed", "ok", "ok", "ok", "failed"]
    a, b = outputs_of(tmp_path / "serial"), outputs_of(tmp_path / "dask")
    assert sorted(a) == sorted(b) and "plan-3.json" in a
    assert [k for k in a if a[k] != b[k]] == []
