"""The audit log page: a council's staff actions, newest first, filtered by who, what, object and date."""

from flask import render_template, request

from app.audit.log import ACTION_LABELS, DETAIL_LABELS, AuditFilter, audit_actors, audit_entries
from app.staff.access import ADMIN_ONLY, StaffBlueprint
from app.staff.pagination import requested_page
from forms.audit import AuditFilterForm

staff_bp = StaffBlueprint("audit_staff", __name__, url_prefix="/staff/<council_slug>/audit")


def _valid(form: AuditFilterForm, name: str):
    # A filter typed wrongly is shown with its error and filters nothing out; the others still apply.
    field = form[name]
    return None if field.errors else field.data


@staff_bp.route("/", roles=ADMIN_ONLY)
def index(council):
    """The council's audit log a page at a time, with its filters."""
    actors = audit_actors(council)
    form = AuditFilterForm(request.args, users=[(user.id, user.name or user.email) for user in actors],
                           actions=sorted(((code, str(label)) for code, label in ACTION_LABELS.items()),
                                          key=lambda pair: pair[1]))
    is_valid = form.validate()
    user_id = _valid(form, "user")
    flt = AuditFilter(user_id=int(user_id) if user_id and user_id.isdigit() else None,
                      action=_valid(form, "action") or "", target=_valid(form, "target") or "",
                      date_from=_valid(form, "date_from"), date_to=_valid(form, "date_to"))
    page = requested_page()
    entries, total = audit_entries(council, flt, limit=page.limit, offset=page.offset)
    filters = {name: value for name, value in request.args.items() if name in form._fields and value}
    return render_template("audit/index.html", council=council, form=form, entries=entries, filters=filters,
                           action_labels=ACTION_LABELS, detail_labels=DETAIL_LABELS, **page.context(total)), 200 if is_valid else 400
