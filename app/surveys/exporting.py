"""Raw response exports (CSV with BOM, XLSX): a row per submitted response, streamed from the answer rows.

Columns: one per question; one per option for multiple choice and ranking; one per row for a
matrix; an extra column for "other" texts. The columns cover every version of the survey, so a
response keeps its answers even when a later version dropped a question. Responses are read in
chunks and their Answer rows in response order, so a big survey is never held in memory at once.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import IO, Any
from zoneinfo import ZoneInfo

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.models import Answer, Association, Invitation, Response, ResponseStatus, Survey, SurveyVersion
from app.reference.municipalities import all_municipalities
from app.reports.building.formatting import csv_delimiter
from app.surveys.definitions import definition_for
from surveys import Question, text
from surveys.types.choice import Option

CHUNK = 500
LOCAL_ZONE = ZoneInfo("Europe/Helsinki")
# A cell starting with one of these is read as a formula by spreadsheet programs (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class _Merged:
    """A question across versions: the newest definition, plus options and rows only older ones had."""

    question: Question
    options: list[Option]
    rows: list[Any]


def _merged_questions(survey: Survey) -> list[_Merged]:
    merged: dict[str, _Merged] = {}
    for version in reversed(survey.versions):
        for question in definition_for(version).questions():
            if not question.has_answer:
                continue
            options = list(getattr(question, "options", ()))
            rows = list(getattr(question, "rows", ()))
            known = merged.get(question.key)
            if known is None:
                merged[question.key] = _Merged(question, options, rows)
                continue
            have = {o.value for o in known.options}
            known.options += [o for o in options if o.value not in have]
            have_rows = {r.key for r in known.rows}
            known.rows += [r for r in rows if r.key not in have_rows]
    return list(merged.values())


Placer = Callable[[Answer, list], None]


class Layout:
    """The export's columns and where each stored answer row goes."""

    def __init__(self, survey: Survey, language: str):
        self.language = language
        self.anonymous = survey.is_anonymous
        with force_locale(language):
            fixed = [_("Response"), _("Version"), _("Submitted"), _("Language")]
            if not self.anonymous:
                fixed.append(_("Association"))
            self.yes, self.no = _("Yes"), _("No")
            self.typed_text = _("text")
        self.headers: list[str] = list(fixed)
        self.keys: list[str] = ["response_id", "version", "submitted_at", "language"]
        if not self.anonymous:
            self.keys.append("association")
        self.placers: dict[str, Placer] = {}
        self.zero_columns: dict[str, list[int]] = {}
        for number, merged in enumerate(_merged_questions(survey), start=1):
            self._add_question(merged, number)

    def _column(self, header: str, key: str) -> int:
        # Headings and keys are unique: a question keyed "language" gets "language_2".
        self.headers.append(_unique(header, self.headers))
        self.keys.append(_unique(key, self.keys))
        return len(self.headers) - 1

    def _add_question(self, merged: _Merged, number: int) -> None:
        q, lang = merged.question, self.language
        label = f"{number}. {text(q.label, lang)}"
        kind = q.type_name
        if kind == "multiple_choice":
            slots = {o.value: self._column(f"{label}: {text(o.label, lang)}", f"{q.key}.{o.value}")
                     for o in merged.options}
            if q.other:
                slots["other"] = self._column(f"{label}: {text(q.other_option_label, lang)}", f"{q.key}.other")
                other_text = self._column(f"{label}: {text(q.other_option_label, lang)} ({self.typed_text})",
                                          f"{q.key}.other_text")
            else:
                other_text = None

            def place(a: Answer, cells: list, slots=slots, other_text=other_text) -> None:
                if a.option in slots:
                    cells[slots[a.option]] = 1
                if a.option == "other" and other_text is not None:
                    cells[other_text] = _safe(a.value_text)
            self.placers[q.key] = place
            # Options not chosen in an answered question read 0; an unanswered question stays empty.
            self.zero_columns[q.key] = list(slots.values())
        elif kind == "single_choice":
            labels = {o.value: text(o.label, lang) for o in merged.options}
            labels["other"] = text(q.other_option_label, lang)
            main = self._column(label, q.key)
            other_text = self._column(f"{label}: {labels['other']} ({self.typed_text})", f"{q.key}.other_text") \
                if q.other else None

            def place(a: Answer, cells: list, main=main, labels=labels, other_text=other_text) -> None:
                cells[main] = labels.get(a.option, a.option)
                if a.option == "other" and other_text is not None:
                    cells[other_text] = _safe(a.value_text)
            self.placers[q.key] = place
        elif kind == "matrix":
            slots = {r.key: self._column(f"{label}: {text(r.label, lang)}", f"{q.key}.{r.key}")
                     for r in merged.rows}
            self.placers[q.key] = lambda a, cells, slots=slots, q=q: (
                cells.__setitem__(slots[a.row], self._point(q, a)) if a.row in slots else None)
        elif kind == "likert":
            column = self._column(label, q.key)
            self.placers[q.key] = lambda a, cells, column=column, q=q: cells.__setitem__(column, self._point(q, a))
        elif kind == "ranking":
            slots = {o.value: self._column(f"{label}: {text(o.label, lang)}", f"{q.key}.{o.value}")
                     for o in merged.options}
            self.placers[q.key] = lambda a, cells, slots=slots: (
                cells.__setitem__(slots[a.option], _number(a.value_number)) if a.option in slots else None)
        else:
            column = self._column(label, q.key)
            self.placers[q.key] = lambda a, cells, column=column, kind=kind: cells.__setitem__(
                column, self._scalar(kind, a))

    def _point(self, question: Question, a: Answer) -> Any:
        if a.option == "cannot_say" or a.value_number is None:
            return text(question.cannot_say, self.language) if question.cannot_say else a.option
        point = int(a.value_number)
        scale = question.scale
        return text(scale[point - 1], self.language) if 0 < point <= len(scale) else point

    def _scalar(self, kind: str, a: Answer) -> Any:
        if kind == "number":
            return _number(a.value_number)
        if kind == "yes_no":
            return self.yes if a.option == "yes" else self.no
        if kind == "municipality":
            found = all_municipalities().get(a.option or "")
            return found.name(self.language) if found else a.option
        return _safe(a.value_text)

    def row(self, response: Response, version_number: int, association: str | None, answers: list[Answer]) -> list:
        cells: list[Any] = [None] * len(self.headers)
        cells[0] = response.id
        cells[1] = version_number
        cells[2] = response.submitted_at.astimezone(LOCAL_ZONE).replace(tzinfo=None) if response.submitted_at else None
        cells[3] = response.language
        if not self.anonymous:
            cells[4] = _safe(association) if association else None
        zero = self.zero_columns
        answered: set[str] = set()
        for answer in answers:
            placer = self.placers.get(answer.question_key)
            if placer is not None:
                placer(answer, cells)
                answered.add(answer.question_key)
        for key in answered & zero.keys():
            for column in zero[key]:
                if cells[column] is None:
                    cells[column] = 0
        return cells


