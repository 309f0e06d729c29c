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


def test_each_app_reads_the_questionnaire_folder_its_config_names_as_it_is_now(make_app, tmp_path):
    from screening.web import library
    from tests.questionnaire.mini import MINI

    (tmp_path / "mini.v1.yaml").write_text(MINI, encoding="utf-8")
    app = make_app(QUESTIONNAIRE_DIR=str(tmp_path), QUESTIONNAIRE_ID="mini")
    with app.app_context():
        assert library.live().title.msgid == "Mini"

    (tmp_path / "mini.v1.yaml").write_text(MINI.replace("title: Mini", "title: Lain"), "utf-8")
    later = make_app()
    later.config["QUESTIONNAIRE_DIR"] = str(tmp_path)  # changed after building: still read
    later.config["QUESTIONNAIRE_ID"] = "mini"
    with later.app_context():
        assert library.live().title.msgid == "Lain"
    with app.app_context():
        assert library.live().title.msgid == "Mini"  # an app keeps what it read
