"""What the staff roles are called and what each one opens, for the team pages, forms and e-mails."""

from flask_babel import lazy_gettext as _l

from app.models import Role

ROLE_LABELS = {
    Role.ADMIN: _l("Admin"),
    Role.SECRETARY: _l("Secretary"),
    Role.REVIEWER: _l("Reviewer"),
}

ROLE_DESCRIPTIONS = {
    Role.ADMIN: _l("Everything of the council and its local councils, including the team and the audit log."),
    Role.SECRETARY: _l("Surveys, the association register, reports and the outbox; sees the team but cannot "
                       "change it."),
    Role.REVIEWER: _l("Only what a channel opens to reviewers, such as scoring award nominations."),
}


def role_label(role: Role | str) -> str:
    """The role's name in the current language (also in an e-mail's language under force_locale)."""
    return str(ROLE_LABELS[Role(role)])


def role_choices() -> list[tuple[str, str]]:
    """(value, label) of every role, the most powerful first."""
    return [(role.value, str(ROLE_LABELS[role])) for role in Role]


def role_description(role: Role | str) -> str:
    """What the role opens, in the current language."""
    return str(ROLE_DESCRIPTIONS[Role(role)])
