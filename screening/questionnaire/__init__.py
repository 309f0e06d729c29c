"""Questionnaires and the risk-rule engine: definitions in YAML, scoring with reasons.

Plain Python, no Flask: the web app, the CLI and the tests all go through this package.
"""

from .cases import run as run_cases
from .engine import AnswerProblem
from .loader import load_all, load_questionnaire
from .model import Questionnaire
from .result import BERISIKO, LEVELS, TIDAK_BERISIKO, Result
from .source import Problem, QuestionnaireError
from .types import UNKNOWN

__all__ = [
    "BERISIKO",
    "LEVELS",
    "TIDAK_BERISIKO",
    "UNKNOWN",
    "AnswerProblem",
    "Problem",
    "Questionnaire",
    "QuestionnaireError",
    "Result",
    "load_all",
    "load_questionnaire",
    "run_cases",
]
