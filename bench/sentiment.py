"""Sentiment quality per locale: accuracy, macro-F1 and confusion matrix on a labelled set, dev and held-out splits."""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from rich.console import Console

LABELS = ("negative", "neutral", "positive")
SHORT = {"negative": "neg", "neutral": "neu", "positive": "pos"}
HOLDOUT_DIGITS = frozenset("012")  # ids ending in these digits are held out: never inspected while tuning
DATA_FILE = "sentiment_eval.jsonl"
TARGET_MACRO_F1 = 0.80


class Example(NamedTuple):
    """One labelled message."""

    id: str
    locale: str
    text: str
    label: str

    @property
    def split(self) -> str:
        """'holdout' for ids ending in 0-2, else 'dev'."""
        return "holdout" if self.id[-1:] in HOLDOUT_DIGITS else "dev"


class Scored(NamedTuple):
    """An example with the scorer's label and evidence."""

    example: Example
    predicted: str
    score: float
    evidence: tuple[str, ...]


def default_data() -> Path:
    """The labelled set shipped with the package."""
    from importlib import resources

    return Path(str(resources.files("deskpilot.understand").joinpath("data", DATA_FILE)))


def load_examples(path: Path) -> list[Example]:
    """Read `{id, locale, text, label}` lines from a JSONL file (or a folder holding sentiment_eval.jsonl)."""
    file = path / DATA_FILE if path.is_dir() else path
    examples = []
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        label = str(row["label"]).strip().lower()
        if label not in LABELS:
            raise ValueError(f"{file}:{number}: label {label!r} is not one of {', '.join(LABELS)}")
        examples.append(Example(str(row["id"]), str(row["locale"]), str(row["text"]), label))
    if not examples:
        raise ValueError(f"{file}: no examples")
    return examples


