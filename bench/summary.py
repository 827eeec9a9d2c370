"""Thread summary quality on TweetSumm: ROUGE-1/2/L of the extractive summary against lead-3 and random-3 baselines.

Each dialogue is scored against its human abstractive summaries (best F-measure over them per metric, unstemmed
rouge-score tokenisation; see deskpilot.assist.rouge). deskpilot is scored on its extracted sentences alone (the
request and so-far sentences, without section labels); lead-3 takes the first three sentences of the dialogue and
random-3 three random ones (seeded per dialogue), both after the same cleaning.

Splits: the file's `split` field. A copy whose dialogues are all marked "train" (the shared copy is) gets a fixed
split by conversation id instead: SHA-256 of the id modulo 100, below 15 → test, below 30 → validation, else train.
The summariser is tuned on validation only; test is for reporting.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from rich.console import Console

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "tweetsumm" / \
    "tweetsumm_with_dialogs.jsonl"
SPLITS = ("train", "validation", "test")
TEST_BELOW, VALIDATION_BELOW = 15, 30  # hash buckets (of 100) of the fixed split
SPLIT_RULE = f"sha256(conversation_id) % 100: < {TEST_BELOW} test, < {VALIDATION_BELOW} validation, else train"
SYSTEMS = ("deskpilot", "lead3", "random3")
METRICS = ("rouge1", "rouge2", "rougeL")
BASELINE_SENTENCES = 3
ROLES = ("customer", "agent")


class Dialogue(NamedTuple):
    """One TweetSumm conversation and its reference summaries."""

    id: str
    split: str
    turns: list[tuple[str, str]]  # (role, text)
    references: list[str]


def hashed_split(conversation_id: str) -> str:
    """The fixed split of a conversation id (for copies that mark every dialogue "train")."""
    bucket = int(hashlib.sha256(conversation_id.encode("utf-8")).hexdigest(), 16) % 100
    return "test" if bucket < TEST_BELOW else "validation" if bucket < VALIDATION_BELOW else "train"


def repair_turns(dialog: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(role, text) turns; an entry with another role and no text is a further line of the previous turn."""
    turns: list[tuple[str, str]] = []
    for entry in dialog:
        role, text = str(entry.get("role") or "").strip(), str(entry.get("text") or "")
        if role in ROLES:
            turns.append((role, text))
        elif not text.strip() and role and turns:  # the shared copy keeps a tweet's extra lines this way
            turns[-1] = (turns[-1][0], f"{turns[-1][1]}\n{role}")
    return turns


