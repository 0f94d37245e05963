"""The home folder and config.yaml.

One function finds the home folder (`--home`, then `LIAISON_HOME`, then the platformdirs user
data folder); the CLI reads the environment and passes what it found. config.yaml is parsed as
text (see yamlio) and validated key by key: a wrong key or value names the key and its line.

    files.py     home_dir, and the one private-folder maker and private-file writer
    model.py     Config and its parts (Liaison, School, Term, Closure, Cadence, Email)
    validate.py  the tree → Config, key by key (TOP_KEYS, DISTRICT_KEYS, store_url)
    load.py      load_config (with the parsed tree cached), parse_config_text
    defaults.py  the commented config.yaml `liaison init` writes
"""

from __future__ import annotations

from .defaults import DEFAULT_CONFIG, default_config_text
from .files import ensure_private_dir, home_dir, write_private_text
from .load import CACHE_NAME, load_config, parse_config_text
from .model import (
    CONFIG_NAME,
    SECURITY,
    WEEKDAYS,
    Cadence,
    Closure,
    Config,
    Email,
    Liaison,
    School,
    Term,
    system_timezone,
    valid_timezone,
)
from .validate import (
    DISTRICT_KEYS,
    EMAIL_KEYS,
    TOP_KEYS,
    config_from_located,
    store_url,
    with_district,
)

__all__ = [
    "CACHE_NAME", "CONFIG_NAME", "DEFAULT_CONFIG", "DISTRICT_KEYS", "EMAIL_KEYS", "SECURITY",
    "TOP_KEYS", "WEEKDAYS", "Cadence", "Closure", "Config", "Email", "Liaison", "School", "Term",
    "config_from_located", "default_config_text", "ensure_private_dir", "home_dir", "load_config",
    "parse_config_text", "store_url", "system_timezone", "valid_timezone", "with_district",
    "write_private_text",
]
