"""Job handlers used by the worker tests (loaded with ``deskpilot worker --import deskpilot.testing.jobs``)."""

from __future__ import annotations

import time
from pathlib import Path

from deskpilot.jobs.registry import job_handler
from deskpilot.jobs.worker import JobContext

EFFECT_PREFIX = "test-effect:"


@job_handler("test.effect")
def effect(ctx: JobContext) -> None:
    """Signal start through a file, wait, then count one effect in the transaction that completes the job."""
    payload = ctx.job.payload
    marker = payload.get("started_marker")
    if marker:
        Path(marker).write_text(f"{ctx.worker_id} attempt {ctx.job.attempts}\n", encoding="utf-8")
    sleep = float(payload.get("sleep_seconds", 0))
    if ctx.job.attempts == 1:
        sleep += float(payload.get("first_attempt_extra_seconds", 0))  # a worker to be killed mid-job
    time.sleep(sleep)
    if payload.get("fail_times", 0) >= ctx.job.attempts:
        raise RuntimeError(f"planned failure on attempt {ctx.job.attempts}")
    key = f"{EFFECT_PREFIX}{payload['name']}"
    with ctx.finishing_uow() as uow:
        runs = list(uow.workspace.get(key, []))
        runs.append({"worker": ctx.worker_id, "attempt": ctx.job.attempts})
        uow.workspace.set(key, runs)
        uow.commit()
