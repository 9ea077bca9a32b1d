"""Batch runs: many PDFs in, one record JSON per good file, tables, a report and OUT/run.json.

A bad file never ends the batch: it gets a failed ``FileResult`` naming the file and the reason.
Every output is written atomically (temporary file, then rename), so a crash, a kill or Ctrl-C
never leaves half a file; run.json is written last, and again on Ctrl-C with the files done so far.
A rerun reuses each input whose sha256 and pipeline version are unchanged (``force`` redoes them).
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional, Sequence

from pipeline.errors import ConfigError
from pipeline.files import file_sha256, prepare_out_dir, write_text_atomic
from pipeline.models import Record, load_record
from pipeline.models.loading import check_record_dict
from pipeline.models.run import FileResult, RunFile
from pipeline.settings import PIPELINE_VERSION, SOURCES, Settings

RUN_FILE = "run.json"
EXECUTORS = ("local", "dask")
OCR_MODES = ("auto", "always", "never")


@dataclass
class RunSummary:
    files: list[FileResult] = field(default_factory=list)
    out: Optional[Path] = None
    export_error: Optional[str] = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Every file succeeded (no failed and no partial file) and the tables were written."""
        return self.export_error is None and all(f.status == "ok" for f in self.files)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status != "ok"]


class RecordFiles(Sequence):
    """The records of a run, read from their JSON files each time they are walked, never all held at once.

    Tables and report walk a batch's records once or twice; holding hundreds of parsed records
    (about 2 MB each) would make the memory of a run grow with its size.
    """

    def __init__(self, paths: list[Path]):
        self.paths = list(paths)

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return RecordFiles(self.paths[index])
        return load_record(self.paths[index])

    def __iter__(self) -> Iterator[Record]:
        for path in self.paths:
            yield load_record(path)


class BatchOutputs:
    """Feeds the tables a run's good records in input order, as they come in or once all are read.

    A file's result may come before an earlier file's (a pool finishes them in any order): it waits
    in ``pending`` until its turn, so the tables hold the rows in input order, as a serial run
    writes them. With ``stream`` each record is parsed once, from the JSON text the worker returned
    (a reused one from its file), and its rows written while the other files are still read; that
    suits a parent whose files are read elsewhere (a Dask cluster) or by spawned children that share
    the cores with it (a pool: no serial tail of table writing after the last file). Without it the
    records are read back from their files one at a time by ``finish``, after the child has ended: the
    table libraries and their buffers (about 200 MiB) then never sit beside a serial run's forked child.
    Either way only one chunk of rows is held, so memory does not grow with the batch.
    """

    def __init__(self, out: Path, stream: bool = True):
        self.out = out
        self.stream = stream
        self.pending: dict[int, tuple[Optional[Path], Optional[str], Optional[Path]]] = {}
        self.next = 0
        self.writer = None
        self.report: Optional[dict] = None  # the report's context, built once the documents it details are in
        self.error: Optional[str] = None
        self.good: list[tuple[Path, Optional[Path]]] = []  # (record file, its PDF) in input order

    def _fail(self, exc: BaseException) -> None:
        self.error = self.error or f"tables or report not written: {type(exc).__name__}: {exc}"
        self.abort()

    def offer(self, index: int, record: Optional[Path], text: Optional[str] = None,
              pdf: Optional[Path] = None) -> None:
        """Given an input's position, its record file (None when it failed), the record's JSON text
        (None: read the file) and its PDF, take it in once every earlier input is in."""
        self.pending[index] = (record, None if not self.stream else text, pdf)
        while self.next in self.pending:
            record, text, pdf = self.pending.pop(self.next)
            self.next += 1
            if record is None:
                continue
            self.good.append((record, pdf))
            if self.stream:
                self._add(record, text)
                self._prepare_report()

    def _add(self, record: Path, text: Optional[str]) -> None:
        """Given a record file and its JSON text (None: read the file), write its rows."""
        if self.error is None:
            try:
                self._writer().add(load_record(record) if text is None
                                   else check_record_dict(json.loads(text), record))
            except Exception as exc:  # noqa: BLE001 - the records are written; say why the tables are not
                self._fail(exc)

    def _prepare_report(self) -> None:
        """Once the tables hold the documents the report details, build its context (while the other files
        are still read: only the batch's size is left for ``finish``)."""
        from pipeline.outputs.report import DEFAULT_DETAIL_DOCUMENTS

        if self.report is None and self.error is None and self.writer is not None \
                and self.writer.documents >= DEFAULT_DETAIL_DOCUMENTS:
            try:
                self.report = self._report_context()
            except Exception as exc:  # noqa: BLE001 - the records are written; say why the report is not
                self._fail(exc)

    def _report_context(self) -> dict:
        from pipeline.outputs.report import DEFAULT_DETAIL_DOCUMENTS, report_context, report_hrefs

        head = self.writer.head or {}
        shown = self.good[:DEFAULT_DETAIL_DOCUMENTS]
        # The documents table has one row per record, in order, with the ids the report uses.
        sources = dict(zip(head["documents"]["doc_id"], [pdf for _, pdf in shown]))
        return report_context(RecordFiles([path for path, _ in shown]), head, pdfs=report_hrefs(sources, self.out))

    def _writer(self):
        from pipeline.outputs.report import DEFAULT_DETAIL_DOCUMENTS
        from pipeline.outputs.tables import CHUNK_DOCUMENTS, TableWriter

        if self.writer is None:
            self.writer = TableWriter(self.out, CHUNK_DOCUMENTS, head=DEFAULT_DETAIL_DOCUMENTS)
        return self.writer

    def finish(self) -> Optional[str]:
        """Write the tables and the report (whose page marks link to the PDFs); return an error or None."""
        from pipeline.outputs.report import write_report

        if not self.stream:
            for record, _ in self.good:
                self._add(record, None)
        if self.error is not None:
            return self.error
        try:
            writer = self._writer()
            writer.close()
            write_report([], self.out, context=self.report or self._report_context(), total=writer.documents)
        except Exception as exc:  # noqa: BLE001 - the records are written; say why the tables are not
            self._fail(exc)
        return self.error

    def abort(self) -> None:
        """Remove the temporary files of unfinished tables."""
        if self.writer is not None:
            self.writer.abort()


