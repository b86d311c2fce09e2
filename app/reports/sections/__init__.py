"""The annual summary's sections, one module per channel; importing this package registers them all.

To add a channel's section: write a module here with an `AnnualSection` subclass decorated with
`@register_section` (its name, order, `signature`, `collect`, `cover_lines`, `lay_out`), and import it below.
"""

from app.reports.sections import awards, events, proposals, surveys  # noqa: F401  (registers the sections)
from app.reports.sections.base import ANNUAL_SECTIONS, AnnualSection, annual_sections, register_section

__all__ = ["ANNUAL_SECTIONS", "AnnualSection", "annual_sections", "register_section"]
