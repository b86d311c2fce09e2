"""Labels for the association sectors and the report formats, translated at the edge."""

from flask_babel import lazy_gettext as _l

from app.associations.labels import SECTOR_LABELS


FORMAT_LABELS = {
    "pdf": _l("PDF report"),
    "xlsx": _l("Excel workbook (tables and raw data)"),
    "csv": _l("CSV raw data"),
    "zip": _l("Charts as PNG and SVG (ZIP)"),
}


def sector_label(code: str | None) -> str:
    if not code:
        return "–"
    return str(SECTOR_LABELS.get(code, code))
