"""config.yaml's tree checked key by key into a Config: a wrong key or value names the key and
its line."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..core.langs import normalize_lang
from ..core.persons import GENDER_HELP, parse_gender
from ..core.yamlio import KeyedLocated, Located, from_plain_tree
from ..errors import ConfigError
from .model import (
    SECURITY,
    WEEKDAYS,
    Cadence,
    Closure,
    Config,
    Email,
    School,
    Term,
    valid_timezone,
)

_EVERY_RE = re.compile(r"^\s*(\d+)\s*([dw])\s*$")


def _where(source: str, line: int) -> str:
    return f"{source}, line {line}"


def _text(loc: Located, key: str, source: str) -> str:
    if loc.value is None:
        return ""
    if not isinstance(loc.value, str):
        raise ConfigError(f"{_where(source, loc.line)}: `{key}` must be text; write it on one line.")
    return loc.value


def _int(loc: Located, key: str, source: str, minimum: int = 0) -> int:
    raw = _text(loc, key, source).strip()
    if not raw.isdigit() or int(raw) < minimum:
        raise ConfigError(
            f"{_where(source, loc.line)}: `{key}` must be a whole number of at least {minimum}."
        )
    return int(raw)


def _bool(loc: Located, key: str, source: str) -> bool:
    raw = _text(loc, key, source).strip().lower()
    if raw in ("yes", "true", "on", "y"):
        return True
    if raw in ("no", "false", "off", "n", ""):
        return False
    raise ConfigError(f"{_where(source, loc.line)}: `{key}` must be yes or no.")


def _date(loc: Located, key: str, source: str) -> dt.date:
    raw = _text(loc, key, source).strip()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ConfigError(
            f"{_where(source, loc.line)}: `{key}` must be a date like 2026-09-02."
        ) from None


def _every(loc: Located, key: str, source: str) -> int:
    m = _EVERY_RE.match(_text(loc, key, source))
    if not m:
        raise ConfigError(f"{_where(source, loc.line)}: `{key}` must look like 7d or 2w.")
    n = int(m.group(1))
    return n * 7 if m.group(2) == "w" else n


def _mapping(loc: Located, key: str, source: str, allowed: set[str]) -> dict[str, Located]:
    if loc.value is None:
        return {}
    if not isinstance(loc.value, dict):
        raise ConfigError(f"{_where(source, loc.line)}: `{key}` must be a set of `name: value` lines.")
    for k, v in loc.value.items():
        if allowed and k not in allowed:
            choices = ", ".join(sorted(allowed))
            name = k if key == "config" else f"{key}.{k}"  # the top level has no prefix
            raise ConfigError(
                f"{_where(source, v.line)}: unknown key `{name}`; the keys here are {choices}."
            )
    return {k: (v.inner if isinstance(v, KeyedLocated) else v) for k, v in loc.value.items()}


def _list(loc: Located, key: str, source: str) -> list[Located]:
    if loc.value is None:
        return []
    if not isinstance(loc.value, list):
        raise ConfigError(f"{_where(source, loc.line)}: `{key}` must be a list (lines starting with -).")
    return loc.value


def _lang(loc: Located, key: str, source: str) -> str:

    raw = _text(loc, key, source).strip()
    code = normalize_lang(raw)
    if code is None:
        raise ConfigError(
            f"{_where(source, loc.line)}: `{key}` must be a language code like en, es or ar."
        )
    return code


TOP_KEYS = {
    "liaison", "schools", "default_language", "week_start", "paper", "letterhead",
    "templates_dir", "playbooks_dir", "calendar", "cadence", "unreachable", "referrals",
    "lock_timeout", "page_size", "timezone", "email", "persian_digits", "staff_gender", "store",
}
# The sections a district keeps once in its database (`liaison db init --config district.yaml`);
# on a district database they come from there, whatever a liaison's config.yaml says.
DISTRICT_KEYS = ("schools", "calendar", "cadence", "unreachable", "referrals", "week_start",
                 "timezone")
EMAIL_KEYS = {"smtp_host", "smtp_port", "security", "username", "imap_host", "imap_port",
              "imap_folder", "imap_security", "rate", "timeout"}


def _email(loc: Located, source: str) -> Email:
    m = _mapping(loc, "email", source, EMAIL_KEYS)
    em = Email()
    for k in ("smtp_host", "username", "imap_host", "imap_folder"):
        if k in m:
            setattr(em, k, _text(m[k], f"email.{k}", source).strip())
    for k in ("security", "imap_security"):
        if k in m:
            raw = _text(m[k], f"email.{k}", source).strip().lower()
            if raw not in SECURITY:
                raise ConfigError(f"{_where(source, m[k].line)}: `email.{k}` must be starttls, "
                                  "ssl or none.")
            setattr(em, k, raw)
    for k in ("smtp_port", "imap_port"):
        if k in m and _text(m[k], f"email.{k}", source).strip():
            port = _int(m[k], f"email.{k}", source, 1)
            if port > 65535:
                raise ConfigError(f"{_where(source, m[k].line)}: `email.{k}` must be a port "
                                  "number from 1 to 65535.")
            setattr(em, k, port)
    if "rate" in m:
        em.rate = _int(m["rate"], "email.rate", source, 0)
    if "timeout" in m:
        em.timeout = _int(m["timeout"], "email.timeout", source, 1)
    if not em.imap_folder:
        em.imap_folder = "INBOX"
    return em


def config_from_located(root: Located, source: str, home: Path) -> Config:
    top = _mapping(root, "config", source, TOP_KEYS)
    cfg = Config()
    if "liaison" in top:
        m = _mapping(top["liaison"], "liaison", source, {"name", "title", "phone", "email", "languages"})
        for k in ("name", "title", "phone", "email"):
            if k in m:
                setattr(cfg.liaison, k, _text(m[k], f"liaison.{k}", source))
        if "languages" in m:
            cfg.liaison.languages = [_lang(x, "liaison.languages", source) for x in _list(m["languages"], "liaison.languages", source)]
    for item in _list(top.get("schools", Located(None, 1)), "schools", source):
        m = _mapping(item, "schools", source, {"name", "short", "address", "phone", "principal", "office_hours", "supply_lists"})
        if "name" not in m or not _text(m["name"], "schools.name", source).strip():
            raise ConfigError(f"{_where(source, item.line)}: each school needs a `name`.")
        school = School(name=_text(m["name"], "schools.name", source).strip())
        for k in ("short", "address", "phone", "principal", "office_hours"):
            if k in m:
                setattr(school, k, _text(m[k], f"schools.{k}", source).strip())
        if "supply_lists" in m:
            lists = _mapping(m["supply_lists"], "schools.supply_lists", source, set())
            school.supply_lists = {
                g: [_text(x, "schools.supply_lists", source) for x in _list(v, f"supply_lists.{g}", source)]
                for g, v in lists.items()
            }
        cfg.schools.append(school)
    if "default_language" in top:
        cfg.default_language = _lang(top["default_language"], "default_language", source)
    if "week_start" in top:
        raw = _text(top["week_start"], "week_start", source).strip().lower()
        if raw not in WEEKDAYS:
            raise ConfigError(
                f"{_where(source, top['week_start'].line)}: `week_start` must be a day name like monday or sunday."
            )
        cfg.week_start = WEEKDAYS.index(raw)
    if "paper" in top:
        raw = _text(top["paper"], "paper", source).strip().lower()
        if raw not in ("letter", "a4"):
            raise ConfigError(f"{_where(source, top['paper'].line)}: `paper` must be letter or a4.")
        cfg.paper = raw
    if "letterhead" in top:
        cfg.letterhead = _text(top["letterhead"], "letterhead", source)
    if "persian_digits" in top:
        cfg.persian_digits = _bool(top["persian_digits"], "persian_digits", source)
    for key in ("templates_dir", "playbooks_dir"):
        if key in top and top[key].value:
            p = Path(_text(top[key], key, source)).expanduser()
            setattr(cfg, key, p if p.is_absolute() else home / p)
    if "calendar" in top:
        cal = _mapping(top["calendar"], "calendar", source, {"terms", "closures"})
        for item in _list(cal.get("terms", Located(None, 1)), "calendar.terms", source):
            m = _mapping(item, "calendar.terms", source, {"name", "start", "end"})
            if "start" not in m or "end" not in m:
                raise ConfigError(f"{_where(source, item.line)}: each term needs `start` and `end` dates.")
            term = Term(
                name=_text(m.get("name", Located("", 1)), "calendar.terms.name", source),
                start=_date(m["start"], "calendar.terms.start", source),
                end=_date(m["end"], "calendar.terms.end", source),
            )
            if term.end < term.start:
                raise ConfigError(f"{_where(source, item.line)}: a term ends before it starts.")
            cfg.terms.append(term)
        for item in _list(cal.get("closures", Located(None, 1)), "calendar.closures", source):
            m = _mapping(item, "calendar.closures", source, {"name", "date", "end"})
            if "date" not in m:
                raise ConfigError(f"{_where(source, item.line)}: each closure needs a `date`.")
            start = _date(m["date"], "calendar.closures.date", source)
            end = _date(m["end"], "calendar.closures.end", source) if "end" in m else start
            if end < start:
                raise ConfigError(f"{_where(source, item.line)}: a closure ends before it starts.")
            cfg.closures.append(
                Closure(_text(m.get("name", Located("", 1)), "calendar.closures.name", source), start, end)
            )
        cfg.terms.sort(key=lambda t: t.start)
    if "cadence" in top:
        for tag, v in _mapping(top["cadence"], "cadence", source, set()).items():
            if isinstance(v.value, dict):
                m = _mapping(v, f"cadence.{tag}", source, {"every", "first_term_only"})
                if "every" not in m:
                    raise ConfigError(f"{_where(source, v.line)}: `cadence.{tag}` needs `every`, like 1w.")
                cfg.cadence[tag] = Cadence(
                    _every(m["every"], f"cadence.{tag}.every", source),
                    _bool(m["first_term_only"], f"cadence.{tag}.first_term_only", source)
                    if "first_term_only" in m else False,
                )
            else:
                cfg.cadence[tag] = Cadence(_every(v, f"cadence.{tag}", source))
    if "unreachable" in top:
        m = _mapping(top["unreachable"], "unreachable", source, {"attempts", "days"})
        if "attempts" in m:
            cfg.unreachable_attempts = _int(m["attempts"], "unreachable.attempts", source, 1)
        if "days" in m:
            cfg.unreachable_days = _int(m["days"], "unreachable.days", source, 1)
    if "referrals" in top:
        m = _mapping(top["referrals"], "referrals", source, {"check_after_school_days"})
        if "check_after_school_days" in m:
            cfg.referral_check_school_days = _int(
                m["check_after_school_days"], "referrals.check_after_school_days", source, 1
            )
    if "lock_timeout" in top:
        cfg.lock_timeout = float(_int(top["lock_timeout"], "lock_timeout", source, 0))
    if "page_size" in top:
        cfg.page_size = _int(top["page_size"], "page_size", source, 1)
    if "staff_gender" in top:

        for who, loc in _mapping(top["staff_gender"], "staff_gender", source, set()).items():
            try:
                gender = parse_gender(_text(loc, f"staff_gender.{who}", source))
            except ValueError:
                raise ConfigError(f"{_where(source, loc.line)}: `staff_gender.{who}` must be "
                                  f"{GENDER_HELP}.") from None
            if gender != "x":
                cfg.staff_gender[str(who).strip()] = gender
    if "timezone" in top:
        zone = _text(top["timezone"], "timezone", source).strip()
        if zone and not valid_timezone(zone):
            raise ConfigError(f"{_where(source, top['timezone'].line)}: `timezone` {zone!r} is not a "
                              "time zone; use an IANA name like America/New_York or Europe/Lisbon "
                              "(or leave it empty for this computer's own zone).")
        cfg.timezone = zone
    if "email" in top:
        cfg.email = _email(top["email"], source)
    if "store" in top:
        cfg.store_url = store_url(_text(top["store"], "store", source).strip(),
                                  _where(source, top["store"].line))
    return cfg


def store_url(url: str, where: str = "", *, allow_password: bool = False) -> str:
    """A `postgresql://` URL checked for a password, which never belongs in a file or argv
    (libpq takes it from PGPASSWORD or ~/.pgpass); "" stays "" (the JSON store).
    `allow_password`: the URL came from the environment (LIAISON_DATABASE_URL), not a file."""
    if not url:
        return ""
    prefix = f"{where}: " if where else ""
    if not url.startswith(("postgresql://", "postgres://")):
        raise ConfigError(f"{prefix}`store` must be a PostgreSQL URL like "
                          "postgresql://db.district.org/liaison (or left out for the store in "
                          "the home folder).")
    from urllib.parse import parse_qs, urlsplit  # start-up: only for a district store URL

    try:
        parts = urlsplit(url)
        has_password = parts.password is not None or "password" in parse_qs(parts.query)
    except ValueError:
        raise ConfigError(f"{prefix}`store` is not a valid PostgreSQL URL; write it like "
                          "postgresql://db.district.org/liaison.") from None
    if has_password and not allow_password:
        raise ConfigError(f"{prefix}the store URL carries a password; remove it and put the "
                          "password in ~/.pgpass or PGPASSWORD instead, so it is never stored "
                          "in a file.")
    return url


def with_district(root: Located, district: dict[str, object]) -> Located:
    """A config tree whose district sections (DISTRICT_KEYS) are the database's."""
    if not isinstance(root.value, dict):
        root = Located({}, 1)
    value = {k: v for k, v in root.value.items() if k not in DISTRICT_KEYS}
    for key in DISTRICT_KEYS:
        if key in district:
            value[key] = from_plain_tree(district[key])
    return Located(value, root.line)