def load_dialogues(path: Path) -> tuple[list[Dialogue], str]:
    """Every dialogue of the JSONL file, and the split rule used ("file" or SPLIT_RULE)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not rows:
        raise ValueError(f"{path}: no dialogues")
    from_file = len({str(r.get("split")) for r in rows}) > 1
    dialogues = []
    for row in rows:
        cid = str(row["conversation_id"])
        split = str(row["split"]) if from_file else hashed_split(cid)
        references = [s for s in row.get("abstractive_summaries") or [] if str(s).strip()]
        dialogues.append(Dialogue(cid, split, repair_turns(row["dialog"]), references))
    return dialogues, "file" if from_file else SPLIT_RULE


def dialogue_sentences(dialogue: Dialogue) -> list[str]:
    """The cleaned sentences of a dialogue, in order (what the baselines pick from)."""
    from deskpilot.assist.summary import clean_text, sentences_of

    return [s for _, text in dialogue.turns for s in sentences_of(clean_text(text))]


def lead3(dialogue: Dialogue) -> str:
    """The first three sentences."""
    return " ".join(dialogue_sentences(dialogue)[:BASELINE_SENTENCES])


def random3(dialogue: Dialogue, seed: int) -> str:
    """Three random sentences, in dialogue order (the same ones for a dialogue and seed, whatever else runs)."""
    sentences = dialogue_sentences(dialogue)
    rng = random.Random(f"{seed}:{dialogue.id}")
    picked = sorted(rng.sample(range(len(sentences)), min(BASELINE_SENTENCES, len(sentences))))
    return " ".join(sentences[i] for i in picked)


def deskpilot_summary(dialogue: Dialogue) -> tuple[str, float]:
    """The extracted summary sentences (no section labels) and the milliseconds summarise took."""
    from deskpilot.assist.summary import Turn, summarise

    turns = [Turn(role, text) for role, text in dialogue.turns]
    start = time.perf_counter()
    summary = summarise(turns, "en")
    return summary.extract, (time.perf_counter() - start) * 1000


def evaluate(dialogues: list[Dialogue], seed: int, *, show_progress: bool = True) -> dict[str, Any]:
    """Mean ROUGE F-measures per system, mean words per summary and mean summarise latency."""
    from deskpilot.assist.rouge import rouge_scores, rouge_tokens
    from deskpilot.cli.common import progress_bar

    totals = {name: dict.fromkeys(METRICS, 0.0) for name in SYSTEMS}
    words = dict.fromkeys(SYSTEMS, 0)
    latency = 0.0
    with progress_bar(disable=not show_progress) as bar:
        task = bar.add_task("summarising", total=len(dialogues))
        for dialogue in dialogues:
            ours, elapsed = deskpilot_summary(dialogue)
            latency += elapsed
            candidates = {"deskpilot": ours, "lead3": lead3(dialogue), "random3": random3(dialogue, seed)}
            for name, candidate in candidates.items():
                words[name] += len(rouge_tokens(candidate))
                for metric, value in rouge_scores(candidate, dialogue.references).items():
                    totals[name][metric] += value
            bar.advance(task)
    n = len(dialogues) or 1
    return {
        "systems": {name: {m: round(v / n, 4) for m, v in scores.items()} for name, scores in totals.items()},
        "words_mean": {name: round(w / n, 1) for name, w in words.items()},
        "latency_ms_mean": round(latency / n, 3),
    }


def print_table(result: dict[str, Any], out: Console) -> None:
    """ROUGE per system, best value per metric in bold."""
    from rich import box
    from rich.table import Table

    table = Table(title=f"summary: TweetSumm {result['split']}, {result['dialogues']} dialogues",
                  title_justify="left", box=box.SIMPLE_HEAD)
    for name in ("system", "ROUGE-1", "ROUGE-2", "ROUGE-L", "words"):
        table.add_column(name, justify="left" if name == "system" else "right")
    systems = result["systems"]
    best = {m: max(s[m] for s in systems.values()) for m in METRICS}
    for name, scores in systems.items():
        cells = [f"[bold]{scores[m]:.4f}[/bold]" if scores[m] == best[m] else f"{scores[m]:.4f}" for m in METRICS]
        table.add_row(name, *cells, f"{result['words_mean'][name]:.1f}")
    out.print(table)
    out.print(f"F-measures, best of {result['references_per_dialogue']:.1f} references on average, unstemmed. "
              f"deskpilot: {result['latency_ms_mean']:.2f} ms per dialogue. Split rule: {result['split_rule']}.")


def main(argv: list[str], *, json_out: bool) -> dict[str, Any]:
    """Summarise the dialogues of a split and return mean ROUGE per system and the summariser's latency."""
    from rich.console import Console

    parser = argparse.ArgumentParser(prog="deskpilot bench summary", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="tweetsumm_with_dialogs.jsonl")
    parser.add_argument("--split", choices=[*SPLITS, "all"], default="test", help="dialogues scored (default test)")
    parser.add_argument("--seed", type=int, default=13, help="seed of the random-3 baseline")
    parser.add_argument("--limit", type=int, default=0, metavar="N", help="only the first N dialogues of the split")
    args = parser.parse_args(argv)
    err = Console(stderr=True)
    try:
        dialogues, rule = load_dialogues(args.data)
    except (OSError, ValueError, KeyError) as exc:
        err.print(f"[red]cannot read TweetSumm from {args.data}: {exc}[/red]")
        raise SystemExit(2) from exc
    chosen = [d for d in dialogues if args.split == "all" or d.split == args.split]
    if args.limit > 0:
        chosen = chosen[:args.limit]
    if not chosen:
        parser.error(f"no dialogues in split {args.split!r} of {args.data}")
    result: dict[str, Any] = {"benchmark": "summary", "data": str(args.data), "split": args.split,
                              "split_rule": rule, "seed": args.seed, "dialogues": len(chosen),
                              "references_per_dialogue": round(sum(len(d.references) for d in chosen) / len(chosen), 2)}
    result.update(evaluate(chosen, args.seed))
    if not json_out:
        print_table(result, Console())
    return result
