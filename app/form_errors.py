"""Showing a DomainError on the form whose input broke the rule."""

from flask_wtf import FlaskForm

from app.errors import DomainError
from app.extensions import db


def show_domain_error(form: FlaskForm, error: DomainError) -> None:
    """Roll back the request's changes and put the error beside its field, or in the form's error
    summary when it names no field (or one the form does not have).

    The form keeps what was typed: render it again, with status 400 (``form.errors`` is not empty).
    """
    db.session.rollback()
    # str(): a lazy message counts as safe HTML in Jinja, and some messages quote the user's input.
    message = str(error.message)
    field = form._fields.get(error.field) if error.field else None
    if field is None:
        form.form_errors.append(message)
    else:
        field.errors = [*field.errors, message]
