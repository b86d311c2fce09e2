"""The proposals report kind and the annual summary's proposals section count received, handled and not
taken up per year and status, with the median days from receipt to handling."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from app.extensions import db
from app.models import Proposal, ProposalStatus, Report
from app.reports.building.pdf import write_pdf
from app.reports.kinds import kind_for
from app.reports.sections import ANNUAL_SECTIONS
from tests.fixtures.councils import council_by_slug

pytestmark = pytest.mark.usefixtures("english_by_default")


def _add(council, received: datetime, status: ProposalStatus, handled: datetime | None = None) -> None:
    db.session.add(Proposal(council_id=council.id, title="Aloite", description="Teksti", proposer_email="a@example.fi",
                            status=status, received_at=received, handled_at=handled))


def test_report_and_annual_section_count_proposals_per_year_with_the_median(app, demo_councils):
    day = lambda month, d, year=2026: datetime(year, month, d, 10, tzinfo=timezone.utc)  # noqa: E731
    with app.test_request_context():
        council = council_by_slug("raakkyla")
        _add(council, day(1, 1), ProposalStatus.HANDLED, day(1, 11))
        _add(council, day(2, 1), ProposalStatus.HANDLED, day(3, 3))
        _add(council, day(3, 1), ProposalStatus.HANDLED, day(5, 30))
        _add(council, day(4, 1), ProposalStatus.NOT_TAKEN_UP, day(4, 2))
        _add(council, day(5, 1), ProposalStatus.RECEIVED)
        _add(council, day(6, 1, 2025), ProposalStatus.IN_PREPARATION)
        report = Report(council_id=council.id, kind="proposals", fingerprint="x",
                        parameters_json='{"language": "en", "formats": ["pdf"]}')
        db.session.add(report)
        db.session.commit()
        document = kind_for("proposals").build_document(report, lambda share, step: None)
        years = document.sections[0].tables[0].raw
        assert years == [[2025, 1, 0, 0, None], [2026, 5, 3, 1, 30.0]]
        statuses = document.sections[1].tables[0]
        assert statuses.columns[:3] == ["Year received", "received", "in preparation"]
        assert statuses.raw[1][1:] == [1, 0, 0, 3, 1, 0]
        assert write_pdf(document).startswith(b"%PDF")

        section = ANNUAL_SECTIONS["proposals"]
        data = section.collect([council], 2026)
        assert section.cover_lines(data, "en") == ["Proposals received: 5"]
        laid = section.lay_out(data, [council], "en")
        assert laid[0].tables[0].raw == [[council.name("en"), 5, 3, 1, 30.0]]
        assert section.collect([council], 2024) is None


def test_staff_request_the_proposals_report_and_a_worker_builds_it(app, demo_councils, signed_in_staff, csrf_token,
                                                                    run_jobs):
    with app.app_context():
        council = council_by_slug("raakkyla")
        _add(council, datetime(2026, 1, 1, tzinfo=timezone.utc), ProposalStatus.HANDLED,
             datetime(2026, 1, 11, tzinfo=timezone.utc))
        db.session.commit()
    staff = signed_in_staff("secretary", "raakkyla")
    token = csrf_token(staff, "/staff/raakkyla/proposals/")
    answer = staff.post("/staff/raakkyla/proposals/report", data={"csrf_token": token})
    assert answer.status_code == 302 and "/staff/raakkyla/reports/" in answer.headers["Location"]
    run_jobs()
    page = staff.get(answer.headers["Location"])
    assert page.status_code == 200
    with app.app_context():
        report = db.session.scalar(db.select(Report).where(Report.kind == "proposals"))
        assert report.status.value == "done", report.error
        assert sorted(artefact.format for artefact in report.artefacts) == ["pdf", "xlsx"]
