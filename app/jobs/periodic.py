"""Periodic sweeps: a self-rescheduling RQ job per sweep, one run per time slot however many workers.

rq 2.12 has `rq.cron`, but its CronScheduler is a blocking loop of its own (the `rq cron` command)
that keeps its schedule in process memory: every process running it enqueues every job, and it
cannot run beside `Worker.work()` in the `flask worker` process (it installs signal handlers, which
only the main thread may). So instead, time is cut into slots of each sweep's interval. The job of
slot N first schedules slot N+1 with RQ's scheduler (`enqueue_at`), then does its work. A slot is
claimed in Redis with SET NX before its job is enqueued, so that two workers starting together, or
a worker starting while the chain runs, never enqueue the same slot twice. Every worker, when it
starts, claims the current slot (run now) and the next one: a broken chain (Redis lost its data)
is mended by the next worker start, and a fresh start sweeps at once.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from datetime import datetime, timezone

from redis.exceptions import RedisError

from app.extensions import queue, redis_connection
from app.jobs.context import job_context
from app.models.base import utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    function: str  # dotted path of a job function taking no arguments
    interval: int  # seconds
    queue_name: str = "default"


PERIODIC_JOBS = (
    PeriodicJob("outbox-sweep", "app.jobs.mail.sweep_outbox", 60),
    PeriodicJob("outbox-purge", "app.jobs.mail.purge_outbox", 60 * 60),
    PeriodicJob("reports-sweep", "app.jobs.reports.sweep_reports", 5 * 60),
    PeriodicJob("scheduled-reminders", "app.jobs.surveys.send_due_reminders", 15 * 60),
)
_BY_NAME = {job.name: job for job in PERIODIC_JOBS}


def slot_of(job: PeriodicJob, moment: datetime) -> int:
    return int(moment.timestamp() // job.interval)


def slot_start(job: PeriodicJob, slot: int) -> datetime:
    return datetime.fromtimestamp(slot * job.interval, tz=timezone.utc)


def schedule_periodic_jobs(now: datetime | None = None) -> list[str]:
    """Run each sweep now unless this slot already ran, and schedule its next slot; returns the job ids.

    Called by `flask worker` before it starts working; safe to call from any number of workers.
    """
    now = now or utcnow()
    enqueued = []
    for job in PERIODIC_JOBS:
        current = slot_of(job, now)
        for slot, right_away in ((current, True), (current + 1, False)):
            job_id = _enqueue_slot(job, slot, right_away=right_away)
            if job_id:
                enqueued.append(job_id)
    return enqueued


def run_periodic_job(name: str, slot: int):
    """The RQ job of one slot: schedule the following slot first, so that a failing sweep keeps its
    chain, then run the sweep."""
    with job_context():
        job = _BY_NAME[name]
        _enqueue_slot(job, max(slot, slot_of(job, utcnow())) + 1)
        module, _, function = job.function.rpartition(".")
        return getattr(importlib.import_module(module), function)()


def periodic_job_id(job: PeriodicJob, slot: int) -> str:
    return f"periodic-{job.name}-{slot}"


def _enqueue_slot(job: PeriodicJob, slot: int, *, right_away: bool = False) -> str | None:
    """Claim the slot and enqueue its job: at the slot's start, or now."""
    job_id = periodic_job_id(job, slot)
    try:
        # The claim outlives the slot, so that nobody claims it again while it can still run.
        claimed = redis_connection().set(f"yhteisaani:periodic:{job_id}", "1", nx=True, ex=3 * job.interval + 60)
        if not claimed:
            return None
        options = {"job_id": job_id, "result_ttl": 2 * job.interval, "failure_ttl": 7 * 24 * 3600}
        target = queue(job.queue_name)
        if right_away:
            target.enqueue(run_periodic_job, job.name, slot, **options)
        else:
            target.enqueue_at(slot_start(job, slot), run_periodic_job, job.name, slot, **options)
    except RedisError as error:
        log.warning("Could not schedule the periodic job %s: %s", job_id, type(error).__name__)
        return None
    return job_id
