"""The award round report (PDF, XLSX) requested from the ranking page and built by a real worker, and the
awards section of the annual summary, with a regional council's local councils."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from app.extensions import db
from app.models import Council, Report, ReportStatus, Role, Score, ReviewSubmission
from app.reports.builds import run_build
from app.reports.requests import request_report
from tests.fixtures.awards import store_nomination, store_round


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def _rows(data: bytes) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    rows = [tuple(row) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def _scored_round(reviewer_id: int) -> int:
    award_round = store_round("lappi", year=2026, nominations_open=False, review_open=True, categories="Nuoret",
                              reviewer_ids=(reviewer_id,))
    first = store_nomination(award_round, nominee_name="Aino Esimerkki", municipality_code="698", category="Nuoret")
    store_nomination(award_round, nominee_name="Kylän talkooporukka", municipality_code="698")
    store_nomination(award_round, nominee_name="Kemin kuoro", municipality_code="240")
    for criterion, value in zip(award_round.criteria, (5, 4)):
        db.session.add(Score(nomination_id=first.id, reviewer_id=reviewer_id, criterion_id=criterion.id, value=value))
    db.session.add(ReviewSubmission(nomination_id=first.id, reviewer_id=reviewer_id))
    db.session.commit()
    return award_round.id


def test_the_round_report_counts_per_municipality_and_category_and_has_the_scoring_table(
        app, demo_councils, signed_in_staff, staff_user, csrf_token, run_jobs):
    secretary = signed_in_staff(Role.SECRETARY, "lappi")
    reviewer = staff_user(Role.REVIEWER, "lappi")
    with app.app_context():
        round_id = _scored_round(reviewer.id)
    ranking = f"/staff/lappi/awards/{round_id}/ranking?lang=fi"
    answer = secretary.post(f"/staff/lappi/awards/{round_id}/report",
                            data={"csrf_token": csrf_token(secretary, ranking)})
    assert answer.status_code == 302 and "/staff/lappi/reports/" in answer.headers["Location"]
    run_jobs()
    with app.app_context():
        report = db.session.scalar(select(Report))
        assert report.kind == "award" and report.status is ReportStatus.DONE, report.error
        assert report.subject == f"award:{round_id}"
        pdf = _pdf_text(report.artefact("pdf").data)
        assert "Ehdotukset kunnittain" in pdf and "Ehdotukset sarjoittain" in pdf
        assert re.search(r"Rovaniemi 2\b", pdf) and re.search(r"Kemi 1\b", pdf), pdf
        assert "Pisteytystaulukko" in pdf and "Aino Esimerkki" in pdf
        rows = _rows(report.artefact("xlsx").data)
        assert ("Rovaniemi", 2) in rows and ("Nuoret", 1) in rows and ("Ei sarjaa", 2) in rows
        assert any(row[:2] == ("Aino Esimerkki", "Henkilö") and 4.5 in row for row in rows), rows
        assert not any("eero.ehdottaja@example.fi" in str(row) for row in rows)


def test_the_annual_summary_has_the_awards_of_the_region_and_its_local_councils(app, demo_councils, staff_user):
    reviewer = staff_user(Role.REVIEWER, "lappi")
    with app.app_context():
        _scored_round(reviewer.id)
        local = store_round("meri-lappi", year=2026, nominations_open=False)
        store_nomination(local, nominee_name="Tornion talkoolaiset", municipality_code="851")
        db.session.commit()
        region = db.session.scalar(select(Council).where(Council.slug == "lappi"))
        report, _job = request_report(region, "annual_summary", {"language": "fi", "formats": ["pdf", "xlsx"],
                                                                  "year": 2026}, None)
        db.session.commit()
        run_build(report.id)
        db.session.expire_all()
        report = db.session.get(Report, report.id)
        pdf = _pdf_text(report.artefact("pdf").data)
        assert "Palkintoehdotuksia: 4" in pdf, pdf[:800]
        assert "Palkintoehdotukset kunnittain" in pdf
        rows = _rows(report.artefact("xlsx").data)
        assert ("Tehemä pois -vapaaehtoisteon palkinto", "Meri-Lapin järjestöneuvottelukunta", 1, 0, "") in rows or \
            any(row[:4] == ("Tehemä pois -vapaaehtoisteon palkinto", "Meri-Lapin järjestöneuvottelukunta", 1, 0)
                for row in rows), rows
        assert ("Tornio", 1) in rows and ("Rovaniemi", 2) in rows
