"""A staff person's own account: name, language of e-mails, and the councils they belong to."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.errors import DomainError
from app.extensions import db
from app.models import Council, Membership, User


def update_profile(user: User, name: str, language: str, languages: list[str]) -> None:
    """Change the person's name and the language their e-mails are written in."""
    if language not in languages:
        raise DomainError(_l("Choose the language."), field="language")
    user.name = name
    user.language = language


def memberships_of(user: User) -> list[Membership]:
    """The person's memberships, by council name."""
    return list(db.session.scalars(
        select(Membership).join(Council, Council.id == Membership.council_id)
        .where(Membership.user_id == user.id).order_by(Council.name_fi)))
