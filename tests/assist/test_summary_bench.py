"""bench/summary.py: TweetSumm loading (split, repaired turns), baselines, and a short run on the real file."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from deskpilot.cli.bench import load_benchmark

REPO = Path(__file__).resolve().parents[2]
TWEETSUMM = REPO.parent / "shared" / "data" / "tweetsumm" / "tweetsumm_with_dialogs.jsonl"
METRICS = {"rouge1", "rouge2", "rougeL"}


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_benchmark("summary")


def real_data() -> Path:
    if not TWEETSUMM.is_file():
        pytest.skip(f"{TWEETSUMM} is not there")
    return TWEETSUMM


def row(cid: str, split: str, dialog: list[dict[str, str]], summaries: list[str]) -> dict[str, Any]:
    return {"conversation_id": cid, "split": split, "dialog": dialog, "abstractive_summaries": summaries}


def test_turns_are_repaired(bench: ModuleType) -> None:
    dialog = [{"role": "customer", "text": "@Shop my booking ref is KZB"},
              {"role": "name: ann lee", "text": ""},  # a further line of the tweet above
              {"role": "agent", "text": "@123 Thanks, we have fixed the name."},
              {"role": "https://t.co/abc ^km", "text": ""}]
    assert bench.repair_turns(dialog) == [("customer", "@Shop my booking ref is KZB\nname: ann lee"),
                                          ("agent", "@123 Thanks, we have fixed the name.\nhttps://t.co/abc ^km")]


def test_split_from_file_or_from_the_id(bench: ModuleType, tmp_path: Path) -> None:
    turns = [{"role": "customer", "text": "My parcel is late again."}, {"role": "agent", "text": "Sorry, we'll check."}]
    two_splits = tmp_path / "two.jsonl"
    two_splits.write_text("\n".join(json.dumps(row(cid, split, turns, ["Parcel late."]))
                                    for cid, split in (("a", "train"), ("b", "test"))), encoding="utf-8")
    dialogues, rule = bench.load_dialogues(two_splits)
    assert rule == "file" and [d.split for d in dialogues] == ["train", "test"]
    all_train = tmp_path / "train.jsonl"
    ids = [f"conversation-{i}" for i in range(200)]
    all_train.write_text("\n".join(json.dumps(row(cid, "train", turns, ["x"])) for cid in ids), encoding="utf-8")
    dialogues, rule = bench.load_dialogues(all_train)
    assert rule == bench.SPLIT_RULE
    assert [d.split for d in dialogues] == [bench.hashed_split(cid) for cid in ids]
    counts = {split: sum(d.split == split for d in dialogues) for split in ("train", "validation", "test")}
    assert 10 <= counts["test"] <= 50 and 10 <= counts["validation"] <= 50 and counts["train"] >= 100


def test_baselines(bench: ModuleType) -> None:
    dialogue = bench.Dialogue("d1", "test", [
        ("customer", "@Shop First sentence here. Second sentence here."),
        ("agent", "@9 Third sentence here. Fourth sentence here. ^AB"),
        ("customer", "@Shop Fifth sentence here."),
    ], ["ref"])
    assert bench.lead3(dialogue) == "First sentence here. Second sentence here. Third sentence here."
    picked = bench.random3(dialogue, 13)
    assert picked == bench.random3(dialogue, 13)  # seeded per dialogue
    sentences = bench.dialogue_sentences(dialogue)
    parts = [s for s in sentences if s in picked]
    assert len(parts) == 3 and picked == " ".join(parts)  # three distinct sentences in dialogue order


def test_run_on_the_real_file(bench: ModuleType) -> None:
    data = real_data()
    result = bench.main(["--data", str(data), "--limit", "20"], json_out=True)
    assert result["split"] == "test" and result["dialogues"] == 20
    assert set(result["systems"]) == {"deskpilot", "lead3", "random3"}
    for scores in result["systems"].values():
        assert set(scores) == METRICS
        assert all(0.0 <= value <= 1.0 for value in scores.values())
        assert scores["rouge1"] > 0.1  # every system shares words with the references
    assert result["latency_ms_mean"] > 0


def test_deskpilot_beats_the_baselines_on_validation(bench: ModuleType) -> None:
    data = real_data()
    result = bench.main(["--data", str(data), "--split", "validation", "--limit", "60"], json_out=True)
    assert result["dialogues"] == 60
    ours, lead, rand = (result["systems"][name] for name in ("deskpilot", "lead3", "random3"))
    assert ours["rouge1"] > rand["rouge1"] + 0.1
    assert ours["rouge1"] > lead["rouge1"] and ours["rougeL"] > lead["rougeL"]


def test_unknown_split_is_refused(bench: ModuleType) -> None:
    with pytest.raises(SystemExit):
        bench.main(["--split", "dev"], json_out=True)
