"""Every /staff/ route of the URL map, asked by every role from every place in the council tree.

The matrix below lists each staff route with the roles it must open to and how to build its
address; a staff route missing from it fails the test, so no new page slips past. Each role is
a user of the regional council Pohjois-Karjala and a user of its local council Rääkkylä:

- own council and a local council below it: the page for the roles listed, 403 for the others;
- the regional council above, a sibling local council, another region: 403;
- another council's record in the own council's address: 404 (403 for a role without access);
- signed out: a redirect to the sign-in page.

GET routes are asked for real records made here; POST routes are posted, with a valid CSRF token,
by everyone who must not use them, and the database must not change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timezone
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.auth.accounts import create_user
from app.models import (AgendaItem, AttendanceMode, Association, Council, CouncilMember, Event, Meeting, OutboxMessage,
                        Proposal, ProposalAttachment, Registration, RegistrationStatus, Report, ReportArtefact,
                        ReportStatus, Role, StaffInvitation)
from app.models.base import utcnow
from app.reports.kinds.survey import survey_subject
from app.staff.access import ADMIN_ONLY, ALL_ROLES, MANAGING_ROLES
from app.surveys.definitions import definition_for
from tests.fixtures.awards import store_nomination, store_round
from tests.fixtures.surveys import basic_answers, store_response, store_survey

REGION, LOCAL, SIBLING, OTHER_REGION = "pohjois-karjala", "raakkyla", "outokumpu", "kainuu"
SIGN_IN = "/staff/sign-in"


@dataclass(frozen=True)
class Route:
    """What a staff route opens to, and how to ask it: `params(records)` fills the address."""

    roles: frozenset[Role]
    params: callable = lambda records: {}
    query: str = ""
    ok: int = 200
    #: a reviewer page: on top of the roles, only a reviewer assigned to the round gets it (nobody is here)
    assigned: bool = False

    @property
    def has_record(self) -> bool:
        return bool(RECORD_IDS & self.params(_ANY_RECORDS).keys())


RECORD_IDS = {"survey_id", "report_id", "association_id", "message_id", "response_id", "proposal_id", "attachment_id",
              "meeting_id", "item_id", "membership_id", "invitation_id", "event_id", "registration_id", "round_id",
              "nomination_id", "entry_id"}


def _survey(records):
    return {"survey_id": records.survey}


def _survey_page(records):
    return {"survey_id": records.survey, "page_key": records.page_key}


def _survey_question(records):
    # The shipped järjestökysely of every council's records asks this question.
    return {"survey_id": records.survey, "question_key": "association_name"}


def _report(records):
    return {"report_id": records.report}


def _proposal(records):
    return {"proposal_id": records.proposal}


def _meeting(records):
    return {"meeting_id": records.meeting}


def _event(records):
    return {"event_id": records.event}


def _round(records):
    return {"round_id": records.award_round}


def _round_nomination(records):
    return {"round_id": records.award_round, "nomination_id": records.nomination}


AWARDS = "/staff/<council_slug>/awards"
#: the award pages; the reviewer pages also need the user assigned to the round (test below the matrix)
AWARD_ROUTES: dict[str, Route] = {
    f"{AWARDS}/": Route(ALL_ROLES),
    f"{AWARDS}/new": Route(MANAGING_ROLES),
    f"{AWARDS}/<int:round_id>/": Route(MANAGING_ROLES, _round),
    f"{AWARDS}/<int:round_id>/decision": Route(MANAGING_ROLES, _round),
    f"{AWARDS}/<int:round_id>/reviewers": Route(MANAGING_ROLES, _round),
    f"{AWARDS}/<int:round_id>/ranking": Route(MANAGING_ROLES, _round),
    f"{AWARDS}/<int:round_id>/nominations/<int:nomination_id>": Route(MANAGING_ROLES, _round_nomination),
    f"{AWARDS}/<int:round_id>/nominations/<int:nomination_id>/shortlist": Route(MANAGING_ROLES, _round_nomination),
    f"{AWARDS}/<int:round_id>/nominations/<int:nomination_id>/merge": Route(MANAGING_ROLES, _round_nomination),
    f"{AWARDS}/<int:round_id>/nominations/<int:nomination_id>/winner": Route(MANAGING_ROLES, _round_nomination),
    f"{AWARDS}/<int:round_id>/export.xlsx": Route(MANAGING_ROLES, _round),
    f"{AWARDS}/<int:round_id>/dossier.pdf": Route(MANAGING_ROLES, _round),
    f"{AWARDS}/<int:round_id>/report": Route(MANAGING_ROLES, _round),
    f"{AWARDS}/<int:round_id>/review/": Route(ALL_ROLES, _round, assigned=True),
    f"{AWARDS}/<int:round_id>/review/<int:nomination_id>": Route(ALL_ROLES, _round_nomination, assigned=True),
    f"{AWARDS}/<int:round_id>/review/<int:nomination_id>/recuse": Route(ALL_ROLES, _round_nomination,
                                                                        assigned=True),
}


#: every /staff/ route of the app (auth pages are listed apart, below), by its rule
MATRIX: dict[str, Route] = {
    "/staff/": Route(ALL_ROLES),
    "/staff/<council_slug>/": Route(ALL_ROLES),
    "/staff/<council_slug>/associations/": Route(MANAGING_ROLES),
    "/staff/<council_slug>/associations/new": Route(MANAGING_ROLES),
    "/staff/<council_slug>/associations/<int:association_id>/": Route(
        MANAGING_ROLES, lambda r: {"association_id": r.association}),
    "/staff/<council_slug>/associations/<int:association_id>/archive": Route(
        MANAGING_ROLES, lambda r: {"association_id": r.association}),
    "/staff/<council_slug>/associations/<int:association_id>/restore": Route(
        MANAGING_ROLES, lambda r: {"association_id": r.association}),
    "/staff/<council_slug>/associations/import": Route(MANAGING_ROLES),
    "/staff/<council_slug>/associations/import/confirm": Route(MANAGING_ROLES),
    "/staff/<council_slug>/associations/import/template.<file_format>": Route(MANAGING_ROLES,
                                                                           lambda r: {"file_format": "xlsx"}),
    "/staff/<council_slug>/associations/export.<file_format>": Route(MANAGING_ROLES, lambda r: {"file_format": "csv"}),
    "/staff/<council_slug>/audit/": Route(ADMIN_ONLY),
    "/staff/<council_slug>/personal-data/": Route(ADMIN_ONLY),
    "/staff/<council_slug>/personal-data/export": Route(ADMIN_ONLY),
    "/staff/<council_slug>/personal-data/erase": Route(ADMIN_ONLY),
    "/staff/<council_slug>/privacy-notice": Route(ADMIN_ONLY),
    "/staff/<council_slug>/accessibility-authority": Route(ADMIN_ONLY),
    "/staff/<council_slug>/page/": Route(MANAGING_ROLES),
    "/staff/<council_slug>/page/<any(members, agents, groups, links):part>/": Route(
        MANAGING_ROLES, lambda r: {"part": "members"}),
    "/staff/<council_slug>/page/<any(members, agents, groups, links):part>/<int:entry_id>": Route(
        MANAGING_ROLES, lambda r: {"part": "members", "entry_id": r.member}),
    "/staff/<council_slug>/page/<any(members, agents, groups, links):part>/<int:entry_id>/move": Route(
        MANAGING_ROLES, lambda r: {"part": "members", "entry_id": r.member}),
    "/staff/<council_slug>/page/<any(members, agents, groups, links):part>/<int:entry_id>/remove": Route(
        MANAGING_ROLES, lambda r: {"part": "members", "entry_id": r.member}),
    "/staff/<council_slug>/outbox/": Route(MANAGING_ROLES),
    "/staff/<council_slug>/outbox/<int:message_id>": Route(MANAGING_ROLES, lambda r: {"message_id": r.message}),
    "/staff/<council_slug>/surveys/<int:survey_id>/reports/": Route(MANAGING_ROLES, _survey),
    "/staff/<council_slug>/surveys/<int:survey_id>/results/": Route(MANAGING_ROLES, _survey),
    "/staff/<council_slug>/surveys/<int:survey_id>/results/publication": Route(MANAGING_ROLES, _survey),
    "/staff/<council_slug>/surveys/<int:survey_id>/results/texts": Route(MANAGING_ROLES, _survey),
    "/staff/<council_slug>/reports/annual/": Route(MANAGING_ROLES),
    "/staff/<council_slug>/reports/<int:report_id>/": Route(MANAGING_ROLES, _report),
    "/staff/<council_slug>/reports/<int:report_id>/status.json": Route(MANAGING_ROLES, _report),
    "/staff/<council_slug>/reports/<int:report_id>/retry": Route(MANAGING_ROLES, _report),
    "/staff/<council_slug>/reports/<int:report_id>/files/<fmt>": Route(
        MANAGING_ROLES, lambda r: {"report_id": r.report, "fmt": "pdf"}),
    "/staff/<council_slug>/surveys/<int:survey_id>/preview/": Route(ALL_ROLES, _survey, ok=302),
    "/staff/<council_slug>/surveys/<int:survey_id>/preview/<page_key>": Route(
        ALL_ROLES, lambda r: {"survey_id": r.survey, "page_key": r.page_key}),
    "/staff/<council_slug>/surveys/": Route(MANAGING_ROLES),
    "/staff/<council_slug>/surveys/new": Route(MANAGING_ROLES),
    "/staff/<council_slug>/surveys/<int:survey_id>/": Route(MANAGING_ROLES, _survey),
    "/staff/<council_slug>/surveys/<int:survey_id>/versions/": Route(MANAGING_ROLES, _survey),
    "/staff/<council_slug>/surveys/<int:survey_id>/versions/compare": Route(MANAGING_ROLES, _survey),
    "/staff/<council_slug>/surveys/start": Route(MANAGING_ROLES),
    "/staff/<council_slug>/surveys/<int:survey_id>/editor/": Route(MANAGING_ROLES, _survey),
    "/staff/<council_slug>/surveys/<int:survey_id>/editor/survey": Route(MANAGING_ROLES, _survey),
    "/staff/<council_slug>/surveys/<int:survey_id>/editor/publish": Route(MANAGING_ROLES, _survey),
    "/staff/<council_slug>/surveys/<int:survey_id>/editor/export.yaml": Route(MANAGING_ROLES, _survey),
    "/staff/<council_slug>/surveys/<int:survey_id>/editor/pages/new": Route(MANAGING_ROLES, _survey),
    "/staff/<council_slug>/surveys/<int:survey_id>/editor/pages/<page_key>": Route(MANAGING_ROLES, _survey_page),
    "/staff/<council_slug>/surveys/<int:survey_id>/editor/pages/<page_key>/move": Route(MANAGING_ROLES, _survey_page),
    "/staff/<council_slug>/surveys/<int:survey_id>/editor/pages/<page_key>/delete": Route(MANAGING_ROLES,
                                                                                        _survey_page),
    "/staff/<council_slug>/surveys/<int:survey_id>/editor/pages/<page_key>/questions/new": Route(MANAGING_ROLES,
                                                                                               _survey_page),
    "/staff/<council_slug>/surveys/<int:survey_id>/editor/questions/<question_key>": Route(MANAGING_ROLES,
                                                                                         _survey_question),
    "/staff/<council_slug>/surveys/<int:survey_id>/editor/questions/<question_key>/move": Route(
        MANAGING_ROLES, _survey_question),
    "/staff/<council_slug>/surveys/<int:survey_id>/editor/questions/<question_key>/delete": Route(
        MANAGING_ROLES, _survey_question),
    "/staff/<council_slug>/surveys/<int:survey_id>/invitations/": Route(MANAGING_ROLES, _survey),
    "/staff/<council_slug>/surveys/<int:survey_id>/invitations/send": Route(MANAGING_ROLES, _survey),
    "/staff/<council_slug>/surveys/<int:survey_id>/invitations/remind": Route(MANAGING_ROLES, _survey),
    "/staff/<council_slug>/surveys/<int:survey_id>/invitations/schedule": Route(MANAGING_ROLES, _survey),
    "/staff/<council_slug>/surveys/<int:survey_id>/invitations/texts": Route(MANAGING_ROLES, _survey),
    "/staff/<council_slug>/surveys/<int:survey_id>/live/": Route(MANAGING_ROLES, _survey),
    "/staff/<council_slug>/surveys/<int:survey_id>/responses/": Route(MANAGING_ROLES, _survey),
    "/staff/<council_slug>/surveys/<int:survey_id>/responses/<int:response_id>": Route(
        MANAGING_ROLES, lambda r: {"survey_id": r.survey, "response_id": r.response}),
    "/staff/<council_slug>/surveys/<int:survey_id>/export": Route(
        MANAGING_ROLES, _survey, query="language=fi&file_format=csv"),
    "/staff/<council_slug>/proposals/": Route(MANAGING_ROLES),
    "/staff/<council_slug>/proposals/export.csv": Route(MANAGING_ROLES),
    "/staff/<council_slug>/proposals/report": Route(MANAGING_ROLES),
    "/staff/<council_slug>/proposals/<int:proposal_id>/": Route(MANAGING_ROLES, _proposal),
    "/staff/<council_slug>/proposals/<int:proposal_id>/status": Route(MANAGING_ROLES, _proposal),
    "/staff/<council_slug>/proposals/<int:proposal_id>/notes": Route(MANAGING_ROLES, _proposal),
    "/staff/<council_slug>/proposals/<int:proposal_id>/files/<int:attachment_id>": Route(
        MANAGING_ROLES, lambda r: {"proposal_id": r.proposal, "attachment_id": r.attachment}),
    "/staff/<council_slug>/meetings/": Route(MANAGING_ROLES),
    "/staff/<council_slug>/meetings/<int:meeting_id>/": Route(MANAGING_ROLES, _meeting),
    "/staff/<council_slug>/meetings/<int:meeting_id>/items/proposal": Route(MANAGING_ROLES, _meeting),
    "/staff/<council_slug>/meetings/<int:meeting_id>/items/own": Route(MANAGING_ROLES, _meeting),
    "/staff/<council_slug>/meetings/<int:meeting_id>/items/move": Route(MANAGING_ROLES, _meeting),
    "/staff/<council_slug>/meetings/<int:meeting_id>/items/<int:item_id>/remove": Route(
        MANAGING_ROLES, lambda r: {"meeting_id": r.meeting, "item_id": r.item}),
    "/staff/<council_slug>/meetings/<int:meeting_id>/publish-agenda": Route(MANAGING_ROLES, _meeting),
    "/staff/<council_slug>/meetings/<int:meeting_id>/decisions": Route(MANAGING_ROLES, _meeting),
    "/staff/switch": Route(ALL_ROLES, query="council=raakkyla", ok=302),
    "/staff/account/": Route(ALL_ROLES),
    "/staff/<council_slug>/team/": Route(MANAGING_ROLES),
    "/staff/<council_slug>/team/invite": Route(ADMIN_ONLY),
    "/staff/<council_slug>/team/invitations/<int:invitation_id>/resend": Route(
        ADMIN_ONLY, lambda r: {"invitation_id": r.invitation}),
    "/staff/<council_slug>/team/invitations/<int:invitation_id>/withdraw": Route(
        ADMIN_ONLY, lambda r: {"invitation_id": r.invitation}),
    "/staff/<council_slug>/team/members/<int:membership_id>/role": Route(
        ADMIN_ONLY, lambda r: {"membership_id": r.membership}),
    "/staff/<council_slug>/team/members/<int:membership_id>/remove": Route(
        ADMIN_ONLY, lambda r: {"membership_id": r.membership}),
    "/staff/<council_slug>/events/": Route(MANAGING_ROLES),
    "/staff/<council_slug>/events/new": Route(MANAGING_ROLES),
    "/staff/<council_slug>/events/report": Route(MANAGING_ROLES),
    "/staff/<council_slug>/events/<int:event_id>/": Route(MANAGING_ROLES, _event),
    "/staff/<council_slug>/events/<int:event_id>/edit": Route(MANAGING_ROLES, _event),
    "/staff/<council_slug>/events/<int:event_id>/publish": Route(MANAGING_ROLES, _event),
    "/staff/<council_slug>/events/<int:event_id>/unpublish": Route(MANAGING_ROLES, _event),
    "/staff/<council_slug>/events/<int:event_id>/cancel": Route(MANAGING_ROLES, _event),
    "/staff/<council_slug>/events/<int:event_id>/copy": Route(MANAGING_ROLES, _event),
    "/staff/<council_slug>/events/<int:event_id>/capacity": Route(MANAGING_ROLES, _event),
    "/staff/<council_slug>/events/<int:event_id>/promote": Route(MANAGING_ROLES, _event),
    "/staff/<council_slug>/events/<int:event_id>/participants": Route(MANAGING_ROLES, _event),
    "/staff/<council_slug>/events/<int:event_id>/participants.<any(csv, xlsx):file_format>": Route(
        MANAGING_ROLES, lambda r: {"event_id": r.event, "file_format": "xlsx"}),
    "/staff/<council_slug>/events/<int:event_id>/sign-in-sheet.pdf": Route(MANAGING_ROLES, _event),
    "/staff/<council_slug>/events/<int:event_id>/message": Route(MANAGING_ROLES, _event),
    "/staff/<council_slug>/events/<int:event_id>/check-in": Route(MANAGING_ROLES, _event),
    "/staff/<council_slug>/events/<int:event_id>/check-in/<int:registration_id>": Route(
        MANAGING_ROLES, lambda r: {"event_id": r.event, "registration_id": r.registration}),
    "/staff/<council_slug>/events/<int:event_id>/walk-in": Route(MANAGING_ROLES, _event),
    **AWARD_ROUTES,
}

#: the sign-in pages live under /staff/ but are not staff pages: they are for the signed out
AUTH_PAGES = {"/staff/sign-in", "/staff/sign-out", "/staff/password", "/staff/password-reset",
              "/staff/password-reset/<token>", "/staff/invitation/<token>"}


def _staff_rules(app):
    return [rule for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/staff/") and rule.rule not in AUTH_PAGES]


def test_every_staff_route_is_in_the_matrix():
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    rules = {rule.rule for rule in _staff_rules(app)}
    assert rules - MATRIX.keys() == set(), "staff routes the access matrix does not classify"
    assert MATRIX.keys() - rules == set(), "the matrix lists routes the app no longer has"


def test_matrix_roles_are_the_roles_the_routes_declare():
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    for rule in _staff_rules(app):
        declared = getattr(app.view_functions[rule.endpoint], "staff_roles", None)
        assert declared == MATRIX[rule.rule].roles, rule.rule


@dataclass
class Records:
    """Ids of one council's records."""

    survey: int
    page_key: str
    response: int
    report: int
    association: int
    message: int
    proposal: int
    attachment: int
    meeting: int
    item: int
    membership: int
    invitation: int
    event: int
    registration: int
    award_round: int
    nomination: int
    member: int


