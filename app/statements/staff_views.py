"""Staff pages of the statements: a council's part of its privacy notice, and the supervisory
authority's contact in the accessibility statement (a platform-wide text any council's admin may edit)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.statements import accessibility, notice
from app.staff.access import ADMIN_ONLY, StaffBlueprint
from forms.statements import AuthorityTextForm, PrivacyNoticeForm

staff_bp = StaffBlueprint("statements_staff", __name__, url_prefix="/staff/<council_slug>")


@staff_bp.route("/privacy-notice", methods=["GET", "POST"], roles=ADMIN_ONLY)
def privacy_notice(council):
    """Edit the council's own part of its privacy notice: controller, contact, additional texts."""
    stored = notice.notice_of(council)
    form = PrivacyNoticeForm(obj=stored if request.method == "GET" else None)
    if request.method == "GET" and stored is None:
        form.contact_email.data = council.contact_email
    if form.validate_on_submit():
        notice.save_privacy_notice(council, notice.NoticeFields(
            **{name: form[name].data or "" for name in notice.NoticeFields.__dataclass_fields__}), current_user)
        db.session.commit()
        flash(_("The privacy notice was saved."), "success")
        return redirect(url_for(".privacy_notice", council_slug=council.slug))
    return render_template("statements/privacy_notice_form.html", council=council, form=form), \
        400 if form.errors else 200


@staff_bp.route("/accessibility-authority", methods=["GET", "POST"], roles=ADMIN_ONLY)
def accessibility_authority(council):
    """Edit the supervisory authority's contact shown in the accessibility statement, for every council."""
    form = AuthorityTextForm(data=accessibility.stored_authority_texts() if request.method == "GET" else None)
    if form.validate_on_submit():
        accessibility.save_authority_text({"fi": form.text_fi.data, "sv": form.text_sv.data,
                                           "en": form.text_en.data}, council, current_user)
        db.session.commit()
        flash(_("The supervisory authority's contact was saved."), "success")
        return redirect(url_for(".accessibility_authority", council_slug=council.slug))
    return render_template("statements/authority_form.html", council=council, form=form,
                           default_text=accessibility.default_authority_text()), 400 if form.errors else 200
