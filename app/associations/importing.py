"""Importing the register from a CSV or XLSX file: parse and check every row, preview, then apply all or nothing.

Spaces: every value loses its surrounding spaces. An e-mail address with spaces inside is a row
error (as on the web form), never silently joined: "matti @ example.fi" may be two addresses.
Matching: a row updates the council's association with the same register number or Y-tunnus; else
the association with the same name in the same municipality that has neither number; else it is new.
"""

import json
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.associations.columns import REQUIRED_COLUMNS, export_header, field_for_header, parse_language, parse_yes_no
from app.associations.tables import TableFile
from app.audit.log import record
from app.errors import DomainError
from app.extensions import db
from app.models import Association, Council
from app.reference.municipalities import find_municipality_code, municipality
from forms.validators import business_id_error, normalise_business_id, normalise_register_number, register_number_error

PENDING_MAX_AGE = 60 * 60
FIELDS = ("name", "register_number", "business_id", "municipality_code", "sector", "contact_person", "email",
          "phone", "language", "has_listing_consent")
DEFAULTS = {"register_number": None, "business_id": None, "contact_person": "", "phone": "", "language": "fi",
            "has_listing_consent": False}
_PHONE = re.compile(r"^\+?[0-9 ()\-]{3,40}$")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,60}$")


@dataclass(frozen=True)
class RowError:
    row: int            # as the spreadsheet numbers it: the header is row 1
    column: str | None  # the column header as written in the file
    # A plain str, translated when parsed: a lazy string would be marked safe and put file contents unescaped into HTML.
    message: str


@dataclass
class ParsedUpload:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)       # the fields the file has a column for
    ignored_columns: list[str] = field(default_factory=list)
    rows_read: int = 0      # rows with data below the header, every one of them checked
    blank_rows: int = 0     # empty rows skipped


