"""Hostile uploads get a clear answer beside the field, fast, never a server error: YAML alias bombs,
self-referring aliases, deep nesting, Python tags, and bodies over the upload limit (413)."""

from __future__ import annotations

import io
import time

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Association, Survey
from tests.fixtures.councils import SECRETARY

pytestmark = pytest.mark.usefixtures("english_by_default")

NEW_SURVEY = "/staff/raakkyla/surveys/new"
ALIAS_BOMB = "key: bomb\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcde", "bcdef"))


def _multipart(fields: dict[str, str], filename: str, data: bytes, field: str) -> tuple[bytes, str]:
    """A multipart body in memory: the test client would spool a big one to a file it never closes."""
    boundary = "----hostile-upload-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _upload(client, csrf_token, text: str, filename: str = "kysely.yaml"):
    token = csrf_token(client, NEW_SURVEY)
    return client.post(NEW_SURVEY, data={"csrf_token": token, "library": "",
                                         "definition": (io.BytesIO(text.encode()), filename)},
                       content_type="multipart/form-data")


@pytest.mark.parametrize(("text", "line", "words"), [
    (ALIAS_BOMB, 7, "looks like an alias bomb"),
    ("key: loop\ntitle: {fi: Silmukka}\npages: &p [*p]\n", 3, "refers to a value that contains it"),
    ("[" * 50_000 + "]" * 50_000, 1, "levels deep"),
    ("key: tags\ntitle: {fi: T}\npages:\n  - !!python/object/apply:os.system [echo hacked]\n", 4,
     "!!python/object/apply:os.system is not allowed"),
])
def test_hostile_survey_file_is_refused_beside_the_field_with_its_line(app, staff_client, csrf_token, text, line,
                                                                        words):
    client = staff_client(SECRETARY)
    started = time.perf_counter()
    page = _upload(client, csrf_token, text)
    assert time.perf_counter() - started < 3
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert "The survey definition has errors. Nothing was imported." in html
    assert "kysely.yaml" in html and f'<td class="number">{line}</td>' in html
    assert words in html.replace("&#39;", "'")
    with app.app_context():
        assert db.session.scalar(select(func.count(Survey.id))) == 0


def test_a_survey_file_over_the_upload_limit_gets_413_and_nothing_is_imported(app, staff_client, csrf_token):
    client = staff_client(SECRETARY)
    body, content_type = _multipart({"csrf_token": csrf_token(client, NEW_SURVEY), "library": ""}, "big.yaml",
                                    b"# " + b"x" * (11 * 1024 * 1024), "definition")
    page = client.post(NEW_SURVEY, data=body, content_type=content_type)
    assert page.status_code == 413
    assert "Upload a file smaller than 10 MB." in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Survey.id))) == 0


def test_a_register_file_over_the_upload_limit_gets_413_and_nothing_is_imported(app, staff_client, csrf_token):
    client = staff_client(SECRETARY)
    url = "/staff/raakkyla/associations/import"
    token = csrf_token(client, url)
    big = b"Nimi;Kotikunta;S\xc3\xa4hk\xc3\xb6posti\r\n" + b"Seura ry;707;seura@example.fi\r\n" * 400_000
    assert len(big) > 10 * 1024 * 1024
    body, content_type = _multipart({"csrf_token": token}, "rekisteri.csv", big, "file")
    page = client.post(url, data=body, content_type=content_type)
    assert page.status_code == 413
    assert "Upload a file smaller than 10 MB." in page.get_data(as_text=True)
    with app.app_context():
        council_rows = db.session.scalar(select(func.count(Association.id)).where(Association.name == "Seura ry"))
        assert council_rows == 0
