"""Redis commands packed by hiredis and sent on a connection of a client's pool in one write: one command, or
several as one MULTI/EXEC transaction. For the round trips of every public POST: the commit's (`app/commit_effects.py`)
and a kept look-up's counters (`app.table_generations.table_counters`).

redis-py's own path encodes each argument and runs its connection, retry and reply machinery in Python for each
command: some 160 Python calls for one HMGET, about 1,000 for `Pipeline.execute` of a registration's nine commands
(three table counters and RQ's job hash of 16 fields), together a sixth of the whole POST. Here a command is packed
by one C call (`hiredis.pack_command`) and the replies are read off the connection as they come (hiredis parses
them); the transaction's commands are still gathered on a redis-py `Pipeline` (RQ writes its job through one),
which is never executed. No retries, as the app's client (`app.extensions.redis_connection`) has none.
"""

from __future__ import annotations

import hiredis
from redis import Redis
from redis.exceptions import DataError

_MULTI = hiredis.pack_command(("MULTI",))
_EXEC = hiredis.pack_command(("EXEC",))


def _packed(commands) -> list[bytes]:
    try:
        return [hiredis.pack_command(command) for command in commands]
    except TypeError as error:
        raise DataError(str(error)) from error


def _exchange(client: Redis, payload: bytes, replies: int) -> list:
    """Send `payload` on a connection of `client`'s pool and read `replies` replies; an error reply raises. After
    any error the connection is closed, so that no unread reply is left on it for the next command."""
    pool = client.connection_pool
    connection = pool.get_connection()
    try:
        connection.send_packed_command([payload])
        return [connection.read_response() for _ in range(replies)]
    except BaseException:
        connection.disconnect()
        raise
    finally:
        pool.release(connection)


def run_command(client: Redis, *args):
    """Run one command (arguments of str, bytes, int or float) and return its reply, undecoded.

    Raises DataError for an argument Redis cannot take (None, a dict: nothing is sent), ResponseError when Redis
    refuses the command, and ConnectionError or TimeoutError when Redis cannot be reached.
    """
    return _exchange(client, _packed((args,))[0], 1)[0]


def execute_transaction(client: Redis, commands: list[tuple]) -> list:
    """Run `commands` (tuples of str, bytes, int or float arguments, as `Pipeline.command_stack` holds them)
    in one MULTI/EXEC; returns EXEC's replies, undecoded.

    Raises DataError for an argument Redis cannot take (nothing is sent), ResponseError when Redis refuses a
    command (the first refusal; a refusal while queueing discards the whole transaction), and ConnectionError or
    TimeoutError when Redis cannot be reached.
    """
    if not commands:
        return []
    payload = b"".join([_MULTI, *_packed(commands), _EXEC])
    # +OK for MULTI and +QUEUED for each command (a refusal while queueing raises), then EXEC's list.
    replies = _exchange(client, payload, len(commands) + 2)[-1]
    for reply in replies:
        if isinstance(reply, Exception):  # a command that failed while EXEC ran it (the others ran)
            raise reply
    return replies
