"""Secondary suppression in built reports: a hidden count cannot be worked out from the totals shown
in the PDF, the spreadsheet or the public results page, while the internal version shows every count."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select
from surveys import Selection, definition_from_dict, to_canonical

from app.extensions import db
from app.reports.builds import run_build
from app.models import Council, Report, ReportStatus
from app.reports.requests import request_report
from tests.fixtures.surveys import store_invitation, store_response, store_survey

AGREE = [{"fi": "Eri mieltä", "en": "Disagree"}, {"fi": "Jokseenkin eri mieltä", "en": "Somewhat disagree"},
         {"fi": "Ei samaa eikä eri mieltä", "en": "Neutral"}, {"fi": "Jokseenkin samaa mieltä", "en": "Somewhat agree"},
         {"fi": "Samaa mieltä", "en": "Agree"}]


def _options(*values):
    return [{"value": v, "label": {"fi": v, "en": v.capitalize()}} for v in values]


def _definition():
    return definition_from_dict(to_canonical(definition_from_dict({
        "key": "pienet", "title": {"fi": "Pienet luvut", "en": "Small numbers"},
        "pages": [{"key": "p", "title": {"fi": "Sivu", "en": "Page"}, "questions": [
            {"key": "member", "type": "yes_no", "label": {"fi": "Jäsen?", "en": "Member of the council"}},
            {"key": "size", "type": "single_choice", "label": {"fi": "Koko", "en": "Size"},
             "options": _options("small", "mid", "big")},
            {"key": "views", "type": "matrix", "label": {"fi": "Näkemykset", "en": "Views"}, "scale": AGREE,
             "cannot_say": {"fi": "En osaa sanoa", "en": "Cannot say"},
             "rows": [{"key": "knows", "label": {"fi": "Kunta tuntee", "en": "The municipality knows us"}}]},
            {"key": "kind", "type": "single_choice", "label": {"fi": "Laji", "en": "Kind"}, "options": _options("x", "y", "z")},
            {"key": "area", "type": "single_choice", "label": {"fi": "Alue", "en": "Area"}, "options": _options("a", "b", "c")},
        ]}],
    })))


# kind x area, 54 respondents: one small cell (z, c) = 2.
CROSS = {("x", "a"): 6, ("x", "b"): 5, ("x", "c"): 7, ("y", "a"): 5, ("y", "b"): 8, ("y", "c"): 6,
         ("z", "a"): 9, ("z", "b"): 6, ("z", "c"): 2}
SIZES = ["small"] * 12 + ["mid"] * 7 + ["big"] * 3  # the first 22 answer
MEMBERS = [False] * 6 + [True]  # the first 7 answer: 6 no, 1 yes
KNOWS = [1] * 6 + [3] * 7 + [4] * 8 + [5]  # the first 22 answer: 6, 0, 7, 8, 1 and no "cannot say"
# Invitation sector snapshot of the 54, plus 6 invited that did not answer: responded 25 of 26, 25 of 30, 4 of 4.
SECTORS = ["culture"] * 25 + ["sports"] * 25 + ["youth"] * 4


def _survey():
    definition = _definition()
    council = db.session.scalar(select(Council).where(Council.slug == "raakkyla"))
    survey = store_survey(council, definition, slug="pienet", public=True)
    pairs = [pair for pair, count in CROSS.items() for _ in range(count)]
    for index, ((kind, area), sector) in enumerate(zip(pairs, SECTORS)):
        answers = {"kind": Selection((kind,)), "area": Selection((area,))}
        if index < len(SIZES):
            answers["size"] = Selection((SIZES[index],))
            answers["views"] = {"knows": KNOWS[index]}
        if index < len(MEMBERS):
            answers["member"] = MEMBERS[index]
        store_response(survey, definition, answers, municipality="707", sector=sector,
                     invitation=store_invitation(survey, "707", sector))
    for sector in ["culture"] + ["sports"] * 5:
        store_invitation(survey, "707", sector)
    db.session.commit()
    return council, survey


def _built(council, survey, **parameters) -> Report:
    defaults = {"language": "en", "formats": ["pdf", "xlsx"], "crosstab": ["kind", "area"]}
    report, needs_build = request_report(council, "survey", {**defaults, **parameters, "survey_id": survey.id}, None)
    db.session.commit()
    if needs_build:
        run_build(report.id)
    db.session.expire_all()
    report = db.session.get(Report, report.id)
    assert report.status is ReportStatus.DONE, report.error
    return report


def _sheets(data: bytes) -> dict[str, list[tuple]]:
    """Every sheet's rows by the sheet's title, empty cells as None."""
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    sheets = {ws.title: [tuple(row) + (None,) * (12 - len(row)) for row in ws.iter_rows(values_only=True)]
              for ws in workbook.worksheets}
    workbook.close()
    return sheets


def _table(sheets, title_start: str, width: int) -> dict[str, tuple]:
    rows = next(rows for title, rows in sheets.items() if title.startswith(title_start))
    return {row[0]: row[1:width] for row in rows if row and row[0]}


def _pdf_text(data: bytes) -> str:
    return "\n".join(" ".join(line.split()) for page in PdfReader(io.BytesIO(data)).pages
                     for line in page.extract_text().splitlines())


def test_publication_version_hides_the_counts_a_total_would_give_away(app, demo):
    with app.app_context():
        council, survey = _survey()
        report = _built(council, survey, publication=True)
        files = {a.format: a.data for a in report.artefacts}
        sheets = _sheets(files["xlsx"])

        # Yes/no, N = 7 split 6/1: "No 6 (85.7 %)" would make yes 7 - 6 = 1.
        member = _table(sheets, "1. Member", 3)
        assert member["Yes"] == (None, None) and member["No"] == (None, None)
        assert "N = 7" in member
        # Single choice 12, 7, 3 of 22: the 3 and the next smallest, 7.
        size = _table(sheets, "2. Size", 3)
        assert size["Small"] == (12, pytest.approx(12 / 22)) and size["Mid"] == (None, None) and size["Big"] == (None, None)
        # Matrix row 6, 0, 7, 8, 1, 0 (N = 22): the 1 and the 6; the mean would solve them again.
        knows = _table(sheets, "3. Views", 9)["The municipality knows us"]
        assert knows == (None, 0, 7, 8, None, 0, 22, None)
        # Crosstab with one small cell: two hidden in every row and every column, totals shown.
        cross = _table(sheets, "Crosstab", 5)
        assert cross["X"] == (None, None, 7, 18) and cross["Y"] == (None, 8, None, 19)
        assert cross["Z"] == (9, None, None, 17)
        # Response rate by sector: youth 4 of 4 hidden, and culture beside it; its invited count too.
        sectors = _table(sheets, "Sector", 4)
        assert sectors["Youth work"] == (None, None, None) and sectors["Culture and arts"] == (None, None, None)
        assert sectors["Sports and exercise"] == (30, 25, pytest.approx(25 / 30))

        text = _pdf_text(files["pdf"])
        assert "N = 7" in text and "85.7" not in text and "14.3" not in text
        assert "31.8" not in text  # 7 of 22
        assert "could otherwise be worked out from a total" in text.replace("\n", " ")


def test_internal_version_still_shows_every_count(app, demo):
    with app.app_context():
        council, survey = _survey()
        sheets = _sheets(_built(council, survey).artefact("xlsx").data)
        member = _table(sheets, "1. Member", 3)
        assert member["Yes"] == (1, pytest.approx(1 / 7)) and member["No"] == (6, pytest.approx(6 / 7))
        size = _table(sheets, "2. Size", 3)
        assert size["Mid"] == (7, pytest.approx(7 / 22)) and size["Big"] == (3, pytest.approx(3 / 22))
        assert _table(sheets, "3. Views", 9)["The municipality knows us"] == (6, 0, 7, 8, 1, 0, 22, 2.91)
        cross = _table(sheets, "Crosstab", 5)
        assert cross["Z"] == (9, 6, 2, 17)


def test_public_results_page_hides_the_count_a_total_would_give_away(app, demo, client):
    with app.app_context():
        _survey()
    page = client.get("/raakkyla/surveys/pienet/results?lang=en").get_data(as_text=True)
    member = page[page.index("Member of the council"):page.index("2. Size")]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", member)
    assert cells == ["hidden", "–", "hidden", "–"]
    assert "N = 7" in member