@dataclass
class ImportPlan:
    new: list[dict] = field(default_factory=list)
    updated: list[tuple[Association, dict]] = field(default_factory=list)
    unchanged: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def parse_table(table: TableFile, allowed_codes: set[str], sectors: dict[str, str],
                language: str = "fi") -> ParsedUpload:
    """Check and normalise every row of a table whose first row holds the column headers.

    `sectors` maps a casefolded code or label (any language) to a sector code. Raises DomainError
    (field "file") when the header row lacks required columns (naming each in `language`) or names
    one twice.
    """
    headers, parsed, columns = table.rows[0], ParsedUpload(), {}
    parsed.rows_read, parsed.blank_rows = table.data_rows, table.blank_rows
    for index, header in enumerate(headers):
        name = field_for_header(header) if header else None
        if name is None:
            if header:
                parsed.ignored_columns.append(header)
        elif name in columns:
            raise DomainError(_l("The column %(column)s is in the file twice.", column=header), "file")
        else:
            columns[name] = index
    missing = [export_header(name, language) for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise DomainError(lazy_ngettext(
            "The file has no column for: %(columns)s. The first row must hold the column headers.",
            "The file has no columns for: %(columns)s. The first row must hold the column headers.",
            len(missing), columns=", ".join(missing)), "file")
    parsed.fields = [("municipality_code" if name == "municipality" else name) for name in columns]
    for number, cells in zip(table.row_numbers[1:], table.rows[1:]):
        raw = {name: (cells[index].strip() if index < len(cells) else "") for name, index in columns.items()}
        row, errors = _parse_row(raw, allowed_codes, sectors)
        parsed.errors.extend(RowError(number, headers[columns[name]], str(message)) for name, message in errors)
        if not errors:
            parsed.rows.append({"row": number, **row})
    _check_duplicates(parsed, {name: headers[index] for name, index in columns.items()})
    return parsed


def _parse_row(raw: dict[str, str], allowed_codes: set[str], sectors: dict[str, str]):
    row, errors = {}, []

    def text(name, max_length, required_message=None):
        value = raw.get(name, "")
        if not value and required_message:
            errors.append((name, required_message))
        elif len(value) > max_length:
            errors.append((name, _l("This can be at most %(max)s characters.", max=max_length)))
        row[name] = value

    text("name", 200, _l("Enter the name of the association."))
    text("contact_person", 200)
    for name, error_for, normalise in (("register_number", register_number_error, normalise_register_number),
                                       ("business_id", business_id_error, normalise_business_id)):
        value = raw.get(name, "")
        error = error_for(value) if value else None
        if error:
            errors.append((name, error))
        row[name] = normalise(value) if value and not error else None
    if "municipality" in raw:
        row["municipality_code"] = _municipality(raw["municipality"], allowed_codes, errors)
    if "sector" in raw:
        row["sector"] = sectors.get(raw["sector"].casefold())
        if not raw["sector"]:
            errors.append(("sector", _l("Enter the sector.")))
        elif row["sector"] is None:
            errors.append(("sector", _l("Unknown sector: %(value)s.", value=raw["sector"])))
    row["email"] = _email(raw.get("email", ""), errors)
    phone = raw.get("phone", "")
    if phone and not _PHONE.match(phone):
        errors.append(("phone", _l("Enter a phone number with digits, spaces and a + only.")))
    row["phone"] = phone
    if "language" in raw:
        row["language"] = parse_language(raw["language"])
        if row["language"] is None:
            errors.append(("language", _l("Enter the language as fi, sv or en.")))
    if "has_listing_consent" in raw:
        row["has_listing_consent"] = parse_yes_no(raw["has_listing_consent"])
        if row["has_listing_consent"] is None:
            errors.append(("has_listing_consent", _l("Enter yes or no.")))
    return {name: value for name, value in row.items() if name in raw or name == "municipality_code"}, errors


def _municipality(value: str, allowed_codes: set[str], errors: list) -> str | None:
    if not value:
        errors.append(("municipality", _l("Enter the municipality.")))
        return None
    code = find_municipality_code(value)
    if code is None:
        errors.append(("municipality", _l("Unknown municipality: %(value)s.", value=value)))
    elif code not in allowed_codes:
        errors.append(("municipality", _l("%(municipality)s is not in the council's area.",
                                          municipality=municipality(code).name_fi)))
        return None
    return code


def _email(value: str, errors: list) -> str:
    if not value:
        errors.append(("email", _l("Enter the e-mail address.")))
    elif re.search(r"\s", value):
        errors.append(("email", _l("The e-mail address must not contain spaces.")))
    else:
        try:
            validate_email(value, check_deliverability=False)
        except EmailNotValidError:
            errors.append(("email", _l("Enter an e-mail address in the form name@example.fi.")))
    return value


def _identity(row: dict) -> tuple:
    return ("name", row["name"].casefold(), row.get("municipality_code"))


def _check_duplicates(parsed: ParsedUpload, headers: dict[str, str]) -> None:
    seen: dict[tuple, int] = {}
    kept = []
    for row in parsed.rows:
        keys = [(name, row.get(name)) for name in ("register_number", "business_id") if row.get(name)]
        keys = keys or [_identity(row)]
        earlier = next(((key, seen[key]) for key in keys if key in seen), None)
        if earlier is None:
            seen.update({key: row["row"] for key in keys})
            kept.append(row)
            continue
        key, first_row = earlier
        column = headers[key[0]]
        parsed.errors.append(RowError(row["row"], column, str(_l("The same association is already on row %(row)s.",
                                                                 row=first_row))))
    parsed.rows = kept
    parsed.errors.sort(key=lambda error: error.row)


def plan_import(council: Council, rows: list[dict], fields: list[str]) -> ImportPlan:
    """Sort checked rows into new, updated and unchanged against the council's register; adds
    a RowError for a row that matches two associations or the same one as an earlier row."""
    existing = list(db.session.scalars(select(Association).where(Association.council_id == council.id)))
    by_number = {a.register_number: a for a in existing if a.register_number}
    by_business_id = {a.business_id: a for a in existing if a.business_id}
    by_identity: dict[tuple, list[Association]] = {}
    for association in existing:
        if not association.register_number and not association.business_id:
            key = ("name", association.name.casefold(), association.municipality_code)
            by_identity.setdefault(key, []).append(association)
    plan, claimed = ImportPlan(), {}
    for row in rows:
        found = {by_number.get(row.get("register_number")), by_business_id.get(row.get("business_id"))} - {None}
        if not found:
            # An association kept without numbers gets them from the file instead of a twin.
            found = set(by_identity.get(_identity(row), []))
        if len(found) > 1:
            plan.errors.append(RowError(row["row"], None, str(_l(
                "The row matches several associations in the register. Check the register number and Y-tunnus."))))
            continue
        if not found:
            plan.new.append(row)
            continue
        association = found.pop()
        if association.id in claimed:
            plan.errors.append(RowError(row["row"], None, str(_l(
                "The row updates the same association as row %(row)s.", row=claimed[association.id]))))
            continue
        claimed[association.id] = row["row"]
        if any(getattr(association, name) != row[name] for name in fields if name in row):
            plan.updated.append((association, row))
        else:
            plan.unchanged.append(row)
    return plan


def apply_import(council: Council, rows: list[dict], fields: list[str], user_id: int | None) -> ImportPlan:
    """Create and update the associations of checked rows: all of them, or raise DomainError and change nothing."""
    plan = plan_import(council, rows, fields)
    if plan.errors:
        raise DomainError(_l("The register has changed since the preview. Upload the file again."), "file")
    for row in plan.new:
        values = {**DEFAULTS, **{name: row[name] for name in FIELDS if name in row}}
        db.session.add(Association(council_id=council.id, **values))
    for association, row in plan.updated:
        for name in fields:
            if name in row:
                setattr(association, name, row[name])
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise DomainError(_l("The register has changed since the preview. Upload the file again."), "file") from None
    record("association.import", council=council, target=council, actor=user_id,
           new=len(plan.new), updated=len(plan.updated), unchanged=len(plan.unchanged))
    db.session.flush()
    return plan


def _pending_dir(instance_dir: str) -> Path:
    return Path(instance_dir) / "imports"


def save_pending_import(instance_dir: str, council_id: int, user_id: int, parsed: ParsedUpload) -> str:
    """Keep checked rows for the confirmation step in a file; returns its random key."""
    directory = _pending_dir(instance_dir)
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.json"):
        if time.time() - old.stat().st_mtime > PENDING_MAX_AGE:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    payload = {"council_id": council_id, "user_id": user_id, "created_at": time.time(),
               "fields": parsed.fields, "rows": parsed.rows,
               "counts": {"read": parsed.rows_read, "blank": parsed.blank_rows}}
    (directory / f"{token}.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return token


def load_pending_import(instance_dir: str, token: str, council_id: int,
                        user_id: int) -> tuple[list[dict], list[str], dict[str, int]]:
    """The rows, fields and row counts ("read", "blank") kept by save_pending_import for this council
    and user; DomainError if the key is unknown, belongs to someone else or is older than an hour."""
    expired = DomainError(_l("The preview has expired. Upload the file again."), "file")
    if not _TOKEN.match(token or ""):
        raise expired
    path = _pending_dir(instance_dir) / f"{token}.json"
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise expired from None
    if (payload.get("council_id"), payload.get("user_id")) != (council_id, user_id):
        raise expired
    if time.time() - payload.get("created_at", 0) > PENDING_MAX_AGE:
        path.unlink(missing_ok=True)
        raise expired
    return payload["rows"], payload["fields"], payload.get("counts", {"read": len(payload["rows"]), "blank": 0})


def discard_pending_import(instance_dir: str, token: str) -> None:
    if _TOKEN.match(token or ""):
        (_pending_dir(instance_dir) / f"{token}.json").unlink(missing_ok=True)
