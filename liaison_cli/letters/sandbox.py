"""The sandbox letters render in: Jinja's ImmutableSandboxedEnvironment with only `range` (ours,
shorter) as a global, every built-in filter, operator, call, loop and concatenation going
through the render limits of limits.py.
"""

from __future__ import annotations

import functools
import itertools
import time
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.filters import FILTERS
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

from .limits import (
    BUDGET,
    MAX_CHARS,
    MAX_RANGE,
    MAX_WORK,
    RenderLimit,
    check_binop,
    check_call,
    pre_filter,
)

_AMPLIFYING_FILTERS = {"center", "indent", "wordwrap", "replace", "join", "batch", "slice",
                       "format", "sum"}


def _guard_filter(name: str, func: Any) -> Any:
    skip = 0 if getattr(func, "jinja_pass_arg", None) is None else 1
    sized = BUDGET.sized

    if name not in _AMPLIFYING_FILTERS:
        @functools.wraps(func)
        def counted(*args: Any, **kwargs: Any) -> Any:
            return sized(func(*args, **kwargs))

        return counted

    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if len(args) > skip:
            value = pre_filter(name, args[skip], args[skip + 1:], kwargs)
            args = (*args[:skip], value, *args[skip + 1:])
        return sized(func(*args, **kwargs))

    return guarded


_GUARDED_FILTERS = {name: _guard_filter(name, f) for name, f in FILTERS.items()}


def _range(*args: int) -> range:
    r = range(*args)
    if len(r) > MAX_RANGE:
        raise RenderLimit(f"range() of {len(r):,} numbers is too long (at most {MAX_RANGE:,})")
    return r


_ITER_FILTER, _SIZE_FILTER = "_liaison_guard_iter", "_liaison_guard_size"


class _GuardLoops(NodeTransformer):
    """Every `{% for %}` iterates through the budget's guard; every `~` result is sized."""

    def __init__(self, environment: jinja2.Environment):
        self.environment = environment

    def _call(self, name: str, node: nodes.Expr) -> nodes.Filter:
        # A filter, not a call: filters are called directly, without the sandbox's checks.
        call = nodes.Filter(node, name, [], [], None, None, lineno=node.lineno)
        call.set_environment(self.environment)
        return call

    def visit_For(self, node: nodes.For) -> nodes.For:
        self.generic_visit(node)
        node.iter = self._call(_ITER_FILTER, node.iter)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Filter:
        self.generic_visit(node)
        return self._call(_SIZE_FILTER, node)


class _GuardedCodeGenerator(CodeGenerator):
    def visit_Template(self, node: nodes.Template, frame: Any = None) -> None:
        _GuardLoops(self.environment).visit(node)
        super().visit_Template(node, frame)


class LetterEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox letters render in, with the render limits of limits.py."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _GuardedCodeGenerator

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        # Only `range` (ours, shorter than the sandbox's): no cycler, joiner, namespace or
        # lipsum, whose internals a hostile template could walk.
        self.globals = {"range": _range}
        self.filters.update(_GUARDED_FILTERS)
        self.filters[_ITER_FILTER] = _guard_iter
        self.filters[_SIZE_FILTER] = BUDGET.sized
        self.concat = _concat  # type: ignore[assignment]

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        BUDGET.tick()
        check_binop(operator, left, right)
        return BUDGET.sized(super().call_binop(context, operator, left, right))

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        BUDGET.tick()
        args = check_call(obj, args, kwargs)
        return BUDGET.sized(super().call(context, obj, *args, **kwargs))


def _guard_iter(iterable: Any) -> Any:
    return _guarded(iter(iterable))


def _guarded(it: Any) -> Any:
    budget = BUDGET
    for item in it:
        budget.ticks += 1
        if not budget.ticks & 15 and time.monotonic() > budget.deadline:
            budget.late()
        yield item


def _concat(chunks: Any) -> str:
    """The letter's text (and each macro's and `{% set %}` block's), capped and timed."""
    budget = BUDGET
    out: list[str] = []
    n = 0
    it = iter(chunks)
    while True:  # read in batches: a Python step per chunk would slow every letter down
        batch = list(itertools.islice(it, 256))
        n += sum(map(len, batch))
        if n > MAX_CHARS:
            raise RenderLimit(f"the text grew past {MAX_CHARS:,} characters")
        out += batch
        if time.monotonic() > budget.deadline:
            budget.late()
        if len(batch) < 256:
            break
    budget.work += n
    if budget.work > MAX_WORK:
        raise RenderLimit(f"it built more than {MAX_WORK:,} characters or items in all")
    return "".join(out)
