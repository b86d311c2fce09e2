"""Answering surveys: personal invitation links /s/<token> and open links /<council>/surveys/<survey>/."""

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from flask import (Blueprint, abort, current_app, flash, get_template_attribute, redirect, render_template,
                   request, session, url_for)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from werkzeug.wrappers import Response as WebResponse

from app.auth.passwords import hash_token
from app.concurrency import ConcurrentChange, commit_with_retry
from app.database import end_reading_without_transaction, read_without_transaction
from app.errors import DomainError
from app.extensions import db, limiter
from app.i18n import current_language
from app.kept_pages import kept_page
from app.models import Council, Invitation, Response, ResponseStatus, Survey, SurveyVersion
from app.periods import Phase
from app.public_urls import public_url
from app.surveys import answering, links, receipts
from app.surveys.answering import ResponseAlreadySubmitted, SurveyNotAccepting
from app.surveys.definitions import definition_for, kept_definition
from app.surveys.kept_invitation_pages import keep_answer_page, kept_answer_page
from app.surveys.stored_answers import values_from_json
from forms.survey_pages import (ConfirmForm, EmailCopyForm, OptionList, QuestionBlock, anchor, attach_errors,
                                build_page_form, known_values, municipality_options, raw_from_answers,
                                referenced_questions)
from surveys import (SurveyDefinition, condition_to_dict, evaluate, normalise_page, page_plan, prune_hidden,
                     questions_read, text)

bp = Blueprint("surveys", __name__)

SESSION_KEY = "survey_resume_tokens"
INVITATION = "/s/<token>"
OPEN_LINK = "/<council_slug>/surveys/<survey_slug>"
#: rendered questions kept by _questions_html; emptied when full (a few hundred per survey version)
FRAGMENTS_MAX = 4096
_fragments: dict[tuple, str] = {}


@bp.app_template_filter("survey_text")
def _survey_text(mapping, locale: str) -> str:
    """A text of a survey definition in ``locale`` (falling back to Finnish)."""
    return text(mapping, locale)


def _public_forms_limit() -> str:
    return current_app.config["RATELIMIT_PUBLIC_FORMS"]


def _recipient_limit() -> str:
    return current_app.config["RATELIMIT_MAIL_PER_RECIPIENT"]


def _recipient_key() -> str:
    # Counted per typed address whoever sends the form; Redis keys hold the address's hash only.
    return "recipient:" + hash_token((request.form.get("email") or "").strip().lower())


def _no_recipient() -> bool:
    return not (request.form.get("email") or "").strip()


#: mail to an address typed in a public form: one budget per recipient, shared by every such form
_mail_recipient_limit = limiter.shared_limit(_recipient_limit, scope="mail-recipient", key_func=_recipient_key,
                                             methods=["POST"], exempt_when=_no_recipient)


def _answers_limit() -> str:
    """Posts of answers: a budget per invitation link, or per address for an open link."""
    if (request.view_args or {}).get("token"):
        return current_app.config["RATELIMIT_INVITATION_ANSWERS"]
    return current_app.config["RATELIMIT_OPEN_LINK_ANSWERS"]


def _respondent_key() -> str:
    token = (request.view_args or {}).get("token")
    # The link token is a secret: the limiter's Redis keys hold its hash.
    return "invitation:" + hash_token(token) if token else "address:" + get_remote_address()


def _answers_too_fast(_limit) -> WebResponse:
    """A page posted over the limit comes back with what was typed and a message, not an error page."""
    message = _("Too many pages were sent from here in a short time. Nothing was saved: wait a few "
                "minutes and send the page again. What you typed is still here.")
    view_args = dict(request.view_args or {})
    page_key = view_args.pop("page_key", None)
    access = _access(**view_args)
    if page_key is None or page_key not in {p.key for p in access.definition.pages}:
        return current_app.make_response((render_template(
            "surveys/answer/unavailable.html", title=_("Too many attempts"), message=message), 429))
    response = access.response()
    answers = answering.stored_answers(response, access.definition) if response else {}
    context = page_context(access.definition, page_key, answers, current_language(), area=access.area,
                           formdata=request.form, version_hash=access.texts_key)
    return current_app.make_response((render_template(
        "surveys/answer/page.html", refusal=message, **context, **_base_context(access)), 429))


def _answers_rate_limit(view):
    return limiter.limit(_answers_limit, key_func=_respondent_key, methods=["POST"],
                         on_breach=_answers_too_fast)(view)


