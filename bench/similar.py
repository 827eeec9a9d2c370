"""Similar resolved cases on the demo history: hit@1/5 of a past case with the same intent and resolution, and latency.

Queries are the held-out resolved demo conversations (`deskpilot.analytics.holdout`: the intent model never saw
them); the searchable past is the other resolved conversations created before each query. A retrieved case is a hit
when it has the query's intent (the help-desk label, else metadata["intent"]) and the same resolution (the article
used, metadata["article"] without its locale prefix, plus the outcome's resolution value). Three rankings: the
lexical one alone, lexical plus the boost for the intent the model predicts for the query (never the human label),
and a baseline of the k newest past cases in the query's locale. In the demo every outcome is "solved" and the
article follows from the intent, so hit@k and the same-intent-only hit@k come out equal there.
"""

from __future__ import annotations

import argparse
import bisect
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from rich.console import Console

    from deskpilot.assist.similar import PastCase, SimilarCase, SimilarCaseIndex
    from deskpilot.storage.database import Database

RANKINGS = ("lexical", "lexical+intent", "recent")
Gold = tuple[str | None, str]  # (intent, resolution key)
Retrieved = tuple[str | None, str, bool]  # (intent, resolution key, same locale)


# NamedTuples: plain to build in tests and independent of how `deskpilot bench` registers this module.
class Ranked(NamedTuple):
    """What one query retrieved, as (intent, resolution key, same locale) in rank order, and how long it took."""

    locale: str
    gold: Gold
    retrieved: list[Retrieved]
    latency_ms: float

    def first_rank(self, *, intent_only: bool) -> int | None:
        """1-based rank of the first case with the query's intent (and resolution unless ``intent_only``)."""
        intent, resolution = self.gold
        if intent is None:
            return None
        for rank, (got_intent, got_resolution, _same) in enumerate(self.retrieved, start=1):
            if got_intent == intent and (intent_only or got_resolution == resolution):
                return rank
        return None

    def hit(self, k: int, *, intent_only: bool = False) -> bool:
        """Whether a matching case is among the first k."""
        rank = self.first_rank(intent_only=intent_only)
        return rank is not None and rank <= k


class Query(NamedTuple):
    """A held-out conversation asked about: the case itself, its gold labels and the intent the model predicted."""

    case: PastCase
    locale: str
    gold: Gold
    predicted: str | None


# --- scoring -------------------------------------------------------------------------------------------------------


def resolution_key(article: str | None, resolution: str | None) -> str:
    """The resolution compared across locales: the article without its locale prefix, and the outcome value."""
    slug = (article or "").split("/", 1)[-1]
    return f"{slug}|{resolution or ''}"


def gold_intent(case: PastCase) -> str | None:
    """A case's true intent: the help-desk label, else the demo's metadata["intent"]."""
    intent = case.category or case.metadata.get("intent")
    return str(intent) if intent else None


def gold_of(case: PastCase) -> Gold:
    """A case's (intent, resolution key) as the benchmark judges it."""
    article = case.metadata.get("article") or case.article
    return gold_intent(case), resolution_key(str(article) if article else None, case.resolution.get("resolution"))


def _mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


def summarize(ranked: Sequence[Ranked], *, k: int) -> dict[str, Any]:
    """hit@1, hit@k (same intent and resolution), hit@k same intent only, MRR@k, share of the top k in the query's
    locale (queries with results) and latency p50/p95 of a group of queries."""
    from deskpilot.analytics.decisions import percentile

    latencies = sorted(r.latency_ms for r in ranked)
    ranks = [r.first_rank(intent_only=False) for r in ranked]
    shares = [sum(1 for *_x, same in r.retrieved[:k] if same) / len(r.retrieved[:k]) for r in ranked if r.retrieved]
    return {
        "queries": len(ranked),
        "hit@1": _mean([float(r.hit(1)) for r in ranked]),
        f"hit@{k}": _mean([float(r.hit(k)) for r in ranked]),
        f"hit@{k}_same_intent": _mean([float(r.hit(k, intent_only=True)) for r in ranked]),
        f"mrr@{k}": _mean([1.0 / rank if rank is not None and rank <= k else 0.0 for rank in ranks]),
        f"same_locale_top{k}": _mean(shares),
        "latency_ms": {"p50": round(statistics.median(latencies), 2) if latencies else 0.0,
                       "p95": round(percentile(latencies, 95), 2)},
    }


def report(ranked: Sequence[Ranked], *, k: int) -> dict[str, Any]:
    """Figures overall and per locale."""
    locales = sorted({r.locale for r in ranked})
    return {"overall": summarize(ranked, k=k),
            "per_locale": {loc: summarize([r for r in ranked if r.locale == loc], k=k) for loc in locales}}


