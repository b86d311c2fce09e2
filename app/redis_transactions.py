"""Redis commands sent as one MULTI/EXEC transaction in one write, packed by hiredis: the round trip that every
writing request makes after its commit (`app/commit_effects.py`).

redis-py's `Pipeline.execute` does the same on the wire, but encodes each argument and parses each reply in
Python: about 1,000 Python calls for a registration's nine commands (three table counters and RQ's job hash of
16 fields), some 15 % of the whole POST. Here each command is packed by one C call (`hiredis.pack_command`)
and the replies are read off the connection as they come; the commands are still gathered on a redis-py
`Pipeline` (RQ writes its job through one), which is never executed.
"""

from __future__ import annotations

import hiredis
from redis import Redis
from redis.exceptions import DataError

_MULTI = hiredis.pack_command(("MULTI",))
_EXEC = hiredis.pack_command(("EXEC",))


def execute_transaction(client: Redis, commands: list[tuple]) -> list:
    """Run `commands` (tuples of str, bytes, int or float arguments, as `Pipeline.command_stack` holds them)
    in one MULTI/EXEC on a connection of `client`'s pool; returns EXEC's replies, undecoded.

    Raises DataError for an argument Redis cannot take (None, a dict: nothing is sent), ResponseError when
    Redis refuses a command (the first refusal; a refusal while queueing discards the whole transaction),
    and ConnectionError or TimeoutError when Redis cannot be reached. After any error the connection is
    closed, so that no unread reply is left on it for the next command.
    """
    if not commands:
        return []
    try:
        payload = b"".join([_MULTI, *map(hiredis.pack_command, commands), _EXEC])
    except TypeError as error:
        raise DataError(str(error)) from error
    pool = client.connection_pool
    connection = pool.get_connection()
    try:
        connection.send_packed_command([payload])
        for _ in range(len(commands) + 1):  # +OK for MULTI, then +QUEUED for each; an error reply raises
            connection.read_response()
        replies = connection.read_response()
        for reply in replies:
            if isinstance(reply, Exception):  # a command that failed while EXEC ran it (the others ran)
                raise reply
    except BaseException:
        connection.disconnect()
        raise
    finally:
        pool.release(connection)
    return replies
