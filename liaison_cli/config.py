"""The home folder and config.yaml.

One function finds the home folder (`--home`, then `LIAISON_HOME`, then the platformdirs user
data folder); the CLI reads the environment and passes what it found. config.yaml is parsed as
text (see yamlio) and validated against SCHEMA: a wrong key or value names the key and its line.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError
from .yamlio import Located, _KeyedLocated, from_plain_tree, parse_text, to_plain_tree

CONFIG_NAME = "config.yaml"
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_EVERY_RE = re.compile(r"^\s*(\d+)\s*([dw])\s*$")


def home_dir(explicit: str | os.PathLike | None, env_home: str | None) -> Path:
    """The folder holding config.yaml, the store and its backups."""
    if explicit:
        return Path(explicit).expanduser().absolute()
    if env_home:
        return Path(env_home).expanduser().absolute()
    import platformdirs  # only when neither was given

    return Path(platformdirs.user_data_dir("liaison", appauthor=False))


def ensure_private_dir(path: Path, *, tighten: bool = True) -> Path:
    """The one maker of private folders: create `path` and every missing parent with mode 0700,
    whatever the umask (their names carry family names and languages), and return it.

    A folder that already existed keeps its mode unless `tighten` (the home, the store, the
    exports folder: ours); a folder the user named with --out is theirs to keep as it was."""
    missing: list[Path] = []
    p = path
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)  # never wider than 0700, even for a moment
        except FileExistsError:
            continue  # made by another process just now
        os.chmod(folder, 0o700)  # mkdir's mode is masked by the umask: make it exact
    if tighten and not missing and path.is_dir():
        os.chmod(path, 0o700)
    return path


def write_private_text(path: Path, text: str | bytes, *, durable: bool = True) -> None:
    """Write a file atomically with mode 0600 whatever the umask. `durable=False` skips the
    fsync, for files that can be made again (letters of a mail merge: 1,000 fsyncs cost seconds)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    # O_BINARY (Windows only): os.open makes a text-mode file there, which would write \r\n.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    try:
        if hasattr(os, "fchmod"):  # not on Windows before Python 3.13
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# --------------------------------------------------------------------------- the model


@dataclass
class Liaison:
    name: str = ""
    title: str = "Family Liaison"
    phone: str = ""
    email: str = ""
    languages: list[str] = field(default_factory=lambda: ["en"])


@dataclass
class School:
    name: str
    short: str = ""
    address: str = ""
    phone: str = ""
    principal: str = ""
    office_hours: str = ""
    supply_lists: dict[str, list[str]] = field(default_factory=dict)

    def matches(self, text: str) -> bool:
        t = text.strip().casefold()
        return t in (self.name.casefold(), self.short.casefold())


@dataclass
class Term:
    name: str
    start: dt.date
    end: dt.date


@dataclass
class Closure:
    name: str
    start: dt.date
    end: dt.date


@dataclass
class Cadence:
    days: int
    first_term_only: bool = False


SECURITY = ("starttls", "ssl", "none")


@dataclass
class Email:
    """The district's mail server: SMTP to send letters, IMAP to read replies. Passwords are
    never here: they come from the keyring, the environment or a prompt (cli/mailpass.py)."""

    smtp_host: str = ""
    smtp_port: int = 0  # 0: the usual port for `security`
    security: str = "starttls"
    username: str = ""  # default: liaison.email
    imap_host: str = ""
    imap_port: int = 0
    imap_folder: str = "INBOX"
    imap_security: str = "ssl"
    rate: int = 30  # messages per minute; 0: as fast as the server takes them
    timeout: int = 30  # seconds to wait for the server

    @property
    def smtp_port_used(self) -> int:
        return self.smtp_port or {"ssl": 465, "starttls": 587}.get(self.security, 25)

    @property
    def imap_port_used(self) -> int:
        return self.imap_port or (993 if self.imap_security == "ssl" else 143)


