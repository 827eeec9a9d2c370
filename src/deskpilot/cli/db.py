"""`deskpilot db …`: schema migrations."""

from __future__ import annotations

import typer

from deskpilot.cli.common import console, load_settings, open_database, print_json
from deskpilot.storage.migrate import current_revision, head_revision, upgrade

app = typer.Typer(help="Database schema: upgrade and inspect migrations.", no_args_is_help=True)


@app.command("upgrade")
def upgrade_cmd() -> None:
    """Apply every pending migration to the configured database."""
    settings = load_settings()
    db = open_database(settings, must_exist=False)
    upgrade(db.engine)
    console.print(f"Database at revision [bold]{current_revision(db.engine)}[/bold] ({_safe(settings.database_url)})")


@app.command("current")
def current_cmd(json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Show the database's revision and the newest shipped revision."""
    db = open_database(must_exist=False)
    data = {"current": current_revision(db.engine), "head": head_revision()}
    if json_out:
        print_json(data)
    else:
        console.print(f"current: {data['current']}  head: {data['head']}")


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
