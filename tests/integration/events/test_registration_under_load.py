"""No overbooking: simultaneous registrations and cancellations through real HTTP requests to the app running
under gunicorn in other processes; the event's row lock decides who gets the places."""

from __future__ import annotations

import http.client
import re
import threading
from urllib.parse import urlencode, urlsplit

from sqlalchemy import select

from app.extensions import db
from app.mail.outbox import message_text
from app.models import OutboxMessage, Registration, RegistrationStatus
from tests.fixtures.app import read_csrf_token

EVENT_PATH = "/raakkyla/events/foorumi/"
_STAMP = re.compile(r'name="form_started" type="hidden" value="([^"]+)"')


class Browser:
    """One person's browser: its own connection and cookies."""

    def __init__(self, base: str):
        self.host = urlsplit(base).netloc
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields: dict | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection(self.host, timeout=120)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, value = header.split(";", 1)[0].partition("=")
                self.cookies[name.strip()] = value.strip()
            return response.status, response.read().decode("utf-8")
        finally:
            connection.close()


def _all_at_once(jobs) -> list:
    """Run the callables in threads released together; their results in the same order."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        barrier.wait()
        try:
            results[index] = job()
        except Exception as error:  # noqa: BLE001 - reported by the assertion on the results
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _ready_to_register(base: str, number: int):
    browser = Browser(base)
    status, page = browser.request("GET", EVENT_PATH)
    assert status == 200
    fields = {"csrf_token": read_csrf_token(page), "form_started": _STAMP.search(page).group(1), "step": "register",
              "name": f"Osallistuja {number}", "email": f"osallistuja{number}@example.fi", "mode": "onsite",
              "consent": "y"}
    if number % 2:
        # Half name an organisation of the register, looked up before the registration's statement (on PostgreSQL
        # also outside a transaction): one more statement per request among those that meet at the lock.
        fields["organisation"] = "Kyläyhdistys"
    return lambda: browser.request("POST", EVENT_PATH, fields)[0]


def _rows(app):
    with app.app_context():
        return db.session.execute(select(Registration.position, Registration.status, Registration.email)
                                  .order_by(Registration.position)).all()


def _register_all(app, base, count):
    results = _all_at_once([_ready_to_register(base, number) for number in range(count)])
    assert results == [302] * count, [r for r in results if r != 302][:5]
    return _rows(app)


def test_200_simultaneous_registrations_confirm_exactly_50_and_queue_150_in_arrival_order(
        app, make_event, app_server, database_url):
    make_event(capacity_onsite=50)
    rows = _register_all(app, app_server(), 200)
    assert len(rows) == 200 and len({email for _p, _s, email in rows}) == 200
    assert [position for position, _s, _e in rows] == list(range(1, 201))
    # Arrival order is the order the lock was taken: the first 50 got the places, the rest wait in turn.
    assert [status for _p, status, _e in rows] == [RegistrationStatus.CONFIRMED] * 50 + [RegistrationStatus.WAITING] * 150


def test_20_simultaneous_cancellations_promote_the_next_20_in_order(app, make_event, app_server, database_url):
    make_event(capacity_onsite=50)
    base = app_server()
    rows = _register_all(app, base, 80)
    cancelling = [email for _p, status, email in rows if status is RegistrationStatus.CONFIRMED][:20]
    with app.app_context():
        links = {}
        for message in db.session.scalars(select(OutboxMessage)):
            if message.recipient in cancelling:
                links[message.recipient] = re.search(r"https?://\S+(/raakkyla/events/foorumi/registration/\S+)",
                                                     message_text(message)).group(1)

    def ready(email):
        browser = Browser(base)
        status, page = browser.request("GET", links[email] + "/cancel")  # the question before cancelling
        assert status == 200
        return lambda: browser.request("POST", links[email], {"csrf_token": read_csrf_token(page),
                                                              "action": "cancel"})[0]

    results = _all_at_once([ready(email) for email in cancelling])
    assert results == [302] * 20
    after = {email: status for _p, status, email in _rows(app)}
    waiting_before = [email for _p, status, email in rows if status is RegistrationStatus.WAITING]
    assert [after[email] for email in cancelling] == [RegistrationStatus.CANCELLED] * 20
    assert [after[email] for email in waiting_before] == [RegistrationStatus.CONFIRMED] * 20 + [RegistrationStatus.WAITING] * 10
    assert sum(status is RegistrationStatus.CONFIRMED for status in after.values()) == 50


def test_one_address_sent_ten_times_at_once_is_registered_once_and_the_rest_are_told(
        app, make_event, app_server, database_url):
    # A double click, or a form sent from two tabs: the requests meet at the event's lock. The first holds the place;
    # the others find the address registered (on PostgreSQL the statement of one that began before the first committed
    # meets the live addresses' unique index, and it is run again) and are answered 409 with the offer to resend.
    make_event(capacity_onsite=50)
    base = app_server()
    sends = [_ready_to_register(base, 7) for _ in range(10)]
    results = _all_at_once(sends)
    assert sorted(results) == [302] + [409] * 9, results
    rows = _rows(app)
    assert [(status, email) for _p, status, email in rows] == [(RegistrationStatus.CONFIRMED, "osallistuja7@example.fi")]
    with app.app_context():
        assert [message.recipient for message in db.session.scalars(select(OutboxMessage))] == [
            "osallistuja7@example.fi"]
