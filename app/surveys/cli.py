"""`flask surveys ...`: import a survey definition file for a council from the command line."""

from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.errors import DomainError
from app.extensions import db
from app.models import Council, Survey
from app.surveys.publishing import DefinitionRejected, import_definition, parse_definition

surveys_cli = AppGroup("surveys", help="Surveys.")

_OUTCOMES = {
    "created": "Created survey {slug} (id {id}), version {number}. Set its times in the staff pages to publish it.",
    "new_version": "Survey {slug}: created version {number}; new responses use it, earlier ones keep theirs.",
    "replaced": "Survey {slug}: version {number} had no responses and was replaced.",
    "unchanged": "Survey {slug}: the file is identical to version {number}; nothing was changed.",
}


@surveys_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--council", "council_slug", required=True, help="Slug of the council.")
@click.option("--survey", "survey_slug", help="Add a version to this survey (default: the survey whose "
                                              "address is the definition's key, if there is one).")
def import_command(path: Path, council_slug: str, survey_slug: str | None):
    """Import a survey definition (YAML or JSON) as a new survey or a new version."""
    council = db.session.scalar(select(Council).where(Council.slug == council_slug))
    if council is None:
        raise click.ClickException(f"No council with the slug {council_slug!r}.")
    source = path.read_text(encoding="utf-8-sig")
    try:
        key = survey_slug or parse_definition(source, path.name).key
        survey = db.session.scalar(select(Survey).where(Survey.council_id == council.id, Survey.slug == key))
        if survey_slug and survey is None:
            raise click.ClickException(f"The council has no survey {survey_slug!r}.")
        result = import_definition(council, source, path.name, survey=survey)
    except DefinitionRejected as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"{len(error.problems)} problem(s) in {path.name}; nothing was imported.") from None
    except DomainError as error:
        raise click.ClickException(str(error.message)) from None
    db.session.commit()
    click.echo(_OUTCOMES[result.outcome].format(slug=result.survey.slug, id=result.survey.id,
                                                number=result.version.number))
