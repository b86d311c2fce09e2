"""Figures of the survey report checked by hand: ranking, crosstab, filters, annual summary, expiry."""

from __future__ import annotations

import io
import threading
from datetime import datetime, timedelta, timezone

from openpyxl import load_workbook
from sqlalchemy import select
from surveys import Selection, load_file

from app.extensions import db
from app.reports.builds import run_build
from app.models import Council, Report
from app.reports.building.aggregation import ResponseFilter, question_respondents, question_respondents_beside
from app.reports.requests import request_report
from app.surveys.definitions import definition_for
from tests.fixtures.surveys import LIBRARY, basic_answers, store_invitation, store_response, store_survey


def _four_responses():
    definition = load_file(LIBRARY / "jarjestokysely.yaml")
    council = db.session.scalar(select(Council).where(Council.slug == "raakkyla"))
    survey = store_survey(council, definition)
    plan = [  # sector, municipal grant, top needs in order, submitted
        ("sports", False, ("funding", "premises"), datetime(2026, 3, 1, 12, tzinfo=timezone.utc)),
        ("sports", True, ("premises", "funding"), datetime(2026, 3, 2, 12, tzinfo=timezone.utc)),
        ("culture", False, ("funding", "premises"), datetime(2026, 3, 3, 12, tzinfo=timezone.utc)),
        ("youth", True, ("funding",), datetime(2026, 4, 1, 12, tzinfo=timezone.utc)),
    ]
    for sector, grant, top, submitted in plan:
        needs = Selection(tuple(dict.fromkeys(("premises", "funding", *top))))
        store_response(survey, definition, basic_answers(sector=Selection((sector,)), municipal_grant=grant,
                                                       needs=needs, top_needs=top),
                     municipality="707", sector=sector, invitation=store_invitation(survey, "707", sector),
                     submitted_at=submitted)
    db.session.commit()
    return council, survey


def _build_report(council, survey, **parameters) -> Report:
    defaults = {"language": "fi", "formats": ["xlsx"], "crosstab": ["sector", "municipal_grant"]}
    report, needs_build = request_report(council, "survey", {**defaults, **parameters, "survey_id": survey.id}, None)
    db.session.commit()
    if needs_build:
        run_build(report.id)
    db.session.expire_all()
    return db.session.get(Report, report.id)


def _sheets(report: Report) -> dict[str, list[tuple]]:
    workbook = load_workbook(io.BytesIO(report.artefact("xlsx").data), read_only=True)
    # Each row as written: without the empty cells a reader pads it with up to the sheet's width.
    sheets = {ws.title: [_written(r) for r in ws.iter_rows(values_only=True)] for ws in workbook.worksheets}
    workbook.close()
    return sheets


def _written(row: tuple) -> tuple:
    end = len(row)
    while end and row[end - 1] is None:
        end -= 1
    return tuple(row[:end])


def _table(rows: list[tuple], heading: str) -> dict:
    start = next(i for i, row in enumerate(rows) if row and row[0] == heading)
    table = {}
    for row in rows[start + 1:]:
        if not row or row[0] is None:
            break
        table[row[0]] = row[1:]
    return table


def _sheet(sheets: dict, starts: str) -> list[tuple]:
    return next(rows for title, rows in sheets.items() if title.startswith(starts))


def test_ranking_is_mean_rank_and_first_places_counted_by_hand(app, demo):
    with app.app_context():
        council, survey = _four_responses()
        ranking = _table(_sheet(_sheets(_build_report(council, survey)), "17. "), "Vaihtoehto")
        # funding ranks 1, 2, 1, 1 -> mean 1.25, three first places; premises 2, 1, 2 -> 1.67, one.
        assert ranking["Rahoitus ja avustukset"][:3] == (1.25, 3, 4)
        assert ranking["Toimitilat"][:3] == (1.67, 1, 3)
        assert ranking["Koulutus"][:3] == (None, 0, 0)


def test_crosstab_counts_each_pair_and_filters_narrow_every_figure(app, demo):
    with app.app_context():
        council, survey = _four_responses()
        crosstab = _table(_sheet(_sheets(_build_report(council, survey)), "Ristiintaulukointi"),
                          "Yhdistyksen pääasiallinen toimiala")
        assert crosstab["Liikunta ja urheilu"][:3] == (1, 1, 2)
        assert crosstab["Kulttuuri ja taide"][:3] == (0, 1, 1)
        assert crosstab["Nuorisotyö"][:3] == (1, 0, 1)

        march = _sheets(_build_report(council, survey, submitted_from="2026-03-01", submitted_to="2026-03-31"))
        assert ("N = 3",) in _sheet(march, "17. ")
        assert _table(_sheet(march, "17. "), "Vaihtoehto")["Rahoitus ja avustukset"][:2] == (1.33, 2)
        youth = _sheets(_build_report(council, survey, sector="youth"))
        assert ("N = 1",) in _sheet(youth, "17. ")
        assert _table(_sheet(youth, "Ristiintaulukointi"), "Yhdistyksen pääasiallinen toimiala")["Nuorisotyö"][:3] \
            == (1, 0, 1)


def test_respondents_counted_beside_the_tally_are_those_counted_alone_and_no_thread_is_left(app, demo):
    with app.app_context():
        council, survey = _four_responses()
        keys = [q.key for q in definition_for(survey.current_version).questions() if q.has_answer]
        threads = threading.active_count()
        counts = question_respondents_beside(survey.id, ResponseFilter(sector="sports"), keys)
        beside = counts()
        # The chart workers are forked after this: no thread of the aggregation may still run then.
        assert threading.active_count() == threads
        assert beside == question_respondents(survey.id, ResponseFilter(sector="sports"), keys)
        assert beside["sector"] == 2 and beside["needs"] == 2


def test_annual_summary_lists_the_years_surveys_with_their_response_rates(app, demo):
    with app.app_context():
        council, survey = _four_responses()
        store_invitation(survey, "707", "sports")     # a fifth association, never answered: 4 of 5
        db.session.commit()
        report, needs_build = request_report(council, "annual_summary",
                                             {"language": "fi", "formats": ["pdf"], "year": 2026}, None)
        db.session.commit()
        run_build(report.id)
        db.session.expire_all()
        from pypdf import PdfReader
        text = " ".join(" ".join(page.extract_text().split())
                        for page in PdfReader(io.BytesIO(db.session.get(Report, report.id).artefact("pdf").data)).pages)
        assert "Rääkkylän paikallis-JANE Vuosikooste 2026" in text and "Kyselyitä: 1 Vastauksia: 4" in text
        # survey, opened, (no closing date), responses, invited, response rate
        assert "Järjestökysely 1.1.2026 4 5 80 %" in text


def test_old_reports_and_their_files_expire_after_the_retention_time(app, demo):
    from app.models import ReportArtefact
    from app.reports.maintenance import expire_reports

    with app.app_context():
        council, survey = _four_responses()
        report = _build_report(council, survey)
        assert report.artefact("xlsx") is not None
        days = app.config["REPORT_RETENTION_DAYS"]
        assert expire_reports(report.created_at + timedelta(days=days - 1)) == 0
        assert expire_reports(report.created_at + timedelta(days=days, minutes=1)) == 1
        db.session.commit()
        assert db.session.get(Report, report.id) is None
        assert db.session.scalar(select(ReportArtefact).where(ReportArtefact.report_id == report.id)) is None
