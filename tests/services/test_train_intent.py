"""Intent training from the deployment's labelled history: a given abstain threshold, or one chosen for coverage."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from deskpilot.domain.enums import AuthorRole, Channel, ConversationStatus
from deskpilot.domain.models import Conversation, Message
from deskpilot.services.train import IntentTrainingService
from deskpilot.storage.database import Database
from deskpilot.understand.calibration import wilson_lower_bound
from deskpilot.understand.intent import IntentClassifier
from deskpilot.understand.intent_model import INTENT_ARTIFACT

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
PHRASES = {
    "order_status": ["where is my order", "my parcel has not arrived", "track my package"],
    "refund": ["i want my money back", "please refund the payment", "return the item for a refund"],
    "password": ["i cannot log in", "reset my password", "my account is locked"],
    "invoice": ["send me the invoice", "i need a receipt for my purchase", "the bill shows the wrong vat"],
}
FILLERS = ["", "hello", "please", "thanks", "urgent", "today", "again"]


def _history(db: Database, per_label: int = 50) -> None:
    rng = random.Random(11)
    with db.uow() as uow:
        for label, phrases in PHRASES.items():
            for i in range(per_label):
                text = f"{rng.choice(FILLERS)} {rng.choice(phrases)} {rng.choice(FILLERS)}".strip()
                conv = uow.conversations.add(Conversation(
                    source="test", external_id=f"{label}-{i}", channel=Channel.EMAIL,
                    status=ConversationStatus.SOLVED, created_at=T0 + timedelta(minutes=i), category=label,
                    locale="en"))
                assert conv.id is not None
                uow.conversations.add_messages(conv.id, [Message(author_role=AuthorRole.CUSTOMER, body=text,
                                                                 external_id=f"m-{label}-{i}",
                                                                 created_at=T0 + timedelta(minutes=i))])
        uow.commit()


def _active_model(db: Database) -> IntentClassifier:
    with db.reader() as uow:
        artifact = uow.artifacts.active(INTENT_ARTIFACT)
    assert artifact is not None
    return IntentClassifier.from_bytes(artifact.data)


def test_a_given_abstain_threshold_is_the_activated_models(sqlite_db: Database) -> None:
    _history(sqlite_db)
    report = IntentTrainingService(sqlite_db).train(abstain_threshold=0.4, embedder="none")
    assert report.abstain_threshold == 0.4 and report.examples > 150
    assert _active_model(sqlite_db).abstain_threshold == 0.4


def test_a_minimum_coverage_picks_the_most_cautious_threshold_that_keeps_it(sqlite_db: Database) -> None:
    _history(sqlite_db)
    report = IntentTrainingService(sqlite_db).train(min_coverage=0.6, embedder="none")
    answered = round(report.coverage * report.holdout)
    assert wilson_lower_bound(answered, report.holdout, 2.326) >= 0.6  # the coverage holds at 99 % confidence …
    assert wilson_lower_bound(answered - 1, report.holdout, 2.326) < 0.6  # … and one answer fewer would not
    assert report.abstain_threshold > 0.5  # more cautious than the default on this easy history
    assert _active_model(sqlite_db).abstain_threshold == pytest.approx(report.abstain_threshold, abs=1e-4)


def test_a_coverage_the_held_out_messages_cannot_show_is_refused(sqlite_db: Database) -> None:
    _history(sqlite_db)
    with pytest.raises(ValueError, match="99 % confidence"):
        IntentTrainingService(sqlite_db).train(min_coverage=0.99, embedder="none")
    with sqlite_db.reader() as uow:
        assert uow.artifacts.active(INTENT_ARTIFACT) is None  # nothing activated
