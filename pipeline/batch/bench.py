"""``ldn bench``: the pipeline's speed and memory beside pdfplumber's own extraction, and at scale.

In one process it times, per document and in total: pdfplumber ``extract_words`` with fonts (the baseline,
also with ``page.close()``), pypdfium2's per-character pass (the practical floor) and the pipeline stage by
stage, calling the stage functions directly (the NLP load apart). The scale run replicates the inputs to N
files and runs ``ldn run`` in a subprocess with 1 and 2 workers (and on a two-worker Dask ``LocalCluster``),
sampling the memory of the whole process tree (docs/bench.md).
"""

from __future__ import annotations

import json
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

from pipeline.settings import PIPELINE_VERSION, SOURCES, Settings

FONT_ATTRS = ["fontname", "size"]
SMALL_SCALE = 4  # files in the scale run of ``--scale small`` (a smoke test of the command)
SAMPLE_SECONDS = 0.1


def _best(fn: Callable[[], Any], repeat: int) -> float:
    """Given a callable, return its best wall time over ``repeat`` calls."""
    best = float("inf")
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def pdfplumber_words(path: Path, close_pages: bool = False) -> int:
    """Given a PDF, run pdfplumber's ``extract_words`` with font attributes over all pages; return the word count."""
    import pdfplumber

    n = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            n += len(page.extract_words(extra_attrs=FONT_ATTRS))
            if close_pages:
                page.close()
    return n


def pdfium_chars(path: Path) -> int:
    """Given a PDF, read every character with its font name, size and box through pypdfium2; return the count."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as c

    doc = pdfium.PdfDocument(str(path))
    n = 0
    buf = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    box = [ctypes.c_double() for _ in range(4)]
    try:
        for i in range(len(doc)):
            page = doc[i]
            tp = page.get_textpage()
            for k in range(c.FPDFText_CountChars(tp.raw)):
                chr(c.FPDFText_GetUnicode(tp.raw, k))
                c.FPDFText_GetFontSize(tp.raw, k)
                c.FPDFText_GetFontInfo(tp.raw, k, buf, 256, ctypes.byref(flags))
                c.FPDFText_GetCharBox(tp.raw, k, *map(ctypes.byref, box))
                n += 1
            tp.close()
            page.close()
    finally:
        doc.close()
    return n


@contextmanager
def _timed_calls(module, name: str, totals: dict[str, float], key: str) -> Iterator[None]:
    """Accumulate the time spent in ``module.name`` into ``totals[key]`` while the block runs."""
    real = getattr(module, name)

    def timed(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            totals[key] = totals.get(key, 0.0) + time.perf_counter() - t0

    setattr(module, name, timed)
    try:
        yield
    finally:
        setattr(module, name, real)


def pipeline_stages(path: Path, settings: Settings, out: Path):
    """Given a PDF, run the pipeline stage by stage; return (record, seconds per stage)."""
    import pipeline.records.build as records_mod
    from pipeline.batch.worker import record_to_json
    from pipeline.read.ingest import open_source
    from pipeline.read.layout import layout
    from pipeline.read.ocr import ocr_source
    from pipeline.structure.document import structure

    t: dict[str, float] = {}
    t0 = time.perf_counter()
    source = open_source(path, password=settings.password, min_text_chars=settings.min_text_chars,
                         source=settings.source, allow_scans=settings.ocr != "never")
    t1 = time.perf_counter()
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        ocr = ocr_source(source, settings)
        cpu1, t_ocr = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        doc_layout = layout(source, settings)
    finally:
        source.close()
    t2 = time.perf_counter()
    doc_structure = structure(doc_layout)
    t3 = time.perf_counter()
    with _timed_calls(records_mod, "block_to_entry", t, "fields"):
        record = records_mod.build_record(source.path.stem, doc_layout, doc_structure)
    t4 = time.perf_counter()
    text = record_to_json(record)
    (out / f"{path.stem}.json").write_text(text, encoding="utf-8")
    t5 = time.perf_counter()
    fields = t.get("fields", 0.0)
    stages = {"ingest": t1 - t0, "ocr": t_ocr - t1, "layout": t2 - t_ocr, "structure": t3 - t2, "fields": fields,
              "records": t4 - t3 - fields, "export": t5 - t4}
    stages["_ocr_pages"] = float(len(ocr))  # tesseract's own CPU next:
    stages["_ocr_cpu"] = (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime)
    return record, stages


def stage_seconds(stages: dict[str, float]) -> float:
    """Given one run's stages, return its seconds (the ``_``-keys are OCR counts, not times)."""
    return sum(v for k, v in stages.items() if not k.startswith("_"))