def _routes(rule: str, **options):
    """Register a view under both the invitation and the open-link address."""
    def decorator(view):
        for prefix in (INVITATION, OPEN_LINK):
            bp.add_url_rule(prefix + rule, view_func=view, **options)
        return view
    return decorator


@dataclass
class Access:
    """Who is answering which survey: through an invitation, or an open link and a resume token."""

    survey: Survey
    invitation: Invitation | None
    url_args: dict[str, str]
    definition: SurveyDefinition
    version: SurveyVersion
    #: the council's area: municipality codes
    area: tuple[str, ...]
    #: the invitation's response, loaded with it: the first response() call returns it
    preloaded: list[Response | None] = field(default_factory=list)

    @property
    def texts_key(self) -> str:
        """What the rendered texts depend on: the version's content and the council that the
        texts' parameters ({council}) name; keys the shared question fragments."""
        council = self.survey.council
        return f"{self.version.content_hash}:{council.kind.value}:{council.name_fi}:{council.name_sv}:{council.name_en}"

    @property
    def resume_token(self) -> str | None:
        if self.invitation is not None:
            return None
        return session.get(SESSION_KEY, {}).get(str(self.survey.id))

    def remember(self, token: str) -> None:
        tokens = dict(session.get(SESSION_KEY, {}))
        tokens[str(self.survey.id)] = token
        session[SESSION_KEY] = tokens

    def url(self, endpoint: str, **values: Any) -> str:
        return url_for(f"surveys.{endpoint}", **self.url_args, **values)

    def public_url(self, endpoint: str, **values: Any) -> str:
        """The absolute public address of one of this survey's answering pages."""
        return public_url(f"surveys.{endpoint}", **self.url_args, **values)

    def response(self) -> Response | None:
        """The respondent's response; looked up again on every call but the first (a retry reloads)."""
        if self.preloaded:
            return self.preloaded.pop()
        return answering.find_response(self.survey, invitation=self.invitation,
                                       resume_token=self.resume_token)


def _access(token: str | None = None, council_slug: str | None = None,
            survey_slug: str | None = None) -> Access:
    if token is not None:
        invited = links.load_invited_survey(token)
        if invited is None:
            abort(_unavailable(_("This survey link is not valid"), _(
                "Check that the address is the same as in your invitation e-mail. If the link still "
                "does not work, ask the council that sent it for a new one.")))
        invitation, version = invited.invitation, invited.version
        access = Access(invitation.survey, invitation, {"token": token}, definition_for(version), version,
                        invited.area, preloaded=[invited.response])
        return _in_response_version(access)
    found = links.load_open_link_survey(council_slug, survey_slug)
    if found is None:
        abort(_unavailable(_("This survey cannot be answered here"), _(
            "There is no survey open to everyone at this address. If you received a personal "
            "link by e-mail, use that link.")))
    access = Access(found.survey, None, {"council_slug": council_slug, "survey_slug": survey_slug},
                    definition_for(found.version), found.version, found.area)
    return _in_response_version(access)


def _in_response_version(access: Access) -> Access:
    """A response goes on in the version it was started in, even after a newer one is published."""
    response = access.response()
    access.preloaded = [response]
    if response is not None and response.version_id != access.version.id:
        version = db.session.get(SurveyVersion, response.version_id)
        access.version, access.definition = version, definition_for(version)
    return access


def _unavailable(title: str, message: str):
    return current_app.make_response((render_template(
        "surveys/answer/unavailable.html", title=title, message=message), 404))


@lru_cache(maxsize=256)
def _municipality_choices(locale: str, area: tuple[str, ...], choose: str, preferred_label: str,
                          others_label: str) -> OptionList:
    """The municipalities a respondent may choose: the council's area (all when it has none)."""
    names = {code: m.name(locale) for code, m in answering.answer_context(area).municipalities.items()}
    return municipality_options(names, area, choose=choose, preferred_label=preferred_label,
                                others_label=others_label)


