"""URL rules whose builders are compiled once per process instead of once per app.

When an app registers a rule, Werkzeug writes two small Python functions that build its URLs
(with and without unknown arguments as a query string) and compiles them: about 0.1 ms each,
24 ms of the 35 ms that `create_app` takes for this site's rules. Every test, CLI command and
server worker makes an app, and a builder depends only on the parsed rule, its defaults and the
map's converters, so builders are kept under that key and bound to each new rule.

This is the only module that touches Werkzeug's private `Rule._compile_builder`;
tests/test_routing.py fails if Werkzeug stops calling it, or if a cached builder builds a
different URL from a freshly compiled one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import ClassVar

from flask import Flask
from werkzeug.routing import Rule

Builder = Callable[..., tuple[str, str]]


class CachedRule(Rule):
    """A Werkzeug rule that reuses the builder compiled for an identical rule of an earlier app."""

    builders: ClassVar[dict[Hashable, Builder]] = {}

    def builder_key(self, append_unknown: bool) -> Hashable:
        defaults = tuple(
            sorted((name, repr(value)) for name, value in (self.defaults or {}).items())
        )
        converters = tuple(sorted(self.map.converters.items()))
        return (self.rule, tuple(self._trace), defaults, converters, append_unknown)

    def _compile_builder(self, append_unknown: bool = True) -> Builder:
        key = self.builder_key(append_unknown)
        builder = self.builders.get(key)
        if builder is None:
            builder = self.builders[key] = super()._compile_builder(append_unknown)
        return builder


def use_cached_rules(app: Flask) -> None:
    """Make the rules that `app` registers from now on CachedRules."""
    app.url_rule_class = CachedRule
