"""The `deskpilot` command line."""

from __future__ import annotations

import typer

from deskpilot import __version__
from deskpilot.cli import (
    analyze,
    audit,
    bench,
    connectors,
    conversations,
    db,
    demo,
    drafting,
    evaluate,
    kb,
    manage,
    metrics,
    policy,
    report,
    serve,
    users,
    worker,
)

app = typer.Typer(
    help="deskpilot: grounded, auditable customer-support automation.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
app.add_typer(demo.app, name="demo")
app.add_typer(kb.app, name="kb")
app.add_typer(audit.app, name="audit")
app.add_typer(policy.app, name="policy")
app.add_typer(manage.train_app, name="train")
app.add_typer(manage.modes_app, name="modes")
app.add_typer(evaluate.app, name="eval")
app.add_typer(evaluate.gate_app, name="gate")
app.add_typer(report.app, name="report")
app.add_typer(drafting.app, name="drafting")
app.add_typer(connectors.app, name="connectors")
app.add_typer(users.app, name="users")
app.command("analyze")(analyze.analyze)
app.command("ingest")(conversations.ingest)
app.command("show")(conversations.show)
app.command("process")(conversations.process)
app.command("worker")(worker.worker)
app.command("serve")(serve.serve)
app.command("metrics")(metrics.metrics)
app.command("roi")(metrics.roi)
app.command("bench", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})(bench.bench)


@app.command("version")
def version() -> None:
    """Print the deskpilot version."""
    typer.echo(__version__)


def main() -> None:
    """Entry point of the `deskpilot` script."""
    app()
