"""The intent benchmark: CLINC150's abstain threshold chosen on validation, applied to test."""

from __future__ import annotations

import json
import random
from pathlib import Path
from types import ModuleType

import pytest

from deskpilot.cli.bench import load_benchmark
from deskpilot.understand.calibration import highest_threshold_keeping, wilson_lower_bound

TOPICS = {
    "balance": ["what is my account balance", "how much money is in my account", "show my balance please"],
    "transfer": ["send money to my sister", "transfer funds to savings", "move cash between accounts"],
    "card_lost": ["i lost my card", "my credit card is missing", "block my stolen card"],
    "pin": ["change my pin", "i forgot my pin number", "reset the pin of my card"],
    "hours": ["when does the bank open", "what are your opening hours", "is the branch open on sunday"],
}
OUT_OF_SCOPE = ["tell me a joke", "what is the weather in paris", "play some jazz music", "how tall is a giraffe",
                "book a table for two", "who won the football match", "translate hello into french",
                "what is the capital of peru", "set an alarm for seven", "recommend a good novel"]


def _bench() -> ModuleType:
    return load_benchmark("intent")


def test_the_wilson_bound_sits_below_the_observed_share_and_tightens_with_more_items() -> None:
    assert wilson_lower_bound(0, 0, 2.326) == 0.0
    assert wilson_lower_bound(80, 100, 0.0) == pytest.approx(0.8)
    small, large = wilson_lower_bound(80, 100, 2.326), wilson_lower_bound(8000, 10000, 2.326)
    assert small < large < 0.8
    # by hand: (0.8 + z²/200 - z·sqrt(0.0016 + z²/40000)) / (1 + z²/100) with z = 2.326
    assert small == pytest.approx((0.82705 - 0.096893) / 1.054103, abs=1e-4)


def test_the_highest_threshold_keeps_the_coverage_at_the_asked_confidence() -> None:
    scores = [i / 1000 for i in range(1000)]  # one in-scope item at each confidence 0.000 … 0.999
    loose = highest_threshold_keeping(scores, 0.8, z=0.0)
    assert loose == pytest.approx(0.2)  # exactly 800 items reach it
    guarded = highest_threshold_keeping(scores, 0.8)
    assert guarded is not None and guarded < loose
    answered = sum(s >= guarded for s in scores)
    assert wilson_lower_bound(answered, 1000, 2.326) >= 0.8 > wilson_lower_bound(answered - 1, 1000, 2.326)
    withheld = [float("-inf")] * 300 + scores[:700]  # 30 % withheld by the margin or novelty rule at any threshold
    assert highest_threshold_keeping(withheld, 0.8) is None
    assert highest_threshold_keeping([], 0.8) is None


def test_expected_precision_follows_the_out_of_scope_share() -> None:
    bench = _bench()
    point = {"in_scope_coverage": 0.8, "in_scope_precision": 0.99, "oos_recall": 0.9}
    assert bench.expected_precision(point, 0.0) == pytest.approx(0.99)
    assert bench.expected_precision(point, 0.2) == pytest.approx(0.64 * 0.99 / 0.66)
    assert bench.expected_precision(point, 0.5) < bench.expected_precision(point, 0.2)


def _clinc_like(folder: Path) -> Path:
    rng = random.Random(5)
    fillers = ["", "please", "now", "quickly", "thanks", "today", "can you", "i need to"]

    def rows(count: int) -> list[list[str]]:
        out = []
        for intent, phrases in TOPICS.items():
            for _ in range(count):
                words = f"{rng.choice(fillers)} {rng.choice(phrases)} {rng.choice(fillers)}".split()
                out.append([" ".join(words), intent])
        return out

    def oos(count: int) -> list[list[str]]:
        return [[f"{rng.choice(OUT_OF_SCOPE)} {rng.choice(fillers)}".strip(), "oos"] for _ in range(count)]

    data = {"train": rows(30), "val": rows(12), "test": rows(12),
            "oos_train": oos(5), "oos_val": oos(6), "oos_test": oos(20)}
    path = folder / "data_full.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_clinc_selection_chooses_by_validation_coverage_and_reports_both_rules(tmp_path: Path) -> None:
    bench = _bench()
    result = bench.main(["--data", str(_clinc_like(tmp_path)), "--embedder", "none"], json_out=True)
    row = result["datasets"][0]
    assert row["name"] == "clinc150" and row["threshold_found"]
    val = row["val_at_chosen_threshold"]
    assert wilson_lower_bound(round(val["in_scope_coverage"] * 60), 60, 2.326) >= bench.MIN_COVERAGE
    assert row["in_scope_coverage"] == row["at_chosen_threshold"]["in_scope_coverage"]
    assert any(r["threshold"] == row["chosen_threshold"] for r in row["selective_table"])
    expected = [r["expected_from_val"] for r in row["precision_by_oos_share"]]
    assert expected == sorted(expected, reverse=True) and expected[0] == val["in_scope_precision"]
    assert set(row["targets_met"]) == {"accepted_precision", "in_scope_coverage"}
    assert "threshold" in row["precision_rule"]
