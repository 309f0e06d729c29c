"""The questionnaires this installation serves: loaded once per process from QUESTIONNAIRE_DIR.

Loading checks every file (the loader's own checks plus the web form's registry), so a broken
definition stops the app at its first use with file and line, not an officer halfway through.
"""

from flask import current_app

from screening.questionnaire import Questionnaire, load_all
from screening.web.forms.questionnaire import check_form_registry


def questionnaires() -> dict[tuple[str, int], Questionnaire]:
    loaded = current_app.extensions.get("questionnaires")
    if loaded is None:
        loaded = load_all(current_app.config["QUESTIONNAIRE_DIR"])
        check_form_registry(loaded.values())
        current_app.extensions["questionnaires"] = loaded
    return loaded


def live() -> Questionnaire:
    """The version new screenings start on: the configured one, else the highest version."""
    wanted = current_app.config["QUESTIONNAIRE_ID"]
    pinned = current_app.config.get("QUESTIONNAIRE_VERSION")
    versions = {v: q for (qid, v), q in questionnaires().items() if qid == wanted}
    if not versions:
        raise LookupError(
            f"no questionnaire {wanted!r} in {current_app.config['QUESTIONNAIRE_DIR']}"
        )
    return versions[int(pinned)] if pinned else versions[max(versions)]


def get(questionnaire_id: str, version) -> Questionnaire:
    """The exact version a response was started on: drafts and results keep their version."""
    return questionnaires()[(questionnaire_id, int(version))]
