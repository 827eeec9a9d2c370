"""The drafting registry on a small demo workspace: versioned model configurations and prompts, activation gated by
the evaluation sets (refused with the figures, forced and audited), rollback, and the LLM path processed, verified
and audited like the default one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from deskpilot.cli import app
from deskpilot.config import Settings, get_settings
from deskpilot.demo.workspace import build_demo_workspace
from deskpilot.drafting.active import ACTIVE_KEY
from deskpilot.drafting.prompts import builtin_prompt
from deskpilot.runtime import build_process_service
from deskpilot.services.drafting import ActivationRefused, DraftingService, Evaluation, GroupScore, compare
from deskpilot.storage import tables
from deskpilot.storage.database import Database
from deskpilot.testing.databases import sqlite_url
from deskpilot.testing.openai_server import Reply, ScriptedChatServer, scripted_chat_server


@dataclass
class Workspace:
    db: Database
    settings: Settings
    service: DraftingService


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    folder: Path = tmp_path_factory.mktemp("drafting")
    settings = Settings(database_url=sqlite_url(folder), embedder="none")  # lexical retrieval: a build in seconds
    db = Database.from_settings(settings)
    build_demo_workspace(db, settings, seed=5, history=400, calibrate=False)
    yield Workspace(db, settings, DraftingService(db, settings))
    db.dispose()


@pytest.fixture
def llm(workspace: Workspace) -> Iterator[ScriptedChatServer]:
    with scripted_chat_server([Reply(echo_last_source=True)]) as server:
        yield server
    with workspace.db.uow() as uow:  # every test starts from the embedded composer
        uow.session.execute(tables.WorkspaceSettingRow.__table__.delete().where(
            tables.WorkspaceSettingRow.key == ACTIVE_KEY))
        uow.commit()


def _events(db: Database, kind: str) -> list[dict[str, Any]]:
    with db.reader() as uow:
        return [json.loads(e.payload) if isinstance(e.payload, str) else e.payload
                for e in uow.audit.iter_chain() if e.kind == kind]


def test_model_configurations_are_versioned_and_keep_only_a_reference_to_the_key(workspace: Workspace) -> None:
    first = workspace.service.add_model("local", {"kind": "openai", "base_url": "http://127.0.0.1:9/v1",
                                                  "model": "m", "api_key_ref": "env:NOT_STORED"}, actor="t")
    second = workspace.service.add_model("local", {"kind": "openai", "base_url": "http://127.0.0.1:9/v1",
                                                   "model": "m2"}, actor="t")
    assert (first.label, second.label) == ("local@v1", "local@v2")
    with workspace.db.reader() as uow:
        assert uow.drafting.model_config("local").model == "m2"
        assert uow.drafting.model_config("local@v1").api_key_ref == "env:NOT_STORED"
        stored = uow.session.execute(select(tables.ModelConfigRow.settings)).scalars().all()
    assert all("key" not in json.dumps(s).replace("api_key_ref", "") for s in stored)
    assert [e["model"] for e in _events(workspace.db, "model_config.added")][-2:] == ["local@v1", "local@v2"]


def test_a_regressing_candidate_is_refused_with_the_figures_then_forced_and_rolled_back(
        workspace: Workspace, llm: ScriptedChatServer) -> None:
    service = workspace.service
    config = service.add_model("echo", {"kind": "openai", "base_url": llm.base_url, "model": "scripted-model",
                                        "max_retries": 0, "price_in_per_1k": 0.1}, actor="t")
    candidate = service.candidate(config.label, None)
    with pytest.raises(ActivationRefused) as refused:
        service.activate(candidate, actor="admin", min_examples=1)
    comparison = refused.value.comparison
    assert comparison.regressions, "answering from the last source only loses the expected article somewhere"
    worst = comparison.regressions[0]
    assert worst["candidate"] < worst["current"] - comparison.tolerance
    assert comparison.candidate.score < comparison.current.score
    assert sum(g.llm_used for g in comparison.candidate.groups.values()) > 0
    assert service.active()[0].config.label == "composer@v1"  # nothing changed
    assert _events(workspace.db, "drafting.refused")[-1]["model"] == "echo@v1"

    forced = service.activate(candidate, actor="admin", min_examples=1, force=True)
    assert forced.regressions and service.active()[0].config.label == "echo@v1"
    activated = _events(workspace.db, "drafting.activated")[-1]
    assert activated["forced"] is True and activated["previous_model"] == "composer@v1"
    assert activated["regressions"] == forced.regressions

    restored = service.rollback(actor="admin")
    assert restored.config.label == "composer@v1" and service.active()[0].config.label == "composer@v1"
    assert _events(workspace.db, "drafting.rolled_back")[-1]["from_model"] == "echo@v1"
    with pytest.raises(LookupError):
        service.rollback(actor="admin")


def test_the_llm_path_is_processed_verified_recorded_and_audited(workspace: Workspace,
                                                                 llm: ScriptedChatServer) -> None:
    service = workspace.service
    config = service.add_model("echo-run", {"kind": "openai", "base_url": llm.base_url, "model": "scripted-model",
                                            "max_retries": 0, "price_out_per_1k": 2.0}, actor="t")
    service.activate(service.candidate(config.label, None), actor="admin", force=True, per_group=1)
    with workspace.db.reader() as uow:
        ids = [c.id for c in uow.conversations.list(limit=40) if c.id is not None]
    processing = build_process_service(workspace.db, workspace.settings)
    for conversation_id in ids:
        processing.process(conversation_id)
    with workspace.db.reader() as uow:
        calls = [(c.model, c.outcome, c.completion_tokens, c.cost, c.draft_id)
                 for c in uow.session.execute(select(tables.LlmCallRow)).scalars()]
        drafts = {d.id: (d.model_version, d.prompt_version, d.verifier)
                  for d in uow.session.execute(select(tables.DraftRow)).scalars()}
    assert calls and {c[0] for c in calls} == {"echo-run@v1"}
    used = [c for c in calls if c[1] == "used"]
    assert used and all(tokens > 0 and cost > 0 for _, _, tokens, cost, _ in used)
    for *_, draft_id in used:
        model_version, prompt_version, verifier = drafts[draft_id]
        assert model_version.startswith("echo-run@v1") and prompt_version == builtin_prompt().version
        llm_info = verifier["llm"]
        assert llm_info["outcome"] == "used" and llm_info["removed"] <= llm_info["claims"] / 2
        # a sentence the model left uncited is removed by the final verification as well
        assert verifier["removed"] >= llm_info["removed"]
    audited = _events(workspace.db, "llm.called")
    assert len(audited) >= len(calls) and {e["model"] for e in audited[-len(calls):]} == {"echo-run@v1"}
    sent = [m["content"] for r in llm.received for m in r.body["messages"] if m["role"] == "user"]
    customer_parts = [text.split("The customer wrote:", 1)[1].split("\n\nSources:", 1)[0] for text in sent]
    assert customer_parts and not any("@" in part for part in customer_parts)  # only the redacted view leaves
    assert any("<EMAIL_" in part or "<PHONE_" in part or "<NAME_" in part for part in customer_parts)


def test_compare_counts_only_groups_with_enough_examples() -> None:
    def evaluation(scores: dict[tuple[str, str], tuple[int, int]]) -> Evaluation:
        return Evaluation({}, {k: GroupScore(k[0], k[1], examples=n, correct=c) for k, (n, c) in scores.items()})

    before = evaluation({("en", "orders"): (10, 9), ("lt", "returns"): (2, 2), ("de", "refunds"): (5, 4)})
    after = evaluation({("en", "orders"): (10, 8), ("lt", "returns"): (2, 0), ("de", "refunds"): (5, 2)})
    found = compare(before, after, tolerance=0.05, min_examples=3)
    assert [(r["locale"], r["category"]) for r in found.regressions] == [("de", "refunds"), ("en", "orders")]
    assert compare(before, after, tolerance=0.5, min_examples=3).regressions == []


def test_cli_status_evaluate_and_refusal_exit_code(workspace: Workspace, llm: ScriptedChatServer,
                                                   tmp_path: Path) -> None:
    env = {"DESKPILOT_DATABASE_URL": workspace.settings.database_url, "DESKPILOT_EMBEDDER": "none"}
    prompt_file = tmp_path / "short.md"
    prompt_file.write_text("## system\nAnswer in $language from the sources, citing [n].\n## user\n$customer\n\n"
                           "$sources\n", encoding="utf-8")
    bad_prompt = tmp_path / "bad.md"
    bad_prompt.write_text("## system\nHi $name\n## user\n$customer\n", encoding="utf-8")
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        added = runner.invoke(app, ["drafting", "add-model", "cli-echo", "--base-url", llm.base_url, "--model",
                                    "scripted-model", "--retries", "0", "--json"], env=env)
        prompt = runner.invoke(app, ["drafting", "add-prompt", str(prompt_file), "--json"], env=env)
        rejected = runner.invoke(app, ["drafting", "add-prompt", str(bad_prompt)], env=env)
        evaluated = runner.invoke(app, ["drafting", "evaluate", "--model", "cli-echo", "--min-examples", "1",
                                        "--json"], env=env)
        refused = runner.invoke(app, ["drafting", "activate", "--model", "cli-echo", "--min-examples", "1"], env=env)
        status = runner.invoke(app, ["drafting", "status", "--json"], env=env)
    finally:
        get_settings.cache_clear()
    assert added.exit_code == 0, added.output
    assert json.loads(added.stdout)["label"] == "cli-echo@v1"
    assert prompt.exit_code == 0 and len(json.loads(prompt.stdout)["version"]) == 12
    assert rejected.exit_code == 1 and "unknown placeholders: name" in rejected.output
    assert evaluated.exit_code == 0, evaluated.output
    figures = json.loads(evaluated.stdout)
    assert figures["activated"] is False and figures["regressions"] and figures["candidate"]["groups"]
    assert refused.exit_code == 1 and "REGRESSES" in refused.stdout and "Refused" in refused.stdout
    assert json.loads(status.stdout)["active"]["model"] == "composer@v1"
    with workspace.db.reader() as uow:
        assert uow.session.execute(select(func.count()).select_from(tables.PromptRow)).scalar_one() >= 1
