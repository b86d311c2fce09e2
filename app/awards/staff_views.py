"""Staff pages of the award rounds: rounds and reviewers (managing staff), the reviewers' scoring pages,
the ranking with shortlist, duplicates and winners, and the committee's files."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.audit.log import record
from app.awards import exporting, nominating, rounds, scoring, winners
from app.awards.rounds import RoundValues, parse_scoring_criteria
from app.awards.scoring import CriterionScore, NotAReviewer
from app.concurrency import commit_with_retry
from app.errors import DomainError
from app.extensions import db
from app.form_errors import show_domain_error
from app.i18n import current_language
from app.local_time import local_to_utc, utc_to_local
from app.models import AwardRound, Nomination, Score
from app.models.awards import DEFAULT_AWARD_NAME
from app.models.base import utcnow
from app.reference.municipalities import municipality_name
from app.reports.requests import request_report
from app.staff.access import ALL_ROLES, MANAGING_ROLES, StaffBlueprint, can_act_for, get_for_council
from forms.awards import (ConfirmForm, DecisionForm, MergeForm, ReviewersForm, RoundForm, ScoreForm, ShortlistForm,
                          WinnerForm)

staff_bp = StaffBlueprint("awards_staff", __name__, url_prefix="/staff/<council_slug>/awards")


@staff_bp.context_processor
def _labels():
    language = current_language()
    return {"municipality_label": lambda code: municipality_name(code, language),
            "kind_label": exporting.nominee_kind_label}


def _round(council, round_id: int) -> AwardRound:
    return get_for_council(AwardRound, round_id, council)


def _nomination(council, award_round: AwardRound, nomination_id: int) -> Nomination:
    return get_for_council(Nomination, nomination_id, council, Nomination.round_id == award_round.id)


def _reviewer_round(council, round_id: int) -> AwardRound:
    """The round if the signed-in user is assigned to review it: the per-round rule over the roles."""
    award_round = _round(council, round_id)
    try:
        scoring.require_reviewer(award_round, current_user)
    except NotAReviewer:
        abort(403)
    return award_round


def _status(form) -> int:
    return 400 if form.errors or form.form_errors else 200


@staff_bp.route("/", roles=ALL_ROLES)
def index(council):
    """The council's award rounds: all for managing staff, only their own rounds for reviewers."""
    managing = can_act_for(current_user, council, MANAGING_ROLES)
    return render_template("awards/staff/index.html", council=council, managing=managing,
                           rounds=rounds.rounds_for(council, current_user, managing), now=utcnow())


def _round_values(form: RoundForm) -> RoundValues:
    return RoundValues(
        year=form.year.data, name=form.name.data,
        criteria_text={language: getattr(form, f"criteria_{language}").data or "" for language in ("fi", "sv", "en")},
        nomination_opens_at=local_to_utc(form.nomination_opens_at.data),
        nomination_closes_at=local_to_utc(form.nomination_closes_at.data),
        review_opens_at=local_to_utc(form.review_opens_at.data), review_closes_at=local_to_utc(form.review_closes_at.data),
        categories=[line.strip() for line in (form.categories.data or "").splitlines() if line.strip()],
        scoring=parse_scoring_criteria({language: getattr(form, f"scoring_{language}").data or ""
                                        for language in ("fi", "sv", "en")}))


def _criterion_line(criterion, language: str) -> str:
    label, description = getattr(criterion, f"label_{language}"), getattr(criterion, f"description_{language}")
    return f"{label}: {description}" if description else label


def _fill_round_form(form: RoundForm, award_round: AwardRound) -> None:
    form.year.data, form.name.data = award_round.year, award_round.name
    for language in ("fi", "sv", "en"):
        getattr(form, f"criteria_{language}").data = getattr(award_round, f"criteria_{language}")
        getattr(form, f"scoring_{language}").data = "\n".join(
            _criterion_line(criterion, language) for criterion in award_round.criteria
            if getattr(criterion, f"label_{language}"))
    for name in ("nomination_opens_at", "nomination_closes_at", "review_opens_at", "review_closes_at"):
        getattr(form, name).data = utc_to_local(getattr(award_round, name))
    form.categories.data = award_round.categories


