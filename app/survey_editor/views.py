"""Staff pages of the survey editor: the survey's pages and questions, one form per question, publishing,
starting a survey, YAML export and what changed between versions."""

import yaml
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import DomainError
from app.extensions import db
from app.form_errors import show_domain_error
from app.i18n import current_language, definition_problem_text
from app.models import Survey
from app.models.base import utcnow
from app.staff.access import MANAGING_ROLES, StaffBlueprint, get_for_council
from app.survey_editor import operations as ops
from app.survey_editor import pickers, saving
from app.survey_editor.comparing import compare_versions
from app.survey_editor.question_fields import (CHOICE_OPERATORS, CONDITION_ROWS, OPERATORS, ORDERED_OPERATORS,
                                               SPARE_ROWS, TYPE_LABELS, FormRows, filled_rows, moved_row,
                                               page_fields, page_from_form,
                                               problems_by_field, question_fields, question_from_form,
                                               setting_kind, settings_of)
from app.surveys import publishing
from forms.survey_editor import EditForm, PublishForm, StartBlankForm, StartCopyForm
from surveys import LOCALES, QUESTION_TYPES, text, to_canonical

editor_bp = StaffBlueprint("survey_editor", __name__, url_prefix="/staff/<council_slug>/surveys")


def _survey(council, survey_id: int) -> Survey:
    return get_for_council(Survey, survey_id, council, Survey.versions.any())


def _editor_url(survey: Survey, endpoint: str = "overview", **values) -> str:
    return url_for(f"survey_editor.{endpoint}", council_slug=survey.council.slug, survey_id=survey.id, **values)


def _flash_saved(result: publishing.ImportResult) -> None:
    if result.outcome == "new_version":
        flash(_("Saved as version %(number)s, because the previous version has responses. New responses use the "
                "new version; earlier responses keep theirs.", number=result.version.number), "success")
    elif result.outcome == "unchanged":
        flash(_("Nothing was changed."), "success")
    else:
        flash(_("The change was saved."), "success")


def _values(form) -> dict:
    """What was posted, kept to show the form again: lists for the condition's values."""
    return {name: (form.getlist(name) if name.endswith("-value") and name.startswith("show_if-") else form.get(name))
            for name in form}


def _preview_language() -> str:
    """The language of the page preview beside a page's or question's form: ?language=, else the staff pages' own."""
    chosen = request.args.get("language")
    return chosen if chosen in LOCALES else current_language()


def _render(template: str, council, survey, definition, **context):
    return render_template(f"survey_editor/{template}", council=council, survey=survey, definition=definition,
                           title=text(definition.title, current_language()), phase=survey.phase(utcnow()),
                           locales=LOCALES, preview_language=_preview_language(), **context)


def _save(survey, form: EditForm, change, *args):
    """Apply `change` and commit; returns (result, key of a part added or None, None), or
    (None, None, the EditRejected or DomainError)."""
    try:
        result, new_key = saving.apply_change(survey, form.base.data or "", current_user, change, *args)
    except ops.PartNotFound:
        db.session.rollback()
        abort(404)
    except DomainError as error:
        db.session.rollback()
        return None, None, error
    db.session.commit()
    return result, new_key, None


def _flash_refused(error: DomainError) -> None:
    flash(str(error.message), "error")
    for problem in getattr(error, "problems", [])[:10]:
        flash(f"{problem.path}: {definition_problem_text(problem)}", "error")


@editor_bp.route("/<int:survey_id>/editor/", roles=MANAGING_ROLES)
def overview(council, survey_id: int):
    """The survey's pages and their questions, with buttons to add, move, edit and delete them."""
    survey = _survey(council, survey_id)
    definition = saving.stored_definition(survey)
    counts, by_question, by_page = pickers.missing_by_part(definition)
    return _render("overview.html", council, survey, definition, form=EditForm(base=survey.current_version.content_hash),
                   missing_counts=counts, missing_by_question=by_question, missing_by_page=by_page,
                   types=[(name, str(TYPE_LABELS.get(name, name))) for name in QUESTION_TYPES],
                   type_labels=TYPE_LABELS, language=current_language())


