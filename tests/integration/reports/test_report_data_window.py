"""What a report reads: invitations count as data (response rates), and the submission period is in Finnish days."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import select

from app.extensions import db
from app.reports.builds import run_build
from app.models import Council, Report, ReportStatus
from app.reports.building.aggregation import ResponseFilter, respondent_count
from tests.fixtures.surveys import basic_answers, store_invitation, store_response, store_survey
from tests.integration.reports.test_survey_report import _built, _definition, _pdf_text, _request, _seven_responses


def test_new_invitations_make_the_stored_report_stale_and_the_rebuild_shows_the_new_rate(app, demo):
    with app.app_context():
        council, survey, _ = _seven_responses(app)
        first = _built(app, council, survey, formats=["pdf"], crosstab=[])
        assert first.status is ReportStatus.DONE, first.error
        assert "7 kutsutuista 8 yhdistyksestä vastasi" in _pdf_text(first.artefact("pdf").data)

        store_invitation(survey, "707", "sports")
        store_invitation(survey, "707", "culture")
        db.session.commit()
        again, needs_build = _request(council, survey, formats=["pdf"], crosstab=[])
        assert needs_build and again.id != first.id

        run_build(again.id)
        db.session.expire_all()
        rebuilt = db.session.get(Report, again.id)
        assert rebuilt.status is ReportStatus.DONE, rebuilt.error
        text = _pdf_text(rebuilt.artefact("pdf").data)
        assert "7 kutsutuista 10 yhdistyksestä vastasi" in text and "Rääkkylä 10 7 70 %" in text
        assert "7 kutsutuista 8 yhdistyksestä" not in text


def test_submission_period_counts_days_in_helsinki_time(app, demo):
    with app.app_context():
        council = db.session.scalar(select(Council).where(Council.slug == "raakkyla"))
        definition = _definition()
        survey = store_survey(council, definition)
        submitted = {
            # 00:30 on 1 December in Helsinki (UTC+2) is still 30 November in UTC.
            "1.12. 00:30": datetime(2025, 11, 30, 22, 30, tzinfo=timezone.utc),
            "1.12. 23:30": datetime(2025, 12, 1, 21, 30, tzinfo=timezone.utc),
            "2.12. 00:30": datetime(2025, 12, 1, 22, 30, tzinfo=timezone.utc),
            "30.11. 23:30": datetime(2025, 11, 30, 21, 30, tzinfo=timezone.utc),
            # Summer time (UTC+3): 00:30 on 1 July in Helsinki is 21:30 on 30 June in UTC.
            "1.7. 00:30": datetime(2026, 6, 30, 21, 30, tzinfo=timezone.utc),
            "30.6. 23:30": datetime(2026, 6, 30, 20, 30, tzinfo=timezone.utc),
        }
        for moment in submitted.values():
            store_response(survey, definition, basic_answers(), submitted_at=moment)
        db.session.commit()

        def count(start: date, end: date) -> int:
            return respondent_count(survey.id, ResponseFilter(submitted_from=start, submitted_to=end))

        assert count(date(2025, 12, 1), date(2025, 12, 1)) == 2  # 00:30 and 23:30 on 1.12.
        assert count(date(2025, 11, 30), date(2025, 11, 30)) == 1
        assert count(date(2025, 12, 2), date(2025, 12, 2)) == 1
        assert count(date(2026, 7, 1), date(2026, 7, 1)) == 1
        assert count(date(2026, 6, 30), date(2026, 6, 30)) == 1
        assert count(date(2025, 11, 30), date(2026, 7, 1)) == len(submitted)