@staff_bp.route("/new", methods=["GET", "POST"], roles=MANAGING_ROLES)
def new(council):
    """Open a new award round."""
    form = RoundForm()
    if request.method == "GET":
        form.year.data, form.name.data = utcnow().year, DEFAULT_AWARD_NAME
    if form.validate_on_submit():
        try:
            award_round = rounds.open_round(council, _round_values(form), current_user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("The award round %(year)s was opened.", year=award_round.year), "success")
            return redirect(url_for(".reviewers", council_slug=council.slug, round_id=award_round.id))
    return render_template("awards/staff/round_form.html", council=council, form=form, award_round=None), \
        _status(form)


@staff_bp.route("/<int:round_id>/", methods=["GET", "POST"], roles=MANAGING_ROLES)
def edit(council, round_id: int):
    """Change a round's texts, periods, categories and scoring criteria; record the decision date."""
    award_round = _round(council, round_id)
    form = RoundForm()
    if request.method == "GET":
        _fill_round_form(form, award_round)
    if form.validate_on_submit():
        try:
            rounds.update_round(award_round, _round_values(form), current_user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("The award round was saved."), "success")
            return redirect(url_for(".ranking", council_slug=council.slug, round_id=award_round.id))
    return render_template("awards/staff/round_form.html", council=council, form=form, award_round=award_round,
                           decision=DecisionForm(decided_on=award_round.decided_on)), _status(form)


@staff_bp.route("/<int:round_id>/decision", methods=["POST"], roles=MANAGING_ROLES)
def decision(council, round_id: int):
    """Record the day of the committee's decision."""
    award_round = _round(council, round_id)
    form = DecisionForm()
    if form.validate_on_submit():
        rounds.decide_round(award_round, form.decided_on.data, current_user)
        db.session.commit()
        flash(_("The decision date was saved."), "success")
    else:
        flash(_("Enter the date as day.month.year or leave it empty."), "error")
    return redirect(url_for(".ranking", council_slug=council.slug, round_id=award_round.id))


@staff_bp.route("/<int:round_id>/reviewers", methods=["GET", "POST"], roles=MANAGING_ROLES)
def reviewers(council, round_id: int):
    """Choose the staff members who review the round."""
    award_round = _round(council, round_id)
    candidates = rounds.reviewer_candidates(council)
    form = ReviewersForm()
    form.reviewers.choices = [(user.id, f"{user.name} ({user.email})" if user.name else user.email)
                              for user in candidates]
    if request.method == "GET":
        form.reviewers.data = [reviewer.user_id for reviewer in award_round.reviewers]
    if form.validate_on_submit():
        try:
            rounds.assign_reviewers(award_round, set(form.reviewers.data or []), current_user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("The reviewers were saved."), "success")
            return redirect(url_for(".ranking", council_slug=council.slug, round_id=award_round.id))
    return render_template("awards/staff/reviewers.html", council=council, award_round=award_round, form=form), \
        _status(form)


@staff_bp.route("/<int:round_id>/ranking", roles=MANAGING_ROLES)
def ranking(council, round_id: int):
    """The ranking table, the shortlist, possible duplicates and the winners of a round."""
    award_round = _round(council, round_id)
    return render_template("awards/staff/ranking.html", council=council, award_round=award_round,
                           rows=scoring.ranking(award_round), duplicates=nominating.duplicate_groups(award_round),
                           confirm=ConfirmForm(), decision=DecisionForm(decided_on=award_round.decided_on))


@staff_bp.route("/<int:round_id>/nominations/<int:nomination_id>", roles=MANAGING_ROLES)
def nomination(council, round_id: int, nomination_id: int):
    """A nomination with the nominator's contact details, merged duplicates, every score and the winner form."""
    award_round = _round(council, round_id)
    shown = _nomination(council, award_round, nomination_id)
    return _nomination_page(council, award_round, shown, WinnerForm(obj=shown.winner,
                                                                     has_consent=bool(shown.winner and
                                                                                      shown.winner.has_publication_consent)))