def f1_scores(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """Per-label F1 (0 when a label is neither gold nor predicted)."""
    scores = {}
    for label in LABELS:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p == label != g)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label != p)
        scores[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return scores


def figures(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro-F1, per-label F1 and the confusion matrix (gold → predicted → count)."""
    n = len(gold)
    per_label = f1_scores(gold, predicted)
    pairs = Counter(zip(gold, predicted, strict=True))
    return {
        "n": n,
        "accuracy": round(sum(1 for g, p in zip(gold, predicted, strict=True) if g == p) / n, 4) if n else 0.0,
        "macro_f1": round(sum(per_label.values()) / len(LABELS), 4),
        "f1": {label: round(value, 4) for label, value in per_label.items()},
        "confusion": {g: {p: pairs.get((g, p), 0) for p in LABELS} for g in LABELS},
        "gold": {label: sum(1 for g in gold if g == label) for label in LABELS},
    }


def majority_label(examples: Sequence[Example]) -> str:
    """Most frequent gold label of the dev split (ties go to the first label in LABELS)."""
    counts = Counter(e.label for e in examples if e.split == "dev") or Counter(e.label for e in examples)
    return max(LABELS, key=lambda label: (counts.get(label, 0), -LABELS.index(label)))


def group_figures(scored: Sequence[Scored], majority: str) -> dict[str, Any]:
    """Figures of the scorer and of the majority-class baseline on one group of examples."""
    gold = [s.example.label for s in scored]
    result = figures(gold, [s.predicted for s in scored])
    baseline = figures(gold, [majority] * len(gold))
    result["majority_baseline"] = {"label": majority, "accuracy": baseline["accuracy"],
                                   "macro_f1": baseline["macro_f1"]}
    return result


def evaluate(examples: Sequence[Example]) -> tuple[list[Scored], float]:
    """Score every example; also the seconds spent in score_sentiment."""
    from deskpilot.understand.sentiment import score_sentiment

    scored = []
    spent = 0.0
    for example in examples:
        start = time.perf_counter()
        result = score_sentiment(example.text, example.locale)
        spent += time.perf_counter() - start
        scored.append(Scored(example, result.label, result.score, result.evidence))
    return scored, spent


def report(scored: Sequence[Scored], majority: str) -> dict[str, Any]:
    """Figures per split (dev, holdout, all), overall and per locale."""
    locales = list(dict.fromkeys(s.example.locale for s in scored))
    splits: dict[str, Any] = {}
    for split in ("dev", "holdout", "all"):
        chosen = [s for s in scored if split == "all" or s.example.split == split]
        if not chosen:
            continue
        splits[split] = {"overall": group_figures(chosen, majority),
                         "per_locale": {loc: group_figures([s for s in chosen if s.example.locale == loc], majority)
                                        for loc in locales if any(s.example.locale == loc for s in chosen)}}
    return splits


def errors(scored: Sequence[Scored], limit: int) -> list[dict[str, Any]]:
    """Misclassified dev-split examples (the held-out split is never listed)."""
    wrong = [s for s in scored if s.example.split == "dev" and s.predicted != s.example.label]
    return [{"id": s.example.id, "gold": s.example.label, "predicted": s.predicted, "score": round(s.score, 3),
             "evidence": list(s.evidence), "text": s.example.text} for s in wrong[:limit]]


def print_tables(result: dict[str, Any], out: Console) -> None:
    """Quality per split and locale beside the majority baseline, then the confusion matrices."""
    from rich import box
    from rich.table import Table

    quality = Table(title=f"sentiment: {result['items']} labelled messages",
                    title_justify="left", box=box.SIMPLE_HEAD)
    for name in ("split", "locale", "n", "acc", "macro-F1", "F1 % neg/neu/pos", "base acc", "base F1"):
        quality.add_column(name, justify="left" if name in {"split", "locale"} else "right")
    matrix = Table(title="confusion (gold → predicted neg / neu / pos)", title_justify="left", box=box.SIMPLE_HEAD)
    for name in ("split", "locale", "gold neg", "gold neu", "gold pos"):
        matrix.add_column(name, justify="left" if name in {"split", "locale"} else "right")
    for split, data in result["splits"].items():
        for locale, fig in [("all", data["overall"]), *data["per_locale"].items()]:
            f1 = fig["macro_f1"]
            shown = f"{f1:.3f}" if split == "all" else \
                f"[green]{f1:.3f}[/green]" if f1 >= TARGET_MACRO_F1 else f"[red]{f1:.3f}[/red]"
            base = fig["majority_baseline"]
            quality.add_row(split, locale, str(fig["n"]), f"{fig['accuracy']:.3f}", shown,
                            "/".join(f"{100 * fig['f1'][label]:.0f}" for label in LABELS),
                            f"{base['accuracy']:.3f}", f"{base['macro_f1']:.3f}")
            matrix.add_row(split, locale, *(" / ".join(str(fig["confusion"][g][p]) for p in LABELS) for g in LABELS))
        quality.add_section()
        matrix.add_section()
    out.print(quality)
    out.print(matrix)
    out.print(f"Data: {result['data']}. Held out: ids ending in {', '.join(sorted(HOLDOUT_DIGITS))} (never inspected "
              f"while tuning). base = majority-class baseline, always '{result['majority_label']}' (the dev split's "
              f"most frequent label). Target: macro-F1 ≥ {TARGET_MACRO_F1:.2f} per locale. "
              f"{result['messages_per_second']:.0f} messages/s.")
    for row in result.get("errors", []):
        out.print(f"  {row['id']} gold {SHORT[row['gold']]} → {SHORT[row['predicted']]} ({row['score']:+.2f}) "
                  f"{row['evidence']}: {row['text']}", markup=False, highlight=False)


def main(argv: list[str], *, json_out: bool) -> dict[str, Any]:
    """Score the labelled set and return accuracy, macro-F1 and confusion per split and locale."""
    from rich.console import Console

    parser = argparse.ArgumentParser(prog="deskpilot bench sentiment", description=__doc__)
    parser.add_argument("--data", type=Path, help=f"labelled JSONL {{id, locale, text, label}} or a folder holding "
                                                  f"{DATA_FILE} (default: the set shipped with deskpilot)")
    parser.add_argument("--locale", action="append", default=[], help="only these locales (repeatable)")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="list up to N misclassified dev-split messages (held-out ones are never listed)")
    args = parser.parse_args(argv)
    err = Console(stderr=True)
    path = args.data or default_data()
    try:
        examples = load_examples(path)
    except (OSError, ValueError, KeyError) as exc:
        err.print(f"[red]{exc}[/red]")
        raise SystemExit(2) from exc
    if args.locale:
        examples = [e for e in examples if e.locale in set(args.locale)]
    err.print(f"scoring {len(examples)} messages from {path}…")
    majority = majority_label(examples)
    scored, spent = evaluate(examples)
    result: dict[str, Any] = {
        "benchmark": "sentiment",
        "data": str(path) if args.data else f"deskpilot/understand/data/{DATA_FILE}",
        "items": len(examples),
        "holdout_rule": f"ids ending in {', '.join(sorted(HOLDOUT_DIGITS))}",
        "majority_label": majority,
        "target_macro_f1_per_locale": TARGET_MACRO_F1,
        "messages_per_second": round(len(examples) / spent, 1) if spent else 0.0,
        "splits": report(scored, majority),
    }
    if args.errors:
        result["errors"] = errors(scored, args.errors)
    if not json_out:
        print_tables(result, Console())
    return result
