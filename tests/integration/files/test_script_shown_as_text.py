"""Script written into a survey's texts by staff, or into an answer by a visitor, is shown as text on the
public and staff pages and in the charts' text alternatives, never run."""

from __future__ import annotations

import re

import pytest

from sqlalchemy import select

from app.extensions import db
from app.models import Answer, Survey, User
from app.reports.publishing import pick_texts, publish_results
from tests.fixtures.councils import SECRETARY

pytestmark = pytest.mark.usefixtures("english_by_default")

SCRIPT_SURVEY = """\
key: script-texts
title: {fi: "<script>alert('title')</script> Kysely", sv: Enkät, en: Survey}
description: {fi: "<img src=x onerror=alert('description')> Kuvaus", sv: Beskrivning, en: Description}
pages:
  - key: first
    title: {fi: "<b onmouseover=alert('page')>Sivu</b>", sv: Sida, en: Page}
    questions:
      - key: kind
        type: single_choice
        required: true
        label: {fi: "<script>alert('label')</script> Laji", sv: Typ, en: Kind}
        options:
          - value: a
            label: {fi: "<img src=x onerror=alert('option')> A", sv: A, en: A}
          - value: b
            label: {fi: B, sv: B, en: B}
      - key: remark
        type: long_text
        label: {fi: Huomio, sv: Anmärkning, en: Remark}
"""
ANSWER = "<script>alert('answer')</script> \"><img src=x onerror=alert('answer')>"
RAW = ("<script>alert(", "<img src=x", "<b onmouseover")


def _assert_shown_as_text(html: str, *expected_escaped: str) -> None:
    for raw in RAW:
        assert raw not in html, raw
    for escaped in expected_escaped:
        assert escaped in html, escaped


def test_script_in_survey_texts_and_answers_is_text_on_public_and_staff_pages_and_chart_alt_texts(
        app, open_survey, answer_anonymously, staff_client):
    survey = open_survey(SCRIPT_SURVEY)
    visitor = app.test_client()
    for url in (f"{survey.open_url}/?lang=fi", f"{survey.open_url}/page/first?lang=fi"):
        page = visitor.get(url, follow_redirects=True)
        assert page.status_code == 200
        _assert_shown_as_text(page.get_data(as_text=True), "&lt;script&gt;alert(")
    for _ in range(6):
        answer_anonymously(survey, {"q_kind": "a", "q_remark": ANSWER})

    client = staff_client(SECRETARY)
    base = f"/staff/{survey.council_slug}/surveys/{survey.id}/"
    with app.app_context():
        [response_id, *_rest] = db.session.scalars(select(Answer.response_id).where(Answer.question_key == "remark"))
    for tail in ("", "live/", "responses/", f"responses/{response_id}"):
        page = client.get(base + tail + "?lang=fi")
        assert page.status_code == 200, tail
        _assert_shown_as_text(page.get_data(as_text=True), "&lt;script&gt;alert(")
    detail = client.get(base + f"responses/{response_id}?lang=fi").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#39;answer&#39;)&lt;/script&gt;" in detail

    with app.app_context():
        staff = db.session.scalar(select(User).where(User.email == SECRETARY))
        row = db.session.get(Survey, survey.id)
        publish_results(row, staff)
        ids = list(db.session.scalars(select(Answer.id).where(Answer.question_key == "remark")))
        pick_texts(row, staff, ids[:1], ids)
        db.session.commit()
    results = visitor.get(f"{survey.open_url}/results?lang=fi")
    assert results.status_code == 200
    html = results.get_data(as_text=True)
    _assert_shown_as_text(html, "&lt;script&gt;alert(&#39;answer&#39;)")
    alts = re.findall(r'<img src="data:image/png;base64,[^"]+" alt="([^"]*)"', html)
    assert alts and any("&lt;img src=x onerror=alert(&#39;option&#39;)&gt; A" in alt for alt in alts), alts