def _nomination_page(council, award_round, shown, winner_form, merge_form=None, status=200):
    if merge_form is None:
        merge_form = MergeForm()
    merge_form.target_id.choices = [(other.id, f"{other.id}: {other.nominee_name}")
                                    for other in nominating.primary_nominations(award_round) if other.id != shown.id]
    scores = list(db.session.scalars(select(Score).where(Score.nomination_id == shown.id)
                                     .order_by(Score.reviewer_id, Score.criterion_id)))
    return render_template("awards/staff/nomination.html", council=council, award_round=award_round,
                           nomination=shown, scores=scores, winner_form=winner_form, merge_form=merge_form,
                           confirm=ConfirmForm()), status


@staff_bp.route("/<int:round_id>/nominations/<int:nomination_id>/shortlist", methods=["POST"], roles=MANAGING_ROLES)
def shortlist(council, round_id: int, nomination_id: int):
    """Put a nomination on the shortlist or take it off."""
    award_round = _round(council, round_id)
    shown = _nomination(council, award_round, nomination_id)
    form = ShortlistForm()
    if form.validate_on_submit():
        try:
            nominating.set_shortlisted(shown, form.shortlisted.data == "1", current_user)
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
    return redirect(url_for(".ranking", council_slug=council.slug, round_id=award_round.id))


@staff_bp.route("/<int:round_id>/nominations/<int:nomination_id>/merge", methods=["POST"], roles=MANAGING_ROLES)
def merge(council, round_id: int, nomination_id: int):
    """Merge this nomination into another of the same nominee, keeping both nominators' texts."""
    award_round = _round(council, round_id)
    duplicate = _nomination(council, award_round, nomination_id)
    form = MergeForm()
    form.target_id.choices = [(other.id, str(other.id)) for other in nominating.primary_nominations(award_round)]
    if form.validate_on_submit():
        kept = _nomination(council, award_round, form.target_id.data)
        try:
            nominating.merge_nominations(kept, duplicate, current_user)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("The nominations were merged."), "success")
            return redirect(url_for(".nomination", council_slug=council.slug, round_id=award_round.id,
                                    nomination_id=kept.id))
    return _nomination_page(council, award_round, duplicate, WinnerForm(formdata=None), form, 400)


@staff_bp.route("/<int:round_id>/nominations/<int:nomination_id>/winner", methods=["POST"], roles=MANAGING_ROLES)
def winner(council, round_id: int, nomination_id: int):
    """Choose the nomination as a winner with its citation and the nominee's consent, or take it off."""
    award_round = _round(council, round_id)
    shown = _nomination(council, award_round, nomination_id)
    form = WinnerForm()
    if form.validate_on_submit():
        try:
            if request.form.get("action") == "remove":
                winners.remove_winner(shown, current_user)
            else:
                winners.choose_winner(shown, {language: getattr(form, f"citation_{language}").data or ""
                                              for language in ("fi", "sv", "en")},
                                      bool(form.has_consent.data), current_user, utcnow())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("The winner was saved."), "success")
            return redirect(url_for(".ranking", council_slug=council.slug, round_id=award_round.id))
    return _nomination_page(council, award_round, shown, form, status=400)


@staff_bp.route("/<int:round_id>/export.xlsx", roles=MANAGING_ROLES)
def export(council, round_id: int):
    """Download the nominations with every score and comment per reviewer."""
    award_round = _round(council, round_id)
    data = exporting.round_workbook(award_round, current_language())
    record("award.export_xlsx", council=council, target=award_round, actor=current_user)
    db.session.commit()
    return Response(data, mimetype=exporting.XLSX_TYPE, headers={
        "Content-Disposition": f'attachment; filename="{council.slug}-award-{award_round.year}.xlsx"'})


