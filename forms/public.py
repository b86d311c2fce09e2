"""The base of every form the public sends: a honeypot field people never see and the signed time the
form was shown, checked by `app.public_forms.submission_refusal` together with the rate limit."""

from datetime import datetime, timezone
from functools import lru_cache

from flask import current_app, g
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, TimestampSigner
from wtforms import HiddenField, StringField

from forms.base import Form

_SALT = "public-form-started"
#: a form shown longer ago than this is stale: its stamp is renewed and the person sends it again
STAMP_MAX_AGE = 24 * 60 * 60


# A stamp is "shown", its time and its signature: about 40 characters.
_STAMP_LENGTH_MAX = 100
# flask.g attribute of the stamp made for this request.
_STAMP = "public_form_stamp"


def _signer() -> TimestampSigner:
    return TimestampSigner(current_app.secret_key, salt=_SALT)


def _signed_at(stamp: str) -> datetime | None:
    """When the stamp was signed, or None for a missing or forged one (its age is the caller's to check)."""
    if len(stamp) > _STAMP_LENGTH_MAX:
        return None  # forged, and not to be kept
    return _checked_signature(current_app.secret_key, stamp)


# Kept per worker and secret key: a form checked and then sent (the registration's check page and its last step)
# carries the same stamp twice, and checking the signature (itsdangerous) was most of the refusal checks' cost.
@lru_cache(maxsize=4096)
def _checked_signature(secret_key, stamp: str) -> datetime | None:
    try:
        _value, signed_at = TimestampSigner(secret_key, salt=_SALT).unsign(stamp, return_timestamp=True)
    except BadSignature:
        return None
    return signed_at


def shown_stamp() -> str:
    """The signed time this request shows forms at, made once per request: every form of the page carries
    the same stamp, and a kept page (`app/kept_pages.py`) can put a new one in its place."""
    if _STAMP not in g:
        setattr(g, _STAMP, _signer().sign("shown").decode("ascii"))
    return getattr(g, _STAMP)


def rendered_stamp() -> str | None:
    """The stamp this request has shown, or None when it rendered no public form."""
    return g.get(_STAMP)


class PublicForm(Form):
    """A public form. Render `{{ spam_guard(form) }}` (`_macros/forms.html`) inside the <form>."""

    # Hidden from people (and from screen readers and the tab order) by the macro; bots fill it in.
    website = StringField(_l("Leave this field empty"))
    form_started = HiddenField()

    def stamp(self) -> None:
        """Mark the form as shown now (call on every page that renders it, also after a refusal)."""
        value = shown_stamp()
        self.form_started.data = value
        self.form_started.raw_data = [value]

    def seconds_since_shown(self) -> float | None:
        """How long ago the form was shown, or None for a missing, forged or day-old stamp."""
        signed_at = _signed_at(self.form_started.data or "")
        if signed_at is None:
            return None
        age = (datetime.now(timezone.utc) - signed_at).total_seconds()
        # As itsdangerous's max_age counts (whole seconds): too old, or signed in the future.
        if not 0 <= age < STAMP_MAX_AGE + 1:
            return None
        return age

    @property
    def honeypot_filled(self) -> bool:
        return bool((self.website.data or "").strip())

