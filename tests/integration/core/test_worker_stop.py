"""A `flask worker` told to stop (SIGTERM from systemd, a deploy or the tests) stops within seconds, however
its command channel's thread and the stop meet."""

from __future__ import annotations

import threading
import time

from app.extensions import QUEUE_NAMES, redis_connection
from app.scheduling import SweepingWorker


def test_a_worker_whose_command_thread_read_the_unsubscribe_reply_first_still_stops_at_once(app):
    with app.app_context():
        worker = SweepingWorker([*QUEUE_NAMES], connection=redis_connection())
        worker.subscribe()
        pubsub = worker.pubsub
        send_unsubscribe = pubsub.unsubscribe

        def unsubscribe_and_let_the_thread_read_the_reply(*args, **kwargs):
            result = send_unsubscribe(*args, **kwargs)
            time.sleep(0.5)  # as on a busy machine: the command thread runs before the stopping worker goes on
            return result

        pubsub.unsubscribe = unsubscribe_and_let_the_thread_read_the_reply
        stopping = threading.Thread(target=worker.unsubscribe, daemon=True)  # what the worker does as it stops
        started = time.monotonic()
        stopping.start()
        stopping.join(timeout=10)
        assert not stopping.is_alive(), "the worker still waits on its command channel after 10 s"
        assert time.monotonic() - started < 5
        assert not worker.pubsub_thread.is_alive()
