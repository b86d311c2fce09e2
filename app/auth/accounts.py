"""Staff accounts: sign-in checks, password changes and one-time reset links."""

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import func, select

from app.auth import backoff
from app.auth.passwords import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    hash_token,
    needs_rehash,
    new_token,
    verify_password,
)
from app.auth.sessions import end_every_session
from app.errors import DomainError
from app.public_urls import public_url
from app.extensions import db
from app.models import Council, Membership, PasswordResetToken, Role, User
from app.models.base import utcnow
from app.mail.outbox import queue_email

# Verified against when the e-mail is unknown, so that timing does not reveal which accounts exist:
# one hash per set of hashing parameters, made once (making it costs as much as a verification).
_DUMMY_HASHES: dict[str, str] = {}


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def _dummy_hash() -> str:
    parameters = repr(sorted((current_app.config.get("PASSWORD_HASH_PARAMETERS") or {}).items()))
    if parameters not in _DUMMY_HASHES:
        _DUMMY_HASHES[parameters] = hash_password("not-a-real-password")
    return _DUMMY_HASHES[parameters]


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None for any bad credentials."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        verify_password(_dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_sign_in_at = utcnow()
    return user


class SignInPaused(DomainError):
    """Too many wrong passwords for this address lately: it must wait before trying again."""


def sign_in(email: str, password: str) -> User:
    """The active user with this e-mail and password, counting a failure towards the address's backoff.

    Raises SignInPaused while the address must wait, DomainError for any bad credentials (the same
    message whether or not the address has an account).
    """
    wait = backoff.seconds_to_wait(email)
    if wait:
        minutes = -(-wait // 60)
        raise SignInPaused(lazy_ngettext(
            "Too many wrong passwords were given for this e-mail address. Try again in %(num)d minute.",
            "Too many wrong passwords were given for this e-mail address. Try again in %(num)d minutes.",
            minutes))
    user = authenticate(email, password)
    if user is None:
        backoff.record_failure(email)
        raise DomainError(_l("The e-mail address or password is not correct."))
    return user


def check_new_password(password: str, confirm: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(
            _l("Use at least %(count)s characters.", count=MIN_PASSWORD_LENGTH), field="new_password"
        )
    if password != confirm:
        raise DomainError(_l("The passwords do not match."), field="confirm_password")


def set_password(user: User, password: str) -> None:
    """Store a new password and sign the user out everywhere else."""
    user.password_hash = hash_password(password)
    end_every_session(user)


def change_password(user: User, current_password: str, new_password: str, confirm: str) -> None:
    if not verify_password(user.password_hash, current_password):
        raise DomainError(_l("Your current password is not correct."), field="current_password")
    check_new_password(new_password, confirm)
    set_password(user, new_password)


def request_password_reset(email: str, language: str) -> None:
    """E-mail a one-time reset link if the address belongs to an active user; silent otherwise."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    token = new_token()
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE"]
    db.session.add(
        PasswordResetToken(
            user_id=user.id,
            token_hash=hash_token(token),
            expires_at=utcnow() + timedelta(seconds=max_age),
        )
    )
    queue_email(
        to=user.email,
        template="password_reset",
        language=language,
        context={
            "reset_url": public_url("auth.reset_password", token=token),
            "minutes": max_age // 60,
        },
    )


def find_reset_token(token: str) -> PasswordResetToken | None:
    """The unused, unexpired reset token matching this link, or None."""
    found = db.session.scalar(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == hash_token(token))
    )
    if found is None or found.used_at is not None or found.expires_at < utcnow():
        return None
    return found


def reset_password(token: str, password: str, confirm: str) -> User:
    """Use a reset link once: set the new password and invalidate every other link of the user."""
    found = find_reset_token(token)
    if found is None:
        raise DomainError(_l("This link has expired or has already been used. Ask for a new one."))
    check_new_password(password, confirm)
    set_password(found.user, password)
    now = utcnow()
    for other in db.session.scalars(
        select(PasswordResetToken).where(
            PasswordResetToken.user_id == found.user_id, PasswordResetToken.used_at.is_(None)
        )
    ):
        other.used_at = now
    return found.user


def create_user(email: str, password: str, name: str = "", memberships: dict[Council, Role] | None = None) -> User:
    """Create a staff user with roles in councils (used by `flask users create` and demo data)."""
    if find_user_by_email(email) is not None:
        raise DomainError(_l("A user with this e-mail address already exists."), field="email")
    user = User(email=normalise_email(email), name=name, password_hash=hash_password(password))
    db.session.add(user)
    for council, role in (memberships or {}).items():
        user.memberships.append(Membership(council=council, role=role))
    db.session.flush()
    return user
