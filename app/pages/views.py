"""Information pages (accessibility statement with its feedback form, privacy notice, also per council)
and the site icon at /favicon.ico."""

from flask import Blueprint, abort, current_app, render_template, send_from_directory

from app.councils.directory import council_by_slug
from app.errors import DomainError
from app.extensions import db
from app.form_errors import show_domain_error
from app.i18n import current_language
from app.public_forms import submission_refusal
from app.statements import accessibility as statement
from app.statements import notice
from forms.statements import AccessibilityFeedbackForm

bp = Blueprint("pages", __name__)


@bp.route("/accessibility", methods=["GET", "POST"])
def accessibility():
    """The accessibility statement required by the Act on the Provision of Digital Services (306/2019),
    with the feedback form; a sent form shows what happens next."""
    language = current_language()
    form = AccessibilityFeedbackForm(councils=[(str(c.id), c.name(language))
                                               for c in statement.feedback_councils()])
    status = 200
    if form.validate_on_submit():
        refusal = submission_refusal(form, "accessibility-feedback")
        if refusal is None:
            try:
                council = statement.send_accessibility_feedback(statement.Feedback(
                    council_id=int(form.council.data) if form.council.data else None, name=form.name.data or "",
                    email=form.email.data, page=form.page.data or "", message=form.message.data,
                    language=language))
            except DomainError as error:
                show_domain_error(form, error)
                status = 429
            else:
                db.session.commit()
                return render_template("pages/accessibility_sent.html", council=council, email=form.email.data)
        else:
            refusal.show_on(form)
            status = refusal.status
    elif form.errors:
        status = 400
    form.stamp()
    return render_template("pages/accessibility.html", form=form, assessed_on=statement.ASSESSED_ON,
                           authority_text=statement.authority_text(language)), status


@bp.route("/privacy")
def privacy():
    """The general privacy notice: what the service keeps, and each council's own notice."""
    return render_template("pages/privacy.html", council=None, notice=None,
                           channels=notice.channels(current_app.config), councils=notice.councils_with_notices())


@bp.route("/<council_slug>/privacy")
def council_privacy(council_slug: str):
    """The privacy notice of one council: the notice public forms link to."""
    council = council_by_slug(council_slug)
    if council is None:
        abort(404)
    return render_template("pages/privacy.html", council=council, notice=notice.notice_of(council),
                           channels=notice.channels(current_app.config), councils=())


@bp.route("/favicon.ico")
def favicon():
    """The site icon where browsers and feed readers look for it without reading the page's <link>."""
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon")