def _questions_html(blocks: list[QuestionBlock], key: tuple | None) -> list[str]:
    """Each question rendered by _questions.html.

    A question with nothing filled in and no error renders the same for everyone, so with a
    ``key`` (survey version's content hash, page, language) its HTML is kept and reused.
    Templates that reload (development) are never cached.
    """
    render = get_template_attribute("surveys/_questions.html", "question")
    if key is None or current_app.jinja_env.auto_reload:
        return [render(block) for block in blocks]
    rendered = []
    for block in blocks:
        if not block.is_pristine:
            rendered.append(render(block))
            continue
        # The dropdown's options are shared objects built per language and council area.
        # A ranking's rows may be the options chosen on an earlier page: part of the key.
        fragment_key = (*key, block.key, block.conditional, block.options, block.rows)
        html = _fragments.get(fragment_key)
        if html is None:
            html = render(block)
            if len(_fragments) >= FRAGMENTS_MAX:
                _fragments.clear()
            _fragments[fragment_key] = html
        rendered.append(html)
    return rendered


def page_context(definition: SurveyDefinition, page_key: str, answers: dict, locale: str, *,
                 area: tuple[str, ...], formdata=None, errors: dict | None = None, show_errors: bool = False,
                 version_hash: str | None = None, typed: dict | None = None) -> dict:
    """Everything page.html needs to show one page as respondents see it (used by the preview too).

    ``answers`` are the stored ones: questions whose show_if reads only other pages are
    decided here; the others are rendered with their condition for survey.js to apply.
    ``version_hash`` (the version's content hash) lets unanswered questions' HTML be reused.
    ``typed`` is the invalid input a saved draft kept for this page: shown back with its errors.
    """
    page = definition.page(page_key)
    own = {q.key for q in page.questions}
    others = prune_hidden(definition, {k: v for k, v in answers.items() if k not in own})

    def show(question) -> bool:
        if question.show_if is None or referenced_questions(question.show_if) & own:
            return True
        return evaluate(question.show_if, others)

    if formdata is None:
        formdata = raw_from_answers(page, answers, locale)
        if typed:
            for name, values in typed.items():
                formdata.setlist(name, values)
            if errors is None and not show_errors:
                errors = {name: error for name, error in normalise_page(
                    definition, page_key, formdata, locale, answering.answer_context(area), others).errors.items()
                    if error.code != "required"}
    labels = {"choose": _("Choose"), "preferred": _("Municipalities of the council's area"),
              "others": _("Other municipalities"), "yes": _("Yes"), "no": _("No")}
    form, blocks = build_page_form(
        definition, page, locale, formdata=formdata, show_question=show, labels=labels, answers=others,
        municipality_choices=_municipality_choices(locale, area, labels["choose"], labels["preferred"],
                                                   labels["others"]))
    if show_errors and errors is None:
        errors = normalise_page(definition, page_key, formdata, locale, answering.answer_context(area),
                                others).errors
    summary = attach_errors(blocks, errors or {}, lambda e: _(e.message, **e.params))
    plan = page_plan(definition, answers, page_key)
    keys = [p.key for p in plan]
    number = keys.index(page_key) + 1 if page_key in keys else 1
    # Later pages shown or hidden by this page's answers: survey.js counts them as the respondent answers.
    following = definition.pages[[p.key for p in definition.pages].index(page_key) + 1:]
    decided_here = [p for p in following if p.show_if is not None and questions_read(p.show_if) & own]
    fixed_after = [p for p in plan[number:] if p not in decided_here]
    referenced = set().union(*(referenced_questions(q.show_if) for q in page.questions if q.show_if),
                             *(questions_read(p.show_if) for p in decided_here))
    base = number + len(fixed_after)
    return {
        "page": page, "page_title": text(page.title, locale), "page_description": text(page.description, locale),
        "form": form, "blocks": blocks, "error_summary": summary, "steps": plan,
        "questions_html": _questions_html(blocks, (version_hash, page_key, locale) if version_hash else None),
        "page_number": number, "page_count": len(keys) or 1,
        "has_previous": answering.page_before(definition, answers, page_key) is not None,
        "is_last": len(plan) <= number,
        "page_flow": {
            # A page whose deciding questions are not answered yet still counts, as on the server.
            "conditions": [{"show_if": condition_to_dict(p.show_if), "reads": sorted(questions_read(p.show_if) & own)}
                           for p in decided_here],
            "fixed": bool(fixed_after),
            "counts": {str(count): _("Page %(number)d of %(count)d", number=number, count=count)
                       for count in range(base, base + len(decided_here) + 1)},
            "next": _("Next"), "last": _("Continue to check your answers"),
        } if decided_here else None,
        "known": known_values({k: v for k, v in others.items() if k in referenced}),
        "locale": locale,
    }


