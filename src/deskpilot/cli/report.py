"""`deskpilot report`: the weekly report as a self-contained HTML file, and a PDF when a headless Chromium is found."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import typer
from rich.markup import escape

from deskpilot.cli.common import console, err_console, load_settings, moment_option, open_database, print_json

app = typer.Typer(help="Reports of the weekly metrics.", no_args_is_help=True)


def _check_out(out: Path) -> None:
    """Exit with a message on stderr when the report cannot be written there."""
    problem = None
    if not out.parent.is_dir():
        problem = f"the folder {out.parent} does not exist; create it first or choose another --out"
    elif out.is_dir():
        problem = f"{out} is a folder; give the path of the HTML file to write"
    elif out.suffix.lower() == ".pdf":
        problem = f"{out}: --out is the HTML file; the PDF is written beside it with the same name"
    if problem is not None:
        err_console.print(f"[red]Cannot write the report:[/red] {escape(problem)}.", highlight=False)
        raise typer.Exit(1)


@app.command("weekly")
def weekly(out: Path = typer.Option(..., "--out", help="HTML file to write (the PDF goes beside it as .pdf)"),
           weeks: int = typer.Option(12, min=1, max=52, help="complete ISO weeks shown"),
           until: str | None = typer.Option(None, help="last day considered, YYYY-MM-DD: the report ends with the "
                                            "latest ISO week complete on that day (default: today)"),
           pdf: bool = typer.Option(True, "--pdf/--no-pdf", help="also print a PDF with a headless Chromium"),
           json_out: bool = typer.Option(False, "--json", help="print the dashboard and the files written as JSON"),
           language: str = typer.Option("en", "--language",
                                        help="language of the report's text: en or a shipped interface language"),
           ) -> None:
    """The five weekly metrics with their trends, the per-category table and the ROI, as one HTML file."""
    from deskpilot.analytics.dashboard import build_dashboard
    from deskpilot.console.i18n import languages
    from deskpilot.reports.weekly import write_weekly_report

    if language not in languages():
        raise typer.BadParameter(f"{language!r}: choose one of {', '.join(languages())}", param_hint="--language")
    _check_out(out)
    end = moment_option(until, "--until", through=True)
    settings = load_settings()
    db = open_database(settings)
    try:
        board = build_dashboard(db, settings, weeks=weeks, until=end)
    finally:
        db.dispose()
    files = write_weekly_report(board, out, pdf=pdf, language=language)
    if json_out:
        print_json({"dashboard": board.to_json(), "files": files.to_json(),
                    "written": [str(p) for p in files.written]})
        if files.pdf_note:
            err_console.print(files.pdf_note, markup=False, highlight=False)
        return
    for path in files.written:
        console.print(f"Wrote {path}", markup=False, highlight=False)
    if files.pdf_note:
        err_console.print(f"[yellow]{escape(files.pdf_note)}[/yellow]", highlight=False)
    if board.is_empty:
        err_console.print(f"[yellow]No inbound conversation and no reviewed draft from {board.start:%Y-%m-%d} to "
                          f"{board.end - timedelta(days=1):%Y-%m-%d}: the report says so.[/yellow]", highlight=False)
