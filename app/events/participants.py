"""An event's participants for the staff: the filtered list with counts, CSV and XLSX files, the sign-in
sheet (PDF), and the check-in search."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from flask_babel import gettext as _
from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import func, or_, select

from app.date_text import datetime_text
from app.extensions import db
from app.models import AttendanceMode, Event, Registration, RegistrationStatus
from app.reference.municipalities import municipality_name
from app.reports.building.formatting import csv_delimiter
from app.spreadsheets.cells import csv_row, xlsx_row

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
FILE_TYPES = {"csv": "text/csv; charset=utf-8",
              "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              "pdf": "application/pdf"}


@dataclass(frozen=True)
class ParticipantFilter:
    mode: AttendanceMode | None = None
    status: RegistrationStatus | None = None
    query: str = ""


def participants(event: Event, chosen: ParticipantFilter = ParticipantFilter()) -> list[Registration]:
    """The event's registrations matching the filter, in arrival order."""
    query = select(Registration).where(Registration.event_id == event.id)
    if chosen.mode is not None:
        query = query.where(Registration.mode == chosen.mode)
    if chosen.status is not None:
        query = query.where(Registration.status == chosen.status)
    if chosen.query:
        pattern = "%" + chosen.query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(Registration.name.ilike(pattern, escape="\\"),
                                Registration.email.ilike(pattern, escape="\\"),
                                Registration.organisation.ilike(pattern, escape="\\")))
    return list(db.session.scalars(query.order_by(Registration.position)))


def counts(event: Event) -> dict[tuple[str, str], int]:
    """(mode, status) → number, plus (mode, "attended") and ("all", ...) totals."""
    result: Counter = Counter()
    rows = db.session.execute(select(Registration.mode, Registration.status, Registration.is_attended, func.count())
                              .where(Registration.event_id == event.id)
                              .group_by(Registration.mode, Registration.status, Registration.is_attended))
    for mode, status, attended, number in rows:
        for mode_key in (mode.value, "all"):
            result[(mode_key, status.value)] += number
            if attended:
                result[(mode_key, "attended")] += number
    return dict(result)


def check_in_list(event: Event, query: str = "") -> list[Registration]:
    """Confirmed participants by name for the door, optionally those matching `query`."""
    found = participants(event, ParticipantFilter(status=RegistrationStatus.CONFIRMED, query=query.strip()[:100]))
    return sorted(found, key=lambda registration: (registration.name or "").casefold())


def _status_label(registration: Registration) -> str:
    return {"confirmed": _("Registered"), "waiting": _("Waiting list"),
            "cancelled": _("Cancelled")}[registration.status.value]


def participant_table(event: Event, registrations: list[Registration], language: str) -> list[list]:
    """Header and one row per registration, in the current language."""
    rows = [[_("Name"), _("E-mail address"), _("Organisation"), _("Municipality"), _("Mode"), _("Status"),
             _("Arrived"), _("Needs"), _("Registered at")]]
    for registration in registrations:
        rows.append([registration.name or "", registration.email or "", registration.organisation or "",
                     municipality_name(registration.municipality_code, language)
                     if registration.municipality_code else "",
                     _("On site") if registration.mode is AttendanceMode.ONSITE else _("Remotely"),
                     _status_label(registration), _("Yes") if registration.is_attended else "",
                     registration.needs or "", datetime_text(registration.created_at, language)])
    return rows


def participants_csv(table: list[list], language: str) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=csv_delimiter(language), lineterminator="\r\n")
    for row in table:
        writer.writerow(csv_row(row))
    return out.getvalue().encode("utf-8-sig")


def participants_xlsx(table: list[list], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (title or "participants")[:31]
    for row in table:
        sheet.append(xlsx_row(sheet, row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def sign_in_sheet(event: Event, language: str) -> bytes:
    """A4 PDF: the confirmed on-site participants in alphabetical order with a column to sign."""
    people = [registration for registration in check_in_list(event)
              if registration.mode is AttendanceMode.ONSITE]
    pdf = FPDF(format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_title(event.title(language))
    pdf.set_lang(language)
    pdf.add_page()
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 8, event.title(language), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(0, 6, f"{datetime_text(event.starts_at, language, weekday=True)} · {event.place}",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    with pdf.table(col_widths=(8, 50, 52, 70), line_height=9, first_row_as_headings=True) as table:
        heading = table.row()
        for text in ("#", _("Name"), _("Organisation"), _("Signature")):
            heading.cell(text)
        for number, registration in enumerate(people, start=1):
            row = table.row()
            for text in (str(number), registration.name or "", registration.organisation or "", ""):
                row.cell(text)
    return bytes(pdf.output())
