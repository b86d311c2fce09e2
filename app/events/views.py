"""Public event pages: a council's events and calendar feed, an event with its registration form, and the
personal page of a registration."""

import hmac

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy import bindparam, select
from sqlalchemy.orm import contains_eager, defer

from app.auth.passwords import hash_token
from app.concurrency import commit_with_retry
from app.councils.areas import AREA_CODES, area_codes
from app.councils.directory import council_by_slug
from app.database import read_without_transaction
from app.errors import DomainError
from app.events import calendar, organisations, planning
from app.events import registering
from app.events import registration as reg
from app.events.extra_questions import read_extra_answers
from app.events.public_events import PublicEvent, public_event
from app.events.registering import RegistrationDetails
from app.events.registration import AlreadyRegistered
from app.extensions import db
from app.form_errors import show_domain_error
from app.i18n import current_language
from app.kept_pages import kept_page, keeps_page
from app.models import AttendanceMode, Council, Event, Registration
from app.models.base import utcnow
from app.public_forms import submission_refusal
from app.reference.municipalities import municipality_choices, municipality_name
from forms.events import MODE_LABELS, ConfirmForm, RegistrationForm, ResendForm

bp = Blueprint("events", __name__)

ICS_TYPE = "text/calendar; charset=utf-8"
#: a registration meeting a concurrent one (two registering the same address at once; on SQLite, another
#: writer) is run again; the event's row lock makes most wait instead of failing
REGISTER_ATTEMPTS = 5


def _browser_proof(registration_id: int) -> str | None:
    """What shows a registration's confirmation panel to the browser that registered, and to no other: a MAC of the
    registration's id and this session's CSRF secret (a random value only that browser's signed cookie holds), under
    the app's secret key. None when the session holds no CSRF secret (a registration always has one: it passed
    the CSRF check).

    It replaces a list of ids kept in the session, whose write re-signed and re-sent the session cookie on every
    registration (a twentieth of its Python calls) and made the browser's pages its own (no kept pages after it)."""
    secret = session.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    if not isinstance(secret, str):
        return None
    key = current_app.secret_key
    message = f"event-registration-shown:{registration_id}:{secret}".encode()
    return hmac.digest(key.encode() if isinstance(key, str) else key, message, "sha256").hex()[:32]


def _council(council_slug: str):
    council = council_by_slug(council_slug)
    if council is None:
        abort(404)
    return council


#: built once: composing it with its loader options cost more than running it. It leaves out the columns no
#: public page or registration e-mail reads (the staff's settings of the event; the council's own page texts),
#: 18 of 50: psycopg describes, and the ORM sets, every column a statement returns.
_PUBLIC_EVENT = (select(Event, AREA_CODES).join(Event.council)
                 .where(Council.slug == bindparam("council_slug"), Event.slug == bindparam("event_slug"))
                 .options(contains_eager(Event.council).load_only(Council.slug, Council.name_fi, Council.name_sv,
                                                                  Council.name_en, Council.contact_email),
                          defer(Event.reminder_days), defer(Event.reminder_sent_at), defer(Event.feedback_survey_id),
                          defer(Event.feedback_hours), defer(Event.feedback_sent_at),
                          defer(Event.personal_data_removed_at), defer(Event.created_by_id)))


def _public_event(council_slug: str, event_slug: str) -> tuple[Event, tuple[str, ...]]:
    """The event with its council, and the council's area (the form's municipalities), in one statement and
    one row (not one per municipality of the council)."""
    row = db.session.execute(_PUBLIC_EVENT, {"council_slug": council_slug, "event_slug": event_slug}).first()
    if row is None or not row[0].is_public:
        abort(404)
    return row[0], area_codes(row[1])


def _event(council, event_slug: str) -> Event:
    event = db.session.scalar(select(Event).where(Event.council_id == council.id, Event.slug == event_slug))
    if event is None or not event.is_public:
        abort(404)
    return event


@bp.app_context_processor
def _event_helpers():
    return {"mode_label": lambda mode: MODE_LABELS[getattr(mode, "value", mode)],
            "municipality_label": lambda code: municipality_name(code, current_language()) if code else ""}


