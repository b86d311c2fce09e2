"""The committee's files of a round: a spreadsheet with every score and comment per reviewer, and a PDF
dossier with one nomination a page, without the nominators' contact details."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
from flask_babel import format_decimal
from flask_babel import gettext as _
from fpdf import FPDF

from app.awards.nominating import primary_nominations
from app.awards.scoring import all_scores, ranking
from app.models import AwardRound, Nomination
from app.reference.municipalities import municipality_name
from app.spreadsheets.cells import xlsx_row

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"


def nominee_kind_label(nomination: Nomination) -> str:
    return {"person": _("A person"), "group": _("A group of people"),
            "association": _("An association")}[nomination.nominee_kind.value]


def _decimal(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


def round_workbook(award_round: AwardRound, language: str) -> bytes:
    """An XLSX file: the nominations with their ranking figures, and every score with its comment per
    reviewer. Nominators' contact details are not in it."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    book = Workbook(write_only=True)
    criteria = award_round.criteria
    sheet = book.create_sheet(_("Nominations"))
    sheet.append(xlsx_row(sheet, [_("Number"), _("Nominee"), _("Kind"), _("Municipality"), _("Category"),
                                  _("Shortlisted"), _("Winner"),
                                  *(criterion.label(language) for criterion in criteria), _("Overall mean"),
                                  _("Reviewers"), _("Spread"), _("Recusals"), _("Volunteer deed"), _("Reason")],
                          font=bold))
    for row in ranking(award_round):
        nomination = row.nomination
        sheet.append(xlsx_row(sheet, [
            nomination.id, nomination.nominee_name, nominee_kind_label(nomination),
            municipality_name(nomination.municipality_code, language), nomination.category,
            _("Yes") if nomination.is_shortlisted else "", _("Yes") if nomination.winner else "",
            *(_decimal(row.criterion_means.get(criterion.id)) for criterion in criteria),
            _decimal(row.overall), row.reviewers, _decimal(row.spread), row.recusals,
            nomination.deed, nomination.reason]))
    scores_sheet = book.create_sheet(_("Scores"))
    scores_sheet.append(xlsx_row(scores_sheet, [_("Number"), _("Nominee"), _("Reviewer"), _("Criterion"),
                                                _("Score"), _("Comment")], font=bold))
    names = {nomination.id: nomination.nominee_name for nomination in primary_nominations(award_round)}
    for score in all_scores(award_round):
        scores_sheet.append(xlsx_row(scores_sheet, [
            score.nomination_id, names.get(score.nomination_id, ""),
            score.reviewer.name or score.reviewer.email, score.criterion.label(language), score.value,
            score.comment]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class _Dossier(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, size=8)
        self.cell(0, 8, f"{self.footer_text}   {self.page_no()}/{{nb}}", align="R")


def _text(pdf: FPDF, text: str, size: float = 10, style: str = "", gap: float = 1.5) -> None:
    pdf.set_font(FONT, style, size)
    pdf.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(gap)


def round_dossier(award_round: AwardRound, language: str) -> bytes:
    """A PDF for the committee's meeting: one nomination a page (merged duplicates' texts with it), with
    its kind, municipality, category and texts, and no nominator's name or contact details."""
    pdf = _Dossier(format="A4")
    pdf.footer_text = f"{award_round.name} {award_round.year}"
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_lang(language)
    pdf.set_title(f"{award_round.name} {award_round.year}")
    pdf.set_creator("Yhteisääni")
    pdf.alias_nb_pages()
    figures = {row.nomination.id: row for row in ranking(award_round)}
    for nomination in primary_nominations(award_round):
        pdf.add_page()
        pdf.start_section(nomination.nominee_name or _("Nomination %(number)s", number=nomination.id))
        _text(pdf, nomination.nominee_name, 16, "B", 3)
        details = [nominee_kind_label(nomination), municipality_name(nomination.municipality_code, language)]
        if nomination.category:
            details.append(nomination.category)
        _text(pdf, " · ".join(details), 10, gap=2)
        row = figures.get(nomination.id)
        if row is not None and row.overall is not None:
            _text(pdf, _("Overall mean %(mean)s from %(reviewers)s reviewers", mean=format_decimal(round(row.overall, 2)),
                         reviewers=row.reviewers), 10, gap=3)
        for entry in [nomination, *nomination.duplicates]:
            _text(pdf, _("What was the volunteer deed?"), 11, "B", 1)
            _text(pdf, entry.deed)
            _text(pdf, _("Why does it deserve the award?"), 11, "B", 1)
            _text(pdf, entry.reason, gap=4)
    if pdf.page_no() == 0:
        pdf.add_page()
        _text(pdf, _("No nominations."))
    return bytes(pdf.output())
