"""The audit log page: a council's rows newest first, filtered by who, what, object and dates, a page at a time."""

import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from app.audit.log import record
from app.extensions import db
from app.models import AuditLog, Council, Role, User

URL = "/staff/pohjois-karjala/audit/"


def _council(slug: str) -> Council:
    return db.session.scalar(select(Council).where(Council.slug == slug))


@pytest.fixture
def log(app, demo_councils, signed_in_staff):
    """An admin of Pohjois-Karjala signed in, and audit rows of Pohjois-Karjala and of Kainuu."""
    admin = signed_in_staff(Role.ADMIN, "pohjois-karjala")
    with app.app_context():
        region, other = _council("pohjois-karjala"), _council("kainuu")
        actor = db.session.get(User, admin.staff_user.id)
        rows = [
            ("survey.export_csv", "survey:7", datetime(2026, 3, 1, 10, tzinfo=timezone.utc), {}),
            ("survey.invitations_sent", "survey:7", datetime(2026, 3, 2, 10, tzinfo=timezone.utc), {"count": 12}),
            # 23:30 UTC on 3 March is already 4 March in Helsinki.
            ("association.import", "council:2", datetime(2026, 3, 3, 23, 30, tzinfo=timezone.utc), {"new": 3}),
        ]
        for action, target, at, details in rows:
            record(action, council=region, target=target, actor=actor, **details).created_at = at
        record("survey.export_xlsx", council=other, target="survey:99", actor=None).created_at = rows[0][2]
        db.session.commit()
    return admin


def _actions(page: str) -> list[str]:
    return re.findall(r'<td data-label="What">([^<]+)</td>', page)


def test_admin_sees_the_councils_rows_newest_first_without_other_councils(log):
    page = log.get(URL + "?lang=en").get_data(as_text=True)
    assert _actions(page) == ["Register imported from a file", "Invitations sent", "Responses downloaded (CSV)"]
    assert "survey:99" not in page
    assert "number: 12" in page
    assert '<th scope="col">When</th>' in page
    assert '<label class="label" for="date_from">From (date)</label>' in page


@pytest.mark.parametrize(("query", "expected"), [
    ("action=survey.invitations_sent", ["Invitations sent"]),
    ("target=council:2", ["Register imported from a file"]),
    ("date_from=2026-03-02&date_to=2026-03-03", ["Invitations sent"]),
    ("date_from=2026-03-04", ["Register imported from a file"]),
])
def test_filters_narrow_the_log(log, query, expected):
    assert _actions(log.get(f"{URL}?lang=en&{query}").get_data(as_text=True)) == expected


def test_filter_by_who(log, app):
    with app.app_context():
        user_id = log.staff_user.id
    assert len(_actions(log.get(f"{URL}?lang=en&user={user_id}").get_data(as_text=True))) == 3
    assert _actions(log.get(f"{URL}?lang=en&user={user_id + 1000}").get_data(as_text=True)) == []


def test_wrong_dates_are_shown_as_errors_and_the_other_filters_still_apply(log):
    response = log.get(f"{URL}?lang=en&action=survey.export_csv&date_from=2026-03-05&date_to=2026-03-01")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page
    assert 'href="#date_to">The end date must be the same as or after the start date.' in page
    assert _actions(page) == []  # the start date still applies; the wrong end date is left out

    page = log.get(f"{URL}?lang=en&action=survey.export_csv&date_to=2026-02-30").get_data(as_text=True)
    assert _actions(page) == ["Responses downloaded (CSV)"]


def test_the_log_goes_a_page_at_a_time_keeping_the_filter(log, app):
    with app.app_context():
        region = _council("pohjois-karjala")
        for number in range(60):
            record("survey.settings", council=region, target=f"survey:{number}")
        db.session.commit()
    first = log.get(f"{URL}?lang=en&action=survey.settings").get_data(as_text=True)
    assert len(_actions(first)) == 50
    assert "Page 1 of 2" in first
    assert "action=survey.settings" in re.search(r'<a href="([^"]+)">Next</a>', first).group(1).replace("&amp;", "&")
    second = log.get(f"{URL}?lang=en&action=survey.settings&page=2").get_data(as_text=True)
    assert len(_actions(second)) == 10


@pytest.mark.parametrize(("lang", "title"), [("fi", "Tapahtumaloki"), ("sv", "Händelselogg"), ("en", "Audit log")])
def test_the_page_is_in_each_language(log, lang, title):
    assert f"<h1>{title}</h1>" in log.get(f"{URL}?lang={lang}").get_data(as_text=True)


def test_record_refuses_details_that_are_not_numbers_flags_or_codes(app):
    with app.app_context(), pytest.raises(TypeError):
        record("survey.settings", council=None, target="survey:1", recipients=["someone@example.fi"])
    with app.app_context():
        assert db.session.scalar(select(AuditLog.id)) is None
