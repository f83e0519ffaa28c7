"""Settings, read from the environment (twelve-factor); safe local defaults.

A local run needs nothing: SQLite in ``var/``, a throw-away secret key, console e-mail.
Production sets ``DJANGO_ENV=production`` and then *must* provide ``SECRET_KEY``,
``ALLOWED_HOSTS`` and ``DATABASE_URL``; a missing one stops start-up with a clear error.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="local")
if DJANGO_ENV not in {"local", "test", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be local, test or production, not {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must not be on in production")

if PRODUCTION:
    try:
        SECRET_KEY = env.str("SECRET_KEY")
        ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
        env.str("DATABASE_URL")
    except ImproperlyConfigured as exc:
        raise ImproperlyConfigured(f"Production needs this setting: {exc}") from exc
else:
    SECRET_KEY = env.str("SECRET_KEY", default="local-only-insecure-key-do-not-use-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file of a local run lives here

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "django_tasks_db",
    "gugustugas",
    "members",
    "actionplans",
    "budgets",
    "meetings",
    "monitoring",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gugustugas.middleware.DefaultLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gugustugas.security.IdleTimeoutMiddleware",
    "gugustugas.twofactor.SecondFactorMiddleware",
    "gugustugas.security.RefusalLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-axes wants to be last: it turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gugustugas.urls"
WSGI_APPLICATION = "gugustugas.wsgi.application"

# No "loaders" option: Django then wraps the file-system and app loaders in its cached
# loader (with DEBUG too, since 4.1), so each template is parsed once per process.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gugustugas.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections (opening one costs ~20 ms on PostgreSQL with scram), checked
# before reuse so a restarted database is reconnected to without an error page.
DATABASES["default"]["CONN_MAX_AGE"] = env.int(
    "CONN_MAX_AGE", default=0 if DJANGO_ENV == "test" else 300
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every process (the RAD figures, the public suppression patterns):
# a database table by default, so a local run needs no other server (``migrate`` creates
# it); production may point CACHE_URL at Redis (``rediscache://127.0.0.1:6379/1``) or
# Memcached (``pymemcache://127.0.0.1:11211``), see docs/deploy.md. Tests keep each
# process's memory, cleared before every test.
CACHES = {
    "default": env.cache(
        "CACHE_URL",
        default="locmemcache://" if DJANGO_ENV == "test" else "dbcache://gugustugas_cache",
    )
}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
    # Django's, each write one statement instead of five with a count of the table.
    CACHES["default"]["BACKEND"] = "gugustugas.cache.DatabaseCache"
# The default 300 entries would be culled (a third at a time) at national scale: 553
# plans keep a few entries each.
CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 50_000)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id, as OWASP recommends; older hashes are upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
if DJANGO_ENV == "test":
    # Hashing is deliberately slow; tests create hundreds of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Lock an account/IP pair out for 30 minutes after 5 failed logins (OWASP ASVS 2.2.1).
# The pair, so nobody can lock a named account from his own address; and an address alone
# after many failures over any usernames (password spraying). See gugustugas/security.py.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=30)
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "gugustugas.security.LockoutHandler"
# Behind nginx (docs/deploy.md) every request comes from 127.0.0.1: the client's address is
# the one the trusted proxies put in X-Forwarded-For. 0: no proxy, REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1 if PRODUCTION else 0)
AXES_CLIENT_IP_CALLABLE = "gugustugas.security.client_address"

# Indonesian by default on screen, and always in e-mails (whatever a reader chose).
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"
# Off, so years and codes never print as "2.026"; large counts use |intcomma and money
# the |rupiah filter, both grouped the Indonesian way.
USE_THOUSAND_SEPARATOR = False
# Our own date formats ("27 November 2026") override Django's abbreviated months.
FORMAT_MODULE_PATH = ["gugustugas.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on a missing folder
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Local runs serve static files straight from the source folders (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# The empty choice of a list filter, in the user's language (django-filter's own is
# "---------"); a form's empty choice is set in GugusTugasConfig.ready.
FILTERS_EMPTY_CHOICE_LABEL = _("All")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Form widgets rendered from Django's Jinja2 versions of its templates (see the class).
FORM_RENDERER = "gugustugas.forms.FormRenderer"

# Django 6.1 mailers. Local runs print e-mail to the console; production sends by SMTP.
_mail_backend = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
MAILERS = {"default": {"BACKEND": _mail_backend}}
if _mail_backend.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env.str("EMAIL_HOST", default="localhost"),
        "port": env.int("EMAIL_PORT", default=587),
        "username": env.str("EMAIL_HOST_USER", default=""),
        "password": env.str("EMAIL_HOST_PASSWORD", default=""),
        "use_tls": env.bool("EMAIL_USE_TLS", default=True),
    }
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="gugustugas@localhost")

# Everything is served from this origin: vendored Bootstrap, no CDN.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
# Enacting plans, accepting submissions, submitting and approving reports need a second
# factor (TOTP) when on; off by default outside production so the demo needs no phone.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=PRODUCTION)
OTP_TOTP_ISSUER = "SIGT-PPTPPO"
# Logged out after this many seconds without a request (besides the absolute age above).
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
# Signing a report needs the password (and second factor, where enrolled) entered within
# this many seconds (OWASP ASVS: re-authentication before a sensitive operation).
REAUTH_MAX_AGE = env.int("REAUTH_MAX_AGE", default=5 * 60)
# A task RUNNING this long was left by a worker that died; it is queued again
# (gugustugas.worker). Longer than the longest task (a national report build).
TASK_ABANDONED_MINUTES = env.int("TASK_ABANDONED_MINUTES", default=60)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# A quarter's RAD progress is overdue this many days after the quarter ends.
PROGRESS_GRACE_DAYS = env.int("PROGRESS_GRACE_DAYS", default=15)
# Evidence files: PDF, images and office documents up to this size.
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
# Uploaded .xlsx are refused before they are read when a sheet has more rows or columns
# (declared or found) than this, or the archive unpacks to more bytes: a small file can
# declare millions of empty rows. A large RAD has a few hundred activities.
XLSX_MAX_ROWS = env.int("XLSX_MAX_ROWS", default=10_000)
XLSX_MAX_COLUMNS = env.int("XLSX_MAX_COLUMNS", default=100)
XLSX_MAX_UNPACKED_BYTES = env.int("XLSX_MAX_UNPACKED_BYTES", default=60 * 1024 * 1024)

# A budget line in "paket"/"ls" with quantity 1 above this many rupiah is flagged as a
# lump sum: show units and unit cost instead.
BUDGET_LUMP_SUM_THRESHOLD = env.int("BUDGET_LUMP_SUM_THRESHOLD", default=10_000_000)

# Background jobs (e-mails, reminders) run in `manage.py db_worker` from the database queue.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# A report build that has been running (or waiting for a worker) this long is taken as
# dead (a killed worker): the report page offers to build it again.
REPORT_BUILD_STALE_MINUTES = env.int("REPORT_BUILD_STALE_MINUTES", default=30)

# Absolute links in e-mails (RSVP, calendar feeds) start with this address.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Passkeys (WebAuthn, django-otp-webauthn) as the second kind of second factor, never as a
# password-less login. The relying party is the site's domain: a passkey works only there
# and on its subdomains (an IP address cannot be one, so a local run uses localhost). The
# browser reports the page's origin, which must be one of the allowed ones (https://, or
# http://localhost). Defaults follow SITE_URL; see docs/deploy.md.
_site = urlsplit(SITE_URL)
_site_host = _site.hostname or "localhost"
_local_host = _site_host.replace(".", "").isdigit() or _site_host == "localhost"
OTP_WEBAUTHN_RP_ID = env.str("WEBAUTHN_RP_ID", default="localhost" if _local_host else _site_host)
OTP_WEBAUTHN_RP_NAME = env.str("WEBAUTHN_RP_NAME", default="SIGT-PPTPPO")
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list(
    "WEBAUTHN_ALLOWED_ORIGINS",
    default=[f"http://localhost:{_site.port or 80}"]
    if _local_host
    else [f"{_site.scheme}://{_site.netloc}"],
)
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# A meeting's answer link stays valid this long (and never after the meeting begins).
RSVP_LINK_MAX_AGE_DAYS = env.int("RSVP_LINK_MAX_AGE_DAYS", default=60)
# A failed invitation e-mail is tried again this many times, further apart each time.
MAIL_RETRIES = env.int("MAIL_RETRIES", default=4)
MAIL_RETRY_MINUTES = env.int("MAIL_RETRY_MINUTES", default=10)

# Quarterly statistics are due this many days after the quarter ends: districts first,
# then provinces, which need their districts' figures to submit their aggregate.
MONITORING_DISTRICT_DEADLINE_DAYS = env.int("MONITORING_DISTRICT_DEADLINE_DAYS", default=15)
MONITORING_PROVINCE_DEADLINE_DAYS = env.int("MONITORING_PROVINCE_DEADLINE_DAYS", default=30)
# The secretariat owing a quarter is reminded this many days before its deadline.
MONITORING_REMINDER_DAYS_BEFORE = env.int("MONITORING_REMINDER_DAYS_BEFORE", default=5)
if MONITORING_PROVINCE_DEADLINE_DAYS <= MONITORING_DISTRICT_DEADLINE_DAYS:
    raise ImproperlyConfigured(
        "MONITORING_PROVINCE_DEADLINE_DAYS must be later than MONITORING_DISTRICT_DEADLINE_DAYS."
    )

# Signing approved reports (reports.signing). The signer class: the local PKCS#12 signer,
# or a certified remote service's adapter (docs/signing.md). Outside production a
# demonstration CA and certificate are made under var/signing/ on first use.
REPORT_SIGNER = env.str("REPORT_SIGNER", default="reports.signing.LocalCertificateSigner")
REPORT_SIGNING_DEMO = env.bool("REPORT_SIGNING_DEMO", default=not PRODUCTION)
REPORT_SIGNING_PKCS12 = env.str(
    "REPORT_SIGNING_PKCS12", default=str(VAR_DIR / "signing" / "demo-signer.p12")
)
REPORT_SIGNING_PASSPHRASE = env.str(
    "REPORT_SIGNING_PASSPHRASE",
    default="" if PRODUCTION else "demo-only-not-a-real-signature",
)
# PEM file of the CA certificates a signature must chain to (the verification page's trust).
REPORT_SIGNING_TRUST_ROOTS = env.str(
    "REPORT_SIGNING_TRUST_ROOTS", default=str(VAR_DIR / "signing" / "demo-ca.pem")
)
# RFC 3161 timestamp authority; empty: the signing time comes from the server's clock.
REPORT_SIGNING_TSA_URL = env.str("REPORT_SIGNING_TSA_URL", default="")
# Import pyHanko when a process starts rather than at its first signature (about 1 s of a
# core once per process), so a chair's "approve and sign" stays under a second.
REPORT_SIGNING_PRELOAD = env.bool("REPORT_SIGNING_PRELOAD", default=PRODUCTION)
# An uploaded PDF to check on the verification page may be this large.
VERIFY_UPLOAD_MAX_BYTES = env.int("VERIFY_UPLOAD_MAX_BYTES", default=30 * 1024 * 1024)

# Lists are paginated at this size everywhere.
PAGE_SIZE = env.int("PAGE_SIZE", default=50)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # A 403 or 404 is logged once, with user, path and address, by the refusal log
        # (gugustugas.security); Django's own warning repeated it, a 403 with a traceback.
        # Errors (5xx) are still logged here.
        "django.request": {"level": "ERROR"},
        # WeasyPrint reports every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
