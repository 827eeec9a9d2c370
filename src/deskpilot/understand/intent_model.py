"""Loads the active intent model and the taxonomy from the database, cached by fingerprint."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from deskpilot.storage.database import Database
from deskpilot.storage.repositories.gate_settings import IntentInfo
from deskpilot.understand.intent import IntentClassifier

INTENT_ARTIFACT = "intent"


@dataclass(frozen=True)
class LoadedIntentModel:
    """A deserialised classifier and the fingerprint of its bytes."""

    classifier: IntentClassifier
    fingerprint: str


class IntentModelProvider:
    """Gives the active intent model; reloads when another process activates a new one."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._model: LoadedIntentModel | None = None
        self._taxonomy: dict[str, IntentInfo] | None = None

    def get(self) -> LoadedIntentModel | None:
        """The active model, or None when none has been trained."""
        with self.db.reader() as uow:
            fingerprint = uow.artifacts.active_fingerprint(INTENT_ARTIFACT)
            if fingerprint is None:
                return None
            with self._lock:
                if self._model is not None and self._model.fingerprint == fingerprint:
                    return self._model
            artifact = uow.artifacts.active(INTENT_ARTIFACT)
        if artifact is None:
            return None
        loaded = LoadedIntentModel(IntentClassifier.from_bytes(artifact.data), artifact.fingerprint)
        with self._lock:
            self._model, self._taxonomy = loaded, None
        return loaded

    def taxonomy(self) -> dict[str, IntentInfo]:
        """The deployment's intents (cached until the model changes)."""
        with self._lock:
            if self._taxonomy is None:
                with self.db.reader() as uow:
                    self._taxonomy = uow.taxonomy.all()
            return self._taxonomy