@editor_bp.route("/<int:survey_id>/editor/survey", methods=["GET", "POST"], roles=MANAGING_ROLES)
def survey_texts(council, survey_id: int):
    """The survey's title and description in each language."""
    survey = _survey(council, survey_id)
    definition = saving.stored_definition(survey)
    data = to_canonical(definition)
    values = {f"{name}-{loc}": (data.get(name) or {}).get(loc, "") for name in ("title", "description") for loc in LOCALES}
    form, errors, summary = EditForm(base=survey.current_version.content_hash), {}, []
    if form.validate_on_submit():
        values = _values(request.form)
        texts = page_from_form(request.form)
        result, _key, error = _save(survey, form, ops.update_survey_texts, texts)
        if result is not None:
            _flash_saved(result)
            return redirect(_editor_url(survey))
        errors, summary = _placed(error, ())
    return _render("survey.html", council, survey, definition, form=form, values=values, errors=errors,
                   summary=summary), 400 if errors or summary else 200


def _placed(error: DomainError, prefix: tuple, rows=None) -> tuple[dict, list]:
    """The error's problems by field (below `prefix`), and the rest for the summary at the top."""
    if not isinstance(error, ops.EditRejected):
        return {}, [str(error.message)]
    by_field, others = problems_by_field(error.problems, error.prefix or prefix, rows)
    return by_field, [str(error.message), *others]


@editor_bp.route("/<int:survey_id>/editor/pages/new", methods=["POST"], roles=MANAGING_ROLES)
def add_page(council, survey_id: int):
    """Add a page at the end, with one question to edit."""
    survey = _survey(council, survey_id)
    form = EditForm()
    if not form.validate_on_submit():
        abort(400)
    result, new_key, error = _save(survey, form, ops.add_page)
    if error is not None:
        _flash_refused(error)
        return redirect(_editor_url(survey))
    _flash_saved(result)
    return redirect(_editor_url(survey, "page", page_key=new_key))


def _condition_context(definition, *, question_key=None, page_key=None) -> dict:
    return {"pickable": pickers.earlier_questions(definition, question_key=question_key, page_key=page_key,
                                                  locale=current_language(), yes=_("Yes"), no=_("No")),
            "operators": {"": OPERATORS, "number": ORDERED_OPERATORS, "date": ORDERED_OPERATORS,
                          "choice": CHOICE_OPERATORS},
            "condition_rows": CONDITION_ROWS}


@editor_bp.route("/<int:survey_id>/editor/pages/<page_key>", methods=["GET", "POST"], roles=MANAGING_ROLES)
def page(council, survey_id: int, page_key: str):
    """A page's key, title, description and show_if condition."""
    survey = _survey(council, survey_id)
    definition = saving.stored_definition(survey)
    data = to_canonical(definition)
    try:
        index = ops.page_index(data, page_key)
    except ops.PartNotFound:
        abort(404)
    form, errors, summary = EditForm(base=survey.current_version.content_hash), {}, []
    values = page_fields(data["pages"][index])
    if form.validate_on_submit():
        values = _values(request.form)
        rows = FormRows()
        result, _key, error = _save(survey, form, ops.update_page, page_key, page_from_form(request.form, rows))
        if result is not None:
            _flash_saved(result)
            return redirect(_editor_url(survey, _anchor=f"page-{values.get('key') or page_key}"))
        errors, summary = _placed(error, ("pages", index), rows)
    return _render("page.html", council, survey, definition, form=form, values=values, errors=errors, summary=summary,
                   page=definition.pages[index], **_condition_context(definition, page_key=page_key)), \
        400 if errors or summary else 200


def _move(council, survey_id: int, change, key: str, anchor: str):
    survey = _survey(council, survey_id)
    form = EditForm()
    if not form.validate_on_submit():
        abort(400)
    offset = -1 if request.form.get("direction") == "up" else 1
    if change is ops.move_question and request.form.get("to_page") and request.form.get("to_index", "").isdigit():
        # Dropped by dragging (static/js/survey_editor.js): the page and place it was dropped at.
        result, _key, error = _save(survey, form, ops.place_question, key, request.form["to_page"],
                              int(request.form["to_index"]))
    else:
        result, _key, error = _save(survey, form, change, key, offset)
    if error is not None:
        _flash_refused(error)
    elif result.outcome == "new_version":
        _flash_saved(result)
    else:
        flash(_("Moved."), "success")
    return redirect(_editor_url(survey, _anchor=anchor))


@editor_bp.route("/<int:survey_id>/editor/pages/<page_key>/move", methods=["POST"], roles=MANAGING_ROLES)
def move_page(council, survey_id: int, page_key: str):
    """Move a page up or down."""
    return _move(council, survey_id, ops.move_page, page_key, f"page-{page_key}")