def _base_context(access: Access, **extra) -> dict:
    locale = current_language()
    return {"access": access, "survey": access.survey, "definition": access.definition,
            "survey_title": text(access.definition.title, locale),
            "council": access.survey.council, "phase": access.survey.phase(), **extra}


@_routes("/")
@_routes("", strict_slashes=False)
def start(**view_args):
    """The survey's start page; a respondent with a draft goes straight back to where they left off."""
    access = _access(**view_args)
    response = access.response()
    phase = access.survey.phase()
    if response is not None and response.status is ResponseStatus.SUBMITTED:
        return redirect(access.url("done"))
    if response is not None and phase is Phase.OPEN:
        return redirect(access.url("page", page_key=answering.resume_page(access.definition, response).key))
    first = answering.resume_page(access.definition, None)
    return render_template("surveys/answer/start.html", first_page=first, has_draft=response is not None,
                           **_base_context(access))


@_routes("/page/<page_key>", methods=["GET", "POST"])
@_answers_rate_limit
def page(page_key: str, **view_args):
    """One page of questions; Next, Previous and Save-and-continue-later save it as a draft."""
    # Only a POST saves: HEAD (link checkers of mail systems send it) is answered like GET.
    if request.method == "POST":
        return _save_page(page_key, view_args)
    kept = kept_answer_page(view_args.get("token"), page_key)
    if kept is not None:
        return kept
    read_without_transaction(db)
    access = _access(**view_args)
    definition = access.definition
    try:
        definition.page(page_key)
    except KeyError:
        abort(404)
    locale = current_language()
    response = access.response()
    if access.survey.phase() is not Phase.OPEN:
        return redirect(access.url("start"))
    if response is not None and response.status is ResponseStatus.SUBMITTED:
        return redirect(access.url("done"))
    answers = (answering.stored_answers(response, definition) if response
               else answering.prefilled_answers(definition, access.invitation))
    shown = {p.key for p in answering.visible_pages(definition, answers)}
    if page_key not in shown:
        return redirect(access.url("page", page_key=answering.resume_page(definition, response).key))
    typed = answering.page_typed_input(response, definition.page(page_key))

    def render() -> str:
        context = page_context(definition, page_key, answers, locale, area=access.area,
                               show_errors=request.args.get("errors") == "1",
                               version_hash=access.texts_key, typed=typed)
        return render_template("surveys/answer/page.html", **context, **_base_context(access))

    if typed or (answers and response is not None):
        return render()
    # Kept once for every invitation with the same register data filled in (none for most, and for
    # an open link): the link token is put back per request. The survey and its council were loaded
    # before the render, so the page names their tables. An invitation link's next requests find this
    # key without the look-up (kept_invitation_pages).
    address = tuple(sorted((k, v) for k, v in access.url_args.items() if k != "token"))
    key = ("survey page", access.version.id, access.version.content_hash, address, page_key, access.area,
           tuple(sorted(answers.items())))
    generations = keep_answer_page(access.invitation, page_key, key)
    return kept_page(render, key=key, link_token=access.url_args.get("token"), shows=(Survey, Council),
                     generations=generations)


def _invited_draft_definition(invited: links.InvitedDraft | None, page_key: str) -> SurveyDefinition | None:
    """The definition to save an invitation's draft with from the look-up's plain values alone: when the draft
    exists, is in the newest version, this process has that version's definition and it has the page. None
    otherwise: the objects are loaded as for any other save."""
    if invited is None or invited.draft is None or invited.response_version_id != invited.version_id:
        return None
    definition = kept_definition(invited.content_hash, *invited.council)
    return definition if definition is not None and page_key in {p.key for p in definition.pages} else None