def iter_inputs(inputs: list[Path]) -> list[Path]:
    """Given files and folders, return the PDF paths in a stable order, each once; raise ``ConfigError`` if none."""
    found: list[Path] = []
    for p in map(Path, inputs):
        if p.is_dir():
            found.extend(sorted((q for q in p.iterdir() if q.is_file() and q.suffix.lower() == ".pdf"),
                                key=lambda q: q.name))
        elif p.exists():
            found.append(p)
        else:
            raise ConfigError("no such file or folder", file=p)
    seen: set[Path] = set()
    unique = []
    for p in found:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    if not unique:
        raise ConfigError("no PDF files found", file=", ".join(map(str, inputs)))
    return unique


def output_names(paths: list[Path]) -> list[str]:
    """Given input paths, return their record file names: ``<stem>.json``, a repeated stem gets ``~2``, ``~3`` ..."""
    seen: set[str] = set()
    names = []
    for p in paths:
        name, n = p.stem, 2
        while name.lower() in seen:
            name, n = f"{p.stem}~{n}", n + 1
        seen.add(name.lower())
        names.append(f"{name}.json")
    return names


def remove_temporaries(out: Path) -> list[Path]:
    """Given an output folder, delete the temporary files a killed run left behind; return them."""
    found = [q for d in (out, out / "tables") if d.is_dir() for q in d.glob(".*.tmp") if q.is_file()]
    for q in found:
        q.unlink(missing_ok=True)
    return found