@editor_bp.route("/<int:survey_id>/editor/questions/<question_key>/move", methods=["POST"], roles=MANAGING_ROLES)
def move_question(council, survey_id: int, question_key: str):
    """Move a question up or down (past the top or bottom of its page onto the next page)."""
    return _move(council, survey_id, ops.move_question, question_key, f"question-{question_key}")


def _delete(council, survey_id: int, key: str, kind: str):
    survey = _survey(council, survey_id)
    definition = saving.stored_definition(survey)
    try:
        part = definition.page(key) if kind == "page" else definition.question(key)
    except KeyError:
        abort(404)
    form = EditForm(base=survey.current_version.content_hash)
    if form.validate_on_submit():
        result, _key, error = _save(survey, form, ops.delete_page if kind == "page" else ops.delete_question, key)
        if error is None:
            if result.outcome == "new_version":
                _flash_saved(result)
            else:
                flash(_("Deleted."), "success")
            return redirect(_editor_url(survey))
        _flash_refused(error)
    label = text(part.title if kind == "page" else (part.label or part.body), current_language())
    return _render("delete.html", council, survey, definition, form=form, kind=kind, key=key, label=label)


@editor_bp.route("/<int:survey_id>/editor/pages/<page_key>/delete", methods=["GET", "POST"], roles=MANAGING_ROLES)
def delete_page(council, survey_id: int, page_key: str):
    """Ask, then delete a page and its questions."""
    return _delete(council, survey_id, page_key, "page")


@editor_bp.route("/<int:survey_id>/editor/questions/<question_key>/delete", methods=["GET", "POST"],
                 roles=MANAGING_ROLES)
def delete_question(council, survey_id: int, question_key: str):
    """Ask, then delete a question."""
    return _delete(council, survey_id, question_key, "question")


@editor_bp.route("/<int:survey_id>/editor/pages/<page_key>/questions/new", methods=["POST"], roles=MANAGING_ROLES)
def add_question(council, survey_id: int, page_key: str):
    """Add a question of the chosen type at the end of a page, then open its form."""
    survey = _survey(council, survey_id)
    form = EditForm()
    if not form.validate_on_submit():
        abort(400)
    result, new_key, error = _save(survey, form, ops.add_question, page_key, request.form.get("type", ""))
    if error is not None:
        _flash_refused(error)
        return redirect(_editor_url(survey, _anchor=f"page-{page_key}"))
    _flash_saved(result)
    return redirect(_editor_url(survey, "question", question_key=new_key))


@editor_bp.route("/<int:survey_id>/editor/questions/<question_key>", methods=["GET", "POST"], roles=MANAGING_ROLES)
def question(council, survey_id: int, question_key: str):
    """One question: its texts in fi, sv and en side by side, its settings, options, condition and page."""
    survey = _survey(council, survey_id)
    definition = saving.stored_definition(survey)
    data = to_canonical(definition)
    try:
        p, q = ops.question_place(data, question_key)
    except ops.PartNotFound:
        abort(404)
    current = data["pages"][p]["questions"][q]
    type_name = current["type"]
    form, errors, summary = EditForm(base=survey.current_version.content_hash), {}, []
    values = question_fields(current)
    values["page"] = data["pages"][p]["key"]
    if form.validate_on_submit():
        # An option's or row's move button saves the form with that item moved: what was typed is kept.
        posted, moved_to = moved_row(request.form, request.form.get("move", ""))
        values = _values(posted)
        changed, rows = question_from_form(type_name, posted)
        result, _key, error = _save(survey, form, ops.update_question, question_key, changed,
                              posted.get("page") or None)
        if result is not None and moved_to is not None:
            if result.outcome == "new_version":
                _flash_saved(result)
            else:
                flash(_("Moved."), "success")
            return redirect(_editor_url(survey, "question", question_key=changed["key"], _anchor=f"{moved_to}-row"))
        if result is not None:
            _flash_saved(result)
            return redirect(_editor_url(survey, _anchor=f"question-{changed['key']}"))
        errors, summary = _placed(error, ("pages", p, "questions", q), rows)
    _counts, by_question, _pages = pickers.missing_by_part(definition)
    settings = settings_of(type_name)
    lists = {name: max([int(k.split("-")[1]) + 1 for k in values if k.startswith(f"{name}-")] or [0]) + SPARE_ROWS
             for name in ("options", "rows", "scale")}
    return _render("question.html", council, survey, definition, form=form, values=values, errors=errors,
                   summary=summary, question=definition.question(question_key), type_name=type_name,
                   type_label=TYPE_LABELS.get(type_name, type_name),
                   settings=settings, setting_kind=setting_kind, list_rows=lists,
                   filled={name: filled_rows(values, name) for name in ("options", "rows")},
                   choices={name: [(value, value) for value in pickers.setting_choices(definition, name, question_key)]
                            for name in settings if setting_kind(name) == "choice"},
                   page_choices=[(p.key, text(p.title, current_language())) for p in definition.pages],
                   missing=by_question.get(question_key, set()), page=definition.pages[p],
                   **_condition_context(definition, question_key=question_key)), 400 if errors or summary else 200


