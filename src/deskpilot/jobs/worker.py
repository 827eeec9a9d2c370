"""The worker: claims jobs with a lease, heartbeats while running, completes them exactly once."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from deskpilot.audit.events import JobDead
from deskpilot.config import Settings
from deskpilot.domain.enums import JobStatus
from deskpilot.domain.models import Job
from deskpilot.jobs.registry import Handler, dead_handler, load_handlers
from deskpilot.storage.database import Database, UnitOfWork
from deskpilot.storage.repositories.jobs import LeaseLost

log = logging.getLogger(__name__)


class PermanentJobError(Exception):
    """A failure that retrying cannot fix: the job is marked dead at once."""


@dataclass
class JobContext:
    """What a handler gets: the job, the database and a unit of work that also completes the job."""

    job: Job
    db: Database
    worker_id: str
    settings: Settings
    services: dict[str, object] = field(default_factory=dict)
    completed: bool = False

    @contextmanager
    def finishing_uow(self) -> Iterator[UnitOfWork]:
        """A unit of work whose commit also marks the job done; it fails if the lease was lost."""
        with self.db.uow() as uow:
            original_commit = uow.commit

            def commit() -> None:
                assert self.job.id is not None
                uow.jobs.complete(self.job.id, self.worker_id, attempt=self.job.attempts)
                original_commit()
                self.completed = True

            uow.commit = commit  # type: ignore[method-assign]
            yield uow


class Worker:
    """Runs jobs until told to stop (or, with ``drain``, until the queue is empty)."""

    def __init__(self, db: Database, settings: Settings, *, handlers: dict[str, Handler] | None = None,
                 worker_id: str | None = None, lease_seconds: float | None = None,
                 services: dict[str, object] | None = None) -> None:
        self.db = db
        self.settings = settings
        self.handlers = handlers if handlers is not None else load_handlers()
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.lease_seconds = lease_seconds or settings.job_lease_seconds
        self.services = services if services is not None else {}
        self._stop = threading.Event()

    def stop(self) -> None:
        """Ask the loop to finish after the current job."""
        self._stop.set()

    def run(self, *, drain: bool = False, max_jobs: int | None = None, poll_seconds: float = 0.5,
            on_job: Callable[[Job, str], None] | None = None) -> int:
        """Process jobs; returns how many were handled."""
        handled = 0
        while not self._stop.is_set():
            job = self.claim()
            if job is None:
                if drain:
                    return handled
                self._stop.wait(poll_seconds)
                continue
            status = self.execute(job)
            handled += 1
            if on_job is not None:
                on_job(job, status)
            if max_jobs is not None and handled >= max_jobs:
                break
        return handled

    def claim(self) -> Job | None:
        """Claim the next runnable job of a known kind."""
        with self.db.uow() as uow:
            job = uow.jobs.claim(self.worker_id, lease_seconds=self.lease_seconds, kinds=sorted(self.handlers))
            uow.commit()
        return job

    def execute(self, job: Job) -> str:
        """Run one claimed job; returns 'done', 'retry', 'dead' or 'lost'."""
        ctx = JobContext(job=job, db=self.db, worker_id=self.worker_id, settings=self.settings,
                         services=self.services)
        beat = _Heartbeat(self.db, job, self.worker_id, self.lease_seconds)
        beat.start()
        try:
            self.handlers[job.kind](ctx)
            if not ctx.completed:
                with ctx.finishing_uow() as uow:
                    uow.commit()
            return "done"
        except LeaseLost:
            log.warning("job %s: lease lost, another worker owns it now", job.id)
            return "lost"
        except Exception as exc:  # noqa: BLE001 — any handler failure is recorded on the job
            permanent = isinstance(exc, PermanentJobError)
            return self._fail(job, f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}", permanent)
        finally:
            beat.stop()

    def _fail(self, job: Job, error: str, permanent: bool) -> str:
        assert job.id is not None
        with self.db.uow() as uow:
            failed = uow.jobs.fail(job.id, self.worker_id, attempt=job.attempts, error=error,
                                   backoff_seconds=self.settings.job_backoff_seconds, permanent=permanent)
            if failed is not None and failed.status == JobStatus.DEAD:
                hook = dead_handler(job.kind)
                if hook is not None:
                    hook(uow, job, error)
                uow.audit.append(JobDead(actor=f"worker:{self.worker_id}",
                                         conversation_id=job.payload.get("conversation_id"), job_id=job.id,
                                         job_kind=job.kind, attempts=failed.attempts, error=error[:500]))
            uow.commit()
        if failed is None:
            return "lost"
        return "dead" if failed.status == JobStatus.DEAD else "retry"


class _Heartbeat:
    """Extends a job's lease every third of the lease while the handler runs."""

    def __init__(self, db: Database, job: Job, worker_id: str, lease_seconds: float) -> None:
        self.db, self.job, self.worker_id, self.lease = db, job, worker_id, lease_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name=f"heartbeat-{job.id}")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.lease / 3):
            try:
                with self.db.uow() as uow:
                    alive = uow.jobs.heartbeat(self.job.id or 0, self.worker_id, lease_seconds=self.lease)
                    uow.commit()
                if not alive:
                    return
            except Exception:  # noqa: BLE001 — a missed beat is retried; the lease covers short outages
                log.exception("heartbeat for job %s failed", self.job.id)
                time.sleep(0.1)
