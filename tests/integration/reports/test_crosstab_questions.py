"""The crosstab lists offer only question types that build, and each of them builds as rows and as columns."""

from __future__ import annotations

import re

from sqlalchemy import select
from surveys import Selection, load_file

from app.extensions import db
from app.reports.builds import run_build
from app.models import Council, Report, ReportStatus
from app.reports.requests import request_report
from tests.fixtures.definitions import LIBRARY
from tests.fixtures.surveys import (store_response as add_response, basic_answers, store_invitation as invite, store_survey as make_survey)


def _survey_with_answers():
    definition = load_file(LIBRARY / "jarjestokysely.yaml")
    council = db.session.scalar(select(Council).where(Council.slug == "raakkyla"))
    survey = make_survey(council, definition)
    for municipality, sector, grant in (("707", "sports", False), ("422", "culture", True), ("707", "youth", True)):
        add_response(survey, definition, basic_answers(home_municipality=municipality, sector=Selection((sector,)),
                                                       municipal_grant=grant),
                     municipality=municipality, sector=sector, invitation=invite(survey, municipality, sector))
    db.session.commit()
    return council, survey, definition


def _offered(client, login, demo, council, survey) -> list[str]:
    login(client, "admin@example.fi", demo)
    page = client.get(f"/staff/{council.slug}/surveys/{survey.id}/reports/").get_data(as_text=True)
    select_html = re.search(r'<select[^>]*name="crosstab_first".*?</select>', page, re.S).group(0)
    return [value for value in re.findall(r'<option[^>]*value="([^"]*)"', select_html) if value]


def _crosstab_sheet(council, survey, first: str, second: str) -> Report:
    report, needs_build = request_report(council, "survey", {"language": "fi", "formats": ["xlsx"],
                                                             "crosstab": [first, second], "survey_id": survey.id}, None)
    db.session.commit()
    if needs_build:
        run_build(report.id)
    db.session.expire_all()
    return db.session.get(Report, report.id)


def test_every_offered_crosstab_question_builds_as_rows_and_as_columns(app, client, login, demo):
    with app.app_context():
        council, survey, definition = _survey_with_answers()
        offered = _offered(client, login, demo, council, survey)
        types = {definition.question(key).type_name for key in offered}
        # The municipality question that crashed the build is offered, and so is every choice-like type.
        assert "home_municipality" in offered
        assert types == {"single_choice", "multiple_choice", "yes_no", "municipality", "likert"}
        assert not {"number", "date", "short_text", "long_text", "ranking", "matrix"} & types
        by_type = {}
        for key in offered:
            by_type.setdefault(definition.question(key).type_name, key)
        for key in by_type.values():
            other = "municipal_grant" if key != "municipal_grant" else "sector"
            for first, second in ((key, other), (other, key)):
                report = _crosstab_sheet(council, survey, first, second)
                assert report.status is ReportStatus.DONE, (first, second, report.error)


def test_municipality_crosstab_counts_by_municipality_name(app, demo):
    from io import BytesIO

    from openpyxl import load_workbook

    with app.app_context():
        council, survey, _definition = _survey_with_answers()
        report = _crosstab_sheet(council, survey, "home_municipality", "municipal_grant")
        assert report.status is ReportStatus.DONE, report.error
        workbook = load_workbook(BytesIO(report.artefact("xlsx").data), read_only=True)
        sheet = next(ws for ws in workbook.worksheets if ws.title.startswith("Ristiintaulukointi"))
        rows = {row[0]: row[1:4] for row in sheet.iter_rows(values_only=True) if row and row[0]}
        workbook.close()
        # Columns: yes, no, total.
        assert rows["Rääkkylä"] == (1, 1, 2)
        assert rows["Lieksa"] == (1, 0, 1)
