"""The Flask application factory."""

import hashlib
from pathlib import Path

from flask import Flask, request, url_for

from app.request_limits import LimitedRequest
from app.sessions import SignedCookieSessions
from config import config_class

#: seconds a browser keeps a static file whose URL carries its hash (static_url)
STATIC_MAX_AGE = 365 * 24 * 60 * 60


def create_app(config_name: str | None = None, *, web: bool = True, **overrides) -> Flask:
    """Build the application: configuration, extensions, blueprints, CLI and error pages. With `web` false,
    only what a background process that serves no page needs (configuration, extensions, translations): the
    report's raw-data process starts so ≈ 0.5 s sooner, without importing every view."""
    app = Flask(__name__)
    app.request_class = LimitedRequest
    config = config_class(config_name)
    app.config.from_object(config)
    app.config.update(overrides)
    config.check(app.config)
    if not app.config.get("REDIS_URL"):
        app.config["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    Path(app.config["INSTANCE_DIR"]).mkdir(parents=True, exist_ok=True)

    register_extensions(app)
    register_i18n(app)
    if not web:
        return app
    register_proxy(app)
    register_security(app)
    register_static_urls(app)
    register_public_urls(app)
    register_blueprints(app)
    register_error_pages(app)
    register_migrations(app)
    register_cli(app)
    return app


def register_migrations(app: Flask) -> None:
    """Flask-Migrate's `flask db` commands over the migrations directory (a process that serves no page, such
    as the report's raw-data process, neither needs them nor imports Alembic)."""
    from flask_migrate import Migrate

    Migrate(app, app.extensions["sqlalchemy"], directory=str(Path(__file__).resolve().parent.parent / "migrations"))


def register_proxy(app: Flask) -> None:
    """Behind PROXY_COUNT reverse proxies, take the client's address and scheme from X-Forwarded-*,
    so that rate limits count each visitor, not the proxy."""
    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)


def register_extensions(app: Flask) -> None:
    from app import commit_effects, models  # noqa: F401  (the tables on db.metadata; the after-commit counters and jobs)
    from app.extensions import csrf, db, limiter, login_manager

    db.init_app(app)
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["REDIS_URL"])
    # A rate limiter whose Redis is down must not take the site down with it.
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    limiter.init_app(app)
    login_manager.init_app(app)

    from app.auth.sessions import configure_login, init_sessions

    configure_login(login_manager)
    init_sessions(app)
    from app.database import commit_read_only_requests, configure_sqlite, ping_idle_connections

    with app.app_context():
        configure_sqlite(db.engine)
        ping_idle_connections(db.engine, app.config["DATABASE_PING_AFTER_IDLE_SECONDS"])
    commit_read_only_requests(app, db)


def register_i18n(app: Flask) -> None:
    from app.i18n import init_i18n

    init_i18n(app)


def register_security(app: Flask) -> None:
    from app.security import init_security

    app.session_interface = SignedCookieSessions()
    init_security(app)


def register_static_urls(app: Flask) -> None:
    """``static_url(filename)`` for templates: the URL with ?v=<hash of the file>, cached for a year.

    Only a URL whose hash matches the file gets the long lifetime; SEND_FILE_MAX_AGE_DEFAULT is
    left alone because it would also make send_file downloads (personal-data exports) public.
    """
    folder = Path(app.static_folder)
    versions = {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:12]
                for path in folder.rglob("*") if path.is_file()}

    def static_url(filename: str) -> str:
        return url_for("static", filename=filename, v=versions.get(filename))

    @app.after_request
    def _cache_versioned_static(response):
        if (request.endpoint == "static" and response.status_code in (200, 304)
                and request.args.get("v") == versions.get(request.view_args.get("filename", ""))):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = STATIC_MAX_AGE
            response.cache_control.immutable = True
        return response

    app.jinja_env.globals["static_url"] = static_url


def register_public_urls(app: Flask) -> None:
    """``public_url(endpoint, **values)`` for templates: an absolute address under PUBLIC_BASE_URL."""
    from app.public_urls import public_url

    app.jinja_env.globals["public_url"] = public_url


def register_blueprints(app: Flask) -> None:
    from app.associations.staff_views import staff_bp as associations_staff_bp
    from app.awards.staff_views import staff_bp as awards_staff_bp
    from app.awards.views import bp as awards_bp
    from app.audit.staff_views import staff_bp as audit_staff_bp
    from app.auth.views import bp as auth_bp
    from app.councils.staff_views import staff_bp as council_page_staff_bp
    from app.councils.views import bp as councils_bp
    from app.events.staff_views import staff_bp as events_staff_bp
    from app.events.views import bp as events_bp
    from app.health.views import bp as health_bp
    from app.mail.staff_views import staff_bp as outbox_staff_bp
    from app.pages.views import bp as pages_bp
    from app.personal_data.staff_views import staff_bp as personal_data_staff_bp
    from app.proposals.blueprints import BLUEPRINTS as proposals_blueprints
    from app.reports.staff_views import staff_bp as reports_staff_bp
    from app.reports.views import bp as reports_public_bp
    from app.staff.views import staff_bp
    from app.statements.staff_views import staff_bp as statements_staff_bp
    from app.surveys.preview_views import preview_bp as survey_preview_bp
    from app.survey_editor.views import editor_bp as survey_editor_bp
    from app.surveys.staff_views import staff_bp as surveys_staff_bp
    from app.surveys.views import bp as surveys_bp
    from app.team.invitation_views import bp as team_invitation_bp
    from app.team.staff_views import account_bp, staff_bp as team_staff_bp

    app.register_blueprint(health_bp)
    app.register_blueprint(pages_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(associations_staff_bp)
    app.register_blueprint(audit_staff_bp)
    app.register_blueprint(council_page_staff_bp)
    app.register_blueprint(outbox_staff_bp)
    app.register_blueprint(personal_data_staff_bp)
    app.register_blueprint(statements_staff_bp)
    app.register_blueprint(reports_staff_bp)
    app.register_blueprint(reports_public_bp)
    app.register_blueprint(survey_preview_bp)
    app.register_blueprint(survey_editor_bp)
    app.register_blueprint(surveys_staff_bp)
    app.register_blueprint(surveys_bp)
    for blueprint in proposals_blueprints:
        app.register_blueprint(blueprint)
    app.register_blueprint(team_invitation_bp)
    app.register_blueprint(team_staff_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(events_staff_bp)
    app.register_blueprint(events_bp)
    app.register_blueprint(awards_staff_bp)
    app.register_blueprint(awards_bp)
    # The council blueprint has the catch-all /<council>/ routes: register it last.
    app.register_blueprint(councils_bp)


def register_error_pages(app: Flask) -> None:
    from app.errors import init_error_pages

    init_error_pages(app)


def register_cli(app: Flask) -> None:
    from app.cli import init_cli

    init_cli(app)