@dataclass
class Case:
    who: str
    client: object
    relation: str
    council: str
    #: the council whose records fill the address (another council's for "foreign record")
    records_of: str
    expected: dict[frozenset, int] = field(default_factory=dict)


def _make_records(council: Council) -> Records:
    survey = store_survey(council, slug=f"matrix-{council.slug}")
    definition = definition_for(survey.current_version)
    response = store_response(survey, definition, basic_answers())
    report = Report(council_id=council.id, subject=survey_subject(survey.id), kind="survey",
                    parameters_json=json.dumps({"survey_id": survey.id}), fingerprint=f"matrix-{council.slug}",
                    status=ReportStatus.DONE, progress=100, finished_at=datetime(2026, 3, 2, tzinfo=timezone.utc))
    db.session.add(report)
    db.session.flush()
    db.session.add(ReportArtefact(report_id=report.id, format="pdf", filename="report.pdf",
                                  content_type="application/pdf", data=b"%PDF-1.7 matrix", size=15))
    code = council.municipality_codes[0]
    association = Association(council_id=council.id, name=f"Matriisiseura {council.slug} ry", municipality_code=code,
                              sector="sports", email=f"seura.{council.slug}@example.fi", language="fi")
    message = OutboxMessage(council_id=council.id, template="survey_invitation", language="fi",
                            recipient=f"vastaanottaja.{council.slug}@example.fi", subject="Kutsu",
                            body_text="Hei", body_html="<p>Hei</p>", message_id=f"<matrix-{council.slug}@example.fi>")
    proposal = Proposal(council_id=council.id, title=f"Matriisialoite {council.slug}", description="Teksti",
                        proposer_name="Aloitteen Tekijä", proposer_email=f"aloite.{council.slug}@example.fi")
    meeting = Meeting(council_id=council.id, title=f"Matriisikokous {council.slug}",
                      starts_at=datetime(2027, 1, 20, 15, tzinfo=timezone.utc), place="Kunnantalo")
    member = create_user(f"jasen.{council.slug}@example.fi", "matrix-password-2026",
                         memberships={council: Role.SECRETARY})
    invitation = StaffInvitation(council_id=council.id, role=Role.REVIEWER, email=f"kutsuttu.{council.slug}@example.fi",
                                 language="fi", token_hash=f"matrix-{council.slug}", expires_at=utcnow())
    moment = datetime(2027, 3, 2, 15, tzinfo=timezone.utc)
    event = Event(council_id=council.id, slug="matriisi", title_fi="Matriisifoorumi", starts_at=moment,
                  ends_at=moment.replace(hour=18), capacity_onsite=10, capacity_remote=0)
    registration = Registration(event=event, mode=AttendanceMode.ONSITE, status=RegistrationStatus.CONFIRMED,
                                position=1, name="Matti Matriisi", email=f"matti.{council.slug}@example.fi",
                                email_normalised=f"matti.{council.slug}@example.fi")
    db.session.add_all([association, message, proposal, meeting, invitation, event, registration])
    db.session.flush()
    attachment = ProposalAttachment(proposal_id=proposal.id, council_id=council.id, filename="liite.pdf",
                                    content_type="application/pdf", size=15, sha256="0" * 64, data=b"%PDF-1.7 matrix")
    item = AgendaItem(meeting_id=meeting.id, position=1, title="Oma asia")
    page_member = CouncilMember(council_id=council.id, name=f"Matriisijäsen {council.slug}")
    db.session.add_all([attachment, item, page_member])
    award_round = store_round(council.slug)
    nomination = store_nomination(award_round, municipality_code=code)
    db.session.flush()
    return Records(survey=survey.id, page_key=definition.pages[0].key, response=response.id, report=report.id,
                   association=association.id, message=message.id, proposal=proposal.id, attachment=attachment.id,
                   meeting=meeting.id, item=item.id, membership=member.memberships[0].id, invitation=invitation.id,
                   event=event.id, registration=registration.id, award_round=award_round.id,
                   nomination=nomination.id, member=page_member.id)


