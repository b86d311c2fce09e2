"""What a council's public page lists: members, association agents, working groups and links, in fixed queries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import AssociationAgent, Council, CouncilLink, CouncilMember, CouncilRole, GroupKind, WorkingGroup
from app.reference.municipalities import municipality_name

# Chair first, deputies last; within a role, the order staff gave.
ROLE_ORDER = {role: number for number, role in enumerate(CouncilRole)}


@dataclass(frozen=True)
class CouncilPageContents:
    members: list[CouncilMember]
    deputies: list[CouncilMember]
    agents_by_municipality: list[tuple[str, list[AssociationAgent]]]
    committees: list[WorkingGroup]
    groups: list[WorkingGroup]
    links: list[CouncilLink]

    @property
    def is_empty(self) -> bool:
        return not (self.members or self.deputies or self.agents_by_municipality or self.committees or self.groups)


def _ordered(model, council: Council, *options) -> list:
    return list(db.session.scalars(select(model).where(model.council_id == council.id).options(*options)
                                   .order_by(model.position, model.id)))


def council_page_contents(council: Council, locale: str) -> CouncilPageContents:
    """The council's lists for its public page in four queries, however long they are."""
    # A deputy's member is in the same list: the identity map answers `deputy_of` without a query.
    people = sorted(_ordered(CouncilMember, council, selectinload(CouncilMember.association)),
                    key=lambda member: ROLE_ORDER[member.role])
    by_municipality: dict[str, list[AssociationAgent]] = {}
    for agent in _ordered(AssociationAgent, council):
        by_municipality.setdefault(municipality_name(agent.municipality_code, locale), []).append(agent)
    groups = _ordered(WorkingGroup, council)
    return CouncilPageContents(
        members=[member for member in people if member.role is not CouncilRole.DEPUTY_MEMBER],
        deputies=[member for member in people if member.role is CouncilRole.DEPUTY_MEMBER],
        agents_by_municipality=sorted(by_municipality.items()),
        committees=[group for group in groups if group.kind is GroupKind.WORKING_COMMITTEE],
        groups=[group for group in groups if group.kind is GroupKind.WORKING_GROUP],
        links=_ordered(CouncilLink, council),
    )
