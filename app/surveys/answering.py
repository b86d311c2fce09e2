"""Answering a survey: finding the respondent's response, saving pages as drafts, submitting, editing.

Rules kept here: one response per invitation (a unique column; a lost insert race loads the
winner's row), an open-link respondent is known by a resume token whose hash is stored,
answers to hidden questions are never stored, and only an open survey accepts answers.
"""

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.date_text import datetime_text
from app.errors import DomainError
from app.extensions import db
from app.i18n import current_language
from app.models import Invitation, Response, ResponseStatus, Survey
from app.models.base import utcnow
from app.periods import Phase, phase_at
from app.reference.municipalities import all_municipalities
from app.surveys.draft_writes import write_draft_page, writes_in_one_statement
from app.surveys.stored_answers import response_rows, response_values, values_from_columns
from app.surveys.tokens import new_resume_token
from app.table_generations import touch_rows
from app.auth.passwords import hash_token
from surveys import (AnswerContext, AnswerError, Page, SurveyDefinition, answers_to_rows, normalise_page,
                     prune_hidden, validate_all, visible_pages)
from surveys.types.base import field_values
from surveys.values import Selection

NAVIGATION = ("next", "previous", "save")
#: an answer row's columns, in the order of the tuples save_page compares and draft_writes' row mappings
ROW_COLUMNS = ("question_key", "option", "row", "value_text", "value_number")
MUNICIPALITY_KEYS = ("municipality", "home_municipality")
SECTOR_KEYS = ("sector",)


class SurveyNotAccepting(DomainError):
    """The survey is not open (not yet, or no longer): nothing is saved."""


class ResponseAlreadySubmitted(DomainError):
    """The response was sent (perhaps from another window) and cannot be changed now."""


@dataclass(frozen=True)
class Draft:
    """A response as saving a page reads it: its row's values, its survey's answering period and its invitation's
    register snapshot. Plain values, so that a page save on PostgreSQL reads them in its look-up without loading
    ORM objects (`links.load_invited_draft`); `Draft.of` takes them from loaded objects."""

    id: int
    survey_id: int
    invitation_id: int | None
    status: ResponseStatus
    revision: int
    typed_input: str | None
    municipality_code: str | None
    sector: str | None
    opens_at: datetime | None
    closes_at: datetime | None
    invitation_municipality_code: str | None = None
    invitation_sector: str | None = None

    @classmethod
    def of(cls, response: Response, survey: Survey, invitation: Invitation | None) -> "Draft":
        """The draft of a loaded response of `survey`, answered through `invitation` (None for an open link)."""
        return cls(response.id, response.survey_id, response.invitation_id, response.status, response.revision,
                   response.typed_input, response.municipality_code, response.sector, survey.opens_at,
                   survey.closes_at, invitation.municipality_code if invitation is not None else None,
                   invitation.sector if invitation is not None else None)


@dataclass
class PageOutcome:
    """What saving a page led to: field errors (nothing saved) or the page to go to next.

    ``next_page`` is a page key, or None for the check-your-answers page (after the last
    page) or for the survey's start page (before the first).
    """

    errors: dict[str, AnswerError] = field(default_factory=dict)
    next_page: str | None = None
    saved: bool = False


def answer_context(area: Sequence[str]) -> AnswerContext:
    """The runtime data the engine needs: the valid municipality codes, those of the council's
    ``area`` (every municipality when the council has no area)."""
    municipalities = all_municipalities()
    if area:
        municipalities = {code: municipalities[code] for code in area if code in municipalities}
    return AnswerContext(municipalities=municipalities)


def find_response(survey: Survey, *, invitation: Invitation | None = None,
                  resume_token: str | None = None) -> Response | None:
    """The respondent's response: the invitation's, or the one the resume token opens."""
    if invitation is not None:
        return db.session.scalar(select(Response).where(Response.invitation_id == invitation.id))
    if resume_token:
        return db.session.scalar(select(Response).where(
            Response.survey_id == survey.id, Response.resume_token_hash == hash_token(resume_token)))
    return None


