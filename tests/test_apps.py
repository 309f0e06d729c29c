"""The suite's own shortcuts (tests/apps.py) change nothing the tests see."""

from werkzeug.routing import Rule


def _code(function):
    code = function.__code__
    return code.co_code, code.co_consts, code.co_names, code.co_varnames, code.co_argcount


def test_shared_url_builders_are_the_ones_werkzeug_compiles(app):
    compile_builder = Rule._compile_builder.__wrapped__
    rules = list(app.url_map.iter_rules())
    assert len(rules) > 40
    for rule in rules:
        for append_unknown in (False, True):
            shared = rule._compile_builder(append_unknown)
            assert _code(shared) == _code(compile_builder(rule, append_unknown)), rule
