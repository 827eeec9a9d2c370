"""Language identification on xSID short utterances (en, de, lt), plus greeting and quoted-history probes."""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from rich.console import Console

    from deskpilot.understand.language import LanguageDetector

XSID_FILE = "xsid_en_de_lt.json"
DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "xsid"
LOCALES = ("en", "de", "fr", "es", "lt")
SPLITS = ("test", "valid")
PROBES = ("greeting", "quoted")
TARGET_ACCURACY = 0.99  # per language, on the test split
TARGET_SPLIT = "test"
QUOTED_UTTERANCES = 3  # quoted history: this many utterances of another language under the new text
NAMES = ("Alex Kowalski", "Maria Jonaitė", "Jonas Weber", "Chloé Martin", "Lucía García")
WARM_UP = {"en": "Where is my order? It has not arrived yet.", "de": "Wo ist meine Bestellung? Sie ist nicht da.",
           "fr": "Où est ma commande ? Elle n'est pas arrivée.", "es": "¿Dónde está mi pedido? Todavía no llegó.",
           "lt": "Kur mano užsakymas? Jis dar neatkeliavo."}


# NamedTuples, not dataclasses: they need nothing from the module registry of the loader.
class Sample(NamedTuple):
    """One text to identify and the locale it is written in."""

    group: str  # an xSID split ("test", "valid") or a probe ("greeting", "quoted")
    locale: str
    text: str
    body: str  # the utterance itself (the whole text, except in probes)


class Outcome(NamedTuple):
    """What the detector said about one sample and how long it took."""

    sample: Sample
    locale: str | None
    other_language: str | None
    latency_ms: float


def load_xsid(path: Path) -> dict[str, list[str]]:
    """xSID utterances by "<lang>.<split>" (e.g. "de.test"), from the JSON file or the folder holding it."""
    file = path / XSID_FILE if path.is_dir() else path
    data = json.loads(file.read_text(encoding="utf-8"))
    return {key: [" ".join(str(row["text"]).split()) for row in rows if str(row.get("text") or "").strip()]
            for key, rows in data.items()}


def split_samples(data: dict[str, list[str]], splits: list[str]) -> list[Sample]:
    """Every utterance of the chosen splits, labelled with its language."""
    samples = []
    for split in splits:
        for key in sorted(k for k in data if k.endswith(f".{split}")):
            samples.extend(Sample(split, key.split(".", 1)[0], text, text) for text in data[key])
    return samples


def _phrases(locale: str) -> tuple[list[str], list[str]]:
    from importlib import import_module

    module = import_module(f"deskpilot.demo.phrases.{locale}")
    return [g for g in module.GREETINGS if g], [s for s in module.SIGNOFFS if s]


def greeting_probes(data: dict[str, list[str]], split: str) -> list[Sample]:
    """Each utterance under a greeting in another locale; every other one also closes in that locale."""
    samples = []
    for key in sorted(k for k in data if k.endswith(f".{split}")):
        body_locale = key.split(".", 1)[0]
        others = [loc for loc in LOCALES if loc != body_locale]
        for i, body in enumerate(data[key]):
            frame = others[i % len(others)]
            greetings, signoffs = _phrases(frame)
            text = f"{greetings[i % len(greetings)]}\n\n{body}"
            if i % 2:
                text += f"\n\n{signoffs[i % len(signoffs)]}\n{NAMES[i % len(NAMES)]}"
            samples.append(Sample("greeting", body_locale, text, body))
    return samples


def quoted_probes(data: dict[str, list[str]], split: str) -> list[Sample]:
    """Each utterance above an "On … wrote:" header and several quoted utterances in another language."""
    keys = sorted(k for k in data if k.endswith(f".{split}"))
    samples = []
    for key in keys:
        body_locale = key.split(".", 1)[0]
        others = [k for k in keys if k != key]
        for i, body in enumerate(data[key]):
            quoted_rows = data[others[i % len(others)]]
            quoted = [quoted_rows[(i + j) % len(quoted_rows)] for j in range(QUOTED_UTTERANCES)]
            prefix = "> " if i % 2 == 0 else ""  # Outlook-style replies quote without ">"
            header = f"On Mon, 12 Oct 2026 at 10:{i % 60:02d}, Lumio Support <support@lumio.example> wrote:"
            text = body + "\n\n" + header + "\n" + "\n".join(prefix + line for line in quoted)
            samples.append(Sample("quoted", body_locale, text, body))
    return samples


def run(detector: LanguageDetector, samples: list[Sample], label: str) -> list[Outcome]:
    """Detect every sample, timing each call."""
    from deskpilot.cli.common import progress_bar

    outcomes = []
    with progress_bar() as bar:
        task = bar.add_task(label, total=len(samples))
        for sample in samples:
            start = time.perf_counter()
            result = detector.detect(sample.text)
            elapsed_ms = (time.perf_counter() - start) * 1000
            outcomes.append(Outcome(sample, result.locale, result.other_language, elapsed_ms))
            bar.advance(task)
    return outcomes


