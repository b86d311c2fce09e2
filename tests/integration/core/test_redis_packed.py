"""Commands packed by hiredis: one command, or several as one MULTI/EXEC; refusals raised, the connection left
clean for the next command."""

from __future__ import annotations

import pytest
from redis.exceptions import DataError, ResponseError

from app.extensions import redis_connection
from app.redis_packed import execute_transaction, run_command


def test_commands_run_in_one_transaction_and_their_replies_are_returned(app):
    with app.app_context():
        client = redis_connection()
        client.delete("tx-test:hash", "tx-test:list")
        replies = execute_transaction(client, [("HINCRBY", "tx-test:hash", "a", 2), ("HSET", "tx-test:hash", "b", "bé"),
                                               ("RPUSH", "tx-test:list", b"x", 3.5)])
        assert replies == [2, 1, 2]
        assert client.hgetall("tx-test:hash") == {b"a": b"2", b"b": "bé".encode()}
        assert client.lrange("tx-test:list", 0, -1) == [b"x", b"3.5"]


def test_a_command_refused_while_queued_applies_nothing_and_the_connection_serves_the_next_command(app):
    with app.app_context():
        client = redis_connection()
        client.delete("tx-test:counter")
        with pytest.raises(ResponseError):
            execute_transaction(client, [("INCR", "tx-test:counter"), ("NO-SUCH-COMMAND", "x")])
        assert client.get("tx-test:counter") is None
        assert client.ping() is True


def test_a_command_failing_inside_exec_is_raised_and_the_others_ran(app):
    with app.app_context():
        client = redis_connection()
        client.delete("tx-test:string", "tx-test:counter")
        client.set("tx-test:string", "text")
        with pytest.raises(ResponseError, match="WRONGTYPE"):
            execute_transaction(client, [("INCR", "tx-test:counter"), ("HINCRBY", "tx-test:string", "a", 1)])
        assert client.get("tx-test:counter") == b"1"
        assert client.ping() is True


def test_an_argument_redis_cannot_take_is_refused_before_anything_is_sent(app):
    with app.app_context():
        client = redis_connection()
        client.delete("tx-test:counter")
        with pytest.raises(DataError):
            execute_transaction(client, [("INCR", "tx-test:counter"), ("SET", "tx-test:none", None)])
        assert client.get("tx-test:counter") is None


def test_one_command_returns_its_reply_and_a_refused_one_raises_and_leaves_the_connection_usable(app):
    with app.app_context():
        client = redis_connection()
        client.delete("tx-test:hash")
        client.hset("tx-test:hash", mapping={"a": 3, "b": "bé"})
        assert run_command(client, "HMGET", "tx-test:hash", "a", "missing", "b") == [b"3", None, "bé".encode()]
        with pytest.raises(ResponseError):
            run_command(client, "INCR", "tx-test:hash")
        with pytest.raises(DataError):
            run_command(client, "GET", None)
        assert run_command(client, "PING") == b"PONG"
