"""Spam defences of the public forms without third-party services: a honeypot, a minimum fill time and a
rate limit per address, each refusing with a message that tells a real person what to do."""

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from limits import parse
from redis.exceptions import RedisError

from app.extensions import limiter
from forms.public import PublicForm


@dataclass(frozen=True)
class Refusal:
    message: str
    status: int  # 400, or 429 for the rate limit

    def show_on(self, form: PublicForm) -> None:
        """Put the message in the form's error summary and stamp the form anew for the next try."""
        form.form_errors.append(self.message)
        form.stamp()


def submission_refusal(form: PublicForm, scope: str) -> Refusal | None:
    """Why a validated public form must not be stored, or None to store it.

    Call after `form.validate_on_submit()`; `scope` names the form ("event-registration"), so that each
    form has its own budget per address (setting RATELIMIT_PUBLIC_FORMS). On a refusal the view calls
    `refusal.show_on(form)` and renders the form again with what was typed, with `refusal.status`.
    A refusal never stores anything, so nobody is silently dropped: the person sees the message.
    """
    if form.honeypot_filled:
        return Refusal(_("The form was not sent, because the field “Leave this field empty” had text in it. "
                         "If you are a person, empty that field and send the form again. What you typed is "
                         "still here."), 400)
    elapsed = form.seconds_since_shown()
    if elapsed is None:
        return Refusal(_("The form had been open too long or was incomplete. Check what you typed and send "
                         "the form again."), 400)
    if elapsed < current_app.config["PUBLIC_FORM_MIN_FILL_SECONDS"]:
        return Refusal(_("The form was sent faster than a person can fill it in, so it was not sent. Check "
                         "what you typed and send the form again."), 400)
    if not _within_rate_limit(scope):
        return Refusal(_("Too many forms were sent from this address in a short time. Nothing was saved: wait "
                         "a few minutes and send the form again. What you typed is still here."), 429)
    return None


def _within_rate_limit(scope: str) -> bool:
    if not limiter.enabled or not current_app.config.get("RATELIMIT_ENABLED", True):
        return True
    try:
        return limiter.limiter.hit(parse(current_app.config["RATELIMIT_PUBLIC_FORMS"]),
                                   "public-form", scope, get_remote_address())
    except RedisError:
        # Without Redis nothing can count: let people through rather than refuse everyone.
        current_app.logger.warning("Rate limit of public form %s not counted: Redis unreachable", scope)
        return True
