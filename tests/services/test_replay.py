"""Shadow evaluation on a small demo workspace: held-out training, a replay that writes nothing, `gate calibrate`."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from deskpilot.analytics.holdout import holdout_bucket, is_holdout
from deskpilot.cli import app
from deskpilot.config import Settings, get_settings
from deskpilot.decide.confidence_map import CONFIDENCE_ARTIFACT, ConfidenceMap
from deskpilot.demo.workspace import DemoBuildReport, build_demo_workspace
from deskpilot.domain.enums import AuthorRole, Channel, ConversationStatus
from deskpilot.domain.models import Conversation, Message
from deskpilot.runtime import build_pipeline
from deskpilot.services.replay import ReplayReport, ReplayService, before_first_reply
from deskpilot.storage import tables
from deskpilot.storage.database import Database
from deskpilot.testing.databases import sqlite_url
from deskpilot.understand.intent import IntentClassifier

SINCE = datetime(2000, 1, 1, tzinfo=UTC)
WRITTEN = (tables.DecisionRow, tables.DraftRow, tables.ActionRow, tables.AuditEventRow, tables.JobRow,
           tables.ThresholdRow, tables.ConversationRow, tables.MessageRow, tables.ModelArtifactRow)


@dataclass
class Workspace:
    db: Database
    url: str
    build: DemoBuildReport
    fitted: list[list[str]]
    report: ReplayReport


def _counts(db: Database) -> dict[str, object]:
    with db.reader() as uow:
        counts: dict[str, object] = {t.__tablename__: uow.session.execute(select(func.count()).select_from(t))
                                     .scalar_one() for t in WRITTEN}
        counts["last_update"] = uow.session.execute(select(func.max(tables.ConversationRow.updated_at))).scalar_one()
    return counts


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    folder: Path = tmp_path_factory.mktemp("replay")
    # Lexical-only retrieval keeps the build to seconds; the replay logic does not depend on the embedder.
    settings = Settings(database_url=sqlite_url(folder), embedder="none")
    db = Database.from_settings(settings)
    fitted: list[list[str]] = []
    fit = IntentClassifier.fit

    def recording_fit(self: IntentClassifier, texts, labels, **kwargs):  # type: ignore[no-untyped-def]
        fitted.append(list(texts))
        return fit(self, texts, labels, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(IntentClassifier, "fit", recording_fit)
        build = build_demo_workspace(db, settings, seed=11, history=600, calibrate=False)
    pipeline = build_pipeline(db, settings)
    pipeline.warm_up()
    before = _counts(db)
    report = ReplayService(db, pipeline).replay(since=SINCE)
    assert _counts(db) == before, "replay must write nothing"
    yield Workspace(db, settings.database_url, build, fitted, report)
    db.dispose()


def test_holdout_is_a_stable_tenth_independent_of_rollout() -> None:
    buckets = [holdout_bucket("demo", f"H-{n:05d}") for n in range(1, 2001)]
    assert all(0 <= b < 100 for b in buckets)
    share = sum(b < 10 for b in buckets) / len(buckets)
    assert 0.08 < share < 0.12
    held = [n for n in range(1, 40) if is_holdout("demo", f"H-{n:05d}")]
    assert held == [2, 19, 24, 33]  # sha256("holdout:demo:H-00002") → bucket 9; rollout bucket of H-00002 is 10
    assert holdout_bucket("demo", "H-00001") == 91


def test_training_leaves_the_evaluation_slice_out(workspace: Workspace) -> None:
    with workspace.db.reader() as uow:
        labelled = uow.conversations.labelled_customer_rows()
    held = [r for r in labelled if is_holdout(r.source, r.external_id)]
    kept = [r.text for r in labelled if not is_holdout(r.source, r.external_id)]
    model = workspace.build.intent_model
    assert model.holdout_reserved == len(held) > 0
    assert model.examples == len(kept) and model.examples + model.holdout_reserved == 600
    probe, final = workspace.fitted
    assert Counter(final) == Counter(kept)  # exactly the non-held-out texts, duplicates included
    assert len(probe) == int(0.8 * len(kept)) and not Counter(probe) - Counter(kept)
    with workspace.db.reader() as uow:
        artifact = uow.artifacts.active("intent")
    assert artifact is not None and artifact.metrics["holdout_reserved"] == len(held)


def test_replay_covers_exactly_the_held_out_history(workspace: Workspace) -> None:
    rows = workspace.report.rows
    with workspace.db.reader() as uow:
        solved = uow.conversations.resolved_between(SINCE)
    held = [c for c in solved if is_holdout(c.source, c.external_id)]
    expected = {c.id for c in held if before_first_reply(c) is not None}  # deskpilot's own answers are not replayed
    assert {r.conversation_id for r in rows} == expected and len(rows) > 30
    assert len(expected) < len(held), "the held-out history includes conversations deskpilot answered"
    assert all(r.holdout and not r.in_sample for r in rows)
    assert workspace.report.model["holdout_reserved"] == workspace.build.intent_model.holdout_reserved


def test_rows_judge_the_pipeline_against_the_human(workspace: Workspace) -> None:
    for r in workspace.report.rows:
        assert r.human_label is not None and r.human_article is not None  # the demo labels and records articles
        assert r.intent_agrees == (r.intent == r.human_label)
        assert r.article_agrees == (r.cited_article == r.human_article)
        assert r.correct == (r.intent_agrees and r.article_agrees)
        assert r.auto_reply == (r.outcome == "auto_reply")
        assert not r.auto_reply or r.auto_reply_autonomous  # autonomous everywhere only adds auto-replies
        assert not r.auto_reply_autonomous or r.eligible  # and a zero threshold adds more
        assert r.cited_article == (r.cited_articles[0] if r.cited_articles else None)
    assert any(r.auto_reply_autonomous for r in workspace.report.rows)
    assert any(r.recontacted for r in workspace.report.rows)


def test_group_figures_are_consistent_with_the_rows(workspace: Workspace) -> None:
    report = workspace.report
    rows = report.rows
    (overall,) = report.group("overall")
    n = len(rows)
    auto = [r for r in rows if r.auto_reply_autonomous]
    assert overall.replayed == n
    assert overall.would_auto_reply == pytest.approx(sum(r.auto_reply for r in rows) / n)
    assert overall.would_auto_reply_autonomous == pytest.approx(len(auto) / n)
    assert overall.intent_agreement == pytest.approx(sum(bool(r.intent_agrees) for r in rows) / n)
    assert overall.article_agreement == pytest.approx(sum(bool(r.article_agrees) for r in rows) / n)
    assert overall.resolution_agreement_autonomous == pytest.approx(sum(bool(r.correct) for r in auto) / len(auto))
    assert overall.human_recontact_rate == pytest.approx(sum(r.recontacted for r in rows) / n)
    projected = sum(1 for r in auto if not r.correct or r.recontacted) / len(auto)
    assert overall.projected_recontact_autonomous == pytest.approx(projected)
    assert overall.honest_deflection_autonomous == pytest.approx(len(auto) / n * (1 - projected))
    for name in ("category", "locale", "sample"):
        groups = report.group(name)
        assert sum(g.replayed for g in groups) == n
    for g in report.groups:
        for value in (g.would_auto_reply, g.would_auto_reply_autonomous, g.intent_agreement, g.article_agreement,
                      g.human_recontact_rate, g.honest_deflection, g.honest_deflection_autonomous):
            assert value is None or 0.0 <= value <= 1.0
        assert g.honest_deflection <= g.would_auto_reply
    returns = next(g for g in report.group("category") if g.key == "returns")
    mine = [r for r in rows if r.category == "returns"]
    assert returns.replayed == len(mine)
    assert returns.intent_agreement == pytest.approx(sum(bool(r.intent_agrees) for r in mine) / len(mine))
    data = report.to_json()
    assert data["replayed"] == n and data["in_sample"] == 0 and len(data["rows"]) == n  # type: ignore[arg-type]


def _message(role: AuthorRole, n: int, public: bool = True) -> Message:
    return Message(role, f"message {n}", datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=n), f"m{n}",
                   public=public)


def _conversation(*messages: Message) -> Conversation:
    return Conversation("test", "c1", Channel.EMAIL, ConversationStatus.SOLVED, datetime(2026, 1, 1, tzinfo=UTC),
                        messages=list(messages), category="order_status", intent="order_status")


def test_conversation_is_cut_before_the_first_public_human_reply() -> None:
    conv = _conversation(_message(AuthorRole.CUSTOMER, 1), _message(AuthorRole.AGENT, 2, public=False),
                         _message(AuthorRole.CUSTOMER, 3), _message(AuthorRole.AGENT, 4),
                         _message(AuthorRole.CUSTOMER, 5))
    cut = before_first_reply(conv)
    assert cut is not None and [m.external_id for m in cut.messages] == ["m1", "m2", "m3"]
    assert cut.category is None and cut.intent is None and cut.status == ConversationStatus.OPEN
    assert len(conv.messages) == 5 and conv.category == "order_status"  # the original is untouched
    assert before_first_reply(_conversation(_message(AuthorRole.CUSTOMER, 1), _message(AuthorRole.AI, 2),
                                             _message(AuthorRole.AGENT, 3))) is None
    assert before_first_reply(_conversation(_message(AuthorRole.AGENT, 1), _message(AuthorRole.CUSTOMER, 2))) is None
    assert before_first_reply(_conversation(_message(AuthorRole.CUSTOMER, 1))) is None


def _cli(url: str, *args: str) -> dict[str, object]:
    env = {"DESKPILOT_DATABASE_URL": url, "DESKPILOT_EMBEDDER": "none", "COLUMNS": "200"}
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, list(args), env=env)
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_cli_replay_and_calibrate_dry_run_then_write(workspace: Workspace) -> None:
    """Runs last in this module: it changes the workspace's thresholds."""
    db, url = workspace.db, workspace.url
    replayed = _cli(url, "eval", "replay", "--since", "2000-01-01", "--json")
    assert replayed["replayed"] == len(workspace.report.rows)
    assert replayed["overall"] == [g.to_json() for g in workspace.report.group("overall")]
    loose = ("--since", "2000-01-01", "--target-precision", "0.5", "--min-examples", "3", "--min-accepted", "1")
    before = _counts(db)
    plan = _cli(url, "gate", "calibrate", *loose, "--dry-run", "--json")
    assert _counts(db) == before
    assert plan["dry_run"] and plan["written"] == [] and plan["would_change"] > 0  # type: ignore[operator]
    writes = {(w["locale"], w["category"]): w["threshold"] for w in plan["writes"]}  # type: ignore[attr-defined]
    applied = _cli(url, "gate", "calibrate", *loose, "--actor", "test:calibrate", "--json")
    assert len(applied["written"]) == plan["would_change"]  # type: ignore[arg-type]
    with db.reader() as uow:
        assert {k: v for k, v in uow.gate_settings.thresholds().items() if k in writes} == writes
        events = [json.loads(e.payload) for e in uow.audit.iter_chain()
                  if e.kind == "threshold.changed" and e.actor == "test:calibrate"]
    assert sorted((e["locale"], e["category"], e["threshold"], e["previous"]) for e in events) == sorted(
        (w["locale"], w["category"], w["threshold"], w["previous"]) for w in applied["written"])  # type: ignore[attr-defined]
    fitted = applied["confidence_map"]
    assert isinstance(fitted, dict) and fitted["changed"], applied["confidence_map_note"]
    assert fitted["ece_calibrated"] <= fitted["ece_raw"]
    with db.reader() as uow:
        artifact = uow.artifacts.active(CONFIDENCE_ARTIFACT)
        activated = [json.loads(e.payload) for e in uow.audit.iter_chain()
                     if e.kind == "model.activated" and e.actor == "test:calibrate"]
    assert artifact is not None and artifact.fingerprint == fitted["fingerprint"]
    assert [(e["name"], e["fingerprint"]) for e in activated] == [(CONFIDENCE_ARTIFACT, fitted["fingerprint"])]
    cmap = ConfidenceMap.from_bytes(artifact.data)
    again = _cli(url, "gate", "calibrate", *loose, "--json")
    assert again["written"] == [] and not again["confidence_map"]["changed"]  # type: ignore[index]
    rescored = _cli(url, "eval", "replay", "--since", "2000-01-01", "--json")
    assert rescored["model"]["confidence_map"] == cmap.fingerprint  # type: ignore[index]
    rows = rescored["rows"]
    assert rows and all(r["confidence"] == cmap.of_raw(r["raw_confidence"]) for r in rows)  # type: ignore[union-attr]