def _snapshot() -> dict[str, list]:
    """Every row of every table, to prove that refused posts changed nothing."""
    return {table.name: sorted(map(repr, db.session.execute(table.select()).all()))
            for table in db.metadata.sorted_tables}


def _cases(signed_in_staff, signed_out) -> list[Case]:
    cases = []
    for role in Role:
        regional = signed_in_staff(role, REGION)
        local = signed_in_staff(role, LOCAL)
        for client, relation, council, records_of, reaches in (
            (regional, "own council", REGION, REGION, True),
            (regional, "local council below", LOCAL, LOCAL, True),
            (regional, "another region", OTHER_REGION, OTHER_REGION, False),
            (regional, "another council's record", REGION, LOCAL, None),
            (local, "own council", LOCAL, LOCAL, True),
            (local, "regional council above", REGION, REGION, False),
            (local, "sibling local council", SIBLING, SIBLING, False),
            (local, "another region", OTHER_REGION, OTHER_REGION, False),
            (local, "another council's record", LOCAL, SIBLING, None),
        ):
            who = f"{role.value} of {client.staff_user.council_slug}"
            case = Case(who, client, relation, council, records_of)
            case.role, case.reaches = role, reaches
            cases.append(case)
    out = Case("signed out", signed_out, "signed out", REGION, REGION)
    out.role, out.reaches = None, False
    cases.append(out)
    return cases