# --- running -------------------------------------------------------------------------------------------------------


def retrieved_of(cases: Sequence[SimilarCase], index: SimilarCaseIndex) -> list[Retrieved]:
    """The (intent, resolution key, same locale) of search results."""
    by_id = {c.conversation_id: c for c in index.cases}
    return [(*gold_of(by_id[c.conversation_id]), c.same_locale) for c in cases]


class Recent:
    """Baseline: the k newest past cases in the query's locale (no similarity at all)."""

    def __init__(self, index: SimilarCaseIndex) -> None:
        self.by_locale: dict[str, list[PastCase]] = {}
        for case in sorted(index.cases, key=lambda c: c.created_at):
            self.by_locale.setdefault(case.locale or "", []).append(case)
        self.times = {loc: [c.created_at for c in cases] for loc, cases in self.by_locale.items()}

    def search(self, locale: str, before: datetime, k: int) -> list[Retrieved]:
        """The k newest cases of the locale created before a time, newest first."""
        cases = self.by_locale.get(locale, [])
        end = bisect.bisect_left(self.times.get(locale, []), before)
        return [(*gold_of(c), True) for c in reversed(cases[max(0, end - k):end])]


def predicted_intents(db: Database, cases: Sequence[PastCase]) -> tuple[list[str | None], str]:
    """The intent the understand stage stored for each query, else the active model's prediction on the request
    text ("unknown" → None); also the model's fingerprint (or "none")."""
    from deskpilot.understand.intent_model import IntentModelProvider

    stored = [c.understood_intent for c in cases]
    missing = [i for i, intent in enumerate(stored) if intent is None]
    model = IntentModelProvider(db).get() if missing else None
    if model is None:
        return stored, "stored" if not missing else "none"
    predictions = model.classifier.predict([cases[i].text for i in missing])
    for i, prediction in zip(missing, predictions, strict=True):
        stored[i] = None if prediction.abstained else prediction.label
    return stored, model.fingerprint


def run_queries(index: SimilarCaseIndex, queries: Sequence[Query], *, k: int,
                advance: Callable[[], None]) -> dict[str, list[Ranked]]:
    """Every query through the three rankings."""
    recent = Recent(index)
    out: dict[str, list[Ranked]] = {name: [] for name in RANKINGS}
    for query in queries:
        case = query.case
        for name, intent in (("lexical", None), ("lexical+intent", query.predicted)):
            start = time.perf_counter()
            found = index.search(case.text, query.locale, intent=intent, k=k, exclude_ids=(case.conversation_id,),
                                 before=case.created_at)
            elapsed = (time.perf_counter() - start) * 1000
            out[name].append(Ranked(query.locale, query.gold, retrieved_of(found, index), elapsed))
        start = time.perf_counter()
        baseline = recent.search(query.locale, case.created_at, k)
        out["recent"].append(Ranked(query.locale, query.gold, baseline, (time.perf_counter() - start) * 1000))
        advance()
    return out


