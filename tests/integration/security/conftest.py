"""Fixtures for the security tests: the answering tests' survey with an invitation, and the URL map
turned into concrete addresses."""

import json
import re
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from app.demo.councils import DEMO_PASSWORD
from app.extensions import db
from app.reports.kinds.survey import survey_subject
from app.models import Association, Council, CouncilMember, Report, ReportStatus, Response, Survey
from tests.fixtures.surveys import PAGES

_ARGUMENT = re.compile(r"<(?:([^:>]+):)?([^>]+)>")


def url_for_rule(rule, values: dict) -> str:
    """The rule's path with each <argument> replaced by values[argument]; an argument not in values
    (a route added later) gets 1 for an int and "x" otherwise."""
    def value(found) -> str:
        converter, name = found.groups()
        return str(values.get(name, 1 if converter == "int" else "x"))

    return _ARGUMENT.sub(value, rule.rule)


def rules(app, prefix: str, method: str, blueprint: str | None = None) -> list:
    """The URL map's rules under a path prefix (or of a blueprint) that answer a method."""
    return sorted((rule for rule in app.url_map.iter_rules()
                   if method in rule.methods and rule.rule.startswith(prefix)
                   and (blueprint is None or rule.endpoint.startswith(blueprint + "."))),
                  key=lambda rule: rule.rule)


def _member_id(council: Council) -> int:
    """One of the council's members on its public page (the demo data has them for Rääkkylä and Kainuu)."""
    member_id = db.session.scalar(select(CouncilMember.id).where(CouncilMember.council_id == council.id))
    assert member_id is not None, f"no member on {council.slug}'s page"
    return member_id


@dataclass
class Records:
    """A submitted survey of Rääkkylä and one record of each kind belonging to Kainuu."""

    survey: object
    own: dict
    foreign: dict


@pytest.fixture
def records(app, make_survey, answer_page, csrf_token):
    survey = make_survey()
    client = app.test_client()
    for key, fields in PAGES.items():
        answer_page(client, f"{survey.invitation_url}/page/{key}", fields)
    check = client.get(f"{survey.invitation_url}/check").get_data(as_text=True)
    assert client.post(f"{survey.invitation_url}/check", data={"csrf_token": csrf_token(check)}).status_code == 302
    foreign_survey = make_survey()
    with app.app_context():
        kainuu = db.session.scalar(select(Council).where(Council.slug == "kainuu"))
        raakkyla = db.session.scalar(select(Council).where(Council.slug == "raakkyla"))
        db.session.get(Survey, foreign_survey.survey_id).council_id = kainuu.id
        reports = {}
        for council in (raakkyla, kainuu):
            subject_id = survey.survey_id if council is raakkyla else foreign_survey.survey_id
            report = Report(council=council, subject=survey_subject(subject_id),
                            parameters_json=json.dumps({"survey_id": subject_id}),
                            kind="survey", fingerprint=f"test-{council.slug}", status=ReportStatus.FAILED)
            db.session.add(report)
            reports[council.slug] = report
        db.session.commit()
        common = {"page_key": "basics", "file_format": "csv", "fmt": "pdf", "message_id": 1,
                  "token": "not-a-token", "part": "members"}
        own = dict(common, council_slug="raakkyla", survey_id=survey.survey_id,
                   association_id=db.session.scalar(select(Association.id).where(Association.council_id == raakkyla.id)),
                   response_id=db.session.scalar(select(Response.id).where(Response.survey_id == survey.survey_id)),
                   report_id=reports["raakkyla"].id, entry_id=_member_id(raakkyla))
        foreign = dict(common, council_slug="raakkyla", survey_id=foreign_survey.survey_id,
                       association_id=db.session.scalar(select(Association.id).where(Association.council_id == kainuu.id)),
                       response_id=own["response_id"], report_id=reports["kainuu"].id, entry_id=_member_id(kainuu))
    return Records(survey=survey, own=own, foreign=foreign)


def snapshot(app) -> dict:
    """Every row of every table, to show that a refused request changed nothing."""
    with app.app_context():
        return {table.name: sorted(map(repr, db.session.execute(table.select()).all()))
                for table in db.metadata.sorted_tables}


@pytest.fixture
def staff_client(app, login):
    """staff_client(email): a test client signed in as that demo user."""
    def signed_in(email: str = "admin@example.fi"):
        client = app.test_client()
        login(client, email, DEMO_PASSWORD)
        return client

    return signed_in
