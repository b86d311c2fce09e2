"""Flask's signed-cookie session, with its signing serializer made once per secret key instead of twice per request,
a cookie verified once per worker, and plain values written without trying every tag on them."""

import time

from flask import Flask, Request
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.recently_used import RecentlyUsed

#: cookies whose signature a worker has checked, kept with their time of signing and their values' JSON: at most
#: this many, and this many characters of cookies and JSON together (a cookie may be 4 KB)
VERIFIED_MAX = 4096
VERIFIED_CHARACTERS_MAX = 4 * 1024 * 1024

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
    `open_session` and `save_session` of every request, which costs as much as a kept page's look-up.

    A browser sends the same cookie until its session changes (a visitor's does once, when the CSRF secret is made),
    and checking its signature was half of opening it (itsdangerous: the key derived, an HMAC, three base64
    decodings). A worker keeps the cookies it has checked (`VERIFIED_MAX`, least recently used dropped), each with
    the time it was signed and its values' JSON, for the serializer of the keys that checked it: the same text
    again is not checked again, its age still is (as itsdangerous checks it), and its values are read from the JSON
    each time, so that no request shares another's objects."""

    serializer = SessionJSON()

    def __init__(self) -> None:
        self._serializers: dict[tuple, URLSafeTimedSerializer | None] = {}
        self._verified: RecentlyUsed[tuple[int, str, int]] = RecentlyUsed(
            VERIFIED_MAX, VERIFIED_CHARACTERS_MAX, lambda verified: verified[2])

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        # Keyed by the keys themselves: a test or a key rotation that changes them gets a new serializer.
        key = (id(app), app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        serializer = self._serializers.get(key)
        if serializer is None:
            serializer = self._serializers[key] = super().get_signing_serializer(app)
        return serializer

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        signing = self.get_signing_serializer(app)
        if signing is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        key = (id(signing), value)
        verified = self._verified.get(key)
        if verified is None:
            try:
                data, signed_at = signing.loads(value, max_age=max_age, return_timestamp=True)
            except BadSignature:
                return self.session_class()
            text = self.serializer.dumps(data)
            self._verified.put(key, (int(signed_at.timestamp()), text, len(value) + len(text)))
            return self.session_class(data)
        signed_at, text, _size = verified
        # itsdangerous's own test of the age: too old, or signed in the future.
        if not 0 <= int(time.time()) - signed_at <= max_age:
            return self.session_class()
        return self.session_class(self.serializer.loads(text))
