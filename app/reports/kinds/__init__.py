"""The report kinds, one module each; importing this package registers them all.

To add a kind: write a module here with a `ReportKind` subclass decorated with `@register_kind`
(its name, label, formats, `data_signature` and `build_document`), and import it below.
"""

from app.reports.kinds import annual_summary, awards, events, proposals, survey  # noqa: F401  (registers the kinds)
from app.reports.kinds.base import REPORT_KINDS, ReportKind, kind_for, register_kind

__all__ = ["REPORT_KINDS", "ReportKind", "kind_for", "register_kind"]
