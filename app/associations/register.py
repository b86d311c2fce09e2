"""Keeping the register: search, add, edit, archive and restore a council's associations."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from app.errors import DomainError
from app.extensions import db
from app.audit.log import record
from app.models import Association, Council

EDITABLE_FIELDS = ("name", "register_number", "business_id", "municipality_code", "sector", "contact_person",
                   "email", "phone", "language", "has_listing_consent")


@dataclass(frozen=True)
class RegisterSearch:
    query: str = ""
    municipality_code: str = ""
    sector: str = ""
    include_archived: bool = False


def _search_query(council: Council, search: RegisterSearch):
    query = select(Association).where(Association.council_id == council.id)
    if not search.include_archived:
        query = query.where(Association.is_archived.is_(False))
    if search.query:
        pattern = "%" + search.query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(*(column.ilike(pattern, escape="\\") for column in (
            Association.name, Association.email, Association.contact_person))))
    if search.municipality_code:
        query = query.where(Association.municipality_code == search.municipality_code)
    if search.sector:
        query = query.where(Association.sector == search.sector)
    return query


def search_associations(council: Council, search: RegisterSearch, limit: int | None = None,
                        offset: int = 0) -> tuple[list[Association], int]:
    """One page of the council's associations matching the search, sorted by name, and the total."""
    query = _search_query(council, search)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = query.order_by(Association.name, Association.id).offset(offset)
    if limit is not None:
        page = page.limit(limit)
    return list(db.session.scalars(page)), total


def _check_unique(council: Council, values: dict, association_id: int | None) -> None:
    for name, message in (("register_number", _l("Another association in the register has this register number.")),
                          ("business_id", _l("Another association in the register has this Y-tunnus."))):
        if not values.get(name):
            continue
        other = db.session.scalar(select(Association.id).where(
            Association.council_id == council.id, getattr(Association, name) == values[name]))
        if other is not None and other != association_id:
            raise DomainError(message, name)


def _check_area(council: Council, values: dict) -> None:
    if values["municipality_code"] not in council.municipality_codes:
        raise DomainError(_l("Choose a municipality in the council's area."), "municipality_code")


def _flush() -> None:
    # The unique constraints decide in the end: another request may have stored the same number.
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise DomainError(_l("Another association in the register has this register number or Y-tunnus."),
                          "register_number") from None


def create_association(council: Council, values: dict, user_id: int | None) -> Association:
    """Add an association to the register; DomainError if its municipality is outside the area or
    its register number or Y-tunnus is already in the register."""
    values = {name: values.get(name) for name in EDITABLE_FIELDS}
    _check_area(council, values)
    _check_unique(council, values, None)
    association = Association(council_id=council.id, **values)
    db.session.add(association)
    _flush()
    record("association.create", council=council, target=association, actor=user_id)
    return association


def update_association(council: Council, association: Association, values: dict, user_id: int | None) -> None:
    """Change an association's details; the same checks as create_association."""
    values = {name: values.get(name) for name in EDITABLE_FIELDS}
    _check_area(council, values)
    _check_unique(council, values, association.id)
    for name, value in values.items():
        setattr(association, name, value)
    _flush()
    record("association.update", council=council, target=association, actor=user_id)


def archive_association(council: Council, association: Association, user_id: int | None) -> None:
    """Hide the association from the register and from survey invitations, keeping its details."""
    association.is_archived = True
    record("association.archive", council=council, target=association, actor=user_id)
    db.session.flush()


def restore_association(council: Council, association: Association, user_id: int | None) -> None:
    association.is_archived = False
    record("association.restore", council=council, target=association, actor=user_id)
    db.session.flush()