@editor_bp.route("/<int:survey_id>/editor/publish", methods=["GET", "POST"], roles=MANAGING_ROLES)
def publish(council, survey_id: int):
    """Open the survey to answers now; asks for confirmation when a text lacks a language."""
    survey = _survey(council, survey_id)
    definition = saving.stored_definition(survey)
    counts, _questions, _pages = pickers.missing_by_part(definition)
    missing = {locale: count for locale, count in counts.items() if count}
    form = PublishForm()
    if form.validate_on_submit():
        if missing and not form.missing_confirmed.data:
            form.missing_confirmed.errors = [_("Some texts have no translation. Tick the box to publish anyway.")]
        else:
            try:
                saving.open_survey(survey, utcnow(), current_user)
            except DomainError as error:
                show_domain_error(form, error)
            else:
                db.session.commit()
                flash(_("The survey is published: it takes answers now."), "success")
                return redirect(url_for("surveys_staff.detail", council_slug=council.slug, survey_id=survey.id))
    return _render("publish.html", council, survey, definition, form=form, missing=missing), \
        400 if form.errors else 200


@editor_bp.route("/<int:survey_id>/editor/export.yaml", roles=MANAGING_ROLES)
def export_yaml(council, survey_id: int):
    """The current definition as a YAML file that imports back to the same definition."""
    survey = _survey(council, survey_id)
    body = yaml.safe_dump(to_canonical(saving.stored_definition(survey)), allow_unicode=True, sort_keys=False,
                          width=120)
    response = Response(body, mimetype="application/yaml; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{survey.slug}.yaml"'
    return response


@editor_bp.route("/start", methods=["GET", "POST"], roles=MANAGING_ROLES)
def start(council):
    """Start a survey: from a blank one, by copying a survey, or (on the import page) from the library or a file."""
    blank, copy = StartBlankForm(prefix="blank"), StartCopyForm(prefix="copy")
    copy.source.choices = [(s.id, f"{s.council.name(current_language())}: {s.title}")
                           for s in saving.copyable_surveys(current_user)]
    chosen = request.form.get("start") if request.method == "POST" else None
    form = blank if chosen == "blank" else copy
    if chosen in ("blank", "copy") and form.validate_on_submit():
        try:
            if chosen == "blank":
                result = saving.start_blank(council, blank.title.data or "", current_user)
            else:
                result = saving.start_copy(council, copy.source.data or 0, current_user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("The survey was created. Write its pages and questions here."), "success")
            return redirect(_editor_url(result.survey))
    errors = blank.errors or copy.errors
    return render_template("survey_editor/start.html", council=council, blank=blank, copy=copy), 400 if errors else 200


@editor_bp.route("/<int:survey_id>/versions/compare", roles=MANAGING_ROLES)
def compare(council, survey_id: int):
    """What changed between two versions, and how many responses each has."""
    survey = get_for_council(Survey, survey_id, council, Survey.versions.any())
    numbers = [v.number for v in survey.versions]
    new_number = request.args.get("to", type=int) or max(numbers)
    old_number = request.args.get("from", type=int) or max([n for n in numbers if n < new_number] or [new_number])
    by_number = {v.number: v for v in survey.versions}
    if old_number not in by_number or new_number not in by_number:
        abort(404)
    old, new = (saving.version_definition(by_number[n]) for n in (old_number, new_number))
    return render_template("survey_editor/compare.html", council=council, survey=survey,
                           title=text(new.title, current_language()), phase=survey.phase(utcnow()),
                           changes=compare_versions(old, new), old_number=old_number, new_number=new_number,
                           numbers=sorted(numbers), response_counts=publishing.version_response_counts(survey),
                           versions=sorted(survey.versions, key=lambda v: v.number))

