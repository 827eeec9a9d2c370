"""Job queue repository: enqueue, claim with a lease, heartbeat, complete, fail with backoff."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from deskpilot.domain.enums import JobStatus
from deskpilot.domain.models import Job
from deskpilot.storage.tables import JobRow, utcnow


class LeaseLost(RuntimeError):
    """The worker no longer owns the job it tried to finish (its lease expired and another worker took it)."""


class JobRepository:
    """The jobs/outbox table; claiming uses FOR UPDATE SKIP LOCKED on PostgreSQL."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def enqueue(self, kind: str, payload: dict[str, Any], *, dedupe_key: str | None = None,
                run_after: datetime | None = None, max_attempts: int = 5) -> int | None:
        """Add a job in the caller's transaction; with a dedupe key an existing job wins (returns None)."""
        values = dict(kind=kind, payload=payload, status=JobStatus.QUEUED.value, attempts=0,
                      max_attempts=max_attempts, run_after=run_after or utcnow(), dedupe_key=dedupe_key,
                      created_at=utcnow())
        dialect = self.session.get_bind().dialect.name
        if dedupe_key is None or dialect not in ("sqlite", "postgresql"):
            row = JobRow(**values)
            self.session.add(row)
            self.session.flush()
            return row.id
        insert = sqlite_insert if dialect == "sqlite" else pg_insert
        stmt = insert(JobRow).values(**values).on_conflict_do_nothing(index_elements=["dedupe_key"])
        result = self.session.execute(stmt.returning(JobRow.id))
        found = result.scalar_one_or_none()
        return None if found is None else int(found)

    def claim(self, worker_id: str, *, lease_seconds: float, kinds: list[str] | None = None) -> Job | None:
        """Take the next runnable job (queued and due, or running with an expired lease)."""
        now = utcnow()
        runnable = or_(
            and_(JobRow.status == JobStatus.QUEUED.value, JobRow.run_after <= now),
            and_(JobRow.status == JobStatus.RUNNING.value, JobRow.locked_until < now),
        )
        query = select(JobRow).where(runnable).order_by(JobRow.run_after, JobRow.id).limit(1)
        if kinds:
            query = query.where(JobRow.kind.in_(kinds))
        if self.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        row = self.session.execute(query).scalar_one_or_none()
        if row is None:
            return None
        if row.status == JobStatus.RUNNING.value and row.attempts >= row.max_attempts:
            row.status = JobStatus.DEAD.value
            row.last_error = (row.last_error or "") + f" | lease of {row.locked_by} expired on the last attempt"
            row.finished_at = now
            self.session.flush()
            return self.claim(worker_id, lease_seconds=lease_seconds, kinds=kinds)
        row.status = JobStatus.RUNNING.value
        row.locked_by = worker_id
        row.locked_until = now + timedelta(seconds=lease_seconds)
        row.attempts += 1
        self.session.flush()
        return _job(row)

    def heartbeat(self, job_id: int, worker_id: str, *, lease_seconds: float) -> bool:
        """Extend the lease of a job this worker still owns; False when the lease was lost."""
        result = self.session.execute(
            update(JobRow)
            .where(JobRow.id == job_id, JobRow.locked_by == worker_id, JobRow.status == JobStatus.RUNNING.value)
            .values(locked_until=utcnow() + timedelta(seconds=lease_seconds))
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def complete(self, job_id: int, worker_id: str, *, attempt: int) -> None:
        """Mark the job done; raises LeaseLost unless this worker's claim is still the current one."""
        result = self.session.execute(
            update(JobRow)
            .where(JobRow.id == job_id, JobRow.locked_by == worker_id, JobRow.attempts == attempt,
                   JobRow.status == JobStatus.RUNNING.value)
            .values(status=JobStatus.DONE.value, finished_at=utcnow(), locked_until=None)
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            raise LeaseLost(f"job {job_id} is no longer held by {worker_id}")

    def fail(self, job_id: int, worker_id: str, *, attempt: int, error: str, backoff_seconds: float,
             permanent: bool = False) -> Job | None:
        """Record a failure: requeue with exponential backoff, or mark dead after the last attempt."""
        row = self.session.get(JobRow, job_id, with_for_update=True)
        if row is None or row.locked_by != worker_id or row.attempts != attempt:
            return None
        row.last_error = error[:4000]
        row.locked_until = None
        if permanent or row.attempts >= row.max_attempts:
            row.status = JobStatus.DEAD.value
            row.finished_at = utcnow()
        else:
            row.status = JobStatus.QUEUED.value
            row.run_after = utcnow() + timedelta(seconds=backoff_seconds * (2 ** (row.attempts - 1)))
        self.session.flush()
        return _job(row)

    def get(self, job_id: int) -> Job | None:
        """One job by id."""
        row = self.session.get(JobRow, job_id)
        return None if row is None else _job(row)

    def counts(self) -> dict[str, int]:
        """Number of jobs per status."""
        rows = self.session.execute(select(JobRow.status, func.count()).group_by(JobRow.status)).all()
        return {status: int(n) for status, n in rows}

    def pending(self, kinds: list[str] | None = None) -> int:
        """Jobs not finished yet (queued or running)."""

        query = select(func.count()).select_from(JobRow).where(
            JobRow.status.in_([JobStatus.QUEUED.value, JobStatus.RUNNING.value]))
        if kinds:
            query = query.where(JobRow.kind.in_(kinds))
        return int(self.session.execute(query).scalar_one())


def _job(row: JobRow) -> Job:
    return Job(id=row.id, kind=row.kind, payload=dict(row.payload or {}), status=JobStatus(row.status),
               attempts=row.attempts, max_attempts=row.max_attempts, run_after=row.run_after,
               locked_by=row.locked_by, locked_until=row.locked_until, last_error=row.last_error)
