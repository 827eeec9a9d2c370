"""The database handle and the unit of work that services use to own a transaction."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from deskpilot.config import Settings
from deskpilot.storage.engine import build_engine
from deskpilot.storage.repositories.actions import ActionRepository
from deskpilot.storage.repositories.artifacts import ArtifactRepository
from deskpilot.storage.repositories.audit import AuditRepository
from deskpilot.storage.repositories.connectors import ConnectorRepository
from deskpilot.storage.repositories.conversations import ConversationRepository
from deskpilot.storage.repositories.decisions import DecisionRepository
from deskpilot.storage.repositories.drafting import DraftingRepository
from deskpilot.storage.repositories.gate_settings import (
    GateSettingsRepository,
    TaxonomyRepository,
    WorkspaceSettingsRepository,
)
from deskpilot.storage.repositories.jobs import JobRepository
from deskpilot.storage.repositories.knowledge import KnowledgeRepository
from deskpilot.storage.repositories.outcomes import EvalExampleRepository, OutcomeRepository
from deskpilot.storage.repositories.policies import PolicyRepository
from deskpilot.storage.repositories.suggestions import SuggestionRepository
from deskpilot.storage.repositories.users import UserRepository


class UnitOfWork:
    """One transaction with every repository bound to it; nothing is written unless commit() is called.

    Example::

        with db.uow() as uow:
            conv = uow.conversations.get(42)
            uow.audit.append(SomeEvent(actor="system", conversation_id=42))
            uow.commit()
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.conversations = ConversationRepository(session)
        self.connectors = ConnectorRepository(session)
        self.knowledge = KnowledgeRepository(session)
        self.decisions = DecisionRepository(session)
        self.drafting = DraftingRepository(session)
        self.actions = ActionRepository(session)
        self.outcomes = OutcomeRepository(session)
        self.eval_examples = EvalExampleRepository(session)
        self.gate_settings = GateSettingsRepository(session)
        self.taxonomy = TaxonomyRepository(session)
        self.workspace = WorkspaceSettingsRepository(session)
        self.artifacts = ArtifactRepository(session)
        self.policies = PolicyRepository(session)
        self.suggestions = SuggestionRepository(session)
        self.users = UserRepository(session)
        self.audit = AuditRepository(session)
        self.jobs = JobRepository(session)

    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        """Commit the transaction."""
        self.session.commit()

    def rollback(self) -> None:
        """Abandon the transaction."""
        self.session.rollback()


class Database:
    """Owns the engine and hands out units of work."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)
        self._read_sessions = sessionmaker(
            bind=engine.execution_options(sqlite_begin="DEFERRED"), expire_on_commit=False, autoflush=True
        )

    @classmethod
    def from_url(cls, url: str) -> Database:
        """A database for a SQLAlchemy URL."""
        return cls(build_engine(url))

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        """A database for the configured URL."""
        return cls.from_url(settings.database_url)

    def uow(self) -> UnitOfWork:
        """A unit of work for writing (takes SQLite's write lock at BEGIN)."""
        return UnitOfWork(self._sessions())

    def reader(self) -> UnitOfWork:
        """A unit of work for reading only (no write lock on SQLite)."""
        return UnitOfWork(self._read_sessions())

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
