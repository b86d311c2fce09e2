"""The test servers themselves: PostgreSQL, Redis, SMTP and an RQ worker are real and restartable."""

import smtplib
import socket
from email.message import EmailMessage

import pytest
from redis import Redis
from rq import Queue
from sqlalchemy import create_engine, text

from tests.fixtures.app import BurstWorker
from tests.fixtures.services import _TEST_SMTP_PORTS, free_port


def add_numbers(a: int, b: int) -> int:
    """A job function defined in a test module, run by a real RQ worker."""
    return a + b


def test_postgres_cluster_accepts_a_query_on_loopback(postgres_cluster):
    engine = create_engine(postgres_cluster.url())
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT 40 + 2")).scalar_one() == 42
            assert connection.execute(text("SHOW fsync")).scalar_one() == "off"
            assert connection.execute(text("SHOW server_version_num")).scalar_one() >= "150000"
    finally:
        engine.dispose()


def test_redis_answers_ping_again_after_a_stop_and_start_on_the_same_port(redis_server_control):
    server = redis_server_control
    port = server.port
    with Redis.from_url(server.url) as redis:
        assert redis.ping()
    server.stop()
    with Redis.from_url(server.url, socket_connect_timeout=1) as redis:
        with pytest.raises(Exception, match="(?i)connect"):
            redis.ping()
    server.start()
    assert server.port == port
    with Redis.from_url(server.url) as redis:
        assert redis.ping()


def test_redis_is_running_again_after_a_test_that_left_it_stopped(redis_server_control):
    redis_server_control.stop()


def test_redis_left_stopped_by_the_previous_test_answers(redis_server):
    with Redis.from_url(redis_server.url) as redis:
        assert redis.ping()


def _message(to: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "noreply@yhteisaani.fi"
    message["To"] = to
    message["Subject"] = "Kokouskutsu – ääni"
    message.set_content("Tervetuloa kokoukseen.")
    return message


def test_smtp_server_receives_a_message_and_again_after_a_restart(smtp_server):
    with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=5) as smtp:
        smtp.send_message(_message("sihteeri@example.fi"))
    assert [m["Subject"] for m in smtp_server.to("sihteeri@example.fi")] == ["Kokouskutsu – ääni"]
    assert smtp_server.messages[0].get_content().strip() == "Tervetuloa kokoukseen."

    smtp_server.stop()
    with pytest.raises(ConnectionRefusedError):
        smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=5)
    smtp_server.start()
    with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=5) as smtp:
        smtp.send_message(_message("toinen@example.fi"))
    assert len(smtp_server.messages) == 2


def test_smtp_server_starts_each_test_empty(smtp_server):
    assert smtp_server.messages == []


def test_smtp_connection_to_any_other_server_is_refused_and_recorded(smtp_guard):
    stray_port = free_port()
    assert stray_port not in _TEST_SMTP_PORTS
    with pytest.raises(ConnectionRefusedError, match="only to the test SMTP server"):
        smtplib.SMTP("mail.example.fi", 25, timeout=1)
    with pytest.raises(ConnectionRefusedError, match="only to the test SMTP server"):
        smtplib.SMTP("127.0.0.1", stray_port, timeout=1)
    assert smtp_guard == ["mail.example.fi:25", f"127.0.0.1:{stray_port}"]
    smtp_guard.clear()  # provoked on purpose: the guard would otherwise fail this test at teardown


def test_rq_simple_worker_runs_a_job_from_a_test_module(redis_server):
    # run_jobs's worker: a SimpleWorker without rq's command channel, whose blocking read held each burst
    # for a minute
    with Redis.from_url(redis_server.url) as redis:
        queue = Queue("default", connection=redis)
        job = queue.enqueue(add_numbers, 40, 2)
        assert BurstWorker([queue], connection=redis).work(burst=True)
        job.refresh()
        assert job.is_finished
        assert job.return_value() == 42
        redis.flushall()


def test_free_port_is_bindable_on_loopback():
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))
