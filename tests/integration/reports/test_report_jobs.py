"""Building reports through the web pages and a real RQ worker: progress, failure, retry, stuck builds."""

from __future__ import annotations

import re

from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.jobs.reports import sweep_reports
from app.models import Council, Report, ReportStatus, Survey
from app.models.base import utcnow
from tests.fixtures.surveys import basic_answers, store_response, store_survey
from tests.integration.reports.test_survey_report import _definition

SECRETARY = "sihteeri.raakkyla@example.fi"


def _survey(app):
    with app.app_context():
        council = db.session.scalar(select(Council).where(Council.slug == "raakkyla"))
        definition = _definition()
        survey = store_survey(council, definition)
        for _ in range(3):
            store_response(survey, definition, basic_answers(), municipality="707", sector="sports")
        db.session.commit()
        return survey.id


def _request_through_page(client, csrf_token, survey_id, formats=("pdf", "xlsx")):
    url = f"/staff/raakkyla/surveys/{survey_id}/reports/"
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, data={"csrf_token": csrf_token(page.get_data(as_text=True)), "language": "fi",
                                      "formats": list(formats), "municipality": "", "sector": "",
                                      "crosstab_first": "", "crosstab_second": ""})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"]


def test_requested_report_is_built_by_the_worker_and_downloaded(app, demo, client, login, csrf_token, run_jobs):
    survey_id = _survey(app)
    login(client, SECRETARY, demo)
    location = _request_through_page(client, csrf_token, survey_id)
    page = client.get(location).get_data(as_text=True)
    assert "report-progress" in page and "Refresh" in page or "Päivitä" in page
    status = client.get(location + "status.json").get_json()
    assert status["status"] == "queued"

    run_jobs()
    status = client.get(location + "status.json").get_json()
    assert status["status"] == "done" and status["progress"] == 100
    download = client.get(status["downloads"][0]["url"])
    assert download.status_code == 200
    assert download.data.startswith(b"%PDF")
    assert "attachment" in download.headers["Content-Disposition"]


def test_failing_build_shows_its_reason_and_the_retry_succeeds(app, demo, client, login, csrf_token, run_jobs,
                                                                monkeypatch):
    app.config["REPORT_JOB_RETRIES"] = 0
    survey_id = _survey(app)
    login(client, SECRETARY, demo)
    location = _request_through_page(client, csrf_token, survey_id)

    def broken(report, progress):
        progress(10, "Counting answers")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("app.reports.building.assemble.build_files", broken)
    run_jobs()
    page = client.get(location).get_data(as_text=True)
    assert "disk on fire" in page
    assert client.get(location + "status.json").get_json()["status"] == "failed"

    monkeypatch.undo()
    response = client.post(location + "retry", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert client.get(location + "status.json").get_json()["status"] == "queued"
    run_jobs()
    assert client.get(location + "status.json").get_json()["status"] == "done"


def test_build_whose_worker_died_is_requeued_by_the_sweep_and_finished_by_another_worker(app, demo, run_jobs):
    """Simulated crash: a 'building' row whose heartbeat stopped, owned by an RQ job that no longer runs."""
    survey_id = _survey(app)
    with app.app_context():
        from app.reports.requests import request_report

        council = db.session.scalar(select(Council).where(Council.slug == "raakkyla"))
        survey = db.session.get(Survey, survey_id)
        report, _ = request_report(council, "survey", {"language": "fi", "formats": ["pdf"], "survey_id": survey.id}, None)
        report.start(utcnow() - timedelta(hours=1))
        report.job_id = "dead-worker-job"
        report.beat(utcnow() - timedelta(hours=1), 40, "Drawing charts")
        db.session.commit()
        report_id = report.id

        assert sweep_reports() == {"requeued": 1, "failed": 0, "expired": 0}
        assert db.session.get(Report, report_id).status is ReportStatus.QUEUED
    run_jobs(["reports"])
    with app.app_context():
        report = db.session.get(Report, report_id)
        assert report.status is ReportStatus.DONE and report.attempts == 2


def test_build_stuck_too_often_is_marked_failed(app, demo):
    survey_id = _survey(app)
    with app.app_context():

        from app.reports.requests import request_report

        council = db.session.scalar(select(Council).where(Council.slug == "raakkyla"))
        report, _ = request_report(council, "survey", {"language": "fi", "formats": ["pdf"], "survey_id": survey_id},
                                   None)
        report.attempts = app.config["REPORT_MAX_ATTEMPTS"] - 1
        report.start(utcnow() - timedelta(hours=1))
        db.session.commit()
        assert sweep_reports()["failed"] == 1
        assert db.session.get(Report, report.id).status is ReportStatus.FAILED


def test_only_the_council_and_its_regional_council_reach_the_report(app, demo, client, login, csrf_token, run_jobs):
    survey_id = _survey(app)
    login(client, SECRETARY, demo)
    location = _request_through_page(client, csrf_token, survey_id)
    run_jobs()
    file_url = client.get(location + "status.json").get_json()["downloads"][0]["url"]
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client.get("/staff/").get_data(as_text=True))})

    login(client, "admin@example.fi", demo)  # the regional council above Rääkkylä
    assert client.get(file_url).status_code == 200
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client.get("/staff/").get_data(as_text=True))})

    login(client, "sihteeri.kainuu@example.fi", demo)
    assert client.get(file_url).status_code == 403
    assert client.get(f"/staff/raakkyla/surveys/{survey_id}/reports/").status_code == 403
    # Their own council's URL with Rääkkylä's report id: not found, nothing leaks.
    other = file_url.replace("/staff/raakkyla/", "/staff/kainuu/")
    response = client.get(other)
    assert response.status_code == 404
    assert b"%PDF" not in response.data


def test_public_results_show_only_published_surveys_without_free_texts(app, demo, client):
    with app.app_context():
        council = db.session.scalar(select(Council).where(Council.slug == "raakkyla"))
        definition = _definition()
        hidden = store_survey(council, definition, slug="piilo")
        shown = store_survey(council, definition, slug="julkinen", public=True)
        for _ in range(6):
            store_response(shown, definition, basic_answers(comments="Salainen kommentti"), municipality="707")
        store_response(hidden, definition, basic_answers())
        db.session.commit()
    assert client.get("/raakkyla/surveys/piilo/results").status_code == 404
    page = client.get("/raakkyla/surveys/julkinen/results?lang=fi")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Salainen kommentti" not in text and "Testiseura" not in text
    assert "Liikunta ja urheilu" in text
    # Charts are shown as images with a text alternative that carries the figures.
    charts = re.findall(r'<img src="data:image/png;base64,[^"]+" alt="([^"]+)"', text)
    assert charts and any("Liikunta ja urheilu" in alt and "%" in alt for alt in charts)
