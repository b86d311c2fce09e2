"""A real worker process killed in the middle of a build: the report is finished by another worker."""

from __future__ import annotations

import os
import signal
import time

from sqlalchemy import select

from app.demo.councils import DEMO_PASSWORD
from app.extensions import db
from app.jobs.reports import sweep_reports
from app.models import Council, Report, ReportStatus, Survey


def _report_state(app, report_id):
    with app.app_context():
        report = db.session.get(Report, report_id)
        state = (report.status, report.progress, [a.format for a in report.artefacts])
        db.session.remove()
        return state


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    if int(handle.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    return found


def _wait(predicate, timeout: float, interval: float = 0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"not reached in {timeout} s")


def test_worker_killed_mid_build_and_the_report_is_finished_by_another_worker(
    app, client, csrf_token, login, demo, worker_process
):
    with app.app_context():
        survey_id = db.session.scalar(
            select(Survey.id).join(Council).where(Council.slug == "outokumpu", Survey.slug == "jarjestokysely")
        )
    login(client, "admin@example.fi", DEMO_PASSWORD)
    url = f"/staff/outokumpu/surveys/{survey_id}/reports/"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "language": "fi",
                                      "formats": ["pdf", "xlsx", "csv", "zip"], "municipality": "", "sector": "",
                                      "crosstab_first": "", "crosstab_second": ""})
    assert response.status_code == 302
    report_id = int(response.headers["Location"].rstrip("/").split("/")[-1])

    first = worker_process()
    _wait(lambda: _report_state(app, report_id)[0] is ReportStatus.BUILDING, timeout=60)
    # As when the worker's machine dies: the worker and its work horse (RQ runs each job in a forked
    # child with a process group of its own) are both killed.
    for child in _children(first.pid):
        os.kill(child, signal.SIGKILL)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    status, _, artefacts = _report_state(app, report_id)
    assert status is ReportStatus.BUILDING and artefacts == []

    # The periodic check finds the build whose heartbeat stopped and queues it again.
    app.config["REPORT_STUCK_MINUTES"] = 0
    time.sleep(0.5)
    with app.app_context():
        assert sweep_reports()["requeued"] == 1

    worker_process(burst=True).wait(timeout=120)
    status, progress, artefacts = _report_state(app, report_id)
    assert status is ReportStatus.DONE and progress == 100
    assert sorted(artefacts) == ["csv", "pdf", "xlsx", "zip"]
    page = client.get(f"/staff/outokumpu/reports/{report_id}/").get_data(as_text=True)
    assert "/files/pdf" in page
