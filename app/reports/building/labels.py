"""Labels for the association sectors and the report formats, translated at the edge."""

from flask_babel import lazy_gettext as _l

SECTOR_LABELS = {
    "social_health": _l("Social and health"),
    "sports": _l("Sports and exercise"),
    "culture": _l("Culture and arts"),
    "youth": _l("Youth work"),
    "children_families": _l("Children and families"),
    "pensioners": _l("Pensioners"),
    "village": _l("Village and residents"),
    "environment": _l("Environment and nature"),
    "education": _l("Education"),
    "disability": _l("Disability"),
    "multicultural": _l("Multicultural work"),
    "religious": _l("Religious communities"),
    "hobby": _l("Hobbies and leisure"),
    "other": _l("Other"),
}

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
