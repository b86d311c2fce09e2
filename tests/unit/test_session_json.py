"""The session's JSON is Flask's tagged JSON, character for character, and reads back to the same values."""

from datetime import datetime, timezone
from uuid import UUID

from flask.json.tag import TaggedJSONSerializer
from markupsafe import Markup

from app.sessions import SessionJSON

SESSION = {"csrf_token": "a" * 40, "lang": "sv", "_fresh": True, "_user_id": "12", "count": 3, "share": 0.5,
           "nothing": None, "event_registrations": [41, 40, 39], "_flashes": [("success", "Tallennettu."),
                                                                             ("error", Markup("<b>Ei</b>"))],
           "raw": b"\x00\x01", "at": datetime(2026, 12, 6, 18, 0, tzinfo=timezone.utc),
           "uuid": UUID("12345678-1234-5678-1234-567812345678"), "nested": {"t": [1, ("a", 2)], " t": "key like a tag"}}


def test_the_session_is_written_as_flasks_tagged_json_writes_it_and_read_back_alike():
    ours, flasks = SessionJSON(), TaggedJSONSerializer()
    assert ours.dumps(SESSION) == flasks.dumps(SESSION)
    assert ours.loads(ours.dumps(SESSION)) == flasks.loads(flasks.dumps(SESSION)) == SESSION
    markup = ours.loads(ours.dumps(SESSION))["_flashes"][1][1]
    assert isinstance(markup, Markup)
