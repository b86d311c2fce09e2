"""The periodic sweeps: one run per slot however many workers start, a chain that keeps itself going,
retention enforced, and a real `flask worker` that sends what was written while Redis was down."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import func, select

from app.extensions import db, queue
from app.jobs.mail import purge_outbox
from app.scheduling import PERIODIC_JOBS, periodic_job_id, schedule_periodic_jobs, slot_of
from app.models import AuditLog, OutboxMessage, OutboxStatus
from app.models.base import utcnow
from tests.integration.mail.outbox_helpers import outbox_row, set_columns


def _job_ids(app):
    with app.app_context():
        return {name: (set(queue(name).get_job_ids()), set(queue(name).scheduled_job_registry.get_job_ids()))
                for name in ("default", "mail")}


def test_workers_starting_together_schedule_each_sweep_once(app):
    now = utcnow()
    with app.app_context():
        first = schedule_periodic_jobs(now)
        second = schedule_periodic_jobs(now)
    assert second == []
    queued, scheduled = _job_ids(app)["default"]
    for job in PERIODIC_JOBS:
        slot = slot_of(job, now)
        assert periodic_job_id(job, slot) in queued, "the current slot runs at once"
        assert periodic_job_id(job, slot + 1) in scheduled, "the next slot waits in RQ's scheduler"
    assert len(first) == 2 * len(PERIODIC_JOBS) == len(queued) + len(scheduled)


def test_a_periodic_run_schedules_the_next_slot_and_sweeps(app, smtp_server, run_jobs, redis_server_control,
                                                           write_email):
    redis_server_control.stop()
    message_id = write_email()
    redis_server_control.start()
    now = utcnow()
    with app.app_context():
        schedule_periodic_jobs(now)
    run_jobs()

    assert len(smtp_server.messages) == 1
    assert outbox_row(app, message_id).status is OutboxStatus.SENT
    queued, scheduled = _job_ids(app)["default"]
    assert queued == set()
    sweep = PERIODIC_JOBS[0]
    assert periodic_job_id(sweep, slot_of(sweep, now) + 1) in scheduled
    # The chain claimed the next slot already: a worker starting now adds nothing for it.
    with app.app_context():
        assert schedule_periodic_jobs(now) == []


def test_purge_deletes_only_messages_and_audit_rows_past_retention(app, write_email):
    days = app.config["OUTBOX_RETENTION_DAYS"]
    old = utcnow() - timedelta(days=days + 1)
    recent = utcnow() - timedelta(days=days - 1)
    old_sent, recent_sent, old_pending, old_failed = (write_email() for _ in range(4))
    set_columns(app, old_sent, status=OutboxStatus.SENT, sent_at=old, created_at=old)
    set_columns(app, recent_sent, status=OutboxStatus.SENT, sent_at=recent, created_at=old)
    set_columns(app, old_pending, created_at=old, next_attempt_at=old)
    set_columns(app, old_failed, status=OutboxStatus.FAILED, created_at=old)
    audit_days = app.config["AUDIT_RETENTION_DAYS"]
    with app.app_context():
        db.session.add_all([
            AuditLog(action="test.old", created_at=utcnow() - timedelta(days=audit_days + 1)),
            AuditLog(action="test.recent", created_at=utcnow() - timedelta(days=audit_days - 1)),
        ])
        db.session.commit()

        assert purge_outbox() == {"messages": 2, "audit_log": 1}

        left = set(db.session.scalars(select(OutboxMessage.id)))
        assert left == {recent_sent, old_pending}
        assert list(db.session.scalars(select(AuditLog.action))) == ["test.recent"]
        assert purge_outbox() == {"messages": 0, "audit_log": 0}


def test_real_worker_sends_what_was_written_while_redis_was_down(app, smtp_server, redis_server_control,
                                                                  write_email, worker_process):
    redis_server_control.stop()
    message_id = write_email(language="sv")
    redis_server_control.start()

    worker = worker_process()
    deadline = time.monotonic() + 30
    while not smtp_server.messages and time.monotonic() < deadline:
        assert worker.poll() is None, "the worker stopped"
        time.sleep(0.2)
    time.sleep(1)

    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0]["Subject"] == "Välj ett nytt lösenord för Yhteisääni"
    assert outbox_row(app, message_id).status is OutboxStatus.SENT
    with app.app_context():
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1
