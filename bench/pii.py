"""PII redaction quality: recall/precision per type and locale, false positives on non-PII look-alikes."""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from rich.console import Console

    from deskpilot.understand.pii_corpus import CorpusMessage, Span

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
TWEETSUMM_FILE = "tweetsumm_with_dialogs.jsonl"
MIN_COVERAGE = 0.8  # a gold span is found when a same-type prediction covers >= 80 % of its characters
TARGETS = {"recall": 0.98, "false_positive_rate": 0.01}
EXAMPLES = 3  # real-text redactions shown per type


class Prediction(NamedTuple):
    """One predicted span."""

    kind: str
    start: int
    end: int


class MessageScore(NamedTuple):
    """What redact() got right and wrong on one corpus message."""

    message: CorpusMessage
    predicted: list[Prediction]
    found: list[bool]  # per gold span
    correct: list[bool]  # per prediction: it is the match of a same-type gold span
    redacted_lookalikes: list[bool]  # per look-alike: some prediction overlaps it
    confusions: list[tuple[str, str]]  # (gold type, predicted type) for gold found only under another type


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Number of characters two half-open spans share."""
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def covers(pred: Prediction, gold: Span) -> bool:
    """Whether pred covers at least MIN_COVERAGE of gold's characters (type not checked)."""
    return overlap(pred.start, pred.end, gold.start, gold.end) >= MIN_COVERAGE * (gold.end - gold.start)


def score_message(message: CorpusMessage, predicted: Sequence[Prediction]) -> MessageScore:
    """Match predictions against gold spans and look-alikes of one message."""
    found = [any(p.kind == g.kind and covers(p, g) for p in predicted) for g in message.gold]
    correct = [any(p.kind == g.kind and covers(p, g) for g in message.gold) for p in predicted]
    looks = [any(overlap(p.start, p.end, s.start, s.end) for p in predicted) for s in message.lookalikes]
    confusions = [(g.kind, p.kind) for g, ok in zip(message.gold, found, strict=True) if not ok
                  for p in predicted if p.kind != g.kind and covers(p, g)]
    return MessageScore(message, list(predicted), found, correct, looks, confusions)


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def type_figures(scores: Iterable[MessageScore], kinds: Iterable[str]) -> dict[str, Any]:
    """Gold count, recall, predicted count and precision over the given PII types."""
    wanted = set(kinds)
    gold = found = predicted = correct = 0
    for s in scores:
        for g, ok in zip(s.message.gold, s.found, strict=True):
            if g.kind in wanted:
                gold += 1
                found += ok
        for p, ok in zip(s.predicted, s.correct, strict=True):
            if p.kind in wanted:
                predicted += 1
                correct += ok
    return {"gold": gold, "found": found, "recall": _ratio(found, gold), "predicted": predicted,
            "correct": correct, "precision": _ratio(correct, predicted)}


def lookalike_figures(scores: Iterable[MessageScore]) -> dict[str, Any]:
    """How many non-PII look-alike tokens were redacted, overall and per kind."""
    per_kind: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    for s in scores:
        for span, redacted in zip(s.message.lookalikes, s.redacted_lookalikes, strict=True):
            per_kind[span.kind] += 1
            hit[span.kind] += redacted
    total, wrong = sum(per_kind.values()), sum(hit.values())
    return {"lookalikes": total, "redacted": wrong, "false_positive_rate": _ratio(wrong, total),
            "per_kind": {k: {"count": per_kind[k], "redacted": hit[k]} for k in sorted(per_kind)}}


def run_corpus(messages: Sequence[CorpusMessage], *, use_known: bool, bar: Any = None) -> list[MessageScore]:
    """redact() every message (with its known record fields unless use_known is False) and score it."""
    from deskpilot.understand.pii import redact

    scores = []
    task = bar.add_task("redacting corpus", total=len(messages)) if bar is not None else None
    for message in messages:
        result = redact(message.text, known=message.known if use_known else None)
        predicted = [Prediction(e.type, e.start, e.end) for e in result.entities]
        scores.append(score_message(message, predicted))
        if bar is not None:
            bar.advance(task)
    return scores


