"""The gate: auto_reply, review or escalate from mode, rollout bucket and confidence threshold."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from deskpilot.decide.brief import build_brief
from deskpilot.decide.confidence import (
    ConfidenceInputs,
    decision_confidence,
    dense_strength,
    policy_certainty,
    retrieval_strength,
)
from deskpilot.decide.confidence_map import CONFIDENCE_ARTIFACT, ConfidenceMap
from deskpilot.decide.rollout import in_rollout, rollout_bucket
from deskpilot.domain.enums import EscalationReason, GateOutcome, Mode
from deskpilot.knowledge.ground import Grounding
from deskpilot.pipeline import PipelineContext
from deskpilot.policy.engine import Outcome
from deskpilot.storage.database import Database, UnitOfWork
from deskpilot.storage.repositories.gate_settings import CategoryMode

DEFAULT_THRESHOLD = 0.55
NEVER = 1.0  # a threshold at or above this never auto-replies, whatever the confidence
HUMAN_REQUEST = re.compile(
    r"\b(human|real person|speak to (an? )?(agent|person)|mitarbeiter|echten menschen|"
    r"conseiller|une vraie personne|persona real|hablar con (un|una) (agente|persona)|žmogumi|operatori)\b",
    re.IGNORECASE,
)
SENSITIVE_URGENCY = ("legal", "safety", "lawyer", "court", "fire")


@dataclass
class GateResult:
    """The gate's outcome with everything that was in force when it was taken."""

    outcome: GateOutcome
    mode: Mode
    category: str | None
    confidence: float
    threshold: float
    rollout_percent: int
    rollout_bucket: int
    reasons: list[str]
    escalation_reason: EscalationReason | None = None
    brief: dict[str, Any] | None = None
    would_have: GateOutcome | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GatePolicy:
    """A snapshot of modes, thresholds and the confidence map the thresholds are expressed in."""

    modes: dict[str, CategoryMode]
    thresholds: dict[tuple[str, str], float]
    default_mode: Mode = Mode.ASSIST
    default_rollout: int = 0
    confidence_map: ConfidenceMap | None = None  # None: thresholds apply to the raw (uncalibrated) confidence

    def mode_for(self, category: str | None) -> CategoryMode:
        """The mode of a category (the default mode and rollout — assist at 0 % — when unconfigured)."""
        if category and category in self.modes:
            return self.modes[category]
        return CategoryMode(category or "*", self.default_mode, self.default_rollout)

    def threshold_for(self, locale: str, category: str | None) -> float:
        """Most specific threshold: locale × category, then * × category, locale × *, * × *."""
        cat = category or "*"
        for key in ((locale, cat), ("*", cat), (locale, "*"), ("*", "*")):
            if key in self.thresholds:
                return self.thresholds[key]
        return DEFAULT_THRESHOLD


class GateStage:
    """Applies the gate; reads the modes and thresholds in force for every decision."""

    name = "gate"

    def __init__(self, db: Database) -> None:
        self.db = db
        self._map = MapLoader()

    def warm_up(self) -> None:
        """Nothing to load: settings are read per decision so changes apply at once."""

    def policy(self) -> GatePolicy:
        """The modes, thresholds and confidence map now in force."""
        with self.db.reader() as uow:
            return GatePolicy(uow.gate_settings.modes(), uow.gate_settings.thresholds(),
                              confidence_map=self._map.active(uow))

    def run(self, ctx: PipelineContext) -> None:
        """Fill ctx.gate."""
        ctx.gate = decide(ctx, self.policy())


