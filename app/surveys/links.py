"""The survey a link opens: an invitation's (by its token) or an open link's (by council and survey slug), with
the survey's newest version and the council's area, each in one statement built once."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import aliased, contains_eager, defer, load_only

from app.auth.passwords import hash_token
from app.councils.areas import AREA_CODES, area_codes
from app.extensions import db
from app.models import AccessMode, Council, Invitation, Response, Survey, SurveyVersion
from app.surveys.stored_answers import ANSWER_ROWS_JSON

_other_version = aliased(SurveyVersion)
#: WHERE clause: SurveyVersion is the newest version of the Survey in the same query
_IS_NEWEST_VERSION = SurveyVersion.number == (
    select(func.max(_other_version.number)).where(_other_version.survey_id == Survey.id).scalar_subquery())


# Built once: composing a statement with its loader options costs more than running it.
_INVITED_SURVEY = (
    select(Invitation, SurveyVersion, Response, AREA_CODES)
    .join(Invitation.survey).join(Survey.council)
    .join(SurveyVersion, SurveyVersion.survey_id == Survey.id)
    .outerjoin(Response, Response.invitation_id == Invitation.id)
    .where(Invitation.token_hash == bindparam("token_hash"), _IS_NEWEST_VERSION)
    .options(contains_eager(Invitation.survey).contains_eager(Survey.council), defer(SurveyVersion.definition_json)))

_OPEN_LINK_SURVEY = (
    select(Survey, SurveyVersion, AREA_CODES)
    .join(Survey.council)
    .join(SurveyVersion, SurveyVersion.survey_id == Survey.id)
    .where(Council.slug == bindparam("council_slug"), Survey.slug == bindparam("survey_slug"), _IS_NEWEST_VERSION)
    .options(contains_eager(Survey.council), defer(SurveyVersion.definition_json)))


# A draft save on PostgreSQL: the response's stored answers with it (the save needs them; one round trip instead of
# two), and of the objects only the columns the save reads, 27 instead of 67 (psycopg and the ORM spend Python on
# every column at every execution). The others (the council's page texts and contacts, the survey's settings, the
# invitation's mailing) load if read; a page shown again with errors reads none of them.
_INVITED_SURVEY_TO_SAVE = _INVITED_SURVEY.add_columns(ANSWER_ROWS_JSON).options(
    load_only(Invitation.survey_id, Invitation.municipality_code, Invitation.sector),
    contains_eager(Invitation.survey).load_only(Survey.council_id, Survey.opens_at, Survey.closes_at)
    .contains_eager(Survey.council).load_only(Council.kind, Council.name_fi, Council.name_sv, Council.name_en),
    load_only(SurveyVersion.survey_id, SurveyVersion.content_hash),
    load_only(Response.survey_id, Response.version_id, Response.invitation_id, Response.status, Response.current_page,
              Response.municipality_code, Response.sector, Response.typed_input, Response.revision))


@dataclass
class InvitedSurvey:
    """What an invitation link opens: the invitation (with its survey and council), the survey's
    newest version, the invitation's response if there is one, and the council's area."""

    invitation: Invitation
    version: SurveyVersion
    response: Response | None
    area: tuple[str, ...]
    #: the response's answer rows (stored_answers.ANSWER_ROWS_JSON) when asked for; None when not read
    answer_rows: list[list] | None = None


@dataclass
class OpenLinkSurvey:
    """What an open link opens: the survey (with its council), its newest version and the council's area."""

    survey: Survey
    version: SurveyVersion
    area: tuple[str, ...]


def load_invited_survey(token: str, *, with_answer_rows: bool = False) -> InvitedSurvey | None:
    """The invitation a link token opens, with its survey, council, newest version, response and area, and with
    `with_answer_rows` (a draft save on PostgreSQL only) the response's stored answer rows, the objects then
    loaded with only the columns a save reads (the others load when read).

    One query instead of one per object; the version's definition JSON is left unloaded, since
    definitions are cached by content hash. None when the token is unknown or the survey has no version.
    """
    if not token or len(token) > 100:
        return None
    statement = _INVITED_SURVEY_TO_SAVE if with_answer_rows else _INVITED_SURVEY
    row = db.session.execute(statement, {"token_hash": hash_token(token)}).first()
    if row is None:
        return None
    return InvitedSurvey(row[0], row[1], row[2], area_codes(row[3]),
                         (row[4] or []) if with_answer_rows and row[2] is not None else None)


def load_open_link_survey(council_slug: str, survey_slug: str) -> OpenLinkSurvey | None:
    """The survey behind an open link with its council, newest version and area (one query).

    None when there is none, it has no version, or it takes invitations only.
    """
    row = db.session.execute(_OPEN_LINK_SURVEY, {"council_slug": council_slug, "survey_slug": survey_slug}).first()
    if row is None or row[0].access_mode is AccessMode.INVITATIONS:
        return None
    return OpenLinkSurvey(row[0], row[1], area_codes(row[2]))
