"""The schema document's worked example is a real questionnaire that loads, passes and explains."""

import re

from screening.messages import render
from screening.questionnaire import load_questionnaire, run_cases

from .mini import PROJECT

README = (PROJECT / "questionnaires" / "README.md").read_text(encoding="utf-8")


def test_worked_example_loads_and_its_cases_pass(write_questionnaire):
    example = re.search(r"```yaml\n(id: mini.*?)```", README, re.DOTALL).group(1)
    questionnaire = load_questionnaire(write_questionnaire(example))
    assert run_cases(questionnaire) == []
    high = next(c for c in questionnaire.cases if c.name == "tinggi")
    result = questionnaire.score(high.answers, context=high.context)
    for reason in result.scores["skor"].reasons:
        assert render(reason.message) in README
    assert render(result.referral.instruction) in README
