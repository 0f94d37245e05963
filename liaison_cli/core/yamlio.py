"""YAML read as text: the only place besides config.py that imports yaml.

Staff type `lang: no`, `zip: 02134`, `time: 3:30` and `phone: +16175550134`; PyYAML's default
resolver would turn those into a boolean, an octal number, 210 and an integer. We compose the
document with the base resolver, so every scalar stays the text that was typed, and keep each
node's line so validation can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError


@dataclass
class Located:
    """A parsed value with the line it was written on (1-based)."""

    value: Any
    line: int


# More nodes than any config or front matter has: past it, aliases are being multiplied.
MAX_NODES = 100_000


def _convert(node, source: str, _active: set[int] | None = None, _count: list[int] | None = None) -> Located:
    import yaml  # start-up: PyYAML only when a YAML text is really parsed (config.yaml is cached)

    active = set() if _active is None else _active
    count = [0] if _count is None else _count
    count[0] += 1
    line = node.start_mark.line + 1
    if count[0] > MAX_NODES:
        raise ConfigError(f"{source}, line {line}: too many repeated aliases (*name); write the "
                          "values out instead.")
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        if id(node) in active:  # `a: &x [*x]` contains itself
            raise ConfigError(f"{source}, line {line}: an alias (*name) refers to the block it is "
                              "inside; write the values out instead.")
        active.add(id(node))
    try:
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Located] = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
                key_line = key_node.start_mark.line + 1
                if key in out:  # PyYAML keeps the last one silently: a whole `schools:` block lost
                    raise ConfigError(
                        f"{source}, line {key_line}: `{key}` is given twice (first on line "
                        f"{out[key].line}); keep one of them."
                    )
                out[key] = KeyedLocated(_convert(value_node, source, active, count), key_line)
            return Located(out, line)
        if isinstance(node, yaml.SequenceNode):
            return Located([_convert(item, source, active, count) for item in node.value], line)
    finally:
        active.discard(id(node))
    value = node.value
    if node.tag == "tag:yaml.org,2002:null" or (node.style is None and value in ("", "~", "null")):
        value = None
    return Located(value, line)


class KeyedLocated(Located):
    """A mapping value: `value` is the inner Located, `line` the key's line."""

    def __init__(self, inner: Located, key_line: int):
        super().__init__(inner.value, key_line)
        self.inner = inner


def parse_text(text: str, source: str) -> Located:
    """Parse YAML text into Located nodes; every scalar is a str or None."""
    import yaml  # here, not at the top: a cached config is read without it (about 20 ms)

    class _TextLoader(yaml.BaseLoader):
        """BaseLoader resolves every scalar as a string."""

    try:
        node = yaml.compose(text, Loader=_TextLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(
            f"{source} is not valid YAML{where} ({exc.problem}); fix that line and run again."
        ) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{source} is not valid YAML ({exc}); fix it and run again.") from None
    if node is None:
        return Located({}, 1)
    return _convert(node, source)


def to_plain_tree(loc: Located) -> Any:
    """Located nodes as JSON-able lists, to cache a parsed file without yaml on the next run."""
    v = loc.value
    if isinstance(v, dict):
        v = {k: to_plain_tree(x) for k, x in v.items()}
    elif isinstance(v, list):
        v = [to_plain_tree(x) for x in v]
    if isinstance(loc, KeyedLocated):
        return ["k", v, loc.line, loc.inner.line]
    return ["n", v, loc.line]


def from_plain_tree(t: Any) -> Located:
    v = t[1]
    if isinstance(v, dict):
        v = {k: from_plain_tree(x) for k, x in v.items()}
    elif isinstance(v, list):
        v = [from_plain_tree(x) for x in v]
    if t[0] == "k":
        return KeyedLocated(Located(v, t[3]), t[2])
    return Located(v, t[2])


def parse_file(path: Path) -> Located:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not UTF-8 text; save it as UTF-8 and run again.") from None
    except OSError as exc:
        raise ConfigError(f"Cannot read {path} ({exc.strerror}); check it exists.") from None
    return parse_text(text, str(path))


def plain(loc: Located | Any) -> Any:
    """Strip line information: nested dicts, lists and strings."""
    if isinstance(loc, Located):
        loc = loc.value
    if isinstance(loc, dict):
        return {k: plain(v) for k, v in loc.items()}
    if isinstance(loc, list):
        return [plain(v) for v in loc]
    return loc


def dump(data: Any) -> str:
    import yaml  # start-up: see _convert

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
