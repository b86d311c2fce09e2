"""Staff pages of the council's public page: its texts and contact details, and its lists of members,
association agents, working groups and links (add, change, remove, move up or down, all without JavaScript)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.associations.labels import sector_choices, sector_label
from app.councils.page_editing import (PARTS, PagePart, add_entry, member_choices, move_entry, part_entries,
                                       remove_entry, update_entry, update_page_texts)
from app.councils.page_labels import GROUP_KIND_LABELS, PART_TITLES, group_kind_choices, role_choices, role_label
from app.errors import DomainError
from app.extensions import db
from app.form_errors import show_domain_error
from app.i18n import current_language
from app.reference.municipalities import municipality_choices, municipality_name
from app.staff.access import MANAGING_ROLES, StaffBlueprint, get_for_council
from forms.council_pages import AgentForm, ConfirmForm, CouncilPageForm, GroupForm, LinkForm, MemberForm, MoveForm

staff_bp = StaffBlueprint("council_page_staff", __name__, url_prefix="/staff/<council_slug>/page")

PART_RULE = "<any(members, agents, groups, links):part>"


@staff_bp.context_processor
def _labels():
    language = current_language()
    return {"sector_label": sector_label, "role_label": role_label, "part_titles": PART_TITLES,
            "group_kind_labels": GROUP_KIND_LABELS,
            "municipality_label": lambda code: municipality_name(code, language)}


def _entry_form(council, part: PagePart, entry=None, **kwargs):
    if part.name == "members":
        associations, others = member_choices(council, entry)
        return MemberForm(roles=role_choices(), associations=associations, sectors=sector_choices(), members=others,
                          **kwargs)
    if part.name == "agents":
        return AgentForm(municipalities=municipality_choices(council.municipality_codes, current_language()), **kwargs)
    if part.name == "groups":
        return GroupForm(kinds=group_kind_choices(), **kwargs)
    return LinkForm(**kwargs)


def _part(part: str) -> PagePart:
    return PARTS[part]


def _status(form) -> int:
    return 400 if form.errors or form.form_errors else 200


@staff_bp.route("/", methods=["GET", "POST"], roles=MANAGING_ROLES)
def texts(council):
    """The council page's names, descriptions, longer texts and contact details, with links to its lists."""
    form = CouncilPageForm(obj=council if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            update_page_texts(council, form.values(), current_user.id)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("The council page was saved."), "success")
            return redirect(url_for(".texts", council_slug=council.slug))
    counts = {name: len(part_entries(council, part)) for name, part in PARTS.items()}
    return render_template("councils/staff/texts.html", council=council, form=form, counts=counts), _status(form)


@staff_bp.route(f"/{PART_RULE}/", methods=["GET", "POST"], roles=MANAGING_ROLES)
def part_list(council, part: str):
    """One list of the page in its order, with buttons to move and remove entries and a form to add one."""
    page_part = _part(part)
    form = _entry_form(council, page_part)
    if form.validate_on_submit():
        try:
            add_entry(council, page_part, form.values(), current_user.id)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("The entry was added to the council page."), "success")
            return redirect(url_for(".part_list", council_slug=council.slug, part=part))
    return render_template("councils/staff/part.html", council=council, part=part, form=form,
                           entries=part_entries(council, page_part), confirm=ConfirmForm(),
                           move=MoveForm()), _status(form)


@staff_bp.route(f"/{PART_RULE}/<int:entry_id>", methods=["GET", "POST"], roles=MANAGING_ROLES)
def entry(council, part: str, entry_id: int):
    """Change one entry of a list."""
    page_part = _part(part)
    record = get_for_council(page_part.model, entry_id, council)
    form = _entry_form(council, page_part, record, obj=record if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            update_entry(council, page_part, record, form.values(), current_user.id)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("The changes were saved."), "success")
            return redirect(url_for(".part_list", council_slug=council.slug, part=part))
    return render_template("councils/staff/entry.html", council=council, part=part, form=form,
                           entry=record), _status(form)


@staff_bp.route(f"/{PART_RULE}/<int:entry_id>/move", methods=["POST"], roles=MANAGING_ROLES)
def move(council, part: str, entry_id: int):
    """Move an entry one place up or down in its list."""
    page_part = _part(part)
    record = get_for_council(page_part.model, entry_id, council)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    move_entry(council, page_part, record, form.direction.data, current_user.id)
    db.session.commit()
    return redirect(url_for(".part_list", council_slug=council.slug, part=part) + f"#entry-{record.id}")


@staff_bp.route(f"/{PART_RULE}/<int:entry_id>/remove", methods=["POST"], roles=MANAGING_ROLES)
def remove(council, part: str, entry_id: int):
    """Take an entry off the page."""
    page_part = _part(part)
    record = get_for_council(page_part.model, entry_id, council)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    remove_entry(council, page_part, record, current_user.id)
    db.session.commit()
    flash(_("The entry was removed from the council page."), "success")
    return redirect(url_for(".part_list", council_slug=council.slug, part=part))
