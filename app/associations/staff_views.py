"""Staff pages of the association register: list and search, add, edit, archive, import and export."""

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.associations import exporting, importing, register
from app.associations.labels import sector_choices, sector_label, sector_labels_in_every_language
from app.associations.tables import read_table
from app.errors import DomainError
from app.extensions import db
from app.i18n import current_language
from app.reference.municipalities import municipality_name
from app.staff.access import MANAGING_ROLES, require_council
from forms.associations import AssociationForm, ConfirmForm, ConfirmImportForm, ImportForm, RegisterSearchForm

staff_bp = Blueprint("associations_staff", __name__, url_prefix="/staff/<council_slug>/associations")

PAGE_SIZE = 50


@staff_bp.before_request
@login_required
def _require_sign_in():
    return None


@staff_bp.context_processor
def _labels():
    language = current_language()
    return {"sector_label": sector_label,
            "municipality_label": lambda code: municipality_name(code, language)}


def _municipality_choices(council) -> list[tuple[str, str]]:
    language = current_language()
    return sorted(((code, municipality_name(code, language)) for code in council.municipality_codes),
                  key=lambda pair: pair[1])


def _association_form(council, **kwargs) -> AssociationForm:
    return AssociationForm(municipalities=_municipality_choices(council), sectors=sector_choices(), **kwargs)


def _search(council) -> tuple[RegisterSearchForm, register.RegisterSearch]:
    form = RegisterSearchForm(request.args, municipalities=_municipality_choices(council), sectors=sector_choices())
    form.validate()
    search = register.RegisterSearch(query=(form.q.data or "")[:100], municipality_code=form.municipality.data or "",
                                     sector=form.sector.data or "", include_archived=bool(form.archived.data))
    return form, search


def _load(council_slug: str, association_id: int):
    council = require_council(council_slug, MANAGING_ROLES)
    association = register.get_association(council, association_id)
    if association is None:
        abort(404)
    return council, association


def _put_error(form, error: DomainError) -> None:
    # str(): a lazy message counts as safe HTML in Jinja, and some quote the uploaded file.
    message = str(error.message)
    target = getattr(form, error.field, None) if error.field else None
    if target is None:
        form.form_errors.append(message)
    else:
        target.errors = [*target.errors, message]


@staff_bp.route("/")
def index(council_slug: str):
    """The council's register: search, one page of associations, links to add, import and export."""
    council = require_council(council_slug, MANAGING_ROLES)
    form, search = _search(council)
    page = max(request.args.get("page", 1, type=int), 1)
    associations, total = register.search_associations(council, search, limit=PAGE_SIZE,
                                                       offset=(page - 1) * PAGE_SIZE)
    filters = {name: value for name, value in (
        ("q", search.query), ("municipality", search.municipality_code), ("sector", search.sector),
        ("archived", "y" if search.include_archived else "")) if value}
    return render_template("associations/index.html", council=council, form=form, associations=associations,
                           total=total, page=page, pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
                           filters=filters)


@staff_bp.route("/new", methods=["GET", "POST"])
def new(council_slug: str):
    """Add an association to the register."""
    council = require_council(council_slug, MANAGING_ROLES)
    form = _association_form(council)
    if form.validate_on_submit():
        try:
            association = register.create_association(council, form.values(), current_user.id)
        except DomainError as error:
            db.session.rollback()
            _put_error(form, error)
        else:
            db.session.commit()
            flash(_("%(name)s was added to the register.", name=association.name), "success")
            return redirect(url_for(".index", council_slug=council.slug))
    return render_template("associations/form.html", council=council, form=form,
                           association=None), 400 if form.errors or form.form_errors else 200


