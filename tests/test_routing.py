"""URL builders compiled once per process (nsc_library/routing.py) build the URLs Werkzeug would."""

from __future__ import annotations

from pathlib import Path

from werkzeug.routing import AnyConverter, IntegerConverter, Map, Rule

from nsc_library import create_app
from nsc_library.routing import CachedRule
from tests.support.factories import app_config


def sample_values(rule: Rule) -> dict[str, object]:
    """A value for each of the rule's arguments that its converter accepts, and one unknown."""
    values: dict[str, object] = {"q": "å b&c"}  # not in any rule: goes to the query string
    for name in rule.arguments:
        converter = rule._converters.get(name)
        if isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[-1]
        else:
            values[name] = 7 if isinstance(converter, IntegerConverter) else "ä b/c"
    return values


def test_a_second_app_reuses_the_first_apps_builders(tmp_path: Path) -> None:
    first = create_app(app_config(tmp_path / "first"))
    second = create_app(app_config(tmp_path / "second"))
    rules = [rule for rule in second.url_map.iter_rules() if rule.endpoint != "static"]
    assert rules and all(isinstance(rule, CachedRule) for rule in rules)
    earlier = {rule.rule: rule for rule in first.url_map.iter_rules()}
    for rule in rules:
        # The same compiled function, bound to each app's own rule object.
        assert rule._build.__func__ is earlier[rule.rule]._build.__func__, rule.rule
        assert rule._build_unknown.__func__ is earlier[rule.rule]._build_unknown.__func__
        assert rule._build.__self__ is rule


def test_cached_builders_build_what_freshly_compiled_ones_build(tmp_path: Path) -> None:
    create_app(app_config(tmp_path / "first"))
    app = create_app(app_config(tmp_path / "second"))
    fresh_map = Map(converters=dict(app.url_map.converters))
    checked = 0
    for rule in app.url_map.iter_rules():
        fresh = Rule(rule.rule, defaults=rule.defaults, endpoint=rule.endpoint)
        fresh_map.add(fresh)
        assert type(fresh) is Rule
        values = sample_values(rule)
        for append_unknown in (True, False):
            built = rule.build(values, append_unknown=append_unknown)
            assert built == fresh.build(values, append_unknown=append_unknown), rule.rule
        checked += 1
    assert checked == len(list(app.url_map.iter_rules())) > 100