def _unique(name: str, taken: list[str]) -> str:
    unique, number = name, 2
    while unique in taken:
        unique, number = f"{name}_{number}", number + 1
    return unique


def _number(value: float | None) -> int | Decimal | None:
    if value is None:
        return None
    number = Decimal(repr(value))
    return int(number) if number == number.to_integral_value() else number


def _safe(value: str | None) -> str | None:
    """Free text that a spreadsheet will not run as a formula."""
    if value and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_rows(survey: Survey, language: str) -> Iterator[list]:
    """The headings (question numbers and labels), the keys, then one row per submitted response
    (oldest first, times in Helsinki time), read chunk by chunk."""
    layout = Layout(survey, language)
    yield layout.headers
    yield layout.keys
    last_id = 0
    while True:
        batch = db.session.execute(
            select(Response, SurveyVersion.number, Association.name)
            .join(SurveyVersion, SurveyVersion.id == Response.version_id)
            .outerjoin(Invitation, Invitation.id == Response.invitation_id)
            .outerjoin(Association, Association.id == Invitation.association_id)
            .where(Response.survey_id == survey.id, Response.status == ResponseStatus.SUBMITTED,
                   Response.id > last_id)
            .order_by(Response.id).limit(CHUNK)).all()
        if not batch:
            return
        ids = [response.id for response, _number, _name in batch]
        answers = db.session.scalars(
            select(Answer).where(Answer.response_id.in_(ids)).order_by(Answer.response_id, Answer.id)
            .execution_options(yield_per=1000))
        pending = iter(answers)
        current = next(pending, None)
        for response, number, name in batch:
            own = []
            while current is not None and current.response_id == response.id:
                own.append(current)
                current = next(pending, None)
            yield layout.row(response, number, name, own)
            # Nothing read here is needed again: keep the session from growing with the export.
            for loaded in (*own, response):
                db.session.expunge(loaded)
        last_id = ids[-1]


def csv_chunks(survey_id: int, language: str) -> Iterator[bytes]:
    """The export as CSV bytes: UTF-8 with a BOM (so that Excel reads it), RFC 4180, separated by
    semicolons in Finnish and Swedish (as Excel there expects, and as the register export is) and
    by commas in English.

    Takes the survey's id: a streamed response runs after the view, in a session of its own.
    """
    import csv
    import io

    survey = db.session.get(Survey, survey_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=csv_delimiter(language), lineterminator="\r\n")
    yield "\ufeff".encode("utf-8")
    for number, row in enumerate(export_rows(survey, language)):
        writer.writerow(["" if c is None else c.strftime("%Y-%m-%d %H:%M") if isinstance(c, datetime) else c
                         for c in row])
        if number % 200 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def write_xlsx(survey: Survey, language: str, target: IO[bytes]) -> None:
    """Write the export as an XLSX workbook with openpyxl's write-only mode (rows go to disk as written)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    with force_locale(language):
        sheet = workbook.create_sheet(_("Responses")[:31])
    bold = Font(bold=True)
    rows = export_rows(survey, language)
    headers, keys = next(rows), next(rows)
    sheet.freeze_panes = "B3"
    for header in (headers, keys):
        header_cells = []
        for value in header:
            cell = WriteOnlyCell(sheet, value=value)
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # openpyxl would store it as a formula otherwise
            elif isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            cells.append(cell)
        sheet.append(cells)
    workbook.save(target)


def export_filename(survey: Survey, extension: str) -> str:
    return f"{survey.slug}-responses.{extension}"
