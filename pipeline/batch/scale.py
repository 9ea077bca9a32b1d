"""The scale run of ``ldn bench``: the inputs replicated to N files, ``ldn run`` timed in a subprocess with 1
and 2 workers (and on a two-worker Dask ``LocalCluster``), the memory of the whole process tree sampled."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Optional

from pipeline.settings import Settings

SMALL_SCALE = 4  # files in the scale run of ``--scale small`` (a smoke test of the command)
SAMPLE_SECONDS = 0.1


class TreeRss:
    """Samples the memory of a process and all its children, keeping the peaks: summed RSS (``peak``, a page
    shared by fork counted once per process) and summed PSS (``peak_pss``, shared pages split; Linux)."""

    def __init__(self, pid: int):
        import psutil

        self.proc = psutil.Process(pid)
        self.peak = 0
        self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.proc] + self.proc.children(recursive=True)
                rss = pss = 0
                for p in procs:
                    try:
                        rss += p.memory_info().rss
                        pss += getattr(p.memory_full_info(), "pss", 0)
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, rss)
                self.peak_pss = max(self.peak_pss, pss)
            except psutil.Error:
                return
            self._stop.wait(SAMPLE_SECONDS)

    def __enter__(self) -> "TreeRss":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def replicate(paths: list[Path], n: int, folder: Path) -> list[Path]:
    """Given PDFs, copy them round-robin into ``folder`` until it holds ``n`` files; return the copies."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        src = paths[i % len(paths)]
        dst = folder / f"{i:04d}-{src.name}"
        shutil.copyfile(src, dst)
        out.append(dst)
    return out


def timed_run(folder: Path, out: Path, extra: list[str]) -> dict[str, Any]:
    """Given a folder of PDFs, run ``ldn run`` on it in a subprocess; return its wall time, peak tree RSS, status."""
    cmd = [sys.executable, "-m", "pipeline", "run", str(folder), "--out", str(out), "--no-progress", "--force", *extra]
    load_before = _loadavg()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with TreeRss(proc.pid) as rss:
        _, stderr = proc.communicate()
    seconds = time.perf_counter() - t0
    run = json.loads((out / "run.json").read_text()) if (out / "run.json").exists() else {}
    totals = run.get("totals", {})
    return {
        "seconds": round(seconds, 3), "exit_status": proc.returncode, "peak_rss_mib": round(rss.peak / 2**20, 1),
        "peak_pss_mib": round(rss.peak_pss / 2**20, 1) if rss.peak_pss else None,
        "files": totals.get("files"), "ok": totals.get("ok"), "pages": totals.get("pages"),
        "files_per_s": round((totals.get("files") or 0) / seconds, 3),
        "pages_per_s": round((totals.get("pages") or 0) / seconds, 2),
        "load_avg_1min": [load_before, _loadavg()],  # other work on the machine skews wall times
        "stderr_tail": stderr.decode("utf-8", "replace")[-300:] if proc.returncode not in (0, 1) else "",
    }


def scale_run(paths: list[Path], n: int, dask: bool = True, source: Optional[str] = None,
              repeat: int = 1) -> dict[str, Any]:
    """Given PDFs and a batch size, time ``ldn run`` over the replicated corpus (sizes n/4 and n, 1 and 2 workers).

    With ``repeat`` each run is made that many times, the order of 1 and 2 workers alternating (1, 2, then
    2, 1, ...) so that a slow spell of the machine (its two cores are shared with other machines, and a
    pass over the corpus varies by 20 % from one minute to the next) does not fall on one side only; each
    configuration keeps its fastest run, as ``timeit`` does, and every run's time is listed;
    the memory peaks are the highest of all its runs.
    """
    small = max(2, n // 4)
    source = source or Settings().source
    result: dict[str, Any] = {"files": n, "cpu_count": _cpus(), "source": source, "repeat": repeat, "runs": {}}
    with tempfile.TemporaryDirectory(prefix="ldn-scale-") as tmp:
        root = Path(tmp)
        for size in sorted({small, n}):
            folder = root / f"in-{size}"
            replicate(paths, size, folder)
            for r in range(max(1, repeat)):
                for workers in ((1, 2) if r % 2 == 0 else (2, 1)):
                    key = f"{size}_files_{workers}_workers"
                    run = timed_run(folder, root / f"out-{key}", ["--workers", str(workers), "--source", source])
                    best = result["runs"].get(key)
                    times = (best or {}).get("seconds_all", []) + [run["seconds"]]
                    peaks = {k: max(v for v in (run[k], (best or {}).get(k)) if v is not None)
                             for k in ("peak_rss_mib", "peak_pss_mib") if run[k] is not None}
                    if best is None or run["seconds"] < best["seconds"]:
                        best = run
                    result["runs"][key] = {**best, **peaks, "seconds_all": times}  # memory: the highest of all
        one, two = result["runs"][f"{n}_files_1_workers"], result["runs"][f"{n}_files_2_workers"]
        result["workers_speedup"] = round(one["seconds"] / two["seconds"], 3)
        result["workers_speedup_each"] = [round(a / b, 3) for a, b in zip(one["seconds_all"], two["seconds_all"])]
        for key, w in (("peak_rss_mib", ""), ("peak_rss_mib_2_workers", "2"), ("peak_pss_mib", ""),
                       ("peak_pss_mib_2_workers", "2")):
            result[key] = {str(size): result["runs"][f"{size}_files_{w or 1}_workers"][key[:12]]
                           for size in sorted({small, n})}
        if dask:
            result["dask"] = dask_run(root / f"in-{small}", root / "out-dask", source)
            result["dask"]["compare_with"] = f"{small}_files_2_workers"
    return result


def dask_run(folder: Path, out: Path, source: str) -> dict[str, Any]:
    """Given a folder of PDFs, run ``ldn run --executor dask`` against a two-worker LocalCluster; return its figures."""
    try:
        from distributed import LocalCluster
    except ImportError:
        return {"skipped": "dask is not installed (pip install 'ldn[dask]')"}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster:
        return timed_run(folder, out, ["--executor", "dask", "--scheduler", cluster.scheduler_address,
                                       "--source", source])


def _loadavg() -> Optional[float]:
    import os

    return round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None


def _cpus() -> Optional[int]:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def parse_scale(scale: str | int) -> int:
    """Given ``--scale`` ("small", or a number of files; 0 skips), return the number of files."""
    if isinstance(scale, int):
        return scale
    if scale.strip().lower() == "small":
        return SMALL_SCALE
    try:
        return int(scale)
    except ValueError:
        from pipeline.errors import ConfigError

        raise ConfigError(f"--scale must be 'small' or a number of files, not {scale!r}") from None