@staff_bp.route("/<int:round_id>/dossier.pdf", roles=MANAGING_ROLES)
def dossier(council, round_id: int):
    """Download the committee's dossier: one nomination a page, no nominators' contact details."""
    award_round = _round(council, round_id)
    data = exporting.round_dossier(award_round, current_language())
    record("award.export_pdf", council=council, target=award_round, actor=current_user)
    db.session.commit()
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{council.slug}-award-{award_round.year}.pdf"'})


@staff_bp.route("/<int:round_id>/report", methods=["POST"], roles=MANAGING_ROLES)
def report(council, round_id: int):
    """Request the round's report for the committee's minutes (PDF and XLSX) and follow its build."""
    award_round = _round(council, round_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        built, job = request_report(council, "award", {"round_id": award_round.id, "language": current_language(),
                                                       "formats": ["pdf", "xlsx"]}, current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for(".ranking", council_slug=council.slug, round_id=award_round.id))
    db.session.commit()
    if job is not None and job.waits_for_redis:
        flash(_("The report is queued. The job service cannot be reached just now; the build starts when it is "
                "back."), "warning")
    return redirect(url_for("reports_staff.report_page", council_slug=council.slug, report_id=built.id))


@staff_bp.route("/<int:round_id>/review/", roles=ALL_ROLES)
def review(council, round_id: int):
    """A reviewer's list of the round's nominations and where they stand on each."""
    award_round = _reviewer_round(council, round_id)
    return render_template("awards/staff/review.html", council=council, award_round=award_round,
                           items=scoring.review_list(award_round, current_user), now=utcnow())


def _score_form(award_round, shown, **kwargs) -> ScoreForm:
    form = ScoreForm.for_criteria(award_round.criteria, current_language(), **kwargs)
    if request.method == "GET":
        for criterion_id, score in scoring.own_scores(shown, current_user).items():
            getattr(form, f"score_{criterion_id}").data = str(score.value)
            getattr(form, f"comment_{criterion_id}").data = score.comment
    return form


@staff_bp.route("/<int:round_id>/review/<int:nomination_id>", methods=["GET", "POST"], roles=ALL_ROLES)
def score(council, round_id: int, nomination_id: int):
    """Score a nomination per criterion with comments; others' scores show once one's own are submitted."""
    award_round = _reviewer_round(council, round_id)
    shown = _nomination(council, award_round, nomination_id)
    if scoring.has_recused(shown, current_user):
        return render_template("awards/staff/recused.html", council=council, award_round=award_round)
    form = _score_form(award_round, shown)
    if form.validate_on_submit():
        values = [CriterionScore(criterion.id, int(getattr(form, f"score_{criterion.id}").data),
                                 getattr(form, f"comment_{criterion.id}").data or "")
                  for criterion in award_round.criteria]
        def work():
            # A double click or a second tab may insert the same score rows: the retry updates them.
            scoring.score_nomination(_nomination(council, award_round, nomination_id), current_user, values,
                                     utcnow())

        try:
            commit_with_retry(work)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Your scores were saved."), "success")
            return redirect(url_for(".score", council_slug=council.slug, round_id=award_round.id,
                                    nomination_id=shown.id))
    return render_template("awards/staff/score.html", council=council, award_round=award_round, nomination=shown,
                           form=form, others=scoring.others_scores(shown, current_user), confirm=ConfirmForm(),
                           can_review=award_round.review_phase() == "open"), _status(form)


@staff_bp.route("/<int:round_id>/review/<int:nomination_id>/recuse", methods=["POST"], roles=ALL_ROLES)
def recuse(council, round_id: int, nomination_id: int):
    """Withdraw from a nomination for a conflict of interest."""
    award_round = _reviewer_round(council, round_id)
    _nomination(council, award_round, nomination_id)  # 404 for a nomination out of reach, before anything else
    if ConfirmForm().validate_on_submit():
        try:
            commit_with_retry(lambda: scoring.recuse_from_nomination(
                _nomination(council, award_round, nomination_id), current_user, utcnow()))
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            flash(_("You recused yourself from the nomination."), "success")
    return redirect(url_for(".review", council_slug=council.slug, round_id=award_round.id))
