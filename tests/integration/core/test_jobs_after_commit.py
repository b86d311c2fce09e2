"""enqueue_after_commit: a job reaches Redis only after the outermost commit, never after a rollback."""

from __future__ import annotations

from app.background import enqueue_after_commit
from app.extensions import db, queue


def _queued(app) -> list[tuple[str, tuple]]:
    with app.app_context():
        jobs = queue("default").get_jobs()
        return [(job.func_name, job.args) for job in jobs]


def test_job_is_enqueued_after_the_commit_and_not_after_a_savepoint(app):
    with app.app_context():
        queue("default").empty()
        pending = enqueue_after_commit("app.jobs.reports.restart_waiting_reports")
        with db.session.begin_nested():
            pass
        assert pending.enqueued is None and _queued(app) == []
        db.session.commit()
        assert pending.enqueued is True and not pending.waits_for_redis
    assert _queued(app) == [("app.jobs.reports.restart_waiting_reports", ())]


def test_job_is_forgotten_on_rollback_but_not_on_a_savepoint_rollback(app):
    with app.app_context():
        queue("default").empty()
        kept = enqueue_after_commit("app.jobs.mail.sweep_outbox")
        savepoint = db.session.begin_nested()
        savepoint.rollback()
        db.session.commit()
        assert kept.enqueued is True
        forgotten = enqueue_after_commit("app.jobs.mail.purge_outbox")
        db.session.rollback()
        db.session.commit()
        assert forgotten.enqueued is None
    assert _queued(app) == [("app.jobs.mail.sweep_outbox", ())]


def test_job_after_commit_while_redis_is_down_is_reported_and_the_commit_stands(app, redis_server_control):
    redis_server_control.stop()
    with app.app_context():
        pending = enqueue_after_commit("app.jobs.mail.sweep_outbox")
        db.session.commit()
        assert pending.enqueued is False and pending.waits_for_redis


def test_a_commit_sends_its_table_counters_and_its_jobs_to_redis_in_one_round_trip(app, monkeypatch):
    from redis import Redis
    from redis.client import Pipeline
    from redis.connection import Connection

    from app.models import Council, CouncilKind
    from app.table_generations import current_generations

    round_trips = []
    real_execute, real_command, real_send = Pipeline.execute, Redis.execute_command, Connection.send_packed_command
    with app.app_context():
        queue("default").empty()
        before = current_generations().get("councils", 0)
        enqueue_after_commit("app.jobs.mail.sweep_outbox")
        db.session.commit()  # RQ asks the server's version once per connection
        queue("default").empty()
        monkeypatch.setattr(Pipeline, "execute", lambda self, *a, **k: round_trips.append("pipeline")
                            or real_execute(self, *a, **k))
        monkeypatch.setattr(Redis, "execute_command", lambda self, *a, **k: round_trips.append(a[0])
                            or real_command(self, *a, **k))
        monkeypatch.setattr(Connection, "send_packed_command", lambda self, *a, **k: round_trips.append("send")
                            or real_send(self, *a, **k))
        db.session.add(Council(slug="pipeline-test", kind=CouncilKind.LOCAL, region_code="07", name_fi="Putkisto",
                               contact_email="putkisto@example.fi"))
        pending = enqueue_after_commit("app.jobs.mail.sweep_outbox")
        db.session.commit()
        assert round_trips == ["send"]
        monkeypatch.undo()
        assert pending.enqueued is True
        assert current_generations()["councils"] == before + 1
    assert _queued(app) == [("app.jobs.mail.sweep_outbox", ())]


def _normalised(commands) -> list[tuple]:
    # The job's times are those of its making.
    found = []
    for command in commands:
        command = list(command)
        if command[0] == "HSET":
            for index in range(2, len(command) - 1, 2):
                if command[index] in ("created_at", "enqueued_at"):
                    command[index + 1] = "(time)"
        found.append(tuple(command))
    return found


def test_a_job_is_enqueued_with_the_commands_rq_itself_writes_for_it(app):
    # The commands are recorded from RQ once per function and queue, then given each job's id, data, description
    # and times: what RQ's own enqueue writes for the same job must be what is sent.
    from redis.client import Pipeline

    from app.background import PendingJob, add_to_pipeline

    with app.app_context():
        target = queue("mail")
        for job_id, args in (("outbox-41-0", (41,)), ("outbox-42-3", (42,)), ("report-7", (7, "fi"))):
            ours, theirs = target.connection.pipeline(), target.connection.pipeline()
            add_to_pipeline(ours, [PendingJob("app.jobs.mail.send_outbox_message", args, "mail", job_id)])
            target.enqueue_many([target.prepare_data("app.jobs.mail.send_outbox_message", args, job_id=job_id)],
                                pipeline=theirs)
            assert isinstance(ours, Pipeline)
            assert _normalised(args for args, _ in ours.command_stack) == _normalised(
                args for args, _ in theirs.command_stack)


def test_a_job_enqueued_this_way_is_run_by_the_worker_with_its_arguments(app, run_jobs, smtp_server, write_email):
    # The confirmation e-mails of every events test go this way too; here the job is read back by RQ first.
    from rq.job import Job

    with app.app_context():
        queue("mail").empty()
    message_id = write_email()
    with app.app_context():
        [job_id] = queue("mail").get_job_ids()
        job = Job.fetch(job_id, connection=queue("mail").connection)
        assert (job.func_name, job.args, job.origin, job.get_status()) == (
            "app.jobs.mail.send_outbox_message", (message_id,), "mail", "queued")
    run_jobs()
    assert len(smtp_server.messages) == 1