def spread(items: Sequence[Any], limit: int | None) -> list[Any]:
    """At most ``limit`` items taken evenly across the sequence (all of them without a limit)."""
    if not limit or limit >= len(items):
        return list(items)
    return [items[i * len(items) // limit] for i in range(limit)]


def evaluate(db: Database, *, k: int, limit: int | None) -> dict[str, Any]:
    """Build the index of the non-held-out past, query it with the held-out conversations, return the figures."""
    from deskpilot.analytics.holdout import is_holdout
    from deskpilot.assist.similar import SimilarCaseIndex, load_cases
    from deskpilot.cli.common import progress_bar

    start = time.perf_counter()
    index = SimilarCaseIndex.load(db, keep=lambda source, external: not is_holdout(source, external))
    build_s = time.perf_counter() - start
    with db.reader() as uow:
        held_out = spread([c for c in load_cases(uow.session, keep=is_holdout) if c.locale], limit)
    start = time.perf_counter()
    predicted, model = predicted_intents(db, held_out)
    predict_s = time.perf_counter() - start
    queries = [Query(c, c.locale or "", gold_of(c), p) for c, p in zip(held_out, predicted, strict=True)]
    with progress_bar() as bar:
        task = bar.add_task(f"{len(queries)} held-out queries", total=len(queries))
        ranked = run_queries(index, queries, k=k, advance=lambda: bar.advance(task))
    correct = sum(1 for q in queries if q.predicted is not None and q.predicted == q.gold[0])
    return {
        "benchmark": "similar", "k": k, "past_cases": len(index), "queries": len(queries),
        "index_build_seconds": round(build_s, 2),
        "intent_model": model, "intent_prediction_seconds": round(predict_s, 2),
        "predicted_intent": {"answered": _mean([float(q.predicted is not None) for q in queries]),
                             "accuracy_when_answered": round(correct / max(1, sum(q.predicted is not None
                                                                                  for q in queries)), 4)},
        "rankings": {name: report(rows, k=k) for name, rows in ranked.items()},
    }


def open_database(path: str) -> Database:
    """An existing workspace: a SQLite file path or a database URL."""
    from deskpilot.storage.database import Database

    if "://" in path:
        return Database.from_url(path)
    if not Path(path).is_file():
        raise SystemExit(f"no database file {path}")
    return Database.from_url(f"sqlite:///{Path(path).resolve()}")


def print_tables(result: dict[str, Any], out: Console) -> None:
    """One row per ranking and locale."""
    from rich import box
    from rich.table import Table

    k = result["k"]
    table = Table(title=f"similar cases: {result['queries']} held-out queries over {result['past_cases']} past cases",
                  title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    columns = ("ranking", "loc", "n", "hit@1", f"hit@{k}", f"int@{k}", f"MRR@{k}", "same", "p50", "p95")
    for name in columns:
        table.add_column(name, justify="left" if name in {"ranking", "loc"} else "right",
                         min_width=max(map(len, RANKINGS)) if name == "ranking" else None)
    for ranking, data in result["rankings"].items():
        for locale, fig in [("all", data["overall"]), *data["per_locale"].items()]:
            table.add_row(ranking, locale, str(fig["queries"]), f"{fig['hit@1']:.3f}", f"{fig[f'hit@{k}']:.3f}",
                          f"{fig[f'hit@{k}_same_intent']:.3f}", f"{fig[f'mrr@{k}']:.3f}",
                          f"{fig[f'same_locale_top{k}']:.3f}", f"{fig['latency_ms']['p50']:.1f}",
                          f"{fig['latency_ms']['p95']:.1f}")
        table.add_section()
    out.print(table)
    predicted = result["predicted_intent"]
    out.print(f"Index built in {result['index_build_seconds']} s. Predicted intent ({result['intent_model']}, "
              f"{result['intent_prediction_seconds']} s): answered {predicted['answered']:.3f}, accurate "
              f"{predicted['accuracy_when_answered']:.3f} when answered. A hit is a past case with the query's "
              f"intent and resolution (article without locale + outcome); int@{k}: a case with the query's intent "
              f"among the first {k}; same: share of the top {k} in the query's locale; p50 / p95: ms per query; "
              f"'recent' is the baseline of the {k} newest same-locale cases.")


def main(argv: list[str], *, json_out: bool) -> dict[str, Any]:
    """Query the held-out demo history against the rest and return hit rates, MRR and latency per locale."""
    from rich.console import Console

    parser = argparse.ArgumentParser(prog="deskpilot bench similar", description=__doc__)
    parser.add_argument("--db", metavar="PATH", help="an existing demo workspace (SQLite file or database URL); "
                                                     "default: build a scratch one")
    parser.add_argument("-k", type=int, default=5, help="cases retrieved per query (default 5)")
    parser.add_argument("--limit", type=int, help="at most this many held-out queries, spread over the history")
    parser.add_argument("--seed", type=int, default=7, help="seed of a scratch workspace")
    parser.add_argument("--history", type=int, default=2200, help="history conversations of a scratch workspace")
    args = parser.parse_args(argv)
    err = Console(stderr=True)
    if args.db:
        db = open_database(args.db)
        try:
            result = evaluate(db, k=args.k, limit=args.limit)
        finally:
            db.dispose()
        result["database"] = args.db
    else:
        result = scratch_run(args, err)
    if not json_out:
        print_tables(result, Console())
    return result


def scratch_run(args: argparse.Namespace, err: Console) -> dict[str, Any]:
    """Build a demo workspace in a temporary folder (intent model trained, gate not calibrated) and evaluate it."""
    from deskpilot.config import Settings
    from deskpilot.demo.workspace import build_demo_workspace
    from deskpilot.storage.database import Database

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite:///{Path(tmp) / 'similar.db'}")
        db = Database.from_settings(settings)
        try:
            err.print(f"building demo workspace ({args.history} history conversations)…")
            build_demo_workspace(db, settings, seed=args.seed, history=args.history, calibrate=False)
            result = evaluate(db, k=args.k, limit=args.limit)
        finally:
            db.dispose()
    result["database"] = f"scratch demo workspace (seed {args.seed}, {args.history} history)"
    return result
