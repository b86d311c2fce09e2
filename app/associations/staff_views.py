"""Staff pages of the association register: list and search, add, edit, archive, import and export."""

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.associations import exporting, importing, register
from app.associations.labels import sector_choices, sector_label, sector_labels_in_every_language
from app.associations.tables import read_table
from app.errors import DomainError
from app.extensions import db
from app.form_errors import show_domain_error
from app.i18n import current_language
from app.models import Association
from app.reference.municipalities import municipality_choices, municipality_name
from app.staff.access import MANAGING_ROLES, StaffBlueprint, get_for_council
from app.staff.pagination import requested_page
from forms.associations import AssociationForm, ConfirmForm, ConfirmImportForm, ImportForm, RegisterSearchForm

staff_bp = StaffBlueprint("associations_staff", __name__, url_prefix="/staff/<council_slug>/associations")


@staff_bp.context_processor
def _labels():
    language = current_language()
    return {"sector_label": sector_label,
            "municipality_label": lambda code: municipality_name(code, language)}


def _municipality_choices(council) -> list[tuple[str, str]]:
    return municipality_choices(council.municipality_codes, current_language())


def _association_form(council, **kwargs) -> AssociationForm:
    return AssociationForm(municipalities=_municipality_choices(council), sectors=sector_choices(), **kwargs)


def _search(council) -> tuple[RegisterSearchForm, register.RegisterSearch]:
    form = RegisterSearchForm(request.args, municipalities=_municipality_choices(council), sectors=sector_choices())
    form.validate()
    search = register.RegisterSearch(query=(form.q.data or "")[:100], municipality_code=form.municipality.data or "",
                                     sector=form.sector.data or "", include_archived=bool(form.archived.data))
    return form, search


@staff_bp.route("/", roles=MANAGING_ROLES)
def index(council):
    """The council's register: search, one page of associations, links to add, import and export."""
    form, search = _search(council)
    page = requested_page()
    associations, total = register.search_associations(council, search, limit=page.limit, offset=page.offset)
    filters = {name: value for name, value in (
        ("q", search.query), ("municipality", search.municipality_code), ("sector", search.sector),
        ("archived", "y" if search.include_archived else "")) if value}
    return render_template("associations/index.html", council=council, form=form, associations=associations,
                           filters=filters, **page.context(total))


@staff_bp.route("/new", methods=["GET", "POST"], roles=MANAGING_ROLES)
def new(council):
    """Add an association to the register."""
    form = _association_form(council)
    if form.validate_on_submit():
        try:
            association = register.create_association(council, form.values(), current_user.id)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("%(name)s was added to the register.", name=association.name), "success")
            return redirect(url_for(".index", council_slug=council.slug))
    return render_template("associations/form.html", council=council, form=form,
                           association=None), 400 if form.errors or form.form_errors else 200


@staff_bp.route("/<int:association_id>/", methods=["GET", "POST"], roles=MANAGING_ROLES)
def edit(council, association_id: int):
    """Change an association's details; archive or restore it."""
    association = get_for_council(Association, association_id, council)
    form = _association_form(council, obj=association if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            register.update_association(council, association, form.values(), current_user.id)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("The details of %(name)s were saved.", name=association.name), "success")
            return redirect(url_for(".index", council_slug=council.slug))
    return render_template("associations/form.html", council=council, form=form, association=association,
                           confirm=ConfirmForm()), 400 if form.errors or form.form_errors else 200


@staff_bp.route("/<int:association_id>/archive", methods=["POST"], roles=MANAGING_ROLES)
def archive(council, association_id: int):
    """Archive an association: it leaves the list and survey invitations but is kept."""
    association = get_for_council(Association, association_id, council)
    if ConfirmForm().validate_on_submit():
        register.archive_association(council, association, current_user.id)
        db.session.commit()
        flash(_("%(name)s was archived. You can restore it from the list of archived associations.",
                name=association.name), "success")
    return redirect(url_for(".index", council_slug=council.slug))


@staff_bp.route("/<int:association_id>/restore", methods=["POST"], roles=MANAGING_ROLES)
def restore(council, association_id: int):
    """Bring an archived association back to the register."""
    association = get_for_council(Association, association_id, council)
    if ConfirmForm().validate_on_submit():
        register.restore_association(council, association, current_user.id)
        db.session.commit()
        flash(_("%(name)s was restored to the register.", name=association.name), "success")
    return redirect(url_for(".edit", council_slug=council.slug, association_id=association.id))


@staff_bp.route("/import", methods=["GET", "POST"], roles=MANAGING_ROLES)
def import_file(council):
    """Upload a CSV or XLSX file and see a preview of what importing it would change."""
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            table = read_table(upload.filename or "", upload.read())
            parsed = importing.parse_table(table, set(council.municipality_codes), sector_labels_in_every_language(),
                                           current_language())
            plan = importing.plan_import(council, parsed.rows, parsed.fields)
        except DomainError as error:
            show_domain_error(form, error)
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


@staff_bp.route("/import/template.<file_format>", roles=MANAGING_ROLES)
def import_template(council, file_format: str):
    """Download an empty register file with the column headers in the user's language."""
    if file_format not in exporting.EXPORT_FORMATS:
        abort(404)
    language = current_language()
    filename = f"{council.slug}-register-template-{language}.{file_format}"
    return Response(exporting.register_template(language, file_format), mimetype=exporting.EXPORT_FORMATS[file_format],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@staff_bp.route("/import/confirm", methods=["POST"], roles=MANAGING_ROLES)
def confirm_import(council):
    """Store every row of the previewed file, or none of them."""
    confirm, form = ConfirmImportForm(), ImportForm(formdata=None)
    if confirm.validate_on_submit():
        instance_dir = current_app.config["INSTANCE_DIR"]
        try:
            rows, fields, counts = importing.load_pending_import(instance_dir, confirm.token.data, council.id,
                                                                 current_user.id)
            plan = importing.apply_import(council, rows, fields, current_user.id)
        except DomainError as error:
            show_domain_error(form, error)
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


@staff_bp.route("/export.<file_format>", roles=MANAGING_ROLES)
def export(council, file_format: str):
    """Download the associations the search finds (all pages) as CSV or XLSX."""
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
