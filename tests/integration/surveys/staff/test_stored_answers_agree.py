"""One reading of stored answers: the live view, the response export and the report's raw data agree for
every question type of the engine (the README's example survey has one of each)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from flask_babel import force_locale
from sqlalchemy import select

from app.extensions import db
from app.models import Answer, Council, CouncilKind, Response, ResponseStatus, Survey, SurveyVersion
from app.reports.building.aggregation import ResponseFilter
from app.reports.building.raw import raw_data
from app.surveys import exporting, live
from app.surveys.stored_answers import response_values
from surveys import QUESTION_TYPES, Selection, answers_to_rows, canonical_json, content_hash, load_text

README = Path(__file__).resolve().parents[4] / "surveys" / "README.md"
DEFINITION = load_text(README.read_text(encoding="utf-8").split("```yaml\n", 1)[1].split("```", 1)[0])

ANSWERS = {
    "name": "=Kylätalo ry",
    "home": "167",
    "sector": Selection(("other",), "Kylätoiminta"),
    "members": Decimal(65),
    "paid_staff": Decimal("1.5"),
    "founded": dt.date(1987, 5, 4),
    "wellbeing": "cannot_say",
    "cooperation": {"municipality": 3, "county": 1},
    "needs": Selection(("premises", "training")),
    "top_needs": ("training", "premises"),
    "interested": True,
    "contact_email": "sihteeri@example.fi",
    "comments": "Tilat ovat ahtaat.",
}

# column key -> (cell in the export, cell in the raw data); the export shows labels, the raw data codes.
EXPECTED = {
    "name": ("=Kylätalo ry", "=Kylätalo ry"),  # kept as text by app/spreadsheets/cells.py when written
    "home": ("Joensuu", "Joensuu"),
    "sector": ("Muu, mikä?", "Muu, mikä?"),
    "sector.other_text": ("Kylätoiminta", None),
    "sector.other": (None, "Kylätoiminta"),
    "members": (65, 65),
    "paid_staff": (Decimal("1.5"), Decimal("1.5")),
    "founded": ("1987-05-04", "1987-05-04"),
    "cooperation.municipality": ("Samaa mieltä", 3),
    "cooperation.county": ("Eri mieltä", 1),
    "needs.premises": (1, 1),
    "needs.funding": (0, None),
    "needs.training": (1, 1),
    "top_needs.training": (1, 1),
    "top_needs.premises": (2, 2),
    "top_needs.funding": (None, None),
    "interested": ("Kyllä", "yes"),
    "contact_email": ("sihteeri@example.fi", "sihteeri@example.fi"),
    "comments": ("Tilat ovat ahtaat.", "Tilat ovat ahtaat."),
}


def test_every_question_type_reads_back_the_same_in_live_view_export_and_raw_data(app):
    assert {q.type_name for q in DEFINITION.questions()} == set(QUESTION_TYPES)
    with app.app_context():
        council = Council(slug="kylat", name_fi="Kylät", kind=CouncilKind.REGIONAL, region_code="12",
                          contact_email="kylat@example.fi")
        db.session.add(council)
        db.session.flush()
        survey = Survey(council_id=council.id, slug="kaikki", title="Kaikki", opens_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        survey.versions.append(SurveyVersion(number=1, definition_json=canonical_json(DEFINITION),
                                             content_hash=content_hash(DEFINITION)))
        db.session.add(survey)
        db.session.flush()
        response = Response(survey_id=survey.id, version_id=survey.versions[0].id, status=ResponseStatus.SUBMITTED,
                            submitted_at=dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC))
        db.session.add(response)
        db.session.flush()
        for row in answers_to_rows(DEFINITION, ANSWERS):
            db.session.add(Answer(response_id=response.id, survey_id=survey.id, question_key=row.question_key,
                                  option=row.option, row=row.row, value_text=row.value_text,
                                  value_number=None if row.value_number is None else float(row.value_number)))
        db.session.commit()
        survey_id, response_id = survey.id, response.id
        db.session.expire_all()

        survey = db.session.get(Survey, survey_id)
        response = db.session.get(Response, response_id)
        values = response_values(response_id, DEFINITION)
        shown = {answer.key: answer.lines for page in live.response_view(survey, response, "fi").pages
                 for answer in page.answers}
        headers, _keys, exported = list(exporting.export_rows(survey, "fi"))
        layout = exporting.Layout(survey, "fi")
        with force_locale("fi"):  # as the report build runs it: its headings are in the report's language
            raw = raw_data(survey_id, ResponseFilter(), DEFINITION, "fi")
            [raw_row] = list(raw.rows())
        stored_count = db.session.scalar(select(Answer.id).where(Answer.response_id == response_id).limit(1))

    assert stored_count is not None
    assert values == ANSWERS
    assert set(shown) == set(ANSWERS)
    assert shown["members"] == ("65",) and shown["paid_staff"] == ("1,5",) and shown["interested"] == ("Kyllä",)
    export_cells = dict(zip(layout.keys, exported))
    raw_cells = dict(zip(raw.columns, raw_row))
    for key, (in_export, in_raw) in EXPECTED.items():
        assert (export_cells.get(key), raw_cells.get(key)) == (in_export, in_raw), key
    assert export_cells["wellbeing"] == "En osaa sanoa" and raw_cells["wellbeing"] == "cannot_say"
