"""What a commit hands to Redis: the table counters (`app/table_generations.py`) and the jobs waiting for it
(`app/background.py`), sent in one round trip (`app/redis_packed.py`).

A public POST writes rows and queues a job (its e-mail); sending the counters and the job apart cost a
second round trip to Redis per request, each a scheduling delay on a busy machine. One MULTI/EXEC
transaction (RQ's own enqueue uses one too) carries both: the commands are gathered on a redis-py pipeline,
which RQ writes its jobs to, and sent packed by hiredis rather than by the pipeline's own execute. When Redis cannot be reached the commit stands:
the jobs are marked as waiting for Redis (their periodic sweeps enqueue them) and the counters stay
(kept pages end with their minute).
"""

from __future__ import annotations

from flask_sqlalchemy.session import Session
from redis.exceptions import RedisError
from sqlalchemy import event

from app import background, table_generations
from app.extensions import redis_connection
from app.redis_packed import execute_transaction


def _is_savepoint(session) -> bool:
    # SQLAlchemy fires after_commit for a savepoint (begin_nested) too; only the outermost transaction
    # decides. A job asked for inside a savepoint that was rolled back still goes out after the commit:
    # its job finds no row and does nothing.
    return session.get_nested_transaction() is not None


@event.listens_for(Session, "after_commit")
def _send_after_commit(session) -> None:
    if _is_savepoint(session):
        return
    touched, rows = table_generations.take_touched(session)
    pending = background.take_pending(session)
    if not touched and not pending:
        return
    try:
        client = redis_connection()
        pipeline = client.pipeline()  # gathers the commands; execute_transaction sends them
        table_generations.add_counter_moves(pipeline, touched, rows)
        background.add_to_pipeline(pipeline, pending)
        execute_transaction(client, [args for args, _options in pipeline.command_stack])
    except (RedisError, OSError) as error:
        if touched:
            table_generations.report_unreachable(touched, error)
        if pending:
            background.report_unreachable(pending, error)
        return
    background.mark_enqueued(pending)
