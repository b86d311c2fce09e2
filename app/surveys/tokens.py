"""Personal invitation and resume tokens: 256-bit, stored only as hashes, re-creatable for reminders.

An invitation's token is an HMAC of a random per-invitation nonce under the app's secret key, so a
reminder can carry the same link without the token itself ever being stored.
"""

import hashlib
import hmac
import secrets
from base64 import urlsafe_b64encode

from flask import current_app
from sqlalchemy import select

from app.auth.passwords import hash_token, new_token
from app.extensions import db
from app.models import Invitation


def new_nonce() -> str:
    return secrets.token_hex(16)


def invitation_token(nonce: str) -> str:
    """The link token for an invitation nonce (the same every time for the same secret key)."""
    digest = hmac.new(
        current_app.config["SECRET_KEY"].encode("utf-8"), f"invitation:{nonce}".encode(), hashlib.sha256
    ).digest()
    return urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def issue_invitation_token(invitation: Invitation) -> str:
    """Give the invitation a fresh nonce and token hash; returns the token for the link."""
    invitation.token_nonce = new_nonce()
    token = invitation_token(invitation.token_nonce)
    invitation.token_hash = hash_token(token)
    return token


def find_invitation(token: str) -> Invitation | None:
    """The invitation whose link carries this token, or None."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)))


def new_resume_token() -> tuple[str, str]:
    """A token for an open-link response: (token for the link/cookie, hash to store)."""
    token = new_token()
    return token, hash_token(token)
