"""Strict helpers that read settings from the environment.

Every helper raises :class:`ConfigError` naming the variable when its value is
malformed, so a bad deployment fails with one readable line instead of a
traceback deep inside Django. A secret may also come from ``<NAME>_FILE``.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigError(ImproperlyConfigured):
    """A configuration value from the environment is missing or malformed."""


def raw(name: str) -> str | None:
    """The value of ``name``, or the content of the file named by ``<name>_FILE``."""
    value = os.environ.get(name)
    if value is not None:
        return value
    path = os.environ.get(f"{name}_FILE")
    if path is None:
        return None
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ConfigError(f"{name}_FILE: cannot read {path}: {exc.strerror}") from exc


def env_str(name: str, default: str | None = None) -> str | None:
    value = raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool = False) -> bool:
    value = raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(f"{name}: expected one of 1/0, true/false, yes/no, on/off; got {value!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = raw(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ConfigError(f"{name}: expected a whole number, got {value!r}") from exc
    if minimum is not None and number < minimum:
        raise ConfigError(f"{name}: must be at least {minimum}, got {number}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_networks(name: str, default: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = []
    for item in env_list(name, default.split(",")):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError as exc:
            raise ConfigError(f"{name}: {item!r} is not a network in CIDR notation") from exc
    return networks


def database_config(name: str, default_sqlite: Path) -> dict:
    """Django DATABASES['default'] from a URL such as postgres://user@host:5432/db."""
    import environ

    url = raw(name)
    if url is None or url.strip() == "":
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite),
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ConfigError(
            f"{name}: {_mask(url)!r} is not a database URL; expected "
            "postgres://USER[:PASSWORD]@HOST:PORT/NAME or sqlite:///PATH"
        )
    try:
        config = environ.Env.db_url_config(url)
    except Exception as exc:  # django-environ raises several types for bad URLs
        raise ConfigError(f"{name}: cannot parse {_mask(url)!r}: {exc}") from exc
    if scheme != "sqlite" and not config.get("NAME"):
        raise ConfigError(f"{name}: {_mask(url)!r} names no database (…/NAME at the end)")
    if scheme != "sqlite" and config.get("PORT") not in ("", None):
        try:
            int(config["PORT"])
        except ValueError as exc:
            raise ConfigError(f"{name}: port {config['PORT']!r} is not a number") from exc
    config.setdefault("CONN_MAX_AGE", 60)
    config["CONN_HEALTH_CHECKS"] = True
    return config


def _mask(url: str) -> str:
    """The URL with any password replaced, safe to print."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}{':***' if ':' in creds else ''}@{host}"


mask_url = _mask
