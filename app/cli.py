"""Flask commands: demo data, staff users and the RQ worker."""

import getpass
import importlib

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from app.auth.accounts import create_user
from app.auth.passwords import MIN_PASSWORD_LENGTH
from app.errors import DomainError
from app.extensions import QUEUE_NAMES, db, redis_connection
from app.models import Council, Role
from app.scheduling import SweepingWorker, schedule_periodic_jobs


def init_cli(app: Flask) -> None:
    app.cli.add_command(demo_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(worker_command)
    from app.surveys.cli import surveys_cli

    app.cli.add_command(surveys_cli)


@click.group("demo", cls=AppGroup, help="Demo data.")
def demo_cli():
    pass


@demo_cli.command("load")
def demo_load():
    """Load the demo councils, associations and staff (safe to run again)."""
    from app.demo.loader import load_demo_data

    summary = load_demo_data()
    db.session.commit()
    click.echo(
        f"Demo data: {summary['councils']} councils, {summary['associations']} associations, "
        f"{summary['users']} users added."
    )


@click.group("users", cls=AppGroup, help="Staff users.")
def users_cli():
    pass


@users_cli.command("create")
@click.argument("email")
@click.option("--council", "council_slug", required=True, help="Slug of the council, e.g. kainuu.")
@click.option("--role", type=click.Choice(["admin", "secretary", "reviewer"]), default="admin")
@click.option("--name", default="")
@click.option("--password", help="Asked for when not given.")
def users_create(email, council_slug, role, name, password):
    """Create a staff user with a role in a council."""
    council = db.session.scalar(select(Council).where(Council.slug == council_slug))
    if council is None:
        raise click.ClickException(f"No council with the slug {council_slug!r}.")
    if password is None:
        password = getpass.getpass("Password: ")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.ClickException(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")
    try:
        create_user(email, password, name=name, memberships={council: Role(role)})
    except DomainError as error:
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    click.echo(f"Created {email} as {role} of {council_slug}.")


@click.command("worker")
@with_appcontext
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
def worker_command(burst):
    """Run an RQ worker with the scheduler on the default, mail and reports queues."""
    connection = redis_connection()
    schedule_periodic_jobs()
    # RQ forks a work horse for every job, and it inherits what is imported here: the report writers
    # (matplotlib with its fonts, fpdf2, XlsxWriter; about a second) load once, not for every report.
    importlib.import_module("app.reports.building.assemble")
    worker = SweepingWorker([*QUEUE_NAMES], connection=connection, name=None, takes_commands=not burst)
    current_app.logger.info("Worker listening on %s", ", ".join(QUEUE_NAMES))
    worker.work(with_scheduler=True, burst=burst)
