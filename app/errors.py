"""Error pages in the user's language, and the DomainError that domain functions raise."""

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError


class DomainError(Exception):
    """A broken business rule; `field` names the form field it belongs beside, or None."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


ERROR_TITLES = {
    400: _l("The request could not be understood"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("This action is not allowed here"),
    413: _l("The file is too large"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
    503: _l("The service is temporarily unavailable"),
}

ERROR_TEXTS = {
    400: _l("Go back to the previous page and try again."),
    403: _l("Sign in with an account that belongs to this council, or ask its secretary for access."),
    404: _l("Check the address, or start again from the front page."),
    405: _l("Go back to the previous page and try again."),
    413: _l("Upload a file smaller than 10 MB."),
    429: _l("Wait a few minutes and try again."),
    500: _l("Nothing you entered was lost. Try again in a moment."),
    503: _l("Try again in a moment."),
}


def init_error_pages(app: Flask) -> None:
    def render(code: int):
        return render_template(
            "errors/error.html", code=code, title=ERROR_TITLES[code], text=ERROR_TEXTS[code]
        ), code

    def handle(error, code: int):
        # A rate limit may bring its own response (a survey page shown again with what was typed).
        if getattr(error, "response", None) is not None:
            return error.response
        return render(code)

    for code in ERROR_TITLES:
        app.register_error_handler(code, lambda error, code=code: handle(error, code))

    @app.errorhandler(CSRFError)
    def _csrf_error(error):
        return render_template(
            "errors/error.html",
            code=400,
            title=_l("Your session has expired"),
            text=_l("Go back, reload the page and send the form again. Nothing was saved."),
        ), 400
