"""``ldn bench``: the pipeline's speed and memory beside pdfplumber's own extraction, and at scale.

In one process it times, per document and in total: pdfplumber ``extract_words`` with fonts (the baseline,
also with ``page.close()``), pypdfium2's per-character pass (the practical floor) and the pipeline stage by
stage, calling the stage functions directly (the NLP load apart). The scale run replicates the inputs to N
files and runs ``ldn run`` in a subprocess with 1 and 2 workers (and on a two-worker Dask ``LocalCluster``),
sampling the memory of the whole process tree (``scale.py``; docs/bench.md).
"""

from __future__ import annotations

import json
import platform
import resource
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

from pipeline.batch.scale import _cpus, _loadavg, parse_scale, scale_run
from pipeline.settings import PIPELINE_VERSION, SOURCES, Settings

FONT_ATTRS = ["fontname", "size"]


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