def measure_documents(paths: list[Path], repeat: int, source: Optional[str] = None) -> dict[str, Any]:
    """Given PDFs, return per-document and total times of the references and of each pipeline stage.

    The stages are timed with ``source`` (the settings' default when None); the whole pipeline is
    also timed with every other source, in the same run, so the sources compare under one load.
    Tables are written once for all records, as a batch writes them (``tables_s``, counted in
    ``pipeline_s``); the report is timed apart.
    """
    from pipeline.nlp import get_nlp
    from pipeline.outputs.report import write_report
    from pipeline.outputs.tables import write_tables
    from pipeline.read.ingest import page_count

    settings = Settings(source=source) if source else Settings()
    others = [Settings(source=name) for name in SOURCES if name != settings.source]
    t0 = time.perf_counter()
    get_nlp(settings)
    nlp_load = time.perf_counter() - t0
    docs = []
    records = []
    with tempfile.TemporaryDirectory(prefix="ldn-bench-") as tmp:
        for path in paths:
            doc: dict[str, Any] = {"path": str(path), "pages": page_count(path)}
            doc["pdfplumber_s"] = _best(lambda: pdfplumber_words(path), repeat)
            doc["pdfplumber_close_s"] = _best(lambda: pdfplumber_words(path, close_pages=True), repeat)
            doc["pdfium_chars_s"] = _best(lambda: pdfium_chars(path), repeat)
            runs = []
            for _ in range(max(1, repeat)):
                record, stages = pipeline_stages(path, settings, Path(tmp))
                runs.append(stages)
            stages = min(runs, key=stage_seconds)
            doc["ocr_pages"] = int(stages.pop("_ocr_pages"))
            doc["ocr_tesseract_cpu_s"] = round(stages.pop("_ocr_cpu"), 3)
            doc["stages_s"] = {k: round(v, 4) for k, v in stages.items()}
            doc["pipeline_s"] = sum(stages.values())
            doc["source"] = settings.source
            for other in others:
                doc[f"pipeline_{other.source}_s"] = round(min(
                    stage_seconds(pipeline_stages(path, other, Path(tmp))[1]) for _ in range(max(1, repeat))), 4)
            doc["entries"] = len(record.entries)
            records.append(record)
            docs.append(doc)
        report_s = _best(lambda: write_report(records, Path(tmp)), 1)
        tables_s = _best(lambda: write_tables(records, Path(tmp) / "tables-once"), 1)
    total = {k: sum(d[k] for d in docs) for k in ("pages", "pdfplumber_s", "pdfplumber_close_s", "pdfium_chars_s",
                                                   "pipeline_s")}
    total["pipeline_s"] += tables_s
    other_totals = {o.source: sum(d[f"pipeline_{o.source}_s"] for d in docs) + tables_s for o in others}
    stage_totals = {k: round(sum(d["stages_s"][k] for d in docs), 4) for k in docs[0]["stages_s"]} if docs else {}
    for d in docs:
        d["ratio_vs_pdfplumber"] = round(d["pipeline_s"] / d["pdfplumber_s"], 3)
        for k in ("pdfplumber_s", "pdfplumber_close_s", "pdfium_chars_s", "pipeline_s"):
            d[k] = round(d[k], 4)
    return {
        "documents": docs,
        "source": settings.source,
        "nlp_load_s": round(nlp_load, 4),
        "stages_s": stage_totals,
        "tables_s": round(tables_s, 4),
        "report_s": round(report_s, 4),
        **{f"pipeline_{name}_s": round(v, 4) for name, v in other_totals.items()},
        **{f"ratio_{name}_source": round(v / total["pipeline_s"], 3) for name, v in other_totals.items()},
        "pages": total["pages"],
        "pdfplumber_s": round(total["pdfplumber_s"], 4),
        "pdfplumber_close_s": round(total["pdfplumber_close_s"], 4),
        "pdfium_chars_s": round(total["pdfium_chars_s"], 4),
        "pipeline_s": round(total["pipeline_s"], 4),
        "ratio_vs_pdfplumber": round(total["pipeline_s"] / total["pdfplumber_s"], 3),
        "ratio_vs_pdfplumber_close": round(total["pipeline_s"] / total["pdfplumber_close_s"], 3),
        "ratio_vs_pdfium_chars": round(total["pipeline_s"] / total["pdfium_chars_s"], 3),
        "pages_per_s": round(total["pages"] / total["pipeline_s"], 2),
        "pdfplumber_pages_per_s": round(total["pages"] / total["pdfplumber_s"], 2),
        "pdfium_chars_pages_per_s": round(total["pages"] / total["pdfium_chars_s"], 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        **ocr_totals(docs),
    }


def ocr_totals(docs: list[dict[str, Any]]) -> dict[str, Any]:
    """Given the measured documents, return OCR pages, seconds and pages per second (None without OCR)."""
    pages = sum(d.get("ocr_pages", 0) for d in docs)
    seconds = sum(d["stages_s"].get("ocr", 0.0) for d in docs)
    cpu = sum(d.get("ocr_tesseract_cpu_s", 0.0) for d in docs)
    return {"ocr_pages": pages, "ocr_s": round(seconds, 3), "ocr_tesseract_cpu_s": round(cpu, 3),
            "ocr_pages_per_s": round(pages / seconds, 3) if pages and seconds else None,
            "ocr_tesseract_cpu_s_per_page": round(cpu / pages, 3) if pages else None}


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


def run_bench(inputs: list[Path], out: Path, scale: str | int = 200, repeat: int = 1,
              source: Optional[str] = None, scale_repeat: int = 1) -> dict[str, Any]:
    """Given PDFs or folders and an output JSON path, measure, write the JSON atomically and return it."""
    from pipeline.batch.runner import iter_inputs
    from pipeline.files import prepare_out_file, write_text_atomic

    paths = iter_inputs(inputs)
    n = parse_scale(scale)
    if source is not None and source not in SOURCES:
        from pipeline.errors import ConfigError

        raise ConfigError(f"unknown source {source!r} (choose from {', '.join(SOURCES)})")
    prepare_out_file(Path(out))  # before minutes of measuring
    result: dict[str, Any] = {
        "pipeline_version": PIPELINE_VERSION,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpu_count": _cpus(),
        "inputs": [str(p) for p in paths],
        "repeat": repeat,
        "load_avg_1min_at_start": _loadavg(),
    }
    result.update(measure_documents(paths, repeat, source))
    if n > 0:
        result["scale"] = scale_run(paths, n, source=result["source"], repeat=scale_repeat)
        result["workers_speedup"] = result["scale"]["workers_speedup"]
    write_text_atomic(Path(out), json.dumps(result, indent=1) + "\n")
    return result
