"""Publishing surveys: importing definition files into frozen versions, and a survey's settings.

A version is frozen once it has responses. Importing a changed file then adds a new version that
new responses use, while every response keeps the version it was started on; before the first
response the current version is simply replaced. An identical file changes nothing.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select

from app.audit.log import record
from app.errors import DomainError
from app.extensions import db
from app.models import AccessMode, Council, Response, Survey, SurveyVersion, User
from app.surveys.definitions import definition_for
from app.models import ResponseStatus
from surveys import (DefinitionError, DefinitionProblem, SurveyDefinition, canonical_json, content_hash,
                     load_file, load_text, missing_locales, text)

LIBRARY_DIR = Path(__file__).resolve().parents[2] / "surveys" / "library"
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_DEFINITION_BYTES = 1024 * 1024


class DefinitionRejected(DomainError):
    """The file is not a valid survey definition; `problems` lists every error found."""

    def __init__(self, problems: list[DefinitionProblem]):
        super().__init__(_l("The survey definition has errors. Nothing was imported."), field="definition")
        self.problems = problems


@dataclass
class ImportResult:
    """What an import did: created a survey, added or replaced a version, or found it unchanged."""

    survey: Survey
    version: SurveyVersion
    outcome: str  # "created", "new_version", "replaced" or "unchanged"
    missing_locales: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class LibraryDefinition:
    filename: str
    title: str


def library_definitions(locale: str = "fi") -> list[LibraryDefinition]:
    """The definitions shipped in surveys/library/, titled in the locale."""
    found = []
    for path in sorted(LIBRARY_DIR.glob("*.yaml")):
        try:
            title = text(load_file(path).title, locale)
        except DefinitionError:
            continue
        found.append(LibraryDefinition(path.name, title))
    return found


def read_library_definition(filename: str) -> str:
    """The text of a shipped definition; only names listed in the library are accepted."""
    allowed = {path.name: path for path in LIBRARY_DIR.glob("*.yaml")}
    if filename not in allowed:
        raise DomainError(_l("Choose a survey from the library."), field="library")
    return allowed[filename].read_text(encoding="utf-8")


def decode_definition_file(data: bytes) -> str:
    """The text of an uploaded definition file (UTF-8, with or without BOM)."""
    if len(data) > MAX_DEFINITION_BYTES:
        raise DomainError(_l("The file is too large: a survey definition is at most 1 MB."), field="definition")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(_l("Save the file as UTF-8 text and try again."), field="definition") from None


def parse_definition(source: str, filename: str) -> SurveyDefinition:
    """The validated definition; raises DefinitionRejected with every problem found."""
    try:
        return load_text(source, filename=filename)
    except DefinitionError as error:
        raise DefinitionRejected(list(error.errors)) from None


def _has_responses(version: SurveyVersion) -> bool:
    return bool(db.session.scalar(select(exists().where(Response.version_id == version.id))))


def _unique_slug(council: Council, wanted: str) -> str:
    taken = set(db.session.scalars(select(Survey.slug).where(Survey.council_id == council.id)))
    slug, number = wanted, 2
    while slug in taken:
        slug = f"{wanted}-{number}"
        number += 1
    return slug


def import_definition(council: Council, source: str, filename: str, user: User | None = None,
                      survey: Survey | None = None) -> ImportResult:
    """Import a definition file: a new survey, or (with `survey`) a new version of that survey.

    Raises DefinitionRejected when the file is invalid, and DomainError when it belongs to another
    survey (its `key` differs from the survey's current definition).
    """
    return store_definition(council, parse_definition(source, filename), filename, user, survey=survey)


def store_definition(council: Council, definition: SurveyDefinition, source_name: str, user: User | None = None,
                     survey: Survey | None = None) -> ImportResult:
    """Store a validated definition: a new survey, or (with `survey`) its changed current version.

    The one path for an imported file and for the editor's saves: the current version is replaced
    while it has no responses, and frozen once it has them, so that a change makes a new version.
    Raises DomainError when the definition belongs to another survey (its `key` differs).
    """
    filename = source_name
    digest = content_hash(definition)
    as_json = canonical_json(definition)
    title = text(definition.title, "fi")[:300]
    gaps = missing_locales(definition)

    if survey is None:
        survey = Survey(council_id=council.id, slug=_unique_slug(council, definition.key), title=title,
                        access_mode=AccessMode.INVITATIONS, created_by_id=user.id if user else None)
        version = SurveyVersion(number=1, definition_json=as_json, content_hash=digest, source_name=filename[:200])
        survey.versions.append(version)
        db.session.add(survey)
        db.session.flush()
        record("survey.create", council=council.id, target=survey, actor=user)
        return ImportResult(survey, version, "created", gaps)

    current = survey.current_version
    if current is not None:
        current_key = json_key(current)
        if current_key != definition.key:
            raise DomainError(_l("This file defines the survey '%(file_key)s', but this survey is "
                                 "'%(survey_key)s'. Import it as a new survey instead.",
                                 file_key=definition.key, survey_key=current_key), field="definition")
    same = next((v for v in survey.versions if v.content_hash == digest), None)
    if same is not None:
        return ImportResult(survey, same, "unchanged", gaps)

    survey.title = title
    if current is not None and not _has_responses(current):
        current.definition_json, current.content_hash = as_json, digest
        current.source_name = filename[:200]
        db.session.flush()
        record("survey.replace_version", council=survey.council_id, target=survey, actor=user)
        return ImportResult(survey, current, "replaced", gaps)

    number = (db.session.scalar(select(func.max(SurveyVersion.number)).where(SurveyVersion.survey_id == survey.id))
              or 0) + 1
    version = SurveyVersion(number=number, definition_json=as_json, content_hash=digest, source_name=filename[:200])
    survey.versions.append(version)
    db.session.flush()
    record("survey.new_version", council=survey.council_id, target=survey, actor=user)
    return ImportResult(survey, version, "new_version", gaps)


def json_key(version: SurveyVersion) -> str:
    """The definition key of a stored version."""
    return definition_for(version).key


def version_response_counts(survey: Survey) -> dict[int, int]:
    """Number of responses (drafts included) on each version, by version id."""
    rows = db.session.execute(
        select(Response.version_id, func.count(Response.id)).where(Response.survey_id == survey.id)
        .group_by(Response.version_id))
    return {version_id: count for version_id, count in rows}


@dataclass(frozen=True)
class SurveySettings:
    slug: str
    opens_at: datetime | None
    closes_at: datetime | None
    access_mode: AccessMode
    is_anonymous: bool
    allows_editing_after_submit: bool


def update_settings(survey: Survey, settings: SurveySettings, user: User | None = None) -> None:
    """Change a survey's address, times, access and anonymity; times are aware UTC datetimes.

    Raises DomainError for a taken or malformed slug, a closing time before the opening time,
    or an anonymous survey with responses being made non-anonymous.
    """
    slug = settings.slug.strip().lower()
    if not SLUG_PATTERN.match(slug) or len(slug) > 80:
        raise DomainError(_l("Use only lower-case letters a–z, digits and single hyphens."), field="slug")
    taken = db.session.scalar(select(exists().where(
        Survey.council_id == survey.council_id, Survey.slug == slug, Survey.id != survey.id)))
    if taken:
        raise DomainError(_l("Another survey of this council already uses this address."), field="slug")
    if settings.opens_at and settings.closes_at and settings.closes_at <= settings.opens_at:
        raise DomainError(_l("The closing time must be after the opening time."), field="closes_at")
    if settings.closes_at and not settings.opens_at:
        raise DomainError(_l("Set the opening time as well."), field="opens_at")
    if survey.is_anonymous and not settings.is_anonymous and _survey_has_responses(survey):
        # Respondents were promised anonymity when they answered: it cannot be withdrawn afterwards.
        raise DomainError(_l("The survey already has responses given anonymously, so it must stay anonymous."),
                          field="is_anonymous")
    survey.slug = slug
    survey.opens_at = settings.opens_at
    survey.closes_at = settings.closes_at
    survey.access_mode = settings.access_mode
    survey.is_anonymous = settings.is_anonymous
    survey.allows_editing_after_submit = settings.allows_editing_after_submit
    db.session.flush()
    record("survey.settings", council=survey.council_id, target=survey, actor=user)


def _survey_has_responses(survey: Survey) -> bool:
    return bool(db.session.scalar(select(exists().where(Response.survey_id == survey.id))))


def council_surveys(council: Council) -> list[tuple[Survey, int]]:
    """The council's surveys, newest first, with their number of submitted responses."""
    submitted = (select(Response.survey_id, func.count(Response.id).label("n"))
                 .where(Response.status == ResponseStatus.SUBMITTED).group_by(Response.survey_id).subquery())
    rows = db.session.execute(
        select(Survey, func.coalesce(submitted.c.n, 0)).outerjoin(submitted, submitted.c.survey_id == Survey.id)
        .where(Survey.council_id == council.id).order_by(Survey.created_at.desc(), Survey.id.desc()))
    return [(survey, count) for survey, count in rows]