@dataclass
class Config:
    liaison: Liaison = field(default_factory=Liaison)
    email: Email = field(default_factory=Email)
    schools: list[School] = field(default_factory=list)
    default_language: str = "en"
    week_start: int = 0  # Monday
    paper: str = "letter"
    letterhead: str = ""
    persian_digits: bool = True  # Dari letters print dates and times with ۰۱۲۳…
    templates_dir: Path | None = None
    playbooks_dir: Path | None = None
    terms: list[Term] = field(default_factory=list)
    closures: list[Closure] = field(default_factory=list)
    cadence: dict[str, Cadence] = field(default_factory=dict)
    unreachable_attempts: int = 3
    unreachable_days: int = 30
    referral_check_school_days: int = 10
    lock_timeout: float = 10.0
    page_size: int = 25
    # Staff named in letters (teachers, principals) whose honorific does not say their gender
    # ("Dr. Angela Brooks"): name → "f" or "m". See persons.staff_gender.
    staff_gender: dict[str, str] = field(default_factory=dict)
    timezone: str = ""  # an IANA name; "" is the computer's own zone (UTC when it has none)
    # The district's PostgreSQL database (`store: postgresql://host/district`); "" is the
    # JSON store in the home folder. Never with a password in it (see store_url).
    store_url: str = ""

    def zone(self) -> str:
        """The IANA time zone that timed calendar entries are in."""
        return self.timezone or system_timezone()

    def school(self, text: str) -> School | None:
        for s in self.schools:
            if s.matches(text):
                return s
        return None


# --------------------------------------------------------------------------- validation


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
    return {k: (v.inner if isinstance(v, _KeyedLocated) else v) for k, v in loc.value.items()}


def _list(loc: Located, key: str, source: str) -> list[Located]:
    if loc.value is None:
        return []
    if not isinstance(loc.value, list):
        raise ConfigError(f"{_where(source, loc.line)}: `{key}` must be a list (lines starting with -).")
    return loc.value


def _lang(loc: Located, key: str, source: str) -> str:
    from .langs import normalize_lang

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


def valid_timezone(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if not name or name != name.strip() or name.startswith(("/", ".")) or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def system_timezone() -> str:
    """The computer's own IANA zone, from /etc/localtime (a link into the zoneinfo folder) or
    /etc/timezone; UTC when neither names one."""
    candidates = []
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    try:
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    except (OSError, UnicodeDecodeError):
        pass
    for name in candidates:
        if name.startswith("posix/") or name.startswith("right/"):
            name = name.split("/", 1)[1]
        if valid_timezone(name):
            return name
    return "UTC"


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
        from .persons import GENDER_HELP, parse_gender

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
    from urllib.parse import parse_qs, urlsplit

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


CACHE_NAME = ".config-cache.json"


def load_config(home: Path, district: dict[str, object] | None = None) -> Config:
    """Read and validate config.yaml; a home without one gets the defaults. `district`: the
    district database's settings (config sections as plain trees), which take the place of
    config.yaml's own schools, calendar, cadence, …

    The parsed tree is cached beside it, keyed by the file's exact text, so most runs skip
    importing and running the YAML parser; validation always runs on the tree.
    """
    path = home / CONFIG_NAME
    try:
        key = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        if district:
            return config_from_located(with_district(Located({}, 1), district), str(path), home)
        return Config()
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not UTF-8 text; save it as UTF-8 and run again.") from None
    except OSError as exc:
        raise ConfigError(f"Cannot read {path} ({exc.strerror}); check the folder's permissions.") from None
    cache = home / CACHE_NAME
    tree = None
    try:
        import orjson

        cached = orjson.loads(cache.read_bytes())
        if cached.get("key") == key:
            tree = from_plain_tree(cached["tree"])
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):  # any junk: parse again
        tree = None
    if tree is None:
        tree = parse_text(key, str(path))
        try:
            import orjson

            write_private_text(cache, orjson.dumps({"key": key, "tree": to_plain_tree(tree)}).decode())
        except OSError:
            pass  # a read-only home still works, just without the cache
    if district:
        tree = with_district(tree, district)
    return config_from_located(tree, str(path), home)