def summarize(group: str, locale: str, outcomes: list[Outcome], misses: int,
              alone: dict[str, str | None]) -> dict[str, Any]:
    """n, accuracy, None answers, confusion counts, throughput and latency of one group of one language; for a
    probe also how many misses the framing caused (`alone`: what the detector says about each utterance alone)."""
    from deskpilot.analytics.decisions import percentile

    n = len(outcomes)
    latencies = sorted(o.latency_ms for o in outcomes)
    correct = sum(o.locale == locale for o in outcomes)
    seconds = sum(latencies) / 1000
    row: dict[str, Any] = {
        "group": group, "locale": locale, "n": n, "accuracy": round(correct / n, 4) if n else 0.0,
        "none": sum(o.locale is None for o in outcomes),
        "confusion": dict(Counter(o.locale or "none" for o in outcomes).most_common()),
        "other_languages": dict(Counter(o.other_language for o in outcomes if o.other_language).most_common()),
        "texts_per_second": round(n / seconds, 1) if seconds else 0.0,
        "latency_ms": {"p50": round(statistics.median(latencies), 3) if latencies else 0.0,
                       "p95": round(percentile(latencies, 95), 3)},
    }
    wrong = [o for o in outcomes if o.locale != locale]
    if group in PROBES:
        wrong = [o for o in wrong if alone.get(o.sample.body) == locale]
        row["framing_misses"] = len(wrong)  # wrong in the frame although right on the utterance alone
    row["misses"] = [{"text": o.sample.text, "detected": o.locale, "other_language": o.other_language}
                     for o in wrong[:misses]]
    if group == TARGET_SPLIT:
        row["target"] = TARGET_ACCURACY
        row["target_met"] = bool(row["accuracy"] >= TARGET_ACCURACY)
    return row


def print_table(result: dict[str, Any], out: Console) -> None:
    """One row per group and language: accuracy, None answers, wrong answers, speed, target."""
    from rich.table import Table

    table = Table(title=f"language identification on xSID (locales: {', '.join(result['locales'])})",
                  title_justify="left", caption="frame: probe misses whose utterance alone is detected right",
                  caption_justify="left")
    for name in ("set", "lang", "n", "accuracy", "none", "wrong answers", "frame", "texts/s", "p50 ms",
                 f"≥ {TARGET_ACCURACY:.2f}"):
        table.add_column(name, justify="left" if name in ("set", "lang", "wrong answers") else "right",
                         no_wrap=name in ("set", "wrong answers"))
    for row in result["rows"]:
        wrong = ", ".join(f"{k} {v}" for k, v in row["confusion"].items() if k != row["locale"]) or "-"
        target = "" if "target" not in row else "[green]met[/green]" if row["target_met"] else "[red]missed[/red]"
        table.add_row(row["group"], row["locale"], str(row["n"]), f"{row['accuracy']:.4f}", str(row["none"]), wrong,
                      str(row.get("framing_misses", "")), f"{row['texts_per_second']:.0f}",
                      f"{row['latency_ms']['p50']:.2f}", target)
    out.print(table)
    shown = [(row, m) for row in result["rows"] for m in row["misses"]]
    if shown:
        out.print("Some misses (text → detected; for the probes, only those the framing caused):")
        for row, miss in shown:
            text = miss["text"].replace("\n", " ⏎ ")
            other = f" (other language: {miss['other_language']})" if miss["other_language"] else ""
            out.print(f"  [{row['group']} {row['locale']}] {text[:110]!r} → {miss['detected']}{other}",
                      markup=False, highlight=False)


def main(argv: list[str], *, json_out: bool) -> dict[str, Any]:
    """Run the detector over xSID and the probes built from it; return accuracy, confusions and speed."""
    from rich.console import Console

    from deskpilot.understand.language import LanguageDetector

    parser = argparse.ArgumentParser(prog="deskpilot bench language", description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"xSID folder or {XSID_FILE}")
    parser.add_argument("--splits", default=",".join(SPLITS), help="comma-separated xSID splits (test, valid)")
    parser.add_argument("--locales", default=",".join(LOCALES), help="the detector's locales")
    parser.add_argument("--no-probes", action="store_true", help="skip the greeting and quoted-history probes")
    parser.add_argument("--probe-split", default=TARGET_SPLIT, help="xSID split the probes are built from")
    parser.add_argument("--misses", type=int, default=3, help="misses listed per group and language")
    args = parser.parse_args(argv)
    err = Console(stderr=True)
    try:
        data = load_xsid(args.data)
    except (OSError, ValueError, KeyError) as exc:
        err.print(f"[red]cannot read xSID from {args.data}: {exc}[/red]")
        raise SystemExit(2) from exc
    splits = [s.strip() for s in args.splits.split(",") if s.strip()]
    locales = tuple(c.strip() for c in args.locales.split(",") if c.strip())
    missing = [s for s in splits if not any(k.endswith(f".{s}") for k in data)]
    if missing:
        parser.error(f"no xSID split {', '.join(missing)} in {args.data}")
    groups: list[tuple[str, list[Sample]]] = [(split, split_samples(data, [split])) for split in splits]
    if not args.no_probes:
        groups.append(("greeting", greeting_probes(data, args.probe_split)))
        groups.append(("quoted", quoted_probes(data, args.probe_split)))
    detector = LanguageDetector(locales)
    start = time.perf_counter()
    for text in WARM_UP.values():  # loads the language models before the timed calls
        detector.detect(text)
    warm_up_seconds = time.perf_counter() - start
    ran = [(group, run(detector, samples, group)) for group, samples in groups]
    alone = {o.sample.text: o.locale for group, outcomes in ran if group in splits for o in outcomes}
    for _group, outcomes in ran:
        for body in {o.sample.body for o in outcomes} - alone.keys():
            alone[body] = detector.detect(body).locale
    rows = []
    for group, outcomes in ran:
        for locale in sorted({o.sample.locale for o in outcomes}):
            rows.append(summarize(group, locale, [o for o in outcomes if o.sample.locale == locale], args.misses,
                                  alone))
    result: dict[str, Any] = {
        "benchmark": "language", "data": str(args.data), "locales": list(locales),
        "model_load_seconds": round(warm_up_seconds, 2), "rows": rows,
        "targets_met": all(r["target_met"] for r in rows if "target_met" in r),
    }
    if not json_out:
        out = Console()
        print_table(result, out if out.is_terminal else Console(width=120))
    return result
