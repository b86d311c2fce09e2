"""Public award pages: the nomination form with its check and confirmation pages, and the winners by year."""

from flask import Blueprint, abort, redirect, render_template, request, url_for

from app.awards import nominating, open_rounds, winners
from app.awards.nominating import NominationValues
from app.councils.directory import council_by_slug
from app.errors import DomainError
from app.extensions import db
from app.form_errors import show_domain_error
from app.i18n import current_language
from app.kept_pages import keeps_page
from app.local_time import HELSINKI
from app.models.base import utcnow
from app.public_forms import submission_refusal
from app.reference.municipalities import municipality_choices, municipality_name
from forms.awards import NominationForm

bp = Blueprint("awards", __name__)
SPAM_SCOPE = "award-nomination"


def _council(council_slug: str):
    council = council_by_slug(council_slug)
    if council is None:
        abort(404)
    return council


def _form(award_round: open_rounds.OpenRound, sending: bool) -> NominationForm:
    # Sending needs no list of the register's associations (a query and dozens of choices): the domain
    # function checks the picked association, municipality and category. The list is read when the form is
    # shown again.
    council = award_round.council
    return NominationForm(municipalities=municipality_choices(council.area, current_language()),
                          associations=None if sending else nominating.nominable_associations(council.id),
                          categories=award_round.category_list, sending=sending)


@bp.context_processor
def _award_labels():
    return {"municipality_label": lambda code: municipality_name(code, current_language())}


@bp.route("/<council_slug>/award/", methods=["GET", "POST"])
@keeps_page
def nominate(council_slug: str):
    """The nomination form of the council's open round; outside the period, the next round or the winners."""
    now = utcnow()
    award_round = open_rounds.open_round_at(council_slug, now)
    if award_round is None:
        council = _council(council_slug)
        today = now.astimezone(HELSINKI).date()
        decided = winners.decided_rounds(council, today)
        latest = decided[0] if decided else None
        return render_template("awards/closed.html", council=council,
                               next_round=open_rounds.next_round_of(council, now), latest=latest,
                               winners=winners.public_winners(latest, today) if latest else [],
                               too_late=request.method == "POST"), 409 if request.method == "POST" else 200
    council = award_round.council
    action = request.form.get("action", "")
    form = _form(award_round, sending=request.method == "POST" and action == "send")
    page = "awards/nominate.html"
    if request.method == "POST" and action != "change" and form.validate_on_submit():
        if action != "send":
            page = "awards/check.html"
        elif (refusal := submission_refusal(form, SPAM_SCOPE)) is not None:
            refusal.show_on(form)
            return _render(page, award_round, form), refusal.status
        else:
            try:
                nominating.submit_nomination(award_round, NominationValues(**form.values()), current_language(), now)
            except DomainError as error:
                show_domain_error(form, error)
            else:
                db.session.commit()
                return redirect(url_for(".sent", council_slug=council.slug))
    status = 400 if form.errors or form.form_errors else 200
    return _render(page, award_round, form), status


def _render(page: str, award_round: open_rounds.OpenRound, form: NominationForm):
    if not form.lists_associations:
        form.offer_associations(nominating.nominable_associations(award_round.council.id))
    # The fill time counts from when the form was first shown: the check page carries the form's stamp on,
    # and only a missing, forged or day-old one is renewed (sending asks `submission_refusal` about it).
    if request.method == "GET" or form.seconds_since_shown() is None:
        form.stamp()
    return render_template(page, council=award_round.council, award_round=award_round, form=form,
                           criteria_text=award_round.criteria_text(current_language()))


@bp.route("/<council_slug>/award/sent")
def sent(council_slug: str):
    """The confirmation after a nomination was stored."""
    return render_template("awards/sent.html", council=_council(council_slug))


@bp.route("/<council_slug>/award/winners/")
@bp.route("/<council_slug>/award/winners/<int:year>")
@keeps_page
def winners_page(council_slug: str, year: int | None = None):
    """The winners of a decided round (the newest, or a year), only those with publication consent."""
    council = _council(council_slug)
    today = utcnow().astimezone(HELSINKI).date()
    decided = winners.decided_rounds(council, today)
    shown = next((r for r in decided if r.year == year), None) if year is not None else (decided[0] if decided else None)
    if year is not None and shown is None:
        abort(404)
    return render_template("awards/winners.html", council=council, shown=shown, decided=decided,
                           winners=winners.public_winners(shown, today) if shown else [])
