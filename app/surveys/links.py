"""The survey a link opens: an invitation's (by its token) or an open link's (by council and survey slug), with
the survey's newest version and the council's area, each in one statement built once; and what saving a page
through an invitation link reads, as plain values."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import aliased, contains_eager, defer

from app.auth.passwords import hash_token
from app.councils.areas import AREA_CODES, area_codes
from app.extensions import db
from app.models import AccessMode, Council, CouncilKind, Invitation, Response, Survey, SurveyVersion
from app.surveys.answering import Draft
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


_invitations, _surveys, _councils = Invitation.__table__, Survey.__table__, Council.__table__
_versions, _responses = SurveyVersion.__table__, Response.__table__
_newer_version = _versions.alias("newer_version")

# A draft save on PostgreSQL: plain values on the tables, no ORM objects (their loading was the largest part of a
# save's Python: five mappers' row processors and identity map at every execution), only the columns a save reads,
# and the response's stored answers with them (one round trip instead of two).
_INVITED_DRAFT = (
    select(_invitations.c.id, _invitations.c.municipality_code, _invitations.c.sector, _surveys.c.id,
           _surveys.c.opens_at, _surveys.c.closes_at, _versions.c.id, _versions.c.content_hash, _councils.c.kind,
           _councils.c.name_fi, _councils.c.name_sv, _councils.c.name_en, AREA_CODES, _responses.c.id,
           _responses.c.version_id, _responses.c.status, _responses.c.revision, _responses.c.typed_input,
           _responses.c.municipality_code, _responses.c.sector, ANSWER_ROWS_JSON)
    .select_from(_invitations.join(_surveys, _surveys.c.id == _invitations.c.survey_id)
                 .join(_councils, _councils.c.id == _surveys.c.council_id)
                 .join(_versions, _versions.c.survey_id == _surveys.c.id)
                 .outerjoin(_responses, _responses.c.invitation_id == _invitations.c.id))
    .where(_invitations.c.token_hash == bindparam("token_hash"),
           _versions.c.number == select(func.max(_newer_version.c.number))
           .where(_newer_version.c.survey_id == _surveys.c.id).scalar_subquery()))


@dataclass
class InvitedSurvey:
    """What an invitation link opens: the invitation (with its survey and council), the survey's
    newest version, the invitation's response if there is one, and the council's area."""

    invitation: Invitation
    version: SurveyVersion
    response: Response | None
    area: tuple[str, ...]


@dataclass(frozen=True)
class InvitedDraft:
    """What saving a page through an invitation link reads, as plain values: the invitation's response as a
    draft (None before its first save) with its stored answer rows, the survey's newest version, and what the
    version's definition is filled in for (`definitions.kept_definition`)."""

    draft: Draft | None
    #: the response's version (its definition is the one to save with)
    response_version_id: int | None
    answer_rows: list[list]
    version_id: int
    content_hash: str
    #: the council's kind and names, which the definition's texts name
    council: tuple[CouncilKind, str, str | None, str | None]
    area: tuple[str, ...]


@dataclass
class OpenLinkSurvey:
    """What an open link opens: the survey (with its council), its newest version and the council's area."""

    survey: Survey
    version: SurveyVersion
    area: tuple[str, ...]


def load_invited_survey(token: str) -> InvitedSurvey | None:
    """The invitation a link token opens, with its survey, council, newest version, response and area.

    One query instead of one per object; the version's definition JSON is left unloaded, since
    definitions are cached by content hash. None when the token is unknown or the survey has no version.
    """
    if not token or len(token) > 100:
        return None
    row = db.session.execute(_INVITED_SURVEY, {"token_hash": hash_token(token)}).first()
    if row is None:
        return None
    return InvitedSurvey(row[0], row[1], row[2], area_codes(row[3]))


def load_invited_draft(token: str) -> InvitedDraft | None:
    """What saving a page through the invitation link `token` reads (`InvitedDraft`), in one statement of plain
    values; None when the token is unknown or the survey has no version.

    For a draft save on PostgreSQL: the page shown again with errors loads the objects (`load_invited_survey`).
    """
    if not token or len(token) > 100:
        return None
    row = db.session.connection().execute(_INVITED_DRAFT, {"token_hash": hash_token(token)}).first()
    if row is None:
        return None
    (invitation_id, invitation_municipality, invitation_sector, survey_id, opens_at, closes_at, version_id,
     content_hash, kind, name_fi, name_sv, name_en, codes, response_id, response_version_id, status, revision,
     typed_input, municipality_code, sector, answer_rows) = row
    draft = None if response_id is None else Draft(
        response_id, survey_id, invitation_id, status, revision, typed_input, municipality_code, sector, opens_at,
        closes_at, invitation_municipality, invitation_sector)
    return InvitedDraft(draft, response_version_id, answer_rows or [], version_id, content_hash,
                        (kind, name_fi, name_sv, name_en), area_codes(codes))


def load_open_link_survey(council_slug: str, survey_slug: str) -> OpenLinkSurvey | None:
    """The survey behind an open link with its council, newest version and area (one query).

    None when there is none, it has no version, or it takes invitations only.
    """
    row = db.session.execute(_OPEN_LINK_SURVEY, {"council_slug": council_slug, "survey_slug": survey_slug}).first()
    if row is None or row[0].access_mode is AccessMode.INVITATIONS:
        return None
    return OpenLinkSurvey(row[0], row[1], area_codes(row[2]))