def real_text_check(path: Path, bar: Any = None) -> dict[str, Any] | None:
    """Redact every customer turn of TweetSumm (real support tweets) and count what gets redacted, by type."""
    from deskpilot.understand.pii import redact

    file = path / TWEETSUMM_FILE if path.is_dir() else path
    if not file.is_file():
        return None
    texts = [turn["text"] for line in file.read_text(encoding="utf-8").splitlines() if line.strip()
             for turn in json.loads(line)["dialog"] if turn["role"] == "customer"]
    per_type: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    task = bar.add_task("redacting TweetSumm customer turns", total=len(texts)) if bar is not None else None
    for text in texts:
        for e in redact(text).entities:
            per_type[e.type] += 1
            if len(examples.setdefault(e.type, [])) < EXAMPLES:
                examples[e.type].append(text[max(0, e.start - 25):e.end + 25].replace("\n", " "))
        if bar is not None:
            bar.advance(task)
    return {"file": str(file), "turns": len(texts), "redactions": dict(sorted(per_type.items())),
            "per_1000_turns": round(1000 * sum(per_type.values()) / max(1, len(texts)), 2), "examples": examples}


def evaluate(messages: Sequence[CorpusMessage], *, use_known: bool = True, bar: Any = None) -> dict[str, Any]:
    """All figures of the synthetic corpus: overall, per type, per locale, look-alikes, confusions."""
    from deskpilot.understand.pii import STRUCTURED_TYPES
    from deskpilot.understand.pii_corpus import LOCALES, NAME_TYPES

    start = time.perf_counter()
    scores = run_corpus(messages, use_known=use_known, bar=bar)
    seconds = time.perf_counter() - start
    looks = lookalike_figures(scores)
    structured = type_figures(scores, STRUCTURED_TYPES)
    per_locale = {}
    for locale in LOCALES:
        subset = [s for s in scores if s.message.locale == locale]
        if not subset:
            continue
        fp = lookalike_figures(subset)
        per_locale[locale] = {"messages": len(subset), **type_figures(subset, STRUCTURED_TYPES),
                              "lookalikes": fp["lookalikes"], "lookalikes_redacted": fp["redacted"],
                              "false_positive_rate": fp["false_positive_rate"],
                              "name_recall": type_figures(subset, ["NAME"])["recall"],
                              "address_recall": type_figures(subset, ["ADDRESS"])["recall"]}
    confusions = Counter(f"{g}->{p}" for s in scores for g, p in s.confusions)
    met = (structured["recall"] or 0) >= TARGETS["recall"] and \
        (looks["false_positive_rate"] or 0) <= TARGETS["false_positive_rate"]
    return {
        "messages": len(messages),
        "structured": structured,
        "false_positive_rate": looks["false_positive_rate"],
        "lookalikes": looks["lookalikes"],
        "lookalikes_redacted": looks["redacted"],
        "targets": {**TARGETS, "met": met},
        "names_addresses": {k: type_figures(scores, [k]) for k in NAME_TYPES},
        "per_type": {k: type_figures(scores, [k]) for k in (*STRUCTURED_TYPES, *NAME_TYPES)},
        "per_locale": per_locale,
        "per_lookalike": looks["per_kind"],
        "confusions": dict(confusions.most_common()),
        "ms_per_message": round(1000 * seconds / max(1, len(messages)), 3),
        "_scores": scores,
    }


def errors(scores: Sequence[MessageScore], limit: int) -> list[str]:
    """Human-readable misses and false positives, for --show-errors."""
    out: list[str] = []
    for s in scores:
        text = s.message.text
        for g, ok in zip(s.message.gold, s.found, strict=True):
            if not ok:
                out.append(f"{s.message.id} MISS {g.kind}: {text[g.start:g.end]!r} in "
                           f"{text[max(0, g.start - 30):g.end + 10]!r}")
        for p, ok in zip(s.predicted, s.correct, strict=True):
            if not ok:
                out.append(f"{s.message.id} FALSE {p.kind}: {text[p.start:p.end]!r} in "
                           f"{text[max(0, p.start - 30):p.end + 10]!r}")
    return out[:limit]


