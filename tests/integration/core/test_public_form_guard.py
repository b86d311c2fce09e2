"""The spam defences every public form shares: the honeypot, the minimum fill time and the rate limit
refuse with a message a real person can act on, and a person's ordinary submission passes."""

import time
from datetime import datetime, timedelta

import pytest

from app.public_forms import submission_refusal
from forms import public
from forms.public import STAMP_MAX_AGE, PublicForm

pytestmark = pytest.mark.usefixtures("english_by_default")


def _stamped(app) -> str:
    with app.test_request_context("/"):
        form = PublicForm(meta={"csrf": False})
        form.stamp()
        return form.form_started.data


def _refusal(app, data: dict, scope: str = "test-form", shown=False):
    with app.test_request_context("/", method="POST", data=data, environ_base={"REMOTE_ADDR": "198.51.100.7"}):
        form = PublicForm(meta={"csrf": False})
        assert form.validate()
        refusal = submission_refusal(form, scope)
        if shown:
            refusal.show_on(form)
        return refusal, form


def test_a_person_who_took_their_time_passes(app):
    app.config["PUBLIC_FORM_MIN_FILL_SECONDS"] = 0.5
    stamp = _stamped(app)
    time.sleep(0.6)
    refusal, _form = _refusal(app, {"form_started": stamp, "website": ""})
    assert refusal is None


def test_a_filled_honeypot_is_refused_and_says_which_field_to_empty(app):
    stamp = _stamped(app)
    refusal, form = _refusal(app, {"form_started": stamp, "website": "http://spam.example"}, shown=True)
    assert refusal.status == 400
    assert "“Leave this field empty”" in refusal.message
    assert form.form_errors == [refusal.message]
    # What was typed stays; the form is stamped anew for the next try.
    assert form.website.data == "http://spam.example"
    assert form.form_started.data and form.form_started.raw_data == [form.form_started.data]


def test_a_form_sent_too_fast_is_refused_with_what_to_do(app):
    app.config["PUBLIC_FORM_MIN_FILL_SECONDS"] = 2
    refusal, _form = _refusal(app, {"form_started": _stamped(app), "website": ""})
    assert refusal.status == 400
    assert "faster than a person can fill it in" in refusal.message


def test_a_forged_or_missing_stamp_is_refused(app):
    for stamp in ("", "shown.forged.signature", "shown." + "x" * 200):
        refusal, _form = _refusal(app, {"form_started": stamp, "website": ""})
        assert refusal is not None and "open too long or was incomplete" in refusal.message


def test_a_stamp_checked_before_is_refused_once_a_day_old_or_under_another_secret_key(app, monkeypatch):
    # A worker keeps the stamps whose signature it has checked: their age is still counted at every use.
    monkeypatch.setitem(app.config, "PUBLIC_FORM_MIN_FILL_SECONDS", 0)
    stamp = _stamped(app)
    assert _refusal(app, {"form_started": stamp, "website": ""})[0] is None
    assert _refusal(app, {"form_started": stamp, "website": ""})[0] is None

    class Tomorrow(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) + timedelta(seconds=STAMP_MAX_AGE + 2)

    monkeypatch.setattr(public, "datetime", Tomorrow)
    refusal, _form = _refusal(app, {"form_started": stamp, "website": ""})
    assert refusal is not None and "open too long or was incomplete" in refusal.message
    monkeypatch.setattr(public, "datetime", datetime)
    monkeypatch.setitem(app.config, "SECRET_KEY", "another-secret-key-" + "x" * 40)
    refusal, _form = _refusal(app, {"form_started": stamp, "website": ""})
    assert refusal is not None and "open too long or was incomplete" in refusal.message


def test_the_rate_limit_counts_per_address_and_form(app):
    app.config["RATELIMIT_PUBLIC_FORMS"] = "3 per hour"
    stamp = _stamped(app)
    results = [_refusal(app, {"form_started": stamp, "website": ""}, scope="limited-form")[0] for _ in range(4)]
    assert results[:3] == [None, None, None]
    assert results[3].status == 429 and "wait a few minutes" in results[3].message
    # Another form has its own budget.
    assert _refusal(app, {"form_started": stamp, "website": ""}, scope="other-form")[0] is None