@staff_bp.route("/<int:association_id>/", methods=["GET", "POST"])
def edit(council_slug: str, association_id: int):
    """Change an association's details; archive or restore it."""
    council, association = _load(council_slug, association_id)
    form = _association_form(council, obj=association if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            register.update_association(council, association, form.values(), current_user.id)
        except DomainError as error:
            db.session.rollback()
            _put_error(form, error)
        else:
            db.session.commit()
            flash(_("The details of %(name)s were saved.", name=association.name), "success")
            return redirect(url_for(".index", council_slug=council.slug))
    return render_template("associations/form.html", council=council, form=form, association=association,
                           confirm=ConfirmForm()), 400 if form.errors or form.form_errors else 200


@staff_bp.route("/<int:association_id>/archive", methods=["POST"])
def archive(council_slug: str, association_id: int):
    """Archive an association: it leaves the list and survey invitations but is kept."""
    council, association = _load(council_slug, association_id)
    if ConfirmForm().validate_on_submit():
        register.archive_association(council, association, current_user.id)
        db.session.commit()
        flash(_("%(name)s was archived. You can restore it from the list of archived associations.",
                name=association.name), "success")
    return redirect(url_for(".index", council_slug=council.slug))


@staff_bp.route("/<int:association_id>/restore", methods=["POST"])
def restore(council_slug: str, association_id: int):
    """Bring an archived association back to the register."""
    council, association = _load(council_slug, association_id)
    if ConfirmForm().validate_on_submit():
        register.restore_association(council, association, current_user.id)
        db.session.commit()
        flash(_("%(name)s was restored to the register.", name=association.name), "success")
    return redirect(url_for(".edit", council_slug=council.slug, association_id=association.id))


@staff_bp.route("/import", methods=["GET", "POST"])
def import_file(council_slug: str):
    """Upload a CSV or XLSX file and see a preview of what importing it would change."""
    council = require_council(council_slug, MANAGING_ROLES)
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            table = read_table(upload.filename or "", upload.read())
            parsed = importing.parse_table(table, set(council.municipality_codes), sector_labels_in_every_language(),
                                           current_language())
            plan = importing.plan_import(council, parsed.rows, parsed.fields)
        except DomainError as error:
            _put_error(form, error)
        else:
            errors = sorted(parsed.errors + plan.errors, key=lambda error: error.row)
            token = None
            if not errors:
                token = importing.save_pending_import(current_app.config["INSTANCE_DIR"], council.id,
                                                      current_user.id, parsed)
            return render_template("associations/import_preview.html", council=council, plan=plan, errors=errors,
                                   invalid_rows=len({error.row for error in errors}), parsed=parsed,
                                   ignored_columns=parsed.ignored_columns, filename=upload.filename,
                                   confirm=ConfirmImportForm(token=token), form=ImportForm(formdata=None))
    return render_template("associations/import.html", council=council,
                           form=form), 400 if form.errors or form.form_errors else 200


@staff_bp.route("/import/template.<file_format>")
def import_template(council_slug: str, file_format: str):
    """Download an empty register file with the column headers in the user's language."""
    council = require_council(council_slug, MANAGING_ROLES)
    if file_format not in exporting.EXPORT_FORMATS:
        abort(404)
    language = current_language()
    filename = f"{council.slug}-register-template-{language}.{file_format}"
    return Response(exporting.register_template(language, file_format), mimetype=exporting.EXPORT_FORMATS[file_format],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@staff_bp.route("/import/confirm", methods=["POST"])
def confirm_import(council_slug: str):
    """Store every row of the previewed file, or none of them."""
    council = require_council(council_slug, MANAGING_ROLES)
    confirm, form = ConfirmImportForm(), ImportForm(formdata=None)
    if confirm.validate_on_submit():
        instance_dir = current_app.config["INSTANCE_DIR"]
        try:
            rows, fields, counts = importing.load_pending_import(instance_dir, confirm.token.data, council.id,
                                                                 current_user.id)
            plan = importing.apply_import(council, rows, fields, current_user.id)
        except DomainError as error:
            db.session.rollback()
            _put_error(form, error)
        else:
            db.session.commit()
            importing.discard_pending_import(instance_dir, confirm.token.data)
            flash(_("The file was imported: %(new)s new, %(updated)s updated and %(unchanged)s unchanged associations.",
                    new=len(plan.new), updated=len(plan.updated), unchanged=len(plan.unchanged)), "success")
            flash(_("Rows read: %(read)s. Empty rows skipped: %(blank)s.", read=counts["read"], blank=counts["blank"]),
                  "success")
            return redirect(url_for(".index", council_slug=council.slug))
    else:
        form.form_errors.append(_("The preview has expired. Upload the file again."))
    return render_template("associations/import.html", council=council, form=form), 400


@staff_bp.route("/export.<file_format>")
def export(council_slug: str, file_format: str):
    """Download the associations the search finds (all pages) as CSV or XLSX."""
    council = require_council(council_slug, MANAGING_ROLES)
    if file_format not in exporting.EXPORT_FORMATS:
        abort(404)
    _form, search = _search(council)
    associations, _total = register.search_associations(council, search)
    data = exporting.export_register(council, associations, current_language(), file_format, current_user.id)
    db.session.commit()
    filename = f"{council.slug}-associations.{file_format}"
    return Response(data, mimetype=exporting.EXPORT_FORMATS[file_format],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "no-store"})
