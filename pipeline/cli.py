"""The ``ldn`` command line: a thin typer layer over the library.

Each command parses its arguments, calls one library function, prints, and maps
``LdnError`` to a clean message and exit status (0 ok, 1 some input failed, 2 usage).
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn, Optional

import typer
from rich.console import Console

from pipeline.errors import LdnError

app = typer.Typer(help="Turn LDN work-plan PDFs into validated records and compare years.", no_args_is_help=True)
err = Console(stderr=True)


def usage_error(exc: LdnError) -> NoReturn:
    """Print an error that stops a command as one line (file, code, reason) and exit with status 2."""
    from rich.markup import escape

    err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True, highlight=False)
    raise typer.Exit(2)


@app.command()
def run(
    inputs: list[Path] = typer.Argument(..., help="PDF files or folders of PDFs."),
    out: Path = typer.Option(Path("outputs"), "--out", "-o", help="Output folder."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Parallel worker processes."),
    password: Optional[str] = typer.Option(None, "--password", help="Password for encrypted PDFs."),
    force: bool = typer.Option(False, "--force", help="Redo files whose hash and version are unchanged."),
    executor: str = typer.Option("local", "--executor", help="'local' (this process or a process pool) or 'dask'."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (with --executor dask)."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar (only on a terminal)."),
    ocr: str = typer.Option("auto", "--ocr", help="auto: read pages without a text layer through OCR; always: every page; never: refuse scans (E105)."),
    max_seconds_per_page: Optional[float] = typer.Option(
        None, "--max-seconds-per-page", min=0, help="Wall time a file may take per page, on top of a base (0: no limit)."),
    max_memory_mib: Optional[int] = typer.Option(
        None, "--max-memory-mib", min=0, help="Memory one file's worker process may use, in MiB (0: no limit)."),
    max_page_content_mib: Optional[float] = typer.Option(
        None, "--max-page-content-mib", min=0, help="What one page's content may inflate to, in MiB (0: no limit)."),
    max_page_chars: Optional[int] = typer.Option(
        None, "--max-page-chars", min=0, help="Characters one page may draw (0: no limit)."),
    source: Optional[str] = typer.Option(None, "--source", help="What reads the pages: 'pdfium' or 'pdfplumber' "
                                         "(default: LDN_SOURCE, else pdfium)."),
) -> None:
    """Extract every PDF into OUT/<stem>.json, tables, a report and OUT/run.json.

    Exit status: 0 every file ok, 1 some file failed or lost pages, 2 usage error. A file past a
    limit fails with E106 and the batch goes on (defaults and LDN_ variables in README).
    """
    from rich.markup import escape

    from pipeline.batch.progress import rows_to_table
    from pipeline.batch.runner import run_batch, summary_to_rows

    try:
        summary = run_batch(
            inputs, out, workers=workers, password=password, force=force,
            executor=executor, scheduler=scheduler, progress=progress, source=source, ocr=ocr,
            limits={"max_seconds_per_page": max_seconds_per_page, "max_memory_mib": max_memory_mib,
                    "max_page_content_mib": max_page_content_mib, "max_page_chars": max_page_chars},
        )
    except LdnError as exc:
        usage_error(exc)
    except KeyboardInterrupt:
        err.print(f"[yellow]interrupted:[/yellow] finished files are kept in {out}/run.json; rerun to continue")
        raise typer.Exit(130)
    Console(width=200 if not Console().is_terminal else None).print(
        rows_to_table(summary_to_rows(summary), title=f"ldn run: {out}"))
    for f in summary.failed:
        err.print(f"[red]{f.status}:[/red] {escape(f.message or '')}", soft_wrap=True)
    if summary.export_error:
        err.print(f"[red]error:[/red] {escape(summary.export_error)}", soft_wrap=True)
    raise typer.Exit(0 if summary.ok else 1)


@app.command()
def compare(
    records: list[Path] = typer.Argument(..., help="Two record JSONs (earlier, later) or one folder of records."),
    out: Path = typer.Option(Path("outputs/compare"), "--out", "-o", help="Output folder."),
) -> None:
    """Compare plans across years: continuing, new and ended projects and what changed."""
    from pipeline.compare.run import run_compare

    try:
        written = run_compare(records, out)
    except LdnError as exc:
        usage_error(exc)
    for path in written:
        typer.echo(path)


@app.command()
def bench(
    inputs: list[Path] = typer.Argument(..., help="PDF files or folders."),
    out: Path = typer.Option(Path("outputs/bench.json"), "--out", "-o", help="Result JSON file."),
    scale: str = typer.Option("200", "--scale", help="Files in the scale run: a number, 'small' (4), or 0 to skip it."),
    repeat: int = typer.Option(1, "--repeat", min=1, help="Time each document this many times; keep the best."),
    scale_repeat: int = typer.Option(1, "--scale-repeat", min=1,
                                     help="Make each scale run this many times (1 and 2 workers alternating); "
                                          "keep the fastest of each."),
    source: Optional[str] = typer.Option(None, "--source", help="The source whose stages and scale run are timed "
                                         "(the other is timed whole, in the same run)."),
) -> None:
    """Measure speed and memory against pdfplumber's own extraction, per stage and at scale."""
    from pipeline.batch.bench import run_bench

    try:
        result = run_bench(inputs, out, scale=scale, repeat=repeat, source=source, scale_repeat=scale_repeat)
    except LdnError as exc:
        usage_error(exc)
    keys = ("source", "pages", "pipeline_s", "pdfplumber_s", "ratio_vs_pdfplumber", "ratio_vs_pdfium_chars",
            "pages_per_s", "peak_rss_mib", "workers_speedup", "ocr_pages", "ocr_pages_per_s")
    typer.echo(" ".join(f"{k}={result[k]}" for k in keys if k in result))
    typer.echo(str(out))


@app.command()
def schema(out: Path = typer.Option(Path("schemas"), "--out", "-o", help="Folder for the JSON Schema files.")) -> None:
    """Write the JSON Schema of the record and comparison formats."""
    from pipeline.outputs.schema import write_schemas

    try:
        written = write_schemas(out)
    except LdnError as exc:
        usage_error(exc)
    for path in written:
        typer.echo(path)


if __name__ == "__main__":
    app()
