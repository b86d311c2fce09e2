"""Test configuration: the shared fixtures live in tests/fixtures/."""

from hypothesis import settings

# Property tests check what the code computes, not how fast: on a loaded machine (two test processes and
# their servers on two cores) Hypothesis's 200 ms deadline per example fails runs that are right.
settings.register_profile("yhteisaani", deadline=None)
settings.load_profile("yhteisaani")

pytest_plugins = [
    "tests.fixtures.services",
    "tests.fixtures.app",
    "tests.fixtures.browser",
    "tests.fixtures.staff",
    "tests.fixtures.councils",
    "tests.fixtures.associations",
    "tests.fixtures.definitions",
    "tests.fixtures.surveys",
    "tests.fixtures.mail",
    "tests.fixtures.proposals",
    "tests.fixtures.queries",
    "tests.fixtures.events",
    "tests.fixtures.awards",
    # after the channels' fixtures, whose store functions it uses
    "tests.fixtures.personal_data",
]


#: fixtures that start processes (an RQ worker, gunicorn) or drive a browser: their tests take seconds
SLOW_FIXTURES = {"worker_process", "app_server"}


def _in_browser(item) -> bool:
    from tests.fixtures.browser import LIVE_SERVER_FIXTURES

    return bool(item.get_closest_marker("e2e") or LIVE_SERVER_FIXTURES & set(getattr(item, "fixturenames", ())))


def _is_slow(item) -> bool:
    return bool(item.get_closest_marker("slow") or _in_browser(item)
                or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items):
    """Browser tests run against SQLite only: the browser proves the pages, not the database.

    Within each database's tests the slow ones (marked `slow`, in the browser, or starting a worker or
    gunicorn) go first, in their order, and the tests that use no database come last: the parallel test
    processes (pytest-xdist) take tests from the front of the list, so a long test never starts when the
    other process has little left and keeps the run waiting for it alone, and each process still makes
    each database once (moving between the databases' tests would tear one down and make it again)."""
    selected, deselected = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if _in_browser(item) and params.get("database_url") == "postgresql":
            deselected.append(item)
        else:
            selected.append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
    items[:] = sorted(selected, key=lambda item: (_database_order(item), not _is_slow(item)))


def _database_order(item) -> int:
    # Imported here, as in _in_browser: a plugin module imported by conftest before pytest loads it as a
    # plugin would escape pytest's assertion rewriting.
    from tests.fixtures.app import DATABASES

    database = getattr(getattr(item, "callspec", None), "params", {}).get("database_url")
    return DATABASES.index(database) if database in DATABASES else len(DATABASES)