def start_or_resume_response(survey: Survey, *, language: str, invitation: Invitation | None = None,
                             resume_token: str | None = None,
                             found: Response | None = None) -> tuple[Response, str | None]:
    """The respondent's response, created as a draft if there is none yet.

    Returns (response, new resume token): the token is given only when a new open-link
    response was created, for the caller to keep in the respondent's session. Two requests
    racing to create an invitation's response both end up with the same row: the unique
    invitation_id lets one insert win, and the other rolls back and loads it. The rollback
    discards the whole transaction, so call this before anything else is written. ``found`` is the
    response the caller already loaded in this transaction, to spare looking it up again.
    """
    existing = found or find_response(survey, invitation=invitation, resume_token=resume_token)
    if existing is not None:
        return existing, None
    version = survey.current_version
    response = Response(survey_id=survey.id, version_id=version.id, language=language,
                        status=ResponseStatus.DRAFT, current_page=None)
    token = None
    if invitation is not None:
        response.invitation_id = invitation.id
        response.municipality_code = invitation.municipality_code
        response.sector = invitation.sector
    else:
        token, response.resume_token_hash = new_resume_token()
    db.session.add(response)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        if invitation is None:
            raise
        existing = find_response(survey, invitation=invitation)
        if existing is None:
            raise
        return existing, None
    return response, token


def stored_answers(response: Response, definition: SurveyDefinition) -> dict[str, Any]:
    """The response's answers, question key -> value, rebuilt from its Answer rows."""
    return response_values(response.id, definition)


def prefilled_answers(definition: SurveyDefinition, invitation: Invitation | None) -> dict[str, Any]:
    """The answers an invitation's response starts with: register data for the questions whose
    definition names it (``prefill: association.name``). Empty for an open link."""
    association = invitation.association if invitation is not None else None
    if association is None:
        return {}
    register = {"association.name": association.name, "association.email": association.email}
    return {q.key: register[q.prefill] for q in definition.questions()
            if getattr(q, "prefill", None) and register.get(q.prefill)}


def page_after(definition: SurveyDefinition, answers: Mapping[str, Any], page_key: str) -> str | None:
    """The next visible page after ``page_key``, or None when it is the last one."""
    keys = [p.key for p in definition.pages]
    shown = {p.key for p in visible_pages(definition, answers)}
    return next((k for k in keys[keys.index(page_key) + 1:] if k in shown), None)


def page_before(definition: SurveyDefinition, answers: Mapping[str, Any], page_key: str) -> str | None:
    """The previous visible page before ``page_key``, or None when it is the first one."""
    keys = [p.key for p in definition.pages]
    shown = {p.key for p in visible_pages(definition, answers)}
    return next((k for k in reversed(keys[:keys.index(page_key)]) if k in shown), None)


def resume_page(definition: SurveyDefinition, response: Response | None) -> Page:
    """The page to continue on: where the respondent left off, or the first visible page."""
    answers = stored_answers(response, definition) if response is not None else {}
    shown = visible_pages(definition, answers)
    if response is not None and response.current_page:
        for page in shown:
            if page.key == response.current_page:
                return page
    return shown[0]


def _accepting(draft: Draft, now: datetime) -> None:
    phase = phase_at(draft.opens_at, draft.closes_at, now)
    if phase is Phase.CLOSED:
        raise SurveyNotAccepting(_("This survey closed on %(time)s. Your answers were not saved.",
                                   time=_format_time(draft.closes_at)))
    if phase.is_before_opening:
        raise SurveyNotAccepting(_("This survey is not open yet. Your answers were not saved."))
    if draft.status is ResponseStatus.SUBMITTED:
        raise ResponseAlreadySubmitted(_("These answers have already been sent, perhaps from another "
                                         "window. What you typed here was not saved."))


def _format_time(value: datetime | None, locale: str | None = None) -> str:
    return datetime_text(value, locale or current_language())


def saves_page_in_one_statement() -> bool:
    """Whether `save_page` writes in one statement here (PostgreSQL), once the response exists: its reads then
    need no transaction, and an invitation's draft is read with its answers as plain values
    (`links.load_invited_draft`)."""
    return writes_in_one_statement()


