"""Jobs started after the commit: `enqueue_after_commit`, the one way app code hands work to RQ.

A job is named by the dotted path of its entry point in `app/jobs/` (a string), so that domain
code never imports `app.jobs`. The job is enqueued only once the request's (or the job's own)
transaction has committed; on rollback it is forgotten. Redis may be unreachable at that moment:
then the job is logged and dropped, and never lost, because every job enqueued this way stands for
a row that its periodic sweep finds (a PENDING outbox message that is due, a QUEUED report without
a live job) and enqueues again. The jobs go to Redis in the same round trip as the table counters
(`app/commit_effects.py`).
"""

from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import uuid4

from flask_sqlalchemy.session import Session
from redis.exceptions import RedisError
from redis.client import Pipeline
from rq import Queue
from rq.job import Job
from rq.utils import get_call_string, utcformat
from rq.utils import now as utc_now
from sqlalchemy import event

from app.extensions import db, queue, redis_connection
from app.redis_packed import execute_transaction

log = logging.getLogger(__name__)
# session.info key of the jobs waiting for the session's commit.
_PENDING = "jobs_after_commit"
# A job's id while RQ's commands for its function are recorded (`_recorded_enqueue`).
_SAMPLE_ID = "recorded-job-id-0d5c"
# (queue name, function) -> RQ's commands enqueueing a job of it, recorded once per process.
_RECORDED: dict[tuple[str, str], list[tuple]] = {}


@dataclass
class PendingJob:
    """A job waiting for the commit; after it, `enqueued` says whether Redis took it."""

    function: str
    args: tuple
    queue_name: str = "default"
    job_id: str | None = None
    at: datetime | None = None
    options: dict[str, Any] = field(default_factory=dict)
    enqueued: bool | None = None  # None until the commit

    @property
    def waits_for_redis(self) -> bool:
        """True once the commit happened but Redis could not be reached: a sweep enqueues it later."""
        return self.enqueued is False


def enqueue_after_commit(function: str, *args, queue_name: str = "default", job_id: str | None = None,
                         at: datetime | None = None, **options) -> PendingJob:
    """Enqueue `function` (a dotted path such as "app.jobs.reports.build_report") with `args` once the
    current transaction commits; `at` schedules it with RQ's scheduler instead.

    `options` go to RQ's `Queue.create_job` (timeout, retry, description, result_ttl...). Returns the PendingJob, whose `enqueued`
    is set after the commit. Never raises for Redis.
    """
    pending = PendingJob(function, args, queue_name, job_id, at, options)
    if db.session().get_transaction() is None:
        # So that a rollback before any query still forgets the job (no transaction, no event).
        db.session.begin()
    db.session.info.setdefault(_PENDING, []).append(pending)
    return pending


def enqueue_now(pending: list[PendingJob]) -> int:
    """Enqueue jobs at once, in one round trip; returns how many Redis took (0 when unreachable)."""
    if not pending:
        return 0
    try:
        client = redis_connection()
        pipeline = client.pipeline()
        add_to_pipeline(pipeline, pending)
        execute_transaction(client, [args for args, _options in pipeline.command_stack])
    except (RedisError, OSError) as error:
        report_unreachable(pending, error)
        return 0
    mark_enqueued(pending)
    return len(pending)


def add_to_pipeline(pipeline: Pipeline, pending: list[PendingJob]) -> None:
    """Put the commands that enqueue `pending` on `pipeline` (a MULTI/EXEC one, as RQ's own); the caller
    sends them (`app.redis_packed.execute_transaction`), then calls `mark_enqueued`, or
    `report_unreachable` when Redis could not be reached."""
    by_queue: dict[str, list[PendingJob]] = {}
    for job in pending:
        by_queue.setdefault(job.queue_name, []).append(job)
    for name, jobs in by_queue.items():
        target = queue(name)
        plain = [job for job in jobs if job.at is None and not job.options]
        for job in plain:
            for command in _enqueue_commands(target, job):
                pipeline.execute_command(*command)
        other = [job for job in jobs if job.at is None and job.options]
        if other:
            target.enqueue_many([target.prepare_data(job.function, job.args, job_id=job.job_id, **job.options)
                                 for job in other], pipeline=pipeline)
        for job in jobs:
            if job.at is not None:
                target.schedule_job(target.create_job(job.function, job.args, job_id=job.job_id, **job.options),
                                    job.at, pipeline=pipeline)


def _recorded_enqueue(target: Queue, function: str) -> list[tuple]:
    """The commands RQ's own enqueue writes for a job of `function` on `target` (no options), with _SAMPLE_ID for
    the job's id: recorded once per process, on a pipeline that is never executed."""
    key = (target.name, function)
    commands = _RECORDED.get(key)
    if commands is None:
        recorder = target.connection.pipeline()
        target.enqueue_many([target.prepare_data(function, (), job_id=_SAMPLE_ID)], pipeline=recorder)
        commands = _RECORDED[key] = [args for args, _options in recorder.command_stack]
    return commands


def _enqueue_commands(target: Queue, job: PendingJob) -> list[tuple]:
    """RQ's commands enqueueing `job` (no options, not scheduled): the recorded ones with this job's id, data,
    description and times, as RQ makes them (the fields of its job hash that differ between two jobs of one
    function on one queue). Making a Job and its hash was ~250 Python calls
    of every registration; tests/integration/core/test_jobs_after_commit.py compares the result with RQ's own."""
    job_id = job.job_id or str(uuid4())
    stamp = utcformat(utc_now())
    values = {"data": zlib.compress(target.serializer.dumps((job.function, None, job.args, {}))),
              "description": get_call_string(job.function, job.args, {}, max_length=75),
              "created_at": stamp, "enqueued_at": stamp}
    sample_key, key = Job.key_for(_SAMPLE_ID), Job.key_for(job_id)
    commands = []
    for recorded in _recorded_enqueue(target, job.function):
        command = [key if arg == sample_key else job_id if arg == _SAMPLE_ID else arg for arg in recorded]
        if command[0] == "HSET":
            for index in range(2, len(command) - 1, 2):
                if command[index] in values:
                    command[index + 1] = values[command[index]]
        commands.append(tuple(command))
    return commands


def mark_enqueued(pending: list[PendingJob]) -> None:
    for job in pending:
        job.enqueued = True


def report_unreachable(pending: list[PendingJob], error: BaseException) -> None:
    """Log jobs Redis did not take (names and counts only: the arguments may be personal) and mark them."""
    log.warning("Could not enqueue %d job(s) on %s (%s); the periodic sweep will: %s", len(pending),
                ", ".join(sorted({job.queue_name for job in pending})),
                ", ".join(sorted({job.function for job in pending})), type(error).__name__)
    for job in pending:
        job.enqueued = False


def take_pending(session) -> list[PendingJob]:
    """The jobs waiting for the session's commit, taken out of it (`app/commit_effects.py` sends them)."""
    return session.info.pop(_PENDING, None) or []


@event.listens_for(Session, "after_soft_rollback")
def _forget_pending(session, previous_transaction) -> None:
    # after_soft_rollback, not after_rollback: the latter fires only when a database transaction
    # was begun, and a job may be asked for before any query.
    if previous_transaction.parent is None:
        session.info.pop(_PENDING, None)