def print_tables(result: dict[str, Any], out: Console) -> None:
    """Per-type, per-locale and look-alike tables."""
    from rich.table import Table

    def fmt(value: Any) -> str:
        return "–" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)

    s = result["structured"]
    out.print(f"PII corpus: {result['messages']} messages (seed {result['seed']}, known record fields "
              f"{'on' if result['known_fields'] else 'off'}); a gold span counts as found when a predicted span of "
              f"the same type covers ≥ {int(MIN_COVERAGE * 100)} % of its characters")
    out.print(f"structured identifiers: recall [bold]{fmt(s['recall'])}[/bold] (≥ {TARGETS['recall']}), precision "
              f"{fmt(s['precision'])}; look-alikes redacted [bold]{result['lookalikes_redacted']} / "
              f"{result['lookalikes']} = {fmt(result['false_positive_rate'])}[/bold] "
              f"(≤ {TARGETS['false_positive_rate']}); targets met: {result['targets']['met']}")
    table = Table(title="per type", title_justify="left")
    for col in ("type", "gold", "found", "recall", "predicted", "precision"):
        table.add_column(col, justify="left" if col == "type" else "right")
    for kind, row in result["per_type"].items():
        table.add_row(kind, *(fmt(row[c]) for c in ("gold", "found", "recall", "predicted", "precision")))
    out.print(table)
    table = Table(title="per locale: structured identifiers, look-alikes, then name and address recall",
                  title_justify="left")
    cols = {"messages": "msgs", "gold": "gold", "recall": "recall", "precision": "prec.", "lookalikes": "look-alikes",
            "lookalikes_redacted": "redacted", "false_positive_rate": "FP rate", "name_recall": "name R",
            "address_recall": "addr. R"}
    table.add_column("locale")
    for header in cols.values():
        table.add_column(header, justify="right")
    for locale, row in result["per_locale"].items():
        table.add_row(locale, *(fmt(row[c]) for c in cols))
    out.print(table)
    table = Table(title="non-PII look-alikes", title_justify="left")
    for col in ("kind", "count", "redacted"):
        table.add_column(col, justify="left" if col == "kind" else "right")
    for kind, row in result["per_lookalike"].items():
        table.add_row(kind, str(row["count"]), str(row["redacted"]))
    out.print(table)
    if result["confusions"]:
        out.print(f"type confusions (gold->predicted): {result['confusions']}")
    real = result.get("real_text")
    if real:
        out.print(f"real text (TweetSumm, {real['turns']} customer turns, no gold): {real['redactions']} "
                  f"= {real['per_1000_turns']} redactions per 1000 turns")
        for kind, samples in real["examples"].items():
            for sample in samples:
                out.print(f"  {kind}: …{sample}…", markup=False)
    out.print(f"{result['ms_per_message']} ms per message")


def main(argv: list[str], *, json_out: bool) -> dict[str, Any]:
    """Generate the seeded corpus, redact it and return recall, precision and look-alike false positives."""
    from rich.console import Console

    from deskpilot.cli.common import progress_bar
    from deskpilot.understand.pii_corpus import generate_corpus

    parser = argparse.ArgumentParser(prog="deskpilot bench pii", description=__doc__)
    parser.add_argument("--messages", type=int, default=1000, help="corpus size, spread evenly over 5 locales")
    parser.add_argument("--seed", type=int, default=2026, help="corpus seed")
    parser.add_argument("--no-known", action="store_true",
                        help="do not pass the customer's known record fields (name, email, phone) to redact()")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA / "tweetsumm",
                        help="TweetSumm folder or JSONL for the real-text check (skipped when missing)")
    parser.add_argument("--no-real", action="store_true", help="skip the real-text check")
    parser.add_argument("--show-errors", type=int, default=0, metavar="N", help="print N misses/false positives")
    args = parser.parse_args(argv)
    err = Console(stderr=True)
    messages = generate_corpus(args.messages, args.seed)
    with progress_bar(disable=json_out) as bar:
        figures = evaluate(messages, use_known=not args.no_known, bar=bar)
        real = None if args.no_real else real_text_check(args.data, bar)
    scores = figures.pop("_scores")
    if args.show_errors:
        for line in errors(scores, args.show_errors):
            err.print(line, markup=False, soft_wrap=True)
    if real is None and not args.no_real:
        err.print(f"[yellow]real-text check skipped: no {TWEETSUMM_FILE} at {args.data}[/yellow]")
    result: dict[str, Any] = {"benchmark": "pii", "seed": args.seed, "known_fields": not args.no_known,
                              "matching": f"gold found when a same-type predicted span covers >= "
                                          f"{int(MIN_COVERAGE * 100)}% of its characters", **figures,
                              "real_text": real}
    if not json_out:
        print_tables(result, Console())
    return result