def save_page(draft: Draft, definition: SurveyDefinition, page_key: str, raw: Mapping, *,
              action: str, locale: str, area: Sequence[str], now: datetime | None = None,
              answer_rows: list[list] | None = None) -> PageOutcome:
    """Normalise one page's raw input and store it as the draft's answers to that page.

    ``action`` is ``next`` (every rule applies), ``previous`` or ``save`` (save and continue
    later: a missing required answer does not stop saving; a malformed one does, because a
    draft stores only valid values and the typed text must not vanish). Answers that the new
    input hides, on this page or later ones, are deleted; the rows of a question whose answer did not change are
    left as they are. Returns the errors (nothing saved)
    or the page to go to. ``answer_rows`` are the response's stored answer rows when the caller read them with
    it (`stored_answers.ANSWER_ROWS_JSON`). Raises SurveyNotAccepting or ResponseAlreadySubmitted.
    """
    now = now or utcnow()
    _accepting(draft, now)
    page = definition.page(page_key)
    page_keys = {q.key for q in page.questions}
    stored = [tuple(row) for row in answer_rows] if answer_rows is not None else response_rows(draft.id)
    answers = values_from_columns(definition, stored)
    others = {k: v for k, v in answers.items() if k not in page_keys}
    result = normalise_page(definition, page_key, raw, locale, answer_context(area), others)
    errors = result.errors
    if action != "next":
        errors = {name: error for name, error in errors.items() if error.code != "required"}
    if errors and action != "save":
        return PageOutcome(errors=errors)
    # Save and continue later keeps what was typed, valid or not: an invalid answer is kept as typed
    # and shown back with its error until it is corrected.
    typed = _typed_input_kept(draft, page, {
        name: field_values(raw, name) for question in page.questions
        if any(error_field in question.field_names() or error_field == question.field for error_field in errors)
        for name in question.field_names()})
    pruned = prune_hidden(definition, {**others, **result.values})
    # This page's questions, and any answer elsewhere that the new input now hides.
    stale = page_keys | (set(answers) - set(pruned))
    # Visibility is judged on all the answers: the page's own answers alone would hide a page whose
    # show_if reads an earlier page (the contact page), and nothing of it would be stored.
    rows = [(row.question_key, row.option, row.row, row.value_text,
             None if row.value_number is None else float(row.value_number))
            for row in answers_to_rows(definition, pruned, keys=stale, pruned=True)]
    # Only the questions whose rows change are written: a page saved again mostly changes an answer or none, and
    # every row deleted and inserted again is work for the database (five indexes per row, dead rows to vacuum).
    changed = _changed_questions(stale, stored, rows)
    if action == "next":
        target = page_after(definition, pruned, page_key)
    elif action == "previous":
        target = page_before(definition, pruned, page_key)
    else:
        target = page_key
    municipality_code, sector = _breakdown(draft, definition, pruned)
    _write_draft(draft, sorted(changed), [dict(zip(ROW_COLUMNS, row)) for row in rows if row[0] in changed],
                 current_page=target or page_key, language=locale, updated_at=now, typed_input=typed,
                 municipality_code=municipality_code, sector=sector)
    return PageOutcome(next_page=target, saved=True)


def _changed_questions(keys: set[str], stored: Sequence[tuple], written: Sequence[tuple]) -> set[str]:
    """The questions of `keys` whose `written` rows differ from their `stored` ones: (question_key, option, row,
    value_text, value_number) tuples, each question's in their stored order (a float and an int of the same
    value, as JSON gives it back, are equal)."""
    def by_question(rows: Sequence[tuple]) -> dict[str, list[tuple]]:
        grouped: dict[str, list[tuple]] = {}
        for row in rows:
            if row[0] in keys:
                grouped.setdefault(row[0], []).append(row)
        return grouped

    before, after = by_question(stored), by_question(written)
    return {key for key in keys if before.get(key) != after.get(key)}


def _write_draft(draft: Draft, stale_keys: list[str], rows: list[dict[str, Any]], **values: Any) -> None:
    """Replace the page's answer rows and store the draft's new column values, checking the row's revision as a
    flush would (draft_writes: one statement on PostgreSQL).

    Statements rather than the ORM's flush of a changed object (its unit of work is most of a draft save's
    Python), and the invitation's row counter (kept_invitation_pages) moved as a flush would have moved it. A
    response changed by another request since it was loaded raises StaleDataError, which commit_with_retry runs
    again. A Response object loaded in the session keeps the values it was loaded with: after a save the view
    redirects, and a retry loads the response again.
    """
    if not write_draft_page(draft.id, draft.survey_id, draft.revision, stale_keys, rows, values):
        raise StaleDataError("survey response %s changed since it was loaded" % draft.id)
    touch_rows(db.session, Response, [draft.invitation_id])


def typed_input(response: Response | Draft | None) -> dict[str, list[str]]:
    """The input a saved draft kept although it was not valid yet: field name -> typed values."""
    if response is None or not response.typed_input:
        return {}
    return json.loads(response.typed_input)