def parse_config_text(text: str, home: Path, source: str = CONFIG_NAME) -> Config:
    return config_from_located(parse_text(text, source), source, home)


def default_config_text(today: dt.date) -> str:
    """A commented config.yaml for `liaison init`."""
    year = today.year if today.month >= 8 else today.year - 1
    return DEFAULT_CONFIG.format(y=year, y1=year + 1)


DEFAULT_CONFIG = """\
# liaison configuration. Every value is read as text, so `lang: no` stays Norwegian and
# `zip: 02134` keeps its leading zero. Run `liaison paths` to see where this file lives.

# You: printed at the foot of letters.
liaison:
  name: ""                 # your name, as parents know you
  title: Family Liaison
  phone: ""
  email: ""
  languages: [en]          # languages you speak yourself (codes: en, es, ar, vi, zh, so, ht, pt, fr, prs)

# The schools you serve. `short` is what you type with --school.
schools:
  - name: My School
    short: MS
    address: ""
    phone: ""
    principal: ""
    office_hours: "Monday to Friday, 8:00 to 3:30"
    supply_lists:
      K: [crayons, glue sticks, a backpack]

default_language: en       # letters fall back to this language
week_start: monday         # the first day of your week: monday or sunday
paper: letter              # letter or a4, for PDF letters
letterhead: ""             # a line printed at the top of PDF letters
persian_digits: yes        # Dari letters print dates and times in Persian digits (no: 0-9)
templates_dir: ""          # your own letter templates; they override the built-in ones
playbooks_dir: ""          # your own playbooks

# School days skip weekends, closures and the days outside terms.
calendar:
  terms:
    - {{name: Fall, start: {y}-09-02, end: {y}-12-19}}
    - {{name: Spring, start: {y1}-01-05, end: {y1}-06-18}}
  closures:
    - {{name: Thanksgiving, date: {y}-11-26, end: {y}-11-27}}

# How often each kind of family should hear from you. Only a reached contact resets the clock.
cadence:
  newcomer: {{every: 1w, first_term_only: yes}}
  housing-insecure: 2w

# Who counts as unreachable: this many failed attempts in a row, or no reached contact in days.
unreachable:
  attempts: 3
  days: 30

referrals:
  check_after_school_days: 10

# Sending letters by email and reading replies (README: Email). Passwords never go here:
# `liaison email password` keeps them in your system's keyring.
email:
  smtp_host: ""            # your district's mail server, like smtp.office365.com
  smtp_port: ""            # blank: 587 for starttls, 465 for ssl, 25 for none
  security: starttls       # starttls, ssl or none
  username: ""             # blank: liaison.email above
  imap_host: ""            # where replies arrive, like outlook.office365.com
  imap_port: ""            # blank: 993 for ssl, 143 otherwise
  imap_folder: INBOX
  imap_security: ssl       # ssl, starttls or none
  rate: 30                 # messages per minute (0: no limit)

lock_timeout: 10           # seconds to wait for another liaison command to finish
page_size: 25              # rows shown before a listing says how to see more
# A district team's PostgreSQL database instead of the store in this folder, like
# postgresql://db.district.org/liaison (never with a password: use ~/.pgpass or PGPASSWORD).
store: ""

# Letters agree with the gender of the staff they name, read from the honorific (Mr., Ms.,
# Mrs.). Give it here for a name whose honorific does not say (Dr., Mx., no honorific):
# f or m; a name left out is written about in neutral words.
staff_gender:              # like {{"Dr. Angela Brooks": f, "Jordan Lee": m}}
timezone: ""               # for timed calendar entries: an IANA name like America/New_York; empty: this computer's zone
"""
