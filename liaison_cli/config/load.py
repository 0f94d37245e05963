"""Reading config.yaml (with its parsed tree cached beside it) and writing the default one."""

from __future__ import annotations

from pathlib import Path

from ..core.yamlio import Located, from_plain_tree, parse_text, to_plain_tree
from ..errors import ConfigError
from .files import write_private_text
from .model import CONFIG_NAME, Config
from .validate import config_from_located, with_district

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
        import orjson  # start-up: --help and --version never read config

        cached = orjson.loads(cache.read_bytes())
        if cached.get("key") == key:
            tree = from_plain_tree(cached["tree"])
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):  # any junk: parse again
        tree = None
    if tree is None:
        tree = parse_text(key, str(path))
        try:
            import orjson  # start-up: see above

            write_private_text(cache, orjson.dumps({"key": key, "tree": to_plain_tree(tree)}).decode())
        except OSError:
            pass  # a read-only home still works, just without the cache
    if district:
        tree = with_district(tree, district)
    return config_from_located(tree, str(path), home)


def parse_config_text(text: str, home: Path, source: str = CONFIG_NAME) -> Config:
    return config_from_located(parse_text(text, source), source, home)
