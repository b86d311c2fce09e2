"""Staff users, their council memberships, invitations to a council's team and one-time password reset tokens."""

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.councils import Council


class Role(enum.Enum):
    ADMIN = "admin"
    SECRETARY = "secretary"
    REVIEWER = "reviewer"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(2), default="fi")
    is_active_user: Mapped[bool] = mapped_column(default=True)
    # Changes on every password change so that other sessions are signed out.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:
        return self.is_active_user

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


class Membership(db.Model):
    """A user's role in one council."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "council_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))

    user: Mapped[User] = relationship(back_populates="memberships")
    council: Mapped[Council] = relationship()


class PasswordResetToken(db.Model):
    """A one-time password reset link; only the token's hash is stored."""

    __tablename__ = "password_reset_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class StaffInvitationState(str, enum.Enum):
    """Where a staff invitation stands; derived from its times, never stored."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class StaffInvitation(db.Model):
    """An invitation by e-mail to join a council's team with a role; only the link's token hash is stored.

    A pending invitation has neither `accepted_at` nor `withdrawn_at` and has not reached `expires_at`.
    """

    __tablename__ = "staff_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))
    email: Mapped[str] = mapped_column(String(254), index=True)
    #: the language of the invitation e-mail, and of the account made through it
    language: Mapped[str] = mapped_column(String(2), default="fi")
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: when the link was last sent (the first time or on "send again")
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    council: Mapped[Council] = relationship()
    invited_by: Mapped[User | None] = relationship()

    def state(self, now: datetime) -> StaffInvitationState:
        """Where the invitation stands at `now`."""
        if self.accepted_at is not None:
            return StaffInvitationState.ACCEPTED
        if self.withdrawn_at is not None:
            return StaffInvitationState.WITHDRAWN
        if self.expires_at <= now:
            return StaffInvitationState.EXPIRED
        return StaffInvitationState.PENDING
