"""Personal links in e-mails (survey invitations, resume links, password resets, team invitations) and how
they are masked.

Whoever holds such a link can answer as an association, continue someone's draft or take over a
staff account. Staff pages show the links masked, and once a message has been handed over (or has
failed for good) the stored copy keeps its text with the links masked, so that the outbox and its
backups hold no usable token. A new kind of personal link must be added to `_PERSONAL_LINK`.
"""

from __future__ import annotations

import re

MASK = "•••••"
# The path before a token: /s/<token> (invitations), .../resume/<token> (drafts of the open link),
# /staff/password-reset/<token>, /staff/invitation/<token> (team invitations), /<council>/proposals/track/<token>
# (a proposer's tracking link), /<council>/events/<event>/registration/<token> (a participant's own page).
# Tokens are URL-safe base64; "%3D" is an escaped "=" in some HTML.
_PERSONAL_LINK = re.compile(
    r"(/s/|/resume/|/password-reset/|/staff/invitation/|/proposals/track/|/registration/)(?:[A-Za-z0-9_\-=]|%3D){8,}")


def mask_personal_links(text: str) -> str:
    """`text` with the token of every personal link replaced by MASK; the rest unchanged."""
    return _PERSONAL_LINK.sub(lambda found: found.group(1) + MASK, text)
