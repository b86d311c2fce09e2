"""Saving the editor's changes through the publishing path, starting surveys, and opening them to answers."""

import json
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.audit.log import record
from app.errors import DomainError
from app.extensions import db
from app.models import Council, Survey, SurveyVersion, User
from app.periods import Phase
from app.staff.access import MANAGING_ROLES, council_ids_for
from app.survey_editor.operations import Definition, checked, editable, slug_key
from app.surveys import publishing
from surveys import SurveyDefinition, definition_from_dict

EDITOR_SOURCE = "editor"


def version_definition(version: SurveyVersion) -> SurveyDefinition:
    """A version's definition as written, its parameters ({council}) not filled in."""
    return definition_from_dict(json.loads(version.definition_json))


def stored_definition(survey: Survey) -> SurveyDefinition:
    """The survey's current definition as written, its parameters ({council}) not filled in."""
    return version_definition(survey.current_version)


def editable_definition(survey: Survey) -> tuple[Definition, str]:
    """The current definition as a dict to change, and the content hash it was read at."""
    return editable(stored_definition(survey)), survey.current_version.content_hash


def save_definition(survey: Survey, data: Definition, base_hash: str, user: User | None) -> publishing.ImportResult:
    """Check `data` with the engine and store it as the survey's definition, as an import would.

    `base_hash` is the content hash the change was made on: when someone saved in between, the
    change is refused rather than undoing theirs. Raises EditRejected (the engine's problems) or
    DomainError.
    """
    if survey.current_version.content_hash != base_hash:
        raise DomainError(_l("Someone else saved a change to this survey meanwhile. Your change was not saved: "
                             "look at the survey as it is now and make it again."))
    definition = checked(data)
    result = publishing.store_definition(survey.council, definition, EDITOR_SOURCE, user, survey=survey)
    if result.outcome == "unchanged" and result.version.id != survey.current_version.id:
        raise DomainError(_l("This change would give back version %(number)s exactly, which has responses. "
                             "Change something else as well.", number=result.version.number))
    return result


def blank_definition(title: str, key: str) -> Definition:
    """A survey of one page with one question, the least the engine accepts, titled `title` (in Finnish)."""
    return {"key": key, "title": {"fi": title}, "pages": [
        {"key": "page_1", "title": {"fi": "Sivu 1", "sv": "Sida 1", "en": "Page 1"}, "questions": [
            {"key": "question_1", "type": "short_text",
             "label": {"fi": "Uusi kysymys", "sv": "Ny fråga", "en": "New question"}}]}]}


def start_blank(council: Council, title: str, user: User | None) -> publishing.ImportResult:
    """A new survey of the council with a blank definition titled `title`."""
    title = title.strip()
    if not title:
        raise DomainError(_l("Give the survey a name."), field="title")
    data = blank_definition(title, slug_key(title, set(), "survey").replace("_", "-"))
    return publishing.store_definition(council, checked(data), EDITOR_SOURCE, user)


def copyable_surveys(user: User) -> list[Survey]:
    """Surveys of every council the user manages, to start a new survey from a copy."""
    ids = council_ids_for(user, MANAGING_ROLES)
    return list(db.session.scalars(select(Survey).where(Survey.council_id.in_(ids), Survey.versions.any())
                                   .order_by(Survey.council_id, Survey.title)))


def start_copy(council: Council, source_id: int, user: User) -> publishing.ImportResult:
    """A new survey of the council with the current definition of survey `source_id`, which the user
    must manage (it may belong to another council they reach)."""
    source = db.session.get(Survey, source_id)
    if source is None or source.current_version is None or source.council_id not in council_ids_for(user, MANAGING_ROLES):
        raise DomainError(_l("Choose a survey to copy."), field="source")
    return publishing.store_definition(council, stored_definition(source), f"copy of {source.slug}"[:200], user)


def open_survey(survey: Survey, now: datetime, user: User | None) -> None:
    """Open the survey to answers from `now` (publish it); refused when it closes before then."""
    if survey.phase(now) == Phase.OPEN:
        raise DomainError(_l("The survey is already published and takes answers."))
    if survey.closes_at is not None and survey.closes_at <= now:
        raise DomainError(_l("The survey's closing time has passed. Change it in the settings first."))
    survey.opens_at = now
    db.session.flush()
    record("survey.publish", council=survey.council_id, target=survey, actor=user)


def apply_change(survey: Survey, base_hash: str, user: User | None, change, *args,
                 ) -> tuple[publishing.ImportResult, str | None]:
    """Make `change(definition dict, *args)` on the current definition and save the result.

    `change` is one of the functions of operations.py; it returns the changed dict, or the dict and
    the key of the part it added. Returns what the save did and that key (or None).
    Raises PartNotFound, EditRejected or DomainError.
    """
    data, _hash = editable_definition(survey)
    changed, new_key = change(data, *args), None
    if isinstance(changed, tuple):
        changed, new_key = changed
    return save_definition(survey, changed, base_hash, user), new_key
