"""Per-account sign-in backoff: after repeated wrong passwords for one address, a short, capped pause.

The failures are counted in Redis under a hash of the typed address, known or not, so that the
pause tells nothing about which accounts exist. The pause grows with each failure past
SIGN_IN_BACKOFF_AFTER but never beyond SIGN_IN_BACKOFF_MAX_SECONDS: an attacker can hold a real
user back for minutes at most, and the per-address rate limit slows them on top of that. With
Redis unreachable the backoff is skipped; the per-address limit still holds.
"""

import hashlib
import math
import time

from flask import current_app
from redis.exceptions import RedisError

from app.extensions import redis_connection


def _key(email: str) -> str:
    digest = hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()
    return f"yhteisaani:sign-in-failures:{digest}"


def _pause(failures: int) -> float:
    """Seconds to wait after the last failure: 0 below the threshold, then doubling up to the cap."""
    config = current_app.config
    beyond = failures - config["SIGN_IN_BACKOFF_AFTER"]
    if beyond < 0:
        return 0.0
    return min(config["SIGN_IN_BACKOFF_SECONDS"] * 2 ** min(beyond, 20), config["SIGN_IN_BACKOFF_MAX_SECONDS"])


def seconds_to_wait(email: str) -> int:
    """Whole seconds before this address may try a password again (0: it may now)."""
    try:
        stored = redis_connection().hgetall(_key(email))
    except (RedisError, OSError):
        return 0
    if not stored:
        return 0
    failures = int(stored[b"failures"])
    last = float(stored[b"last"])
    return max(0, math.ceil(last + _pause(failures) - time.time()))


def record_failure(email: str) -> None:
    """Count a wrong password for this address; the count is forgotten a while after the cap."""
    key = _key(email)
    try:
        with redis_connection().pipeline() as pipe:
            pipe.hincrby(key, "failures", 1)
            pipe.hset(key, "last", repr(time.time()))
            pipe.expire(key, int(current_app.config["SIGN_IN_BACKOFF_MAX_SECONDS"] * 4) + 60)
            pipe.execute()
    except (RedisError, OSError):
        return


def clear_failures(email: str) -> None:
    """Forget the failures of this address after a successful sign-in."""
    try:
        redis_connection().delete(_key(email))
    except (RedisError, OSError):
        return