def _expected(case: Case, route: Route, rule: str) -> int | str:
    if case.role is None:
        return "sign-in"
    if "<council_slug>" not in rule:
        # The user's own pages (dashboard, account, council switcher) are for every signed-in user.
        return route.ok
    if case.role not in route.roles or case.reaches is False:
        return 403
    if case.reaches is None:
        # Another council's record in this council's address; routes without records show the page.
        return 404 if route.has_record else route.ok
    return 403 if route.assigned else route.ok


_ANY_RECORDS = Records(**{name: 1 for name in (each.name for each in fields(Records))} | {"page_key": "p"})


def _answer(response) -> int | str:
    if response.status_code == 302 and urlsplit(response.headers["Location"]).path == SIGN_IN:
        return "sign-in"
    return response.status_code


@pytest.mark.slow
def test_every_staff_route_answers_each_role_and_place_as_the_matrix_says(app, demo_councils, signed_in_staff,
                                                                          csrf_token):
    with app.app_context():
        records = {slug: _make_records(db.session.scalar(select(Council).where(Council.slug == slug)))
                   for slug in (REGION, LOCAL, SIBLING, OTHER_REGION)}
        db.session.commit()
    signed_out = app.test_client()
    cases = _cases(signed_in_staff, signed_out)
    rules = _staff_rules(app)
    wrong = []

    def url(rule, case: Case) -> str:
        route = MATRIX[rule.rule]
        with app.test_request_context():
            values = {"council_slug": case.council} if "council_slug" in rule.arguments else {}
            address = app.url_for(rule.endpoint, **values, **route.params(records[case.records_of]))
        return address + ("?" + route.query if route.query else "")

    for rule in (rule for rule in rules if "GET" in rule.methods):
        route = MATRIX[rule.rule]
        for case in cases:
            if "council_slug" not in rule.arguments and case.relation not in ("own council", "signed out"):
                continue
            expected, answer = _expected(case, route, rule.rule), _answer(case.client.get(url(rule, case)))
            if answer != expected:
                wrong.append(f"GET {rule.rule} as {case.who}, {case.relation}: {answer}, expected {expected}")

    tokens = {id(case.client): csrf_token(case.client, "/staff/" if case.role else SIGN_IN) for case in cases}
    with app.app_context():
        before = _snapshot()
    for rule in (rule for rule in rules if "POST" in rule.methods):
        route = MATRIX[rule.rule]
        for case in cases:
            expected = _expected(case, route, rule.rule)
            if expected not in (403, 404, "sign-in"):
                continue
            answer = _answer(case.client.post(url(rule, case), data={"csrf_token": tokens[id(case.client)]}))
            if answer != expected:
                wrong.append(f"POST {rule.rule} as {case.who}, {case.relation}: {answer}, expected {expected}")
    with app.app_context():
        assert _snapshot() == before, "a refused post changed the database"
    assert wrong == []