def _save_page(page_key: str, view_args: dict):
    """The page view's POST: the page saved as the draft's answers, then the page to go to; or the page again
    with its errors and what was typed."""
    # CSRFProtect has checked the token before the view; the page's form is built only to show errors.
    action = request.form.get("action")
    action = action if action in answering.NAVIGATION else "next"
    locale = current_language()
    # On PostgreSQL a draft page is written in one statement (draft_writes), atomic on its own: the look-ups
    # before it need no transaction either, which spares the BEGIN and COMMIT round trips.
    one_statement = answering.saves_page_in_one_statement()
    if one_statement:
        read_without_transaction(db)
    token = view_args.get("token")
    invited = links.load_invited_draft(token) if one_statement and token else None
    definition = _invited_draft_definition(invited, page_key)
    # An invitation's draft on PostgreSQL (the saves a respondent makes most) is saved from the look-up's plain
    # values: the survey's objects are loaded only to show the page again, or for a second attempt.
    # "stored_rows": the look-up's answer rows, while nothing has been written since (the page's conditions).
    state: dict[str, Any] = {"access": None, "response": None, "stored_rows": None}
    if definition is not None:
        state.update(draft=invited.draft, stored_rows=invited.answer_rows)
        area = invited.area
    else:
        access = state["access"] = _access(**view_args)
        definition, area = access.definition, access.area
        try:
            definition.page(page_key)
        except KeyError:
            abort(404)
        state["response"] = state["found"] = access.response()
        if one_statement and state["response"] is None:
            # The response is made with the page's answers: two statements, which must commit together.
            end_reading_without_transaction(db)

    def loaded() -> Access:
        if state["access"] is None:
            state["access"] = _access(**view_args)
            state["response"] = state["found"] = state["access"].response()
        return state["access"]

    def work():
        draft = state.pop("draft", None)
        if draft is not None:
            return answering.save_page(draft, definition, page_key, request.form, action=action, locale=locale,
                                       area=area, answer_rows=state["stored_rows"])
        # From the loaded objects; a run after a rollback looks the response up again (a first run's response was
        # loaded with the survey).
        access, state["stored_rows"] = loaded(), None
        current, new_token = answering.start_or_resume_response(
            access.survey, language=locale, invitation=access.invitation, resume_token=access.resume_token,
            found=state.pop("found", None))
        state["token"] = new_token or state.get("token")
        return answering.save_page(answering.Draft.of(current, access.survey, access.invitation),
                                   access.definition, page_key, request.form, action=action, locale=locale,
                                   area=access.area)

    def shown_again(status: int = 200, refusal: str | None = None, errors: dict | None = None):
        access, response, rows = loaded(), state["response"], state["stored_rows"]
        answers = (values_from_json(access.definition, rows) if rows is not None
                   else answering.stored_answers(response, access.definition) if response else {})
        context = page_context(access.definition, page_key, answers, locale, area=access.area,
                               formdata=request.form, version_hash=access.texts_key, errors=errors)
        return render_template("surveys/answer/page.html", refusal=refusal, **context, **_base_context(access)), status

    # The save's statements leave the loaded objects as they were, so the commit need not expire them: a page
    # shown again with errors reads them without loading them again.
    db.session().expire_on_commit = False
    try:
        outcome = commit_with_retry(work)
    except DomainError as error:
        db.session.rollback()
        state.pop("token", None)
        status = 409 if isinstance(error, (SurveyNotAccepting, ResponseAlreadySubmitted, ConcurrentChange)) else 400
        return shown_again(status, refusal=error.message)
    if state.get("token") and outcome.saved:
        state["access"].remember(state["token"])
    if outcome.errors:
        return shown_again(errors=outcome.errors)
    url_args = state["access"].url_args if state["access"] is not None else {"token": token}
    if action == "save":
        return redirect(url_for("surveys.saved", **url_args))
    if outcome.next_page is None:
        return redirect(url_for("surveys.check" if action == "next" else "surveys.start", **url_args))
    return redirect(url_for("surveys.page", page_key=outcome.next_page, **url_args))


def _summary_context(access: Access, response: Response, locale: str) -> dict:
    answers = answering.stored_answers(response, access.definition)
    return {"summary": receipts.answer_summary(access.definition, answers, locale), "response": response}


@_routes("/check", methods=["GET", "POST"])
@_answers_rate_limit
def check(**view_args):
    """Check your answers, with Change links, then send them."""
    access = _access(**view_args)
    locale = current_language()
    response = access.response()
    if response is None:
        return redirect(access.url("start"))
    if response.status is ResponseStatus.SUBMITTED:
        return redirect(access.url("done"))
    form = ConfirmForm()
    problems: list[tuple[str, str]] = []
    refusal = None
    if form.validate_on_submit():
        def work():
            current = access.response()
            return current, answering.submit_response(current, access.definition, locale=locale, area=access.area)

        try:
            current, errors = commit_with_retry(work)
        except DomainError as error:
            db.session.rollback()
            refusal = error.message
        else:
            if not errors:
                return redirect(access.url("done"))
            problems = _problem_links(access, errors, locale)
            response = current
    if access.survey.phase() is not Phase.OPEN and refusal is None and response.status is ResponseStatus.DRAFT:
        refusal = _closed_message(access.survey)
    return render_template("surveys/answer/check.html", form=form, problems=problems, refusal=refusal,
                           **_summary_context(access, response, locale), **_base_context(access)), \
        (409 if refusal else 200)


