"""Editing a council's public page: its texts and contact details, and the entries of its lists
(members, association agents, working groups, links): add, change, remove and move up or down."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.audit.log import record
from app.errors import DomainError
from app.extensions import db
from app.models import (SECTORS, Association, AssociationAgent, Council, CouncilLink, CouncilMember, CouncilRole,
                        GroupKind, WorkingGroup)

PAGE_TEXT_FIELDS = ("name_fi", "name_sv", "name_en", "description_fi", "description_sv", "description_en",
                    "page_text_fi", "page_text_sv", "page_text_en", "contact_email", "contact_phone")


def update_page_texts(council: Council, values: dict, user_id: int | None) -> None:
    """Change the council's names, descriptions, longer texts and contact details."""
    changed = 0
    for name in PAGE_TEXT_FIELDS:
        if getattr(council, name) != values[name]:
            setattr(council, name, values[name])
            changed += 1
    db.session.flush()
    record("council_page.texts", council=council, target=council, actor=user_id, changed=changed)


def _check_member(council: Council, values: dict, member: CouncilMember | None) -> None:
    if values["association_id"] is not None:
        association = db.session.get(Association, values["association_id"])
        if association is None or association.council_id != council.id:
            raise DomainError(_l("Choose an association of the council's register."), "association_id")
    if values["sector"] is not None and values["sector"] not in SECTORS:
        raise DomainError(_l("Choose the sector."), "sector")
    deputy_of = values["deputy_of_id"]
    if deputy_of is not None:
        other = db.session.get(CouncilMember, deputy_of)
        if other is None or other.council_id != council.id or (member is not None and other.id == member.id):
            raise DomainError(_l("Choose another member of this council."), "deputy_of_id")
    values["role"] = CouncilRole(values["role"])


def _check_agent(council: Council, values: dict, entry: AssociationAgent | None) -> None:
    if values["municipality_code"] not in council.municipality_codes:
        raise DomainError(_l("Choose a municipality in the council's area."), "municipality_code")


def _check_group(council: Council, values: dict, entry: WorkingGroup | None) -> None:
    values["kind"] = GroupKind(values["kind"])


@dataclass(frozen=True)
class PagePart:
    """One list on the council's page: the model of its entries, the fields a form sets and their checks."""

    name: str
    model: type
    fields: tuple[str, ...]
    check: Callable[[Council, dict, object | None], None] | None = None


PARTS = {
    "members": PagePart("members", CouncilMember,
                        ("name", "role", "association_id", "association_name", "sector", "deputy_of_id"), _check_member),
    "agents": PagePart("agents", AssociationAgent, ("name", "municipality_code", "email", "phone"), _check_agent),
    "groups": PagePart("groups", WorkingGroup, ("kind", "name", "description", "members_text"), _check_group),
    "links": PagePart("links", CouncilLink, ("label", "url")),
}


def part_entries(council: Council, part: PagePart) -> list:
    """The council's entries of one list, in their order."""
    model = part.model
    return list(db.session.scalars(select(model).where(model.council_id == council.id)
                                   .order_by(model.position, model.id)))


def member_choices(council: Council, member: CouncilMember | None) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """What a member's form offers: the council's associations in the register (not archived) and the other
    members, whose deputy the member may be; (id, name) pairs by name and in the list's order."""
    associations = db.session.execute(
        select(Association.id, Association.name).where(Association.council_id == council.id,
                                                       Association.is_archived.is_(False))
        .order_by(Association.name)).all()
    others = [(str(other.id), other.name) for other in part_entries(council, PARTS["members"])
              if member is None or other.id != member.id]
    return [(str(id_), name) for id_, name in associations], others


def _checked(council: Council, part: PagePart, values: dict, entry) -> dict:
    values = {name: values.get(name) for name in part.fields}
    if part.check is not None:
        part.check(council, values, entry)
    return values


def add_entry(council: Council, part: PagePart, values: dict, user_id: int | None):
    """Add an entry at the end of the list; DomainError when a value breaks the part's rules."""
    values = _checked(council, part, values, None)
    model = part.model
    last = db.session.scalar(select(func.max(model.position)).where(model.council_id == council.id))
    entry = model(council_id=council.id, position=(last or 0) + 1, **values)
    db.session.add(entry)
    db.session.flush()
    record("council_page.add", council=council, target=entry, actor=user_id, part=part.name)
    return entry


def update_entry(council: Council, part: PagePart, entry, values: dict, user_id: int | None) -> None:
    """Change an entry; the same checks as add_entry."""
    values = _checked(council, part, values, entry)
    for name, value in values.items():
        setattr(entry, name, value)
    db.session.flush()
    record("council_page.change", council=council, target=entry, actor=user_id, part=part.name)


def remove_entry(council: Council, part: PagePart, entry, user_id: int | None) -> None:
    """Take an entry off the page (a member's deputies stay, without whom they are deputy of)."""
    record("council_page.remove", council=council, target=entry, actor=user_id, part=part.name)
    db.session.delete(entry)
    db.session.flush()


def move_entry(council: Council, part: PagePart, entry, direction: str, user_id: int | None) -> None:
    """Swap the entry with its neighbour above ("up") or below ("down"); at either end nothing moves."""
    entries = part_entries(council, part)
    index = entries.index(entry)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(entries):
        return
    entries[index], entries[other] = entries[other], entries[index]
    # Renumber the whole list: older rows may share a position.
    for position, item in enumerate(entries, start=1):
        item.position = position
    db.session.flush()
    record("council_page.move", council=council, target=entry, actor=user_id, part=part.name)