def test_a_lappi_reviewer_reaches_only_the_rounds_assigned_to_them_and_nothing_of_kainuu(app, demo_councils,
                                                                                        signed_in_staff, staff_user,
                                                                                        csrf_token):
    """The reviewer rule per round, on top of the declared roles: a `lappi` reviewer assigned to one round
    opens its reviewer pages, and gets 403 for another `lappi` round, for every managing page and for
    anything of `kainuu` (reviewer or not there)."""
    reviewer = signed_in_staff(Role.REVIEWER, "lappi")
    kainuu_reviewer = staff_user(Role.REVIEWER, "kainuu")
    with app.app_context():
        assigned = store_round("lappi", reviewer_ids=(reviewer.staff_user.id,))
        other = store_round("lappi", year=assigned.year - 1)
        kainuu = store_round("kainuu", reviewer_ids=(reviewer.staff_user.id, kainuu_reviewer.id))
        records = {round_.id: replace(_ANY_RECORDS, award_round=round_.id, nomination=store_nomination(round_).id)
               for round_ in (assigned, other, kainuu)}
        ids = (assigned.id, other.id, kainuu.id)
        db.session.commit()
    token = csrf_token(reviewer, "/staff/")
    wrong = []
    for rule in (rule for rule in _staff_rules(app) if rule.rule.startswith(AWARDS)):
        route = MATRIX[rule.rule]
        for round_id, council in zip(ids, ("lappi", "lappi", "kainuu")):
            if rule.rule == f"{AWARDS}/" and round_id != ids[0]:
                continue
            with app.test_request_context():
                address = app.url_for(rule.endpoint, council_slug=council, **route.params(records[round_id]))
            if council == "kainuu" or Role.REVIEWER not in route.roles:
                expected = 403
            elif route.assigned:
                expected = 200 if round_id == ids[0] else 403
            else:
                expected = 200
            if "GET" in rule.methods:
                answer = reviewer.get(address).status_code
            elif expected == 403:
                answer = reviewer.post(address, data={"csrf_token": token}).status_code
            else:
                continue
            if answer != expected:
                wrong.append(f"{rule.rule} for round {round_id} of {council}: {answer}, expected {expected}")
    assert wrong == []
    listing = reviewer.get("/staff/lappi/awards/").get_data(as_text=True)
    assert f"/staff/lappi/awards/{ids[0]}/review/" in listing
    assert f"/staff/lappi/awards/{ids[1]}/" not in listing