@bp.route("/<council_slug>/events/")
@keeps_page
def index(council_slug: str):
    """The council's upcoming events and its past ones."""
    council = _council(council_slug)
    now = utcnow()
    return render_template("events/index.html", council=council, upcoming=planning.upcoming_events([council.id], now),
                           past=planning.past_events([council.id], now))


@bp.route("/<council_slug>/events.ics")
def feed(council_slug: str):
    """The council's published events as a calendar feed."""
    language = current_language()

    def render() -> str:
        council = _council(council_slug)
        events = [event for event in planning.upcoming_events([council.id]) + planning.past_events([council.id])]
        return calendar.council_feed(council.name(language), events, language)

    return Response(kept_page(render), mimetype=ICS_TYPE)


@bp.route("/<council_slug>/events/<event_slug>/event.ics")
def event_file(council_slug: str, event_slug: str):
    """One event as an .ics file."""
    event = _event(_council(council_slug), event_slug)
    return Response(calendar.event_ics(event, current_language()), mimetype=ICS_TYPE, headers={
        "Content-Disposition": f'attachment; filename="{event.slug}.ics"'})


def _registration_form(event: Event | PublicEvent, area: tuple[str, ...], language: str) -> RegistrationForm:
    municipalities = municipality_choices(area, language) if event.asks_municipality else ()
    return RegistrationForm(modes=[mode.value for mode in event.modes], municipalities=municipalities)


def _room(event: Event) -> dict[str, bool]:
    return {mode.value: reg.has_room(event, mode) for mode in event.modes}


def _organisation_names(event: Event) -> list[str]:
    return organisations.offered_names(event) if event.asks_organisation else []


def _details(form: RegistrationForm, event: Event | PublicEvent, answers: dict, language: str) -> RegistrationDetails:
    organisation = (form.organisation.data or "") if event.asks_organisation else ""
    return RegistrationDetails(answers=answers,
        name=form.name.data, email=form.email.data, mode=AttendanceMode(form.mode.data),
        language=language, organisation=organisation,
        association_id=organisations.association_named(event, organisation),
        municipality_code=(form.municipality_code.data or "") if event.asks_municipality else "",
        needs=(form.needs.data or "") if event.asks_needs else "")


@bp.route("/<council_slug>/events/<event_slug>/", methods=["GET", "POST"])
@keeps_page
def event_page(council_slug: str, event_slug: str):
    """An event and its registration form: fill in, check your answers, register."""
    now = utcnow()
    posted = request.method == "POST"
    if posted:
        if registering.registers_in_one_statement():
            # On PostgreSQL the registration is one statement, atomic on its own, and what comes before it only
            # reads: without a transaction its BEGIN and COMMIT round trips are spared and the event's row lock is
            # released as the statement ends.
            read_without_transaction(db)
        # Plain values, kept per worker: a registration that succeeds renders nothing and needs no ORM object.
        event = public_event(council_slug, event_slug, now)
        if event is None:
            abort(404)
        area = event.council.area
    else:
        event, area = _public_event(council_slug, event_slug)
    language = current_language()
    form = _registration_form(event, area, language)
    template, status = "events/event.html", 200
    resend = None
    extra = read_extra_answers(event, area, language, request.form if posted else None,
                               check=posted and request.form.get("step") != "edit")

    def page(template: str, accepts: bool, resend: ResendForm | None = None) -> str:
        # The page shows the event through the ORM (its templates read the model); after a POST it is read here.
        shown = _public_event(council_slug, event_slug)[0] if posted else event
        names = _organisation_names(shown) if template == "events/event.html" else []
        return render_template(template, council=shown.council, event=shown, form=form, room=_room(shown),
                               resend=resend, now=now, accepts=accepts, extra=extra, organisation_names=names)

    if posted and extra.errors:
        form.validate_on_submit()
        form.form_errors.extend(message for _anchor, message in extra.errors)
        status = 400
    elif posted and not reg.accepts_registrations(event, now):
        form.form_errors.append(_("Registration for this event is not open."))
        status = 400
    elif form.validate_on_submit():
        refusal = submission_refusal(form, "event-registration")
        if refusal is not None:
            refusal.show_on(form)
            return page(template, accepts=True), refusal.status
        if form.step.data == "register":
            details = _details(form, event, extra.values, language)
            try:
                registration_id = commit_with_retry(
                    lambda: registering.register_for_event(event.id, details, now, event=event)[0],
                    attempts=REGISTER_ATTEMPTS)
            except AlreadyRegistered as error:
                show_domain_error(form, error)
                resend = ResendForm(formdata=None, email=form.email.data)
                status = 409
            except DomainError as error:
                show_domain_error(form, error)
                status = 400
            else:
                # The confirmation is below this page's own address (`registered`): joined to it rather than built
                # by the URL map again.
                return redirect(f"{request.script_root}{request.path}registered/{registration_id}/"
                                f"{_browser_proof(registration_id)}")
        elif form.step.data != "edit":
            template = "events/check.html"
    elif posted:
        status = 400
    form.step.data = "review" if template == "events/event.html" else "register"
    if not posted or form.form_errors:
        form.stamp()
    return page(template, reg.accepts_registrations(event, now), resend), status


