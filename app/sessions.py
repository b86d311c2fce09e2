"""Flask's signed-cookie session, with its signing serializer made once per secret key instead of twice per request,
and plain values written without trying every tag on them."""

from flask import Flask
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

# The exact types no tag of TaggedJSONSerializer changes (a Markup is a str subclass: not in here, still tagged).
_UNTAGGED = frozenset({str, int, float, bool, type(None)})


class SessionJSON(TaggedJSONSerializer):
    """Flask's tagged JSON, the same text: a plain str, int, float, bool or None is written as it is at once, where
    Flask tries its eight tags in turn on each (a registration's ten ids in the session: ~200 Python calls)."""

    __slots__ = ()

    def tag(self, value):
        if type(value) in _UNTAGGED:
            return value
        return super().tag(value)


class SignedCookieSessions(SecureCookieSessionInterface):
    """The same cookie, signature and keys as Flask's own; Flask builds the serializer in both
    `open_session` and `save_session` of every request, which costs as much as a kept page's look-up."""

    serializer = SessionJSON()

    def __init__(self) -> None:
        self._serializers: dict[tuple, URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        # Keyed by the keys themselves: a test or a key rotation that changes them gets a new serializer.
        key = (id(app), app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        serializer = self._serializers.get(key)
        if serializer is None:
            serializer = self._serializers[key] = super().get_signing_serializer(app)
        return serializer
