"""Periodic sweeps: the table of sweeps and their time slots, each run by a self-rescheduling RQ job.

rq 2.12 has `rq.cron`, but its CronScheduler is a blocking loop of its own (the `rq cron` command)
that keeps its schedule in process memory: every process running it enqueues every job, and it
cannot run beside `Worker.work()` in the `flask worker` process (it installs signal handlers, which
only the main thread may). So instead, time is cut into slots of each sweep's interval. The job of
slot N first schedules slot N+1 with RQ's scheduler (`enqueue_at`), then does its work. A slot is
claimed in Redis with SET NX before its job is enqueued, so that two workers starting together, or
a worker starting while the chain runs, never enqueue the same slot twice. Every worker, when it
starts, claims the current slot (run now) and the next one: a broken chain (Redis lost its data)
is mended by the next worker start, and a fresh start sweeps at once. A running `SweepingWorker`
claims them again at least every minute, too: after Redis comes back without its data (a restart
without persistence), the sweeps run within a minute without restarting the workers.

The RQ entry point of a slot is `app/jobs/periodic.py::run_periodic_job`, named here by its dotted
path, so that this module (and `flask worker`, which calls `schedule_periodic_jobs`) never imports
`app.jobs`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from rq import Worker

from app.extensions import queue, redis_connection
from app.models.base import utcnow

log = logging.getLogger(__name__)
RUN_SLOT_JOB = "app.jobs.periodic.run_periodic_job"


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
    # A report requested while Redis was unreachable starts within a minute of its return.
    PeriodicJob("reports-restart", "app.jobs.reports.restart_waiting_reports", 60),
    PeriodicJob("scheduled-reminders", "app.jobs.surveys.send_due_reminders", 15 * 60),
    PeriodicJob("proposal-retention", "app.jobs.proposals.sweep_proposal_retention", 60 * 60),
    PeriodicJob("event-followups", "app.jobs.events.send_event_followups", 15 * 60),
    PeriodicJob("event-retention", "app.jobs.events.remove_old_participant_data", 60 * 60),
    PeriodicJob("award-retention", "app.jobs.awards.remove_expired_nominations", 60 * 60),
)
PERIODIC_JOBS_BY_NAME = {job.name: job for job in PERIODIC_JOBS}


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
            job_id = enqueue_slot(job, slot, right_away=right_away)
            if job_id:
                enqueued.append(job_id)
    return enqueued


def periodic_job_id(job: PeriodicJob, slot: int) -> str:
    return f"periodic-{job.name}-{slot}"


def enqueue_slot(job: PeriodicJob, slot: int, *, right_away: bool = False) -> str | None:
    """Claim the slot and enqueue its job: at the slot's start, or now. None when claimed already."""
    job_id = periodic_job_id(job, slot)
    try:
        # The claim outlives the slot, so that nobody claims it again while it can still run.
        claimed = redis_connection().set(f"yhteisaani:periodic:{job_id}", "1", nx=True, ex=3 * job.interval + 60)
        if not claimed:
            return None
        options = {"job_id": job_id, "result_ttl": 2 * job.interval, "failure_ttl": 7 * 24 * 3600}
        target = queue(job.queue_name)
        if right_away:
            target.enqueue_call(RUN_SLOT_JOB, (job.name, slot), **options)
        else:
            target.schedule_job(target.create_job(RUN_SLOT_JOB, (job.name, slot), **options), slot_start(job, slot))
    except RedisError as error:
        log.warning("Could not schedule the periodic job %s: %s", job_id, type(error).__name__)
        return None
    return job_id


class SweepingWorker(Worker):
    """The RQ worker of `flask worker`: claims the current and next slot of every sweep at each
    heartbeat, at most every RESCHEDULE_EVERY seconds, and wakes at least every minute to do so
    (also right after it reconnects to a Redis that was gone)."""

    RESCHEDULE_EVERY = 30.0

    def __init__(self, *args, takes_commands: bool = True, **kwargs):
        kwargs.setdefault("worker_ttl", 75)  # its dequeue waits worker_ttl - 15 seconds at most
        super().__init__(*args, **kwargs)
        self._next_schedule = 0.0
        self.takes_commands = takes_commands

    def subscribe(self) -> None:
        # rq listens for commands (stop, kill a job) in a pubsub thread whose read blocks up to 60 s, and
        # closing it waits for that read: a burst, which takes no commands, would end a minute late.
        if self.takes_commands:
            super().subscribe()

    def unsubscribe(self) -> None:
        # rq sends UNSUBSCRIBE and then stops the command thread. When the thread read the reply before
        # being told to stop (a busy machine), it went back to a read that waits 60 s, and stopping the
        # worker waited with it. Told first, the thread ends on that reply.
        if self.pubsub_thread is None:
            return
        self.pubsub_thread.stop(timeout=0)
        try:
            super().unsubscribe()
        except RedisConnectionError:
            # The thread, told to stop, closed its connection while rq sent UNSUBSCRIBE on it: a closed
            # connection holds no subscription, and what rq had left to do is this.
            self.pubsub_thread.join(timeout=1)
            self.pubsub.close()

    def heartbeat(self, timeout: int | None = None, pipeline=None):
        result = super().heartbeat(timeout, pipeline)
        if pipeline is None and time.monotonic() >= self._next_schedule:
            self._next_schedule = time.monotonic() + self.RESCHEDULE_EVERY
            schedule_periodic_jobs()
        return result