def decide(ctx: PipelineContext, policy: GatePolicy) -> GateResult:
    """The pure gate decision for a context."""
    u, g, v, pc = ctx.understanding, ctx.grounding, ctx.verification, ctx.policy
    assert u is not None and g is not None
    conv = ctx.conversation
    setting = policy.mode_for(u.category)
    bucket = rollout_bucket(conv.source, conv.external_id)
    threshold = policy.threshold_for(u.locale, u.category)
    inputs = ConfidenceInputs(
        intent_probability=u.intent_probability, retrieval=retrieval_evidence(g),
        support_ratio=v.support_ratio if v else 0.0,
        policy=None if pc is None else policy_certainty(decided=pc.outcome is not Outcome.NEEDS_HUMAN,
                                                        order_quoted=not pc.order_inferred,
                                                        clauses_resolved=not pc.unresolved))
    raw = decision_confidence(inputs)
    cmap = policy.confidence_map
    confidence = cmap.of_raw(raw) if cmap is not None else raw
    evidence = {"confidence_inputs": inputs.to_json(), "raw_confidence": raw,
                "confidence_map": cmap.fingerprint if cmap is not None else None,
                "policy": pc.to_json() if pc is not None else None, "preferred_article": g.preferred_article}
    base = dict(mode=setting.mode, category=u.category, confidence=confidence, threshold=threshold,
                rollout_percent=setting.rollout_percent, rollout_bucket=bucket, evidence=evidence)
    tried = [f"retrieved {len(g.results)} clauses from {g.kb_version}"]
    if pc is not None:
        tried.append(f"checked {pc.action} against policy {pc.policy_version}: {pc.outcome.value}"
                     + (f" for order {pc.order_id}" if pc.order_id else " (no order found)"))
    if ctx.draft is not None:
        tried.append(f"drafted with {len(ctx.draft.cited)} cited clauses")
    if v is not None:
        tried.append(f"verifier kept {v.supported_claims} claims, removed {v.removed} sentences")

    def escalate(reason: EscalationReason, why: str) -> GateResult:
        return GateResult(GateOutcome.ESCALATE, reasons=[why], escalation_reason=reason,
                          brief=build_brief(ctx, reason=reason, why=why, tried=tried), **base)  # type: ignore[arg-type]

    if u.sensitive_intent:
        return escalate(EscalationReason.SENSITIVE_TOPIC, f"intent {u.intent} is sensitive: always a human")
    if u.urgency.get("level") == "high" and any(
            any(w in str(e).lower() for w in SENSITIVE_URGENCY) for e in u.urgency.get("evidence", [])):
        return escalate(EscalationReason.SENSITIVE_TOPIC, f"urgent sensitive signal: {u.urgency['evidence'][:3]}")
    if HUMAN_REQUEST.search(ctx.customer_text):
        return escalate(EscalationReason.CUSTOMER_REQUEST, "the customer asked for a person")
    if u.intent == "unknown":
        return escalate(EscalationReason.LOW_CONFIDENCE,
                        f"intent unknown (top probability {u.intent_probability:.2f} below the abstain threshold)")
    if g.facts_error:
        return escalate(EscalationReason.TOOL_FAILURE, f"facts lookup failed: {g.facts_error}")
    if pc is not None and pc.outcome is Outcome.NEEDS_HUMAN:
        return escalate(EscalationReason.POLICY_RESTRICTION,
                        f"policy: {pc.action} needs a human ({'; '.join(pc.decision.reasons[:3])})")
    if pc is not None and pc.unresolved:
        return escalate(EscalationReason.MISSING_KNOWLEDGE,
                        f"policy cites clauses that are not published: {', '.join(pc.unresolved)}")
    if ctx.draft is None or v is None or not v.sendable:
        return escalate(EscalationReason.MISSING_KNOWLEDGE, "no published clause supports an answer")
    if confidence < threshold or threshold >= NEVER:
        return escalate(EscalationReason.LOW_CONFIDENCE,
                        f"confidence {confidence:.2f} below the {u.locale}×{u.category} threshold {threshold:.2f}"
                        if threshold < NEVER else f"the {u.locale}×{u.category} threshold {threshold:.2f} means "
                        "never auto-reply (calibration found no threshold reaching the target precision)")
    if setting.mode == Mode.SHADOW:
        why = "shadow mode: a human answers; the draft is kept for comparison only"
        result = GateResult(GateOutcome.ESCALATE, reasons=[why], would_have=GateOutcome.AUTO_REPLY,
                            **base)  # type: ignore[arg-type]
        result.brief = build_brief(ctx, reason="shadow_mode", why=why, tried=tried)
        return result
    if setting.mode == Mode.ASSIST:
        return GateResult(GateOutcome.REVIEW, reasons=[f"category {u.category} is in assist mode"],
                          **base)  # type: ignore[arg-type]
    if pc is not None and pc.outcome is Outcome.NOT_ELIGIBLE:
        return GateResult(GateOutcome.REVIEW, reasons=[
            f"policy: {pc.action} is not allowed ({'; '.join(pc.decision.reasons[:2])}); a person confirms every "
            "refusal before it is sent"], **base)  # type: ignore[arg-type]
    if not in_rollout(bucket, setting.rollout_percent):
        return GateResult(GateOutcome.REVIEW, reasons=[
            f"rollout bucket {bucket} is outside the {setting.rollout_percent} % autonomous rollout"],
            **base)  # type: ignore[arg-type]
    return GateResult(GateOutcome.AUTO_REPLY, reasons=[
        f"autonomous: confidence {confidence:.2f} ≥ threshold {threshold:.2f}, bucket {bucket} < "
        f"{setting.rollout_percent} %"], **base)  # type: ignore[arg-type]


class MapLoader:
    """The active confidence map, parsed once per fingerprint (another process may activate a new one)."""

    def __init__(self) -> None:
        self._loaded: tuple[str | None, ConfidenceMap | None] = (None, None)

    def active(self, uow: UnitOfWork) -> ConfidenceMap | None:
        """The active map read through an open unit of work (None when none was fitted)."""
        fingerprint = uow.artifacts.active_fingerprint(CONFIDENCE_ARTIFACT)
        loaded_fingerprint, loaded = self._loaded
        if fingerprint != loaded_fingerprint:
            artifact = uow.artifacts.active(CONFIDENCE_ARTIFACT)
            loaded = ConfidenceMap.from_bytes(artifact.data) if artifact is not None else None
            self._loaded = (fingerprint, loaded)
        return loaded


def retrieval_evidence(grounding: Grounding) -> float:
    """How well the best clause matches, in 0..1: dense similarity when present, else scaled BM25."""
    if not grounding.results:
        return 0.0
    top = grounding.results[0]
    if top.dense is not None:
        return dense_strength(top.dense)
    return retrieval_strength(top.lexical if top.lexical is not None else top.score)
