"""The live view of a survey: counts, response rates among invitations, and browsing responses.

For an anonymous survey nothing here tells which association gave a response.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select

from app.extensions import db
from app.models import Association, Invitation, Response, ResponseStatus, Survey
from app.surveys.definitions import definition_for
from app.surveys.answer_text import answer_lines
from app.surveys.stored_answers import response_values
from app.models import SurveyVersion
from surveys import text, visible_questions


@dataclass(frozen=True)
class ResponseCounts:
    submitted: int
    drafts: int
    invited: int
    invited_submitted: int
    open_link_submitted: int

    @property
    def rate(self) -> float | None:
        """Share of invitations answered, 0..1, or None without invitations."""
        return self.invited_submitted / self.invited if self.invited else None


@dataclass(frozen=True)
class RateRow:
    key: str | None
    invited: int
    submitted: int

    @property
    def rate(self) -> float:
        return self.submitted / self.invited if self.invited else 0.0


def response_counts(survey: Survey) -> ResponseCounts:
    """Submitted and draft responses, and how many of the invitations have been answered."""
    by_status = dict(db.session.execute(
        select(Response.status, func.count(Response.id)).where(Response.survey_id == survey.id)
        .group_by(Response.status)).all())
    invited = db.session.scalar(select(func.count(Invitation.id)).where(Invitation.survey_id == survey.id)) or 0
    invited_submitted = db.session.scalar(
        select(func.count(Response.id)).where(Response.survey_id == survey.id, Response.invitation_id.is_not(None),
                                              Response.status == ResponseStatus.SUBMITTED)) or 0
    submitted = by_status.get(ResponseStatus.SUBMITTED, 0)
    return ResponseCounts(submitted, by_status.get(ResponseStatus.DRAFT, 0), invited, invited_submitted,
                          submitted - invited_submitted)


def response_rates(survey: Survey, by: str) -> list[RateRow]:
    """Response rate among invitations, grouped by the invitation's `municipality` or `sector` snapshot."""
    column = {"municipality": Invitation.municipality_code, "sector": Invitation.sector}[by]
    submitted = func.count(Response.id).filter(Response.status == ResponseStatus.SUBMITTED)
    rows = db.session.execute(
        select(column, func.count(Invitation.id), submitted).select_from(Invitation)
        .outerjoin(Response, Response.invitation_id == Invitation.id)
        .where(Invitation.survey_id == survey.id).group_by(column))
    result = [RateRow(key, invited, done) for key, invited, done in rows]
    return sorted(result, key=lambda r: (-r.rate, r.key or "~"))


@dataclass(frozen=True)
class ResponseListRow:
    id: int
    status: str
    association_name: str | None
    via_invitation: bool
    municipality_code: str | None
    sector: str | None
    language: str
    version_number: int
    updated_at: datetime
    submitted_at: datetime | None


def list_responses(survey: Survey, *, query: str = "", status: str = "", limit: int = 50,
                   offset: int = 0) -> tuple[list[ResponseListRow], int]:
    """One page of responses, newest first, searchable by association name (not when anonymous)."""
    stmt = (select(Response, Association.name, SurveyVersion.number)
            .join(SurveyVersion, SurveyVersion.id == Response.version_id)
            .outerjoin(Invitation, Invitation.id == Response.invitation_id)
            .outerjoin(Association, Association.id == Invitation.association_id)
            .where(Response.survey_id == survey.id))
    if status in {s.value for s in ResponseStatus}:
        stmt = stmt.where(Response.status == ResponseStatus(status))
    if query.strip() and not survey.is_anonymous:
        pattern = f"%{query.strip().lower()[:100]}%"
        stmt = stmt.where(or_(func.lower(Association.name).like(pattern), func.lower(Invitation.email).like(pattern)))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = db.session.execute(
        stmt.order_by(Response.submitted_at.is_(None), Response.submitted_at.desc(), Response.id.desc())
        .limit(limit).offset(offset))
    return [ResponseListRow(
        response.id, response.status.value,
        None if survey.is_anonymous else name,
        False if survey.is_anonymous else response.invitation_id is not None,
        response.municipality_code, response.sector, response.language, number,
        response.updated_at, response.submitted_at) for response, name, number in rows], total


@dataclass(frozen=True)
class ShownAnswer:
    key: str
    label: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class ShownPage:
    title: str
    answers: tuple[ShownAnswer, ...]


@dataclass(frozen=True)
class ResponseView:
    response: Response
    association_name: str | None
    version_number: int
    pages: tuple[ShownPage, ...]


def find_response(survey: Survey, response_id: int) -> Response | None:
    return db.session.scalar(select(Response).where(Response.id == response_id, Response.survey_id == survey.id))


def response_view(survey: Survey, response: Response, locale: str) -> ResponseView:
    """One response in full: every question shown to the respondent, in order, with its answer in `locale`."""
    definition = definition_for(response.version)
    answers = response_values(response.id, definition)
    shown = {q.key for q in visible_questions(definition, answers)}
    pages = []
    for page in definition.pages:
        items = tuple(ShownAnswer(q.key, text(q.label, locale), answer_lines(q, answers.get(q.key), locale, scale_numbers=True))
                      for q in page.questions if q.has_answer and q.key in shown)
        if items:
            pages.append(ShownPage(text(page.title, locale), items))
    association = None
    if not survey.is_anonymous and response.invitation is not None and response.invitation.association is not None:
        association = response.invitation.association.name
    return ResponseView(response, association, response.version.number, tuple(pages))