def page_typed_input(response: Response | None, page: Page) -> dict[str, list[str]]:
    """The kept invalid input of the questions of ``page``."""
    names = {name for question in page.questions for name in question.field_names()}
    return {name: values for name, values in typed_input(response).items() if name in names}


def _typed_input_kept(response: Response | Draft, page: Page, kept: Mapping[str, list[str]]) -> str | None:
    """The response's kept typed input (JSON) once ``page``'s is replaced by ``kept``."""
    names = {name for question in page.questions for name in question.field_names()}
    typed = {name: values for name, values in typed_input(response).items() if name not in names}
    typed.update(kept)
    return json.dumps(typed, ensure_ascii=False) if typed else None


def _breakdown(draft: Draft, definition: SurveyDefinition,
               answers: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """Municipality and sector for response rates: the invitation's snapshot, else the answers."""
    municipality_code, sector = draft.municipality_code, draft.sector
    invited = draft.invitation_id is not None
    if invited:
        municipality_code = draft.invitation_municipality_code or municipality_code
        sector = draft.invitation_sector or sector
        if draft.invitation_municipality_code and draft.invitation_sector:
            return municipality_code, sector
    if not invited or not draft.invitation_municipality_code:
        municipality_code = next((answers[k] for k in MUNICIPALITY_KEYS if isinstance(answers.get(k), str)), None)
        if municipality_code is None:
            municipality_code = next((answers[q.key] for q in definition.questions()
                                      if q.type_name == "municipality" and q.key in answers), None)
    if not invited or not draft.invitation_sector:
        chosen = next((answers[k] for k in SECTOR_KEYS if isinstance(answers.get(k), Selection)), None)
        sector = chosen.options[0][:30] if chosen and chosen.options else None
    return municipality_code, sector


def submit_response(response: Response, definition: SurveyDefinition, *, locale: str, area: Sequence[str],
                    now: datetime | None = None) -> dict[str, dict[str, AnswerError]]:
    """Send the response after checking every visible page; idempotent.

    Returns page key -> {field: error} when something must be fixed first (nothing changes),
    or {} when the response is (now, or already) submitted. Raises SurveyNotAccepting.
    """
    now = now or utcnow()
    if response.status is ResponseStatus.SUBMITTED:
        return {}
    invitation = response.invitation if response.invitation_id is not None else None
    draft = Draft.of(response, response.survey, invitation)
    _accepting(draft, now)
    answers = stored_answers(response, definition)
    problems = validate_all(definition, answers, answer_context(area), locale)
    for page in visible_pages(definition, answers):
        typed = page_typed_input(response, page)
        if typed:
            # A draft saved with invalid input: its errors stand until the page is corrected.
            raw = {**{name: values for q in page.questions if q.key in answers
                      for name, values in q.to_raw(answers[q.key], locale).items()}, **typed}
            errors = normalise_page(definition, page.key, raw, locale, answer_context(area), answers).errors
            if errors:
                problems[page.key] = {**problems.get(page.key, {}), **errors}
    if problems:
        return {page.key: problems[page.key] for page in definition.pages if page.key in problems}
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = now
    response.updated_at = now
    response.language = locale
    response.municipality_code, response.sector = _breakdown(draft, definition, prune_hidden(definition, answers))
    db.session.flush()
    return {}


def reopen_response(response: Response, *, now: datetime | None = None) -> None:
    """Let the respondent change sent answers: the response becomes a draft until sent again.

    Raises DomainError when the survey does not allow editing or is no longer open.
    """
    now = now or utcnow()
    if response.status is ResponseStatus.DRAFT:
        return
    if not response.survey.allows_editing_after_submit:
        raise DomainError(_("Answers to this survey cannot be changed after they have been sent."))
    if response.survey.phase(now) is not Phase.OPEN:
        raise SurveyNotAccepting(_("This survey has closed, so the answers can no longer be changed."))
    response.status = ResponseStatus.DRAFT
    response.updated_at = now
    db.session.flush()


def can_edit_after_submit(response: Response, now: datetime | None = None) -> bool:
    """Whether a sent response may still be reopened for changes."""
    return (response.status is ResponseStatus.SUBMITTED and response.survey.allows_editing_after_submit
            and response.survey.phase(now) is Phase.OPEN)
