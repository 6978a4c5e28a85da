"""The one settings object.

Settings are read from environment variables (optionally a ``.env`` file) by
``load_settings``; nothing is read at import time. Every value is validated once,
here, so that workers and views never meet a bad option. A bad value raises
``SettingsError`` naming the variable and the value; the CLI turns it into exit 2.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

SEARCH_SCHEMES = ("http://", "https://")
DATABASE_SCHEMES = ("sqlite", "postgresql")
BROKER_SCHEMES = ("redis://", "rediss://", "sqla+", "memory://", "amqp://")
# Keys that were once defaults or examples: a cookie signed with one of these is forgeable by anyone.
KNOWN_SECRET_KEYS = frozenset({"dev-insecure-change-me", "change-me", "changeme", "secret", "dev"})
MIN_SECRET_KEY_LENGTH = 16
# The steps of a legal disposal that segregation of duties can keep apart.
DISPOSAL_STEPS = ("review", "approve", "execute")
MIN_AUDIT_KEY_LENGTH = 32


class SettingsError(ValueError):
    """A setting has a value Lontar cannot use."""

    def __init__(self, variable: str, value: object, reason: str):
        self.variable = variable
        self.value = value
        # None: the variable is missing (or its value must not be printed, like a secret).
        super().__init__(f"{variable}: {reason}" if value is None else f"{variable}={value!r}: {reason}")


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    search_url: str | None = None
    broker_url: str | None = None
    ocr_languages: str = "ind+eng"
    ocr_jobs: int = 1
    secret_key: str = ""  # required by the web app (require_secret_key); `lontar demo` makes one
    search_index_prefix: str = "lontar"
    search_shards: int = 1
    search_replicas: int = 0
    max_upload_mb: int = 100
    max_pages: int = 500
    max_image_megapixels: int = 250
    pdfa_copy: bool = False
    watch_dir: Path | None = None
    restrict_to_unit: bool = True
    default_language: str = "id"
    smtp_host: str | None = None
    smtp_port: int = 25
    mail_from: str = "lontar@localhost"
    secure_cookies: bool = False
    trusted_proxies: int = 0  # reverse proxies in front of the web app (their X-Forwarded-* headers are believed)
    # Legal records: the office's time zone, who must be different people in a disposal,
    # and the audit trail's key (None: a key file in the data dir) and anchor interval.
    timezone: str = "Asia/Jakarta"
    disposal_distinct_steps: tuple[str, ...] = DISPOSAL_STEPS
    audit_key: str | None = None
    audit_anchor_every: int = 100
    extra: Mapping[str, str] = field(default_factory=dict)

    # Paths derived from the data dir: one place decides the layout on disk.
    @property
    def originals_dir(self) -> Path:
        return self.data_dir / "originals"

    @property
    def derived_dir(self) -> Path:
        return self.data_dir / "derived"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def tmp_dir(self) -> Path:
        return self.data_dir / "tmp"

    @property
    def secret_key_file(self) -> Path:
        """Where `lontar demo` keeps the key it generated for this data dir."""
        return self.data_dir / "secret_key"

    @property
    def audit_key_path(self) -> Path:
        return self.data_dir / "audit.key"

    @property
    def audit_anchor_path(self) -> Path:
        return self.data_dir / "audit-anchors.jsonl"

    @property
    def effective_broker_url(self) -> str:
        """Celery broker: the configured one, or kombu's SQLAlchemy transport on SQLite."""
        if self.broker_url:
            return self.broker_url
        return f"sqla+sqlite:///{self.data_dir / 'broker.sqlite'}"

    @property
    def uses_embedded_search(self) -> bool:
        return not self.search_url

    def with_overrides(self, **changes) -> "Settings":
        return replace(self, **changes)


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(name, raw, "expected a whole number") from None
    if value < minimum:
        raise SettingsError(name, raw, f"must be at least {minimum}")
    return value


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise SettingsError(name, raw, "expected true or false")


def _data_dir(env: Mapping[str, str]) -> Path:
    raw = env.get("LONTAR_DATA_DIR") or "./var"
    path = Path(raw).expanduser().resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".write-probe"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise SettingsError("LONTAR_DATA_DIR", raw, f"directory is not usable ({exc.strerror})") from None
    return path


def _database_url(env: Mapping[str, str], data_dir: Path) -> str:
    raw = env.get("DATABASE_URL")
    if not raw:
        return f"sqlite:///{data_dir / 'lontar.sqlite'}"
    scheme = raw.split(":", 1)[0].split("+", 1)[0]
    if "://" not in raw or scheme not in DATABASE_SCHEMES:
        raise SettingsError("DATABASE_URL", raw, "unknown scheme; use sqlite:/// or postgresql://")
    return raw


def _search_url(env: Mapping[str, str]) -> str | None:
    raw = env.get("SEARCH_URL")
    if not raw:
        return None
    if not raw.startswith(SEARCH_SCHEMES):
        raise SettingsError("SEARCH_URL", raw, "unknown scheme; leave unset for the embedded engine or use http(s)://")
    return raw.rstrip("/")


