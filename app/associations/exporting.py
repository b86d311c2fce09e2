"""Exporting the register as CSV or XLSX, with headers in the user's language, so that it imports back."""

from app.associations.columns import COLUMNS, YES_NO, export_header
from app.associations.labels import sector_label
from app.associations.tables import write_csv, write_xlsx
from app.audit.log import record
from app.extensions import db
from app.i18n import LANGUAGE_LABELS
from app.models import Association, Council
from app.reference.municipalities import municipality_name

EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def register_table(associations: list[Association], language: str) -> list[list[str]]:
    """Header row and one row per association; codes written as words of the language (needs the
    request's locale to match `language` for the sector labels)."""
    yes, no = YES_NO.get(language, YES_NO["fi"])
    rows = [[export_header(name, language) for name in COLUMNS]]
    for association in associations:
        values = {
            "name": association.name,
            "register_number": association.register_number or "",
            "business_id": association.business_id or "",
            "municipality": municipality_name(association.municipality_code, language),
            "sector": sector_label(association.sector),
            "contact_person": association.contact_person or "",
            "email": association.email,
            "phone": association.phone or "",
            "language": LANGUAGE_LABELS.get(association.language, association.language),
            "has_listing_consent": yes if association.has_listing_consent else no,
        }
        rows.append([values[name] for name in COLUMNS])
    return rows


def export_register(council: Council, associations: list[Association], language: str, file_format: str,
                    user_id: int | None) -> bytes:
    """The file's bytes; records the export (personal data leaves the service) in the audit log."""
    table = register_table(associations, language)
    record(f"association.export_{file_format}", council=council, target=council, actor=user_id,
           rows=len(associations))
    db.session.flush()
    if file_format == "xlsx":
        return write_xlsx(table, council.slug)
    return write_csv(table)


def register_template(language: str, file_format: str) -> bytes:
    """An empty register file to fill in: the column headers in `language`, as an export writes them."""
    table = [[export_header(name, language) for name in COLUMNS]]
    if file_format == "xlsx":
        return write_xlsx(table, "template")
    return write_csv(table)
