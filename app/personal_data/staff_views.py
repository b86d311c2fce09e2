"""The personal-data request page of a council's admins: find what is held about an e-mail address,
download it as JSON or PDF, and erase it after a confirmation. The address travels only in POST bodies."""

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import DomainError
from app.extensions import db
from app.form_errors import show_domain_error
from app.i18n import current_language
from app.models.base import utcnow
from app.personal_data import requests
from app.personal_data.documents import holdings_json, holdings_pdf
from app.staff.access import ADMIN_ONLY, StaffBlueprint
from forms.personal_data import PersonalDataEraseForm, PersonalDataExportForm, PersonalDataSearchForm

staff_bp = StaffBlueprint("personal_data_staff", __name__, url_prefix="/staff/<council_slug>/personal-data")


def _scope(council) -> tuple[set[int], dict[int, str]]:
    council_ids = requests.reached_council_ids(current_user, council)
    return council_ids, requests.council_names(council_ids, current_language())


@staff_bp.route("/", methods=["GET", "POST"], roles=ADMIN_ONLY)
def index(council):
    """Enter an address and see what every channel holds about it in the councils this page covers."""
    form = PersonalDataSearchForm()
    council_ids, council_names = _scope(council)
    holdings = None
    if form.validate_on_submit():
        holdings = requests.held_data(form.email.data, council_ids)
        requests.record_request("search", council, current_user, form.email.data,
                                count=sum(len(h.records) for h in holdings))
        db.session.commit()
    return render_template("personal_data/index.html", council=council, form=form, holdings=holdings,
                           council_names=council_names,
                           found=sum(len(h.records) for h in holdings or ())), 400 if form.errors else 200


@staff_bp.route("/export", methods=["POST"], roles=ADMIN_ONLY)
def export(council):
    """Download what is held about the address as JSON or as a readable PDF."""
    form = PersonalDataExportForm()
    if not form.validate_on_submit():
        return redirect(url_for(".index", council_slug=council.slug))
    council_ids, council_names = _scope(council)
    holdings = requests.held_data(form.email.data, council_ids)
    file_format = form.file_format.data
    requests.record_request(f"export_{file_format}", council, current_user, form.email.data,
                            count=sum(len(h.records) for h in holdings))
    db.session.commit()
    now = utcnow()
    if file_format == "json":
        data, mimetype = holdings_json(holdings, council_names=council_names, created_at=now), "application/json"
    else:
        data = holdings_pdf(
            holdings, title=_("Personal data held by %(council)s", council=council.name(current_language())),
            intro=_("What the Yhteisääni service holds about the person's e-mail address, per channel, as asked "
                    "under article 15 of the General Data Protection Regulation."),
            nothing_held=_("Nothing is held in this channel."), council_label=_("Council"),
            council_names=council_names, created_at=now, language=current_language())
        mimetype = "application/pdf"
    filename = f"personal-data-{now:%Y-%m-%d}.{file_format}"
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@staff_bp.route("/erase", methods=["POST"], roles=ADMIN_ONLY)
def erase(council):
    """First the confirmation page with the counts per channel; confirmed, erase everything at once."""
    form = PersonalDataEraseForm()
    if not form.validate_on_submit():
        return redirect(url_for(".index", council_slug=council.slug))
    council_ids, _names = _scope(council)
    holdings = requests.held_data(form.email.data, council_ids)
    if form.confirmed.data == "yes":
        try:
            erased = requests.erase_personal_data(form.email.data, council_ids)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            requests.record_request("erase", council, current_user, form.email.data, count=sum(erased.values()))
            db.session.commit()
            flash(_("The personal data was erased or anonymised: %(count)s records changed.",
                    count=sum(erased.values())), "success")
            return redirect(url_for(".index", council_slug=council.slug))
    return render_template("personal_data/erase.html", council=council, form=form, holdings=holdings,
                           total=sum(len(h.records) for h in holdings)), 400 if form.form_errors else 200