def _broker_url(env: Mapping[str, str]) -> str | None:
    raw = env.get("BROKER_URL")
    if not raw:
        return None
    if not raw.startswith(BROKER_SCHEMES):
        raise SettingsError("BROKER_URL", raw, "unknown scheme; leave unset for the embedded broker or use redis://")
    return raw


def _ocr_languages(env: Mapping[str, str]) -> str:
    raw = env.get("OCR_LANGUAGES") or "ind+eng"
    parts = raw.split("+")
    if not all(p.isalpha() or p.replace("_", "").isalpha() for p in parts):
        raise SettingsError("OCR_LANGUAGES", raw, "expected Tesseract language codes joined by +, e.g. ind+eng")
    return raw


def require_secret_key(settings: Settings) -> str:
    """The session signing key, or SettingsError: the web app never starts with a guessable key."""
    key = settings.secret_key
    if not key:
        raise SettingsError("LONTAR_SECRET_KEY", None, "not set; the web app needs a long random secret "
                            "(e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(32))')")
    if key in KNOWN_SECRET_KEYS or len(key) < MIN_SECRET_KEY_LENGTH:
        raise SettingsError("LONTAR_SECRET_KEY", None, f"too short or a published example; use a random "
                            f"secret of at least {MIN_SECRET_KEY_LENGTH} characters")
    return key
def _timezone(env: Mapping[str, str]) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    raw = (env.get("LONTAR_TIMEZONE") or "Asia/Jakarta").strip()
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError("LONTAR_TIMEZONE", raw, "unknown time zone; use a name such as Asia/Jakarta, "
                            "Asia/Makassar or Asia/Jayapura") from None
    return raw


def _disposal_steps(env: Mapping[str, str]) -> tuple[str, ...]:
    raw = env.get("LONTAR_DISPOSAL_DISTINCT_STEPS")
    if raw is None or raw.strip() == "":
        return DISPOSAL_STEPS
    if raw.strip().lower() == "none":
        return ()
    steps = tuple(dict.fromkeys(part.strip().lower() for part in raw.split(",") if part.strip()))
    unknown = [step for step in steps if step not in DISPOSAL_STEPS]
    if unknown or len(steps) == 1:
        raise SettingsError("LONTAR_DISPOSAL_DISTINCT_STEPS", raw,
                            f"list two or three of {', '.join(DISPOSAL_STEPS)} (comma-separated), or none")
    return steps


def _audit_key(env: Mapping[str, str]) -> str | None:
    raw = env.get("LONTAR_AUDIT_KEY")
    if not raw:
        return None
    if len(raw) < MIN_AUDIT_KEY_LENGTH:
        raise SettingsError("LONTAR_AUDIT_KEY", None, f"must be at least {MIN_AUDIT_KEY_LENGTH} characters")
    return raw


def load_settings(env: Mapping[str, str] | None = None, dotenv: bool = True) -> Settings:
    """Build and validate the settings from ``env`` (default: os.environ plus .env)."""
    if env is None:
        env = dict(os.environ)
        if dotenv and Path(".env").is_file():
            from dotenv import dotenv_values

            env = {**{k: v for k, v in dotenv_values(".env").items() if v is not None}, **env}
    data_dir = _data_dir(env)
    watch = env.get("LONTAR_WATCH_DIR")
    return Settings(
        data_dir=data_dir,
        database_url=_database_url(env, data_dir),
        search_url=_search_url(env),
        broker_url=_broker_url(env),
        ocr_languages=_ocr_languages(env),
        ocr_jobs=_int(env, "OCR_JOBS", os.cpu_count() or 1, minimum=1),
        secret_key=(env.get("LONTAR_SECRET_KEY") or "").strip(),
        search_index_prefix=env.get("SEARCH_INDEX_PREFIX") or "lontar",
        search_shards=_int(env, "SEARCH_SHARDS", 1, minimum=1),
        search_replicas=_int(env, "SEARCH_REPLICAS", 0),
        max_upload_mb=_int(env, "LONTAR_MAX_UPLOAD_MB", 100, minimum=1),
        max_pages=_int(env, "LONTAR_MAX_PAGES", 500, minimum=1),
        max_image_megapixels=_int(env, "LONTAR_MAX_IMAGE_MEGAPIXELS", 250, minimum=1),
        pdfa_copy=_bool(env, "LONTAR_PDFA_COPY", False),
        watch_dir=Path(watch).resolve() if watch else None,
        restrict_to_unit=_bool(env, "LONTAR_RESTRICT_TO_UNIT", True),
        default_language=env.get("LONTAR_LANGUAGE") or "id",
        smtp_host=env.get("SMTP_HOST") or None,
        smtp_port=_int(env, "SMTP_PORT", 25, minimum=1),
        mail_from=env.get("MAIL_FROM") or "lontar@localhost",
        secure_cookies=_bool(env, "LONTAR_SECURE_COOKIES", False),
        trusted_proxies=_int(env, "LONTAR_TRUSTED_PROXIES", 0),
        timezone=_timezone(env),
        disposal_distinct_steps=_disposal_steps(env),
        audit_key=_audit_key(env),
        audit_anchor_every=_int(env, "LONTAR_AUDIT_ANCHOR_EVERY", 100, minimum=1),
    )
