"""A report requested while Redis is unreachable: the page answers at once, and the build starts once Redis is back."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import select, update

from app.demo.councils import DEMO_PASSWORD
from app.extensions import db
from app.jobs.reports import restart_waiting_reports
from app.models import Council, Report, ReportStatus, Survey
from app.models.base import utcnow
from app.scheduling import schedule_periodic_jobs

WAITING_FI = "Raportti on jonossa."


def _request_report(app, client, csrf_token, login) -> tuple[str, float]:
    with app.app_context():
        survey_id = db.session.scalar(
            select(Survey.id).join(Council).where(Council.slug == "outokumpu", Survey.slug == "jarjestokysely"))
    login(client, "admin@example.fi", DEMO_PASSWORD)
    url = f"/staff/outokumpu/surveys/{survey_id}/reports/"
    token = csrf_token(client, url)
    return url, token


def _post(client, url: str, token: str):
    started = time.monotonic()
    response = client.post(url, data={"csrf_token": token, "language": "fi", "formats": ["pdf"], "municipality": "",
                                      "sector": "", "crosstab_first": "", "crosstab_second": ""})
    return response, time.monotonic() - started


def _only_report(app) -> Report:
    with app.app_context():
        report = db.session.scalars(select(Report)).one()
        db.session.expunge(report)
        return report


def _a_minute_passes(app) -> None:
    with app.app_context():
        db.session.execute(update(Report).values(created_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()


def test_report_requested_while_redis_is_down_is_queued_at_once_and_built_when_redis_is_back(
    app, demo, client, csrf_token, login, redis_server_control, run_jobs
):
    url, token = _request_report(app, client, csrf_token, login)
    redis_server_control.stop()
    response, took = _post(client, url, token)

    assert response.status_code == 302
    assert took < 3, f"the request waited {took:.1f} s for Redis"
    page = client.get(response.headers["Location"] + "?lang=fi").get_data(as_text=True)
    assert WAITING_FI in page and "kun taustapalvelu on taas käytettävissä" in page
    report = _only_report(app)
    assert report.status is ReportStatus.QUEUED

    redis_server_control.start()  # empty: this Redis keeps nothing on disk
    _a_minute_passes(app)
    with app.app_context():
        schedule_periodic_jobs()  # what a worker does when it starts, and every half minute
    run_jobs()
    run_jobs()  # the restart sweep enqueued the build after its commit

    report = _only_report(app)
    assert report.status is ReportStatus.DONE
    assert client.get(response.headers["Location"] + "status.json").get_json()["status"] == "done"


def test_queued_report_whose_job_is_waiting_is_not_enqueued_twice(app, demo, client, csrf_token, login, run_jobs):
    url, token = _request_report(app, client, csrf_token, login)
    response, _took = _post(client, url, token)
    page = client.get(response.headers["Location"] + "?lang=fi").get_data(as_text=True)
    assert WAITING_FI not in page
    _a_minute_passes(app)
    with app.app_context():
        assert restart_waiting_reports() == 0
    run_jobs(["reports"])
    assert _only_report(app).status is ReportStatus.DONE


def test_real_worker_builds_the_report_requested_while_redis_was_down(
    app, demo, client, csrf_token, login, redis_server_control, worker_process
):
    url, token = _request_report(app, client, csrf_token, login)
    redis_server_control.stop()
    response, _took = _post(client, url, token)
    assert response.status_code == 302
    _a_minute_passes(app)
    redis_server_control.start()

    worker = worker_process()
    deadline = time.monotonic() + 60
    while _only_report(app).status is not ReportStatus.DONE:
        assert time.monotonic() < deadline, "the report did not start within a minute"
        assert worker.poll() is None, "the worker stopped"
        time.sleep(0.5)
