"""Translated labels of the council page's codes: the members' roles and the kinds of working groups."""

from flask_babel import lazy_gettext as _l

from app.models import CouncilRole, GroupKind

ROLE_LABELS = {
    CouncilRole.CHAIR: _l("Chair"),
    CouncilRole.VICE_CHAIR: _l("Vice chair"),
    CouncilRole.SECRETARY: _l("Secretary"),
    CouncilRole.MEMBER: _l("Member"),
    CouncilRole.DEPUTY_MEMBER: _l("Deputy member"),
}
assert set(ROLE_LABELS) == set(CouncilRole), "every role needs a label"

GROUP_KIND_LABELS = {
    GroupKind.WORKING_COMMITTEE: _l("Working committee"),
    GroupKind.WORKING_GROUP: _l("Working group"),
}
assert set(GROUP_KIND_LABELS) == set(GroupKind), "every kind of group needs a label"


def role_label(role: CouncilRole) -> str:
    return str(ROLE_LABELS[role])


def role_choices() -> list[tuple[str, str]]:
    return [(role.value, str(label)) for role, label in ROLE_LABELS.items()]


def group_kind_choices() -> list[tuple[str, str]]:
    return [(kind.value, str(label)) for kind, label in GROUP_KIND_LABELS.items()]

#: the titles of the lists on the staff pages, by the part's name in the address
PART_TITLES = {
    "members": _l("Members of the council"),
    "agents": _l("Association agents"),
    "groups": _l("Working committee and working groups"),
    "links": _l("Links"),
}