@bp.route("/<council_slug>/events/<event_slug>/resend", methods=["POST"])
def resend(council_slug: str, event_slug: str):
    """Send the confirmation again to an address that is already registered (with a new personal link)."""
    event = _event(_council(council_slug), event_slug)
    form = ResendForm()
    if form.validate_on_submit():
        registration = reg.live_registration(event, form.email.data)
        if registration is not None:
            reg.resend_confirmation(registration)
            db.session.commit()
    flash(_("If the address is registered for this event, the confirmation is on its way to it."), "success")
    return redirect(url_for(".event_page", council_slug=council_slug, event_slug=event_slug))


@bp.route("/<council_slug>/events/<event_slug>/registered/<int:registration_id>/<proof>")
def registered(council_slug: str, event_slug: str, registration_id: int, proof: str):
    """The confirmation panel after registering (only in the browser that registered)."""
    expected = _browser_proof(registration_id)
    # Bytes: compare_digest refuses a str that is not ASCII, and anyone may type the address.
    if expected is None or not hmac.compare_digest(expected.encode(), proof.encode()):
        abort(404)
    event = _event(_council(council_slug), event_slug)
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    return render_template("events/registered.html", council=event.council, event=event, registration=registration,
                           position=reg.waiting_position(registration))


def _by_token(event: Event, token: str) -> Registration:
    registration = db.session.scalar(select(Registration).where(Registration.token_hash == hash_token(token)))
    if registration is None or registration.event_id != event.id:
        abort(404)
    return registration


@bp.route("/<council_slug>/events/<event_slug>/registration/<token>/cancel")
def confirm_cancel(council_slug: str, event_slug: str, token: str):
    """Ask before cancelling through the personal link: a place given up goes to the next on the waiting list at once.
    The form posts to the personal page (`my_registration`), which cancels."""
    council = _council(council_slug)
    event = _event(council, event_slug)
    registration = _by_token(event, token)
    if not reg.can_change(event, registration, utcnow()):
        return redirect(url_for(".my_registration", council_slug=council_slug, event_slug=event_slug, token=token))
    return render_template("events/confirm_cancel.html", council=council, event=event, registration=registration,
                           form=ConfirmForm(), token=token)


@bp.route("/<council_slug>/events/<event_slug>/registration/<token>", methods=["GET", "POST"])
def my_registration(council_slug: str, event_slug: str, token: str):
    """A person's own registration through the personal link: see it, change the mode, cancel it."""
    council = _council(council_slug)
    event = _event(council, event_slug)
    registration = _by_token(event, token)
    form = ConfirmForm()
    if form.validate_on_submit():
        registration_id, action = registration.id, request.form.get("action")

        def work() -> str:
            if action == "cancel":
                reg.cancel_registration(registration_id)
                return _("Your registration was cancelled.")
            reg.change_mode(registration_id, AttendanceMode(request.form.get("mode", "")))
            return _("Your registration was changed.")

        try:
            flash(commit_with_retry(work, attempts=REGISTER_ATTEMPTS), "success")
        except ValueError:
            db.session.rollback()
            flash(_("Choose how you will take part."), "error")
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        return redirect(request.path)
    db.session.refresh(registration)
    other_modes = [mode for mode in event.modes if mode is not registration.mode]
    return render_template("events/my_registration.html", council=council, event=event, registration=registration,
                           position=reg.waiting_position(registration), other_modes=other_modes, room=_room(event),
                           form=form, token=token, can_change=reg.can_change(event, registration, utcnow()))
