"""Labels of the report formats, translated at the edge (sector labels: app.associations.labels)."""

from flask_babel import lazy_gettext as _l


FORMAT_LABELS = {
    "pdf": _l("PDF report"),
    "xlsx": _l("Excel workbook (tables and raw data)"),
    "csv": _l("CSV raw data"),
    "zip": _l("Charts as PNG and SVG (ZIP)"),
}
