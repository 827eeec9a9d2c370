"""`deskpilot kb …`: import, list, show and search the knowledge base."""

from __future__ import annotations

import time

import typer

from deskpilot.cli.common import (
    console,
    err_console,
    load_settings,
    open_database,
    print_json,
    progress_bar,
    table,
)

app = typer.Typer(help="Knowledge base: import, review, publish, archive, list, show and search.",
                  no_args_is_help=True)


@app.command("import")
def import_cmd(source: str = typer.Argument(..., help="file or folder (or, for zendesk/intercom, the API URL)"),
               fmt: str = typer.Option("markdown", "--format", help="markdown, html, jsonl, zendesk or intercom"),
               locale: str | None = typer.Option(None, help="locale when the files do not say"),
               publish: bool = typer.Option(False, "--publish", help="publish at once instead of saving drafts"),
               token: str | None = typer.Option(None, envvar="DESKPILOT_KB_API_TOKEN",
                                                help="API token for a live zendesk/intercom URL"),
               email: str | None = typer.Option(None, help="Zendesk agent e-mail for API-token auth"),
               json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Import articles as drafts (or --publish); unchanged content creates no new version."""
    import httpx

    from deskpilot.knowledge.importers.sources import VendorAuth, read_documents
    from deskpilot.knowledge.markdown import ArticleFormatError
    from deskpilot.services.knowledge import KnowledgeService

    auth = VendorAuth(token=token, email=email) if token else None
    try:
        docs = read_documents(source, fmt, locale=locale, auth=auth)
    except (ArticleFormatError, FileNotFoundError, ValueError, httpx.HTTPError) as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    if not docs:
        err_console.print(f"No articles found in {source} ({fmt}).")
        raise typer.Exit(1)
    with progress_bar(disable=json_out) as bar:
        task = bar.add_task("importing", total=len(docs))
        results = KnowledgeService(open_database()).import_many(
            docs, actor="cli:kb-import", publish=publish, on_each=lambda _r: bar.advance(task))
    data = [{"article": r.key, "version": r.version, "new_version": r.created, "state": r.state,
             "clauses": r.clauses} for r in results]
    if json_out:
        print_json(data)
    else:
        created = sum(1 for r in results if r.created)
        console.print(table(f"Imported {len(results)} articles: {created} new versions, "
                            f"{len(results) - created} unchanged", ["article", "version", "new version", "state",
                                                                   "clauses"],
                            [tuple(d.values()) for d in data]))


def _change(key: str, state: str, version: int | None, reason: str | None, json_out: bool) -> None:
    from deskpilot.domain.enums import ArticleState
    from deskpilot.services.knowledge import KnowledgeService, LifecycleError

    try:
        updated = KnowledgeService(open_database()).change_state(key, ArticleState(state), actor="cli:kb",
                                                                 version=version, reason=reason)
    except (LifecycleError, LookupError) as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    if json_out:
        print_json({"article": key, "version": updated.version, "state": updated.state.value})
    else:
        console.print(f"{key} v{updated.version} is now [bold]{updated.state.value}[/bold]")


@app.command("submit")
def submit_cmd(key: str = typer.Argument(..., help="article key, e.g. en/returns-policy"),
               version: int | None = typer.Option(None, help="version (default: newest)"),
               json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Send a draft version for review."""
    _change(key, "in_review", version, None, json_out)


@app.command("publish")
def publish_cmd(key: str = typer.Argument(..., help="article key"),
                version: int | None = typer.Option(None, help="version (default: newest)"),
                json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Publish a version: it becomes searchable and citable; the previous one is archived."""
    _change(key, "published", version, None, json_out)


@app.command("archive")
def archive_cmd(key: str = typer.Argument(..., help="article key"),
                version: int | None = typer.Option(None, help="version (default: newest)"),
                reason: str | None = typer.Option(None, help="why (kept in the audit log)"),
                json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Archive a version: it stays citable by old drafts but is no longer searchable."""
    _change(key, "archived", version, reason, json_out)


@app.command("list")
def list_cmd(locale: str | None = typer.Option(None, help="only this locale"),
             state: str | None = typer.Option(None, help="only this state: draft, in_review, published, archived"),
             json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """List articles with state, live version, owner, last review and whether a review is due."""
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    with open_database().reader() as uow:
        articles = uow.knowledge.list_articles(locale=locale, state=state)
        latest = {a.key: uow.knowledge.latest_version(a.key) for a in articles}
    data = []
    for a in articles:
        newest = latest[a.key]
        due = a.last_reviewed_at is None or a.last_reviewed_at + timedelta(days=a.review_interval_days) < now
        data.append({"key": a.key, "title": a.title, "state": a.state.value, "live_version": a.current_version,
                     "latest_version": newest.version if newest else None,
                     "latest_state": newest.state.value if newest else None, "owner": a.owner,
                     "last_reviewed_at": a.last_reviewed_at.date().isoformat() if a.last_reviewed_at else None,
                     "review_due": due})
    if json_out:
        print_json(data)
    else:
        rows = [(d["key"], d["title"], d["state"], d["live_version"],
                 f"v{d['latest_version']} {d['latest_state']}" if d["latest_version"] != d["live_version"] else "",
                 d["owner"], d["last_reviewed_at"], "due" if d["review_due"] else "") for d in data]
        console.print(table(f"{len(data)} articles", ["key", "title", "state", "live", "pending", "owner",
                                                       "reviewed", "review"], rows))


@app.command("show")
def show_cmd(key: str = typer.Argument(..., help="article key, e.g. en/returns-policy"),
             version: int | None = typer.Option(None, help="a specific version (default: latest)"),
             json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Show an article version with its citable clauses."""
    with open_database().reader() as uow:
        found = uow.knowledge.get_version(key, version) if version else uow.knowledge.latest_version(key)
    if found is None:
        err_console.print(f"No article {key!r}" + (f" version {version}" if version else ""))
        raise typer.Exit(1)
    if json_out:
        print_json({"key": key, "version": found.version, "title": found.title, "state": found.state.value,
                    "clauses": [{"clause_id": c.citation, "section": c.section, "text": c.text}
                                for c in found.clauses]})
        return
    console.print(f"[bold]{found.title}[/bold] ({key} v{found.version}, {found.state.value})")
    console.print(table("Clauses", ["clause id", "text"], [(c.citation, c.text) for c in found.clauses]))


@app.command("search")
def search_cmd(query: str = typer.Argument(..., help="what to look for"),
               locale: str = typer.Option("en", help="locale to search"),
               k: int = typer.Option(5, "-k", help="number of results"),
               cross_locale: bool = typer.Option(False, "--cross-locale",
                                                 help="fall back to other locales when this one has no answer"),
               json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Search the published clauses of one locale."""
    from deskpilot.knowledge.embedder import embedder_for
    from deskpilot.knowledge.hits import search_hit
    from deskpilot.knowledge.index import IndexCache

    settings = load_settings()
    index = IndexCache(open_database(settings), embedder_for(settings.embedder)).get()
    start = time.perf_counter()
    results = index.search(query, locale, k, cross_locale=cross_locale)
    took = (time.perf_counter() - start) * 1000
    data = [search_hit(r) for r in results]
    if json_out:
        print_json(data)
        return
    rows = [(r.rank, r.clause.citation, r.clause.article_title, round(r.score, 4),
             (f"↪ {r.clause.locale} " if r.cross_locale else "") + r.clause.text[:90]) for r in results]
    console.print(table(f"{len(rows)} results in {took:.1f} ms ({index.kb_version})",
                        ["rank", "clause id", "article", "score", "snippet"], rows))
    if any(r.cross_locale for r in results):
        console.print(f"↪ marks clauses from another locale: no {locale} clause answered well enough.")
