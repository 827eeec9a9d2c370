"""`deskpilot kb …`: import, list, show and search the knowledge base."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from deskpilot.cli.common import console, err_console, load_settings, open_database, print_json, table

app = typer.Typer(help="Knowledge base: import, list, show, search published clauses.", no_args_is_help=True)


@app.command("import")
def import_cmd(path: Path = typer.Argument(..., help="file or folder to import"),
               fmt: str = typer.Option("markdown", "--format", help="markdown"),
               locale: str | None = typer.Option(None, help="locale when the files do not say"),
               json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Import and publish articles; unchanged content creates no new version."""
    from deskpilot.knowledge.importers.markdown import read_markdown_folder
    from deskpilot.knowledge.markdown import ArticleFormatError
    from deskpilot.services.knowledge import KnowledgeService

    if fmt != "markdown":
        err_console.print(f"Unknown format {fmt!r}; supported: markdown")
        raise typer.Exit(2)
    try:
        docs = read_markdown_folder(path, default_locale=locale)
    except (ArticleFormatError, FileNotFoundError) as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    results = KnowledgeService(open_database()).publish_many(docs, actor="cli:kb-import")
    data = [{"article": r.key, "version": r.version, "new_version": r.created, "clauses": r.clauses} for r in results]
    if json_out:
        print_json(data)
    else:
        console.print(table("Imported", ["article", "version", "new version", "clauses"],
                            [tuple(d.values()) for d in data]))


@app.command("list")
def list_cmd(locale: str | None = typer.Option(None, help="only this locale"),
             json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """List articles with state, version, owner and last review."""
    with open_database().reader() as uow:
        articles = uow.knowledge.list_articles(locale=locale)
    data = [{"key": a.key, "title": a.title, "state": a.state.value, "version": a.current_version, "owner": a.owner,
             "last_reviewed_at": a.last_reviewed_at.date().isoformat() if a.last_reviewed_at else None}
            for a in articles]
    if json_out:
        print_json(data)
    else:
        console.print(table(f"{len(data)} articles", ["key", "title", "state", "version", "owner", "reviewed"],
                            [tuple(d.values()) for d in data]))


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
               json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Search published clauses of one locale."""
    from deskpilot.knowledge.embedder import embedder_for
    from deskpilot.knowledge.index import IndexCache

    settings = load_settings()
    index = IndexCache(open_database(settings), embedder_for(settings.embedder)).get()
    start = time.perf_counter()
    results = index.search(query, locale, k)
    took = (time.perf_counter() - start) * 1000
    data = [{"clause_id": r.clause.citation, "article_id": r.clause.article_key, "version": r.clause.version,
             "score": round(r.score, 4), "text": r.clause.text} for r in results]
    if json_out:
        print_json(data)
        return
    rows = [(r.rank, r.clause.citation, r.clause.article_title, round(r.score, 3), r.clause.text[:90])
            for r in results]
    console.print(table(f"{len(rows)} results in {took:.1f} ms ({index.kb_version})",
                        ["rank", "clause id", "article", "score", "snippet"], rows))