def load_previous(out: Path) -> dict[str, FileResult]:
    """Given an output folder, return the previous run's results by path ({} when there is none or it is unreadable)."""
    try:
        run = RunFile.model_validate_json((out / RUN_FILE).read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 - no or damaged run.json: redo everything
        return {}
    return {f.path: f for f in run.files}


def reusable(prev: Optional[FileResult], sha256: str, out: Path, name: str) -> bool:
    """Given the previous result of an input, return whether it can stand for this run unchanged."""
    return (prev is not None and prev.good and prev.sha256 == sha256
            and prev.pipeline_version == PIPELINE_VERSION and prev.output == name and (out / name).is_file())


def summary_to_run_file(summary: RunSummary) -> RunFile:
    """Given a run summary, return the run.json model with its totals."""
    files = summary.files
    totals = {
        "files": len(files),
        "ok": sum(f.status == "ok" for f in files),
        "partial": sum(f.status == "partial" for f in files),
        "failed": sum(f.status == "failed" for f in files),
        "reused": sum(f.reused for f in files),
        "pages": sum(f.pages for f in files),
        "entries": sum(f.counts.get("entries", 0) for f in files),
        "seconds": round(summary.seconds, 3),
    }
    return RunFile(pipeline_version=PIPELINE_VERSION, files=files, totals=totals, export_error=summary.export_error)


def write_run_file(summary: RunSummary, out: Path) -> None:
    """Given a run summary, write OUT/run.json atomically."""
    write_text_atomic(out / RUN_FILE, summary_to_run_file(summary).model_dump_json(indent=1) + "\n")


def _execute(todo: list[str], settings: dict, workers: int, executor: str, scheduler: Optional[str],
             on_page) -> Iterator[tuple[int, FileResult, Optional[str]]]:
    from pipeline.batch import executors

    if not todo:
        return iter(())
    if executor == "dask":
        return executors.run_dask(todo, settings, scheduler)
    if workers > 1 and len(todo) > 1:
        return executors.run_pool(todo, settings, workers, on_page)
    return executors.run_serial(todo, settings, on_page)


def run_batch(inputs: list[Path], out: Path, workers: int = 1, password: Optional[str] = None,
              force: bool = False, executor: str = "local", scheduler: Optional[str] = None,
              progress: bool = True, limits: Optional[dict[str, float]] = None,
              source: Optional[str] = None, ocr: str = "auto") -> RunSummary:
    """Given PDFs or folders and an output folder, extract every file and return the ``RunSummary``.

    Writes OUT/<stem>.json per good file (and OUT/<stem>.ocr.pdf for a file with pages read through OCR),
    tables and report.html over all good records (reused ones included), and OUT/run.json. ``limits``
    overrides the per-file bounds of the settings (``{"max_seconds_per_page": 20}``; ``batch.limits``).
    Raises only for usage errors: ``ConfigError`` (bad inputs or options) and ``OutputError`` (OUT cannot
    be created or written; nothing is written then).
    """
    from pipeline.batch.progress import BatchProgress

    if executor not in EXECUTORS:
        raise ConfigError(f"unknown executor {executor!r} (choose from {', '.join(EXECUTORS)})")
    if source is not None and source not in SOURCES:
        raise ConfigError(f"unknown source {source!r} (choose from {', '.join(SOURCES)})")
    if ocr not in OCR_MODES:
        raise ConfigError(f"unknown --ocr mode {ocr!r} (choose from {', '.join(OCR_MODES)})")
    given = {k: v for k, v in (limits or {}).items() if v is not None}
    if source:
        given["source"] = source
    try:
        settings = Settings.from_any({"workers": workers, "password": password, "force": force, "ocr": ocr,
                                      "ocr_pdf_dir": str(Path(out).resolve()), **given})
    except ValueError as exc:
        raise ConfigError(f"invalid limit: {exc}") from exc
    out = Path(out)
    paths = iter_inputs(inputs)
    names = output_names(paths)
    t0 = time.perf_counter()
    prepare_out_dir(out)  # an unusable folder is a usage error before any work
    remove_temporaries(out)
    previous = {} if force else load_previous(out)
    results: list[Optional[FileResult]] = [None] * len(paths)
    shas: list[Optional[str]] = []
    todo: list[int] = []
    for i, (p, name) in enumerate(zip(paths, names)):
        try:
            sha = file_sha256(p)
        except OSError:
            sha = None
        shas.append(sha)
        prev = previous.get(str(p))
        if sha is not None and reusable(prev, sha, out, name):
            results[i] = prev.model_copy(update={"reused": True})
        else:
            todo.append(i)
    summary = RunSummary(out=out)
    # A serial run writes the tables once its child has ended (its parent stays lean: the memory goal); a
    # pool's children are spawned (they hold nothing of this process) and its cores are busy anyway, so the
    # tables are written while they read, with no serial tail after them; a Dask run's files are read elsewhere.
    pooled = executor == "local" and workers > 1 and len(todo) > 1
    outputs = BatchOutputs(out, stream=executor == "dask" or pooled)
    show = progress and sys.stderr.isatty()
    with BatchProgress([str(paths[i]) for i in todo], enabled=show) as bar:
        try:
            # the children start first: a forked child holds whatever this process has imported by then
            done = _execute([str(paths[i]) for i in todo], settings.model_dump(mode="json"), workers,
                            executor, scheduler, bar.page_done)
            for i, result in enumerate(results):  # reused records take their turn in input order
                if result is not None:
                    outputs.offer(i, out / result.output if result.good and result.output else None, pdf=paths[i])
            for k, result, text in done:
                i = todo[k]
                result.sha256 = result.sha256 or shas[i]
                result.output = names[i] if text is not None else None
                if text is not None:
                    write_text_atomic(out / names[i], text)
                elif (out / names[i]).exists() and str(paths[i]) in previous:
                    (out / names[i]).unlink()  # a stale record of an earlier run would pass for this one
                results[i] = result
                bar.file_done(result)
                outputs.offer(i, out / names[i] if result.good and text is not None else None, text, paths[i])
        except KeyboardInterrupt:
            outputs.abort()
            summary.files = [r for r in results if r is not None]
            summary.seconds = time.perf_counter() - t0
            write_run_file(summary, out)  # what finished is kept and skipped by the next run
            raise
    summary.files = [r for r in results if r is not None]
    try:
        summary.export_error = outputs.finish()
    except KeyboardInterrupt:  # every record is written: keep them, as above
        outputs.abort()
        summary.export_error = "tables or report not written: interrupted"
        summary.seconds = time.perf_counter() - t0
        write_run_file(summary, out)
        raise
    summary.seconds = time.perf_counter() - t0
    write_run_file(summary, out)
    return summary


def write_outputs(records: Sequence[Record], out: Path, pdfs: Optional[Sequence[Path]] = None) -> Optional[str]:
    """Given the good records of a run (and their PDFs, in the same order), write the tables and the
    report, whose page marks link to the PDFs; return an error message or None."""
    from pipeline.outputs.report import DEFAULT_DETAIL_DOCUMENTS, write_report
    from pipeline.outputs.tables import CHUNK_DOCUMENTS, TableWriter

    writer = None
    try:
        writer = TableWriter(out, CHUNK_DOCUMENTS, head=DEFAULT_DETAIL_DOCUMENTS)
        for rec in records:
            writer.add(rec)
        writer.close()
        head = writer.head or {}
        # The documents table has one row per record, in order, with the ids the report uses.
        sources = dict(zip(head["documents"]["doc_id"], list(pdfs or [])[:DEFAULT_DETAIL_DOCUMENTS]))
        write_report(records[:DEFAULT_DETAIL_DOCUMENTS], out, head, sources, total=writer.documents)
    except Exception as exc:  # noqa: BLE001 - the records are written; say why the tables are not
        if writer is not None:
            writer.abort()
        return f"tables or report not written: {type(exc).__name__}: {exc}"
    return None


def summary_to_rows(summary: RunSummary) -> list[tuple[str, str, str, str, str, str]]:
    """Given a summary, return the final table's rows: file, status, pages, entries, seconds, note."""
    rows = []
    for f in summary.files:
        status = f.status + (" (unchanged)" if f.reused else "")
        entries = str(f.counts.get("entries", "")) if f.good else ""
        note = f.message or ""
        if note.startswith(f.path + ": "):
            note = note[len(f.path) + 2:]
        rows.append((f.path, status, str(f.pages or ""), entries, f"{f.seconds:.2f}", note))
    return rows


def dumps_totals(summary: RunSummary) -> str:
    """Given a summary, return a one-line JSON of its totals (for logs)."""
    return json.dumps(summary_to_run_file(summary).totals)