def _closed_message(survey: Survey) -> str:
    if survey.phase() is Phase.CLOSED:
        return _("This survey has closed. Answers can no longer be sent.")
    return _("This survey is not open yet.")


def _problem_links(access: Access, errors: dict, locale: str) -> list[tuple[str, str]]:
    """(link to the page and field, "Page title: message") for each error found at final submit."""
    links = []
    for page_key, fields in errors.items():
        page = access.definition.page(page_key)
        for question in page.questions:
            for name in dict.fromkeys((question.field, *question.field_names())):
                if name in fields:
                    error = fields[name]
                    message = _(error.message, **error.params)
                    target = access.url("page", page_key=page_key, errors="1") + "#" + anchor(question, name)
                    links.append((target, f"{text(page.title, locale)}: {text(question.label, locale)} – {message}"))
    return links


@_routes("/done", methods=["GET", "POST"])
@limiter.limit(_public_forms_limit, methods=["POST"])
@_mail_recipient_limit
def done(**view_args):
    """The confirmation panel, an e-mail copy of the answers on request, and a way to change them."""
    access = _access(**view_args)
    locale = current_language()
    response = access.response()
    if response is None or response.status is not ResponseStatus.SUBMITTED:
        return redirect(access.url("start"))
    form = EmailCopyForm(data={"email": access.invitation.email if access.invitation else None})
    if form.validate_on_submit():
        receipts.queue_receipt(response, access.definition, email=form.email.data, locale=locale,
                                answers_url=access.public_url("start"))
        db.session.commit()
        flash(_("A copy of your answers is on its way to %(email)s.", email=form.email.data), "success")
        return redirect(access.url("done"))
    return render_template("surveys/answer/done.html", form=form, edit_form=ConfirmForm(formdata=None),
                           can_edit=answering.can_edit_after_submit(response),
                           **_summary_context(access, response, locale), **_base_context(access))


@_routes("/edit", methods=["POST"])
@_answers_rate_limit
def edit(**view_args):
    """Reopen sent answers for changes (until the survey closes, when the survey allows it)."""
    access = _access(**view_args)
    form = ConfirmForm()
    response = access.response()
    if response is None or not form.validate_on_submit():
        return redirect(access.url("start"))
    try:
        commit_with_retry(lambda: answering.reopen_response(access.response()))
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(access.url("done"))
    flash(_("You can now change your answers. Remember to send them again."), "success")
    return redirect(access.url("check"))


@_routes("/saved", methods=["GET", "POST"])
@limiter.limit(_public_forms_limit, methods=["POST"])
@_mail_recipient_limit
def saved(**view_args):
    """Your answers are saved: how to continue later (an e-mailed link for open-link respondents)."""
    access = _access(**view_args)
    locale = current_language()
    response = access.response()
    if response is None:
        return redirect(access.url("start"))
    form = EmailCopyForm()
    if access.invitation is None and form.validate_on_submit():
        resume_url = public_url("surveys.resume", **access.url_args, resume_token=access.resume_token)
        receipts.queue_resume_link(response, access.definition, email=form.email.data, locale=locale,
                                    resume_url=resume_url)
        db.session.commit()
        flash(_("A link for continuing is on its way to %(email)s.", email=form.email.data), "success")
        return redirect(access.url("saved"))
    continue_url = access.url("page", page_key=answering.resume_page(access.definition, response).key)
    return render_template("surveys/answer/saved.html", form=form, continue_url=continue_url,
                           invitation_url=access.public_url("start") if access.invitation else None,
                           **_base_context(access))


@bp.route(OPEN_LINK + "/resume/<resume_token>")
def resume(council_slug: str, survey_slug: str, resume_token: str):
    """The e-mailed link of an open-link draft: remember it in this browser and continue."""
    access = _access(council_slug=council_slug, survey_slug=survey_slug)
    if len(resume_token) > 100 or answering.find_response(access.survey, resume_token=resume_token) is None:
        abort(_unavailable(_("This link for continuing is not valid"), _(
            "Check that the address is the same as in the e-mail. You can also start the survey again.")))
    access.remember(resume_token)
    return redirect(access.url("start"))
