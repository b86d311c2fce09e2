"""Raw response exports (CSV with BOM, XLSX): a row per submitted response, streamed from the answer rows.

Columns: one per question; one per option for multiple choice and ranking; one per row for a
matrix; an extra column for "other" texts. The columns cover every version of the survey, so a
response keeps its answers even when a later version dropped a question. Responses are read in
chunks and their Answer rows in response order, so a big survey is never held in memory at once.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.local_time import utc_to_local
from app.models import Answer, Association, Invitation, Response, ResponseStatus, Survey, SurveyVersion
from app.reference.municipalities import all_municipalities
from app.spreadsheets.cells import csv_row, unique_heading, xlsx_cell, xlsx_row
from app.reports.building.formatting import csv_delimiter
from app.surveys.definitions import definition_for
from app.surveys.stored_answers import plain_number, values_from_answers
from surveys import Question, text
from surveys.types.choice import Option
from surveys.values import Selection

CHUNK = 500


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


Filler = Callable[[Any, list], None]


class Layout:
    """The export's columns and where each answer value goes."""

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
        self.fillers: dict[str, Filler] = {}
        # Each response's rows are read with the definition of the version it answered.
        self.definitions = {version.id: definition_for(version) for version in survey.versions}
        for number, merged in enumerate(_merged_questions(survey), start=1):
            self._add_question(merged, number)

    def _column(self, header: str, key: str) -> int:
        # Headings and keys are unique: a question keyed "language" gets "language_2".
        self.headers.append(unique_heading(header, self.headers))
        self.keys.append(unique_heading(key, self.keys))
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

            def fill(value: Selection, cells: list, slots=slots, other_text=other_text) -> None:
                # Options not chosen in an answered question read 0; an unanswered question stays empty.
                for option, column in slots.items():
                    cells[column] = 1 if option in value.options else 0
                if "other" in value.options and other_text is not None:
                    cells[other_text] = value.other
            self.fillers[q.key] = fill
        elif kind == "single_choice":
            labels = {o.value: text(o.label, lang) for o in merged.options}
            labels["other"] = text(q.other_option_label, lang)
            main = self._column(label, q.key)
            other_text = self._column(f"{label}: {labels['other']} ({self.typed_text})", f"{q.key}.other_text") \
                if q.other else None

            def fill(value: Selection, cells: list, main=main, labels=labels, other_text=other_text) -> None:
                option = value.options[0]
                cells[main] = labels.get(option, option)
                if option == "other" and other_text is not None:
                    cells[other_text] = value.other
            self.fillers[q.key] = fill
        elif kind == "matrix":
            slots = {r.key: self._column(f"{label}: {text(r.label, lang)}", f"{q.key}.{r.key}")
                     for r in merged.rows}

            def fill(value: dict, cells: list, slots=slots, q=q) -> None:
                for row, point in value.items():
                    if row in slots:
                        cells[slots[row]] = self._point(q, point)
            self.fillers[q.key] = fill
        elif kind == "likert":
            column = self._column(label, q.key)
            self.fillers[q.key] = lambda value, cells, column=column, q=q: cells.__setitem__(
                column, self._point(q, value))
        elif kind == "ranking":
            slots = {o.value: self._column(f"{label}: {text(o.label, lang)}", f"{q.key}.{o.value}")
                     for o in merged.options}

            def fill(value: tuple, cells: list, slots=slots) -> None:
                for rank, option in enumerate(value, start=1):
                    if option in slots:
                        cells[slots[option]] = rank
            self.fillers[q.key] = fill
        else:
            column = self._column(label, q.key)
            self.fillers[q.key] = lambda value, cells, column=column, kind=kind: cells.__setitem__(
                column, self._scalar(kind, value))

    def _point(self, question: Question, point: int | str) -> Any:
        if not isinstance(point, int):
            return text(question.cannot_say, self.language) if question.cannot_say else point
        scale = question.scale
        return text(scale[point - 1], self.language) if 0 < point <= len(scale) else point

    def _scalar(self, kind: str, value: Any) -> Any:
        if kind == "number":
            return plain_number(value)
        if kind == "yes_no":
            return self.yes if value else self.no
        if kind == "municipality":
            found = all_municipalities().get(value)
            return found.name(self.language) if found else value
        if isinstance(value, date):
            return value.isoformat()
        return value

    def row(self, response: Response, version_number: int, association: str | None, answers: list[Answer]) -> list:
        cells: list[Any] = [None] * len(self.headers)
        cells[0] = response.id
        cells[1] = version_number
        cells[2] = utc_to_local(response.submitted_at)
        cells[3] = response.language
        if not self.anonymous:
            cells[4] = association
        for key, value in values_from_answers(self.definitions[response.version_id], answers).items():
            filler = self.fillers.get(key)
            if filler is not None:
                filler(value, cells)
        return cells


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
        writer.writerow(csv_row(c.strftime("%Y-%m-%d %H:%M") if isinstance(c, datetime) else c for c in row))
        if number % 200 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def write_xlsx(survey: Survey, language: str, target: IO[bytes]) -> None:
    """Write the export as an XLSX workbook with openpyxl's write-only mode (rows go to disk as written)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    with force_locale(language):
        sheet = workbook.create_sheet(_("Responses")[:31])
    bold = Font(bold=True)
    rows = export_rows(survey, language)
    headers, keys = next(rows), next(rows)
    sheet.freeze_panes = "B3"
    for header in (headers, keys):
        sheet.append(xlsx_row(sheet, header, font=bold))
    for row in rows:
        sheet.append([xlsx_cell(sheet, value, number_format="yyyy-mm-dd hh:mm" if isinstance(value, datetime) else None)
                      for value in row])
    workbook.save(target)


def export_filename(survey: Survey, extension: str) -> str:
    return f"{survey.slug}-responses.{extension}"
