"""Workers: retries with backoff, exactly-once completion, and survival of a SIGKILLed worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from deskpilot.config import Settings
from deskpilot.jobs.registry import load_handlers
from deskpilot.jobs.worker import Worker
from deskpilot.storage.database import Database
from deskpilot.testing.jobs import EFFECT_PREFIX


def _enqueue(db: Database, name: str, **payload: object) -> int:
    with db.uow() as uow:
        job_id = uow.jobs.enqueue("test.effect", {"name": name, **payload}, max_attempts=4)
        uow.commit()
    assert job_id is not None
    return job_id


def _effects(db: Database, name: str) -> list[dict]:
    with db.reader() as uow:
        return list(uow.workspace.get(f"{EFFECT_PREFIX}{name}", []))


def _url(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def test_failures_are_retried_then_succeed_once(any_db: Database) -> None:
    settings = Settings(database_url=_url(any_db), job_backoff_seconds=0.0)
    job_id = _enqueue(any_db, "flaky", fail_times=2)
    worker = Worker(any_db, settings, handlers=load_handlers(("deskpilot.testing.jobs",)))
    statuses: list[str] = []
    worker.run(drain=True, on_job=lambda job, status: statuses.append(status))
    assert statuses == ["retry", "retry", "done"]
    with any_db.reader() as uow:
        job = uow.jobs.get(job_id)
    assert job is not None and job.status.value == "done" and job.attempts == 3
    assert len(_effects(any_db, "flaky")) == 1


def test_job_that_always_fails_ends_dead_and_audited(sqlite_db: Database) -> None:
    settings = Settings(database_url=_url(sqlite_db), job_backoff_seconds=0.0)
    job_id = _enqueue(sqlite_db, "doomed", fail_times=99)
    Worker(sqlite_db, settings, handlers=load_handlers(("deskpilot.testing.jobs",))).run(drain=True)
    with sqlite_db.reader() as uow:
        job = uow.jobs.get(job_id)
        kinds = [e.kind for e in uow.audit.iter_chain()]
    assert job is not None and job.status.value == "dead" and job.attempts == 4
    assert "planned failure on attempt 4" in (job.last_error or "")
    assert kinds == ["job.dead"]
    assert _effects(sqlite_db, "doomed") == []


def _start_worker(db: Database, worker_id: str, lease: float) -> subprocess.Popen[str]:
    env = {**os.environ, "DESKPILOT_DATABASE_URL": _url(db)}
    return subprocess.Popen(
        [sys.executable, "-m", "deskpilot", "worker", "--once", "--import", "deskpilot.testing.jobs",
         "--lease", str(lease), "--worker-id", worker_id],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_for(path: Path, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text(encoding="utf-8").strip():
            return path.read_text(encoding="utf-8")
        time.sleep(0.05)
    raise AssertionError(f"{path} never appeared")


def test_sigkilled_worker_loses_nothing_and_runs_nothing_twice(any_db: Database, tmp_path: Path) -> None:
    marker = tmp_path / "started.txt"
    job_id = _enqueue(any_db, "survivor", sleep_seconds=0.5, first_attempt_extra_seconds=300,
                      started_marker=str(marker))

    first = _start_worker(any_db, "worker-A", lease=2)
    assert "worker-A attempt 1" in _wait_for(marker)
    # While A is alive its heartbeat keeps the lease: a second worker finds nothing to do.
    time.sleep(2.5)
    probe = _start_worker(any_db, "worker-P", lease=2)
    probe_out, _ = probe.communicate(timeout=120)
    assert "stopped after 0 jobs" in probe_out, probe_out

    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL
    with any_db.reader() as uow:
        held = uow.jobs.get(job_id)
    assert held is not None and held.status.value == "running" and held.locked_by == "worker-A"

    marker.unlink()
    time.sleep(2.5)  # A's last heartbeat leased the job for 2 s: wait until that lease has expired
    second = _start_worker(any_db, "worker-B", lease=2)
    out, _ = second.communicate(timeout=180)
    assert second.returncode == 0, out
    assert f"job {job_id} test.effect: done" in out
    assert "worker-B attempt 2" in marker.read_text(encoding="utf-8")

    with any_db.reader() as uow:
        job = uow.jobs.get(job_id)
    assert job is not None and job.status.value == "done" and job.attempts == 2
    effects = _effects(any_db, "survivor")
    assert effects == [{"worker": "worker-B", "attempt": 2}]
