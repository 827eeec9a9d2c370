"""`deskpilot connectors import-mail`: .eml folders and mbox archives threaded into conversations, idempotently."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from deskpilot.cli import app
from deskpilot.config import get_settings
from deskpilot.storage.database import Database
from deskpilot.testing.databases import migrated_database, sqlite_url

PAYLOADS = Path(__file__).parent / "payloads" / "email"


def test_mail_files_are_threaded_and_imported_once(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    migrated_database(url).dispose()
    env = {"DESKPILOT_DATABASE_URL": url}
    args = ["connectors", "import-mail", str(PAYLOADS / "thread"), str(PAYLOADS / "thread.mbox"),
            str(PAYLOADS / "lithuanian-iso-8859-13.eml"), "--source", "mailbox", "--json"]
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        first = runner.invoke(app, args, env=env)
        again = runner.invoke(app, args, env=env)
        missing = runner.invoke(app, ["connectors", "import-mail", str(tmp_path / "nope"), "--source", "x"],
                                env=env)
    finally:
        get_settings.cache_clear()
    assert first.exit_code == 0, first.output
    imported = json.loads(first.stdout)
    assert imported["created"] >= 2 and imported["new_messages"] > imported["created"]  # threads, not one per mail
    assert json.loads(again.stdout)["created"] == 0 and json.loads(again.stdout)["new_messages"] == 0
    assert missing.exit_code == 1 and "not a file" in missing.output
    db = Database.from_url(url)
    with db.reader() as uow:
        stored = uow.conversations.list(source="mailbox", limit=50)
        bodies = [m.body for c in stored for m in (uow.conversations.get(c.id or 0) or c).messages]
    db.dispose()
    assert any("ą" in b or "ė" in b or "š" in b for b in bodies)  # ISO-8859-13 decoded
