"""Named functions that derive a value from answers and context (age on polling day, BMI).

A questionnaire names the function and which values feed each parameter; parameter types are
checked when the file loads. An unknown input gives an unknown result, a missing one gives none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .messages import gettext_noop as _


@dataclass(frozen=True, slots=True)
class DerivedFunction:
    name: str
    function: object
    params: tuple[tuple[str, str], ...]  # (parameter, value type)
    integer: bool
    unit: str | None


REGISTRY: dict[str, DerivedFunction] = {}


def derived(name: str, params: tuple[tuple[str, str], ...], *, integer: bool, unit: str | None):
    def register(function):
        REGISTRY[name] = DerivedFunction(name, function, params, integer, unit)
        return function

    return register


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


@derived(
    "age_on_polling_day",
    (("birth_date", "date"), ("polling_day", "date")),
    integer=True,
    unit=_("tahun"),
)
def age_on_polling_day(birth_date, polling_day) -> int:
    """Completed years on polling day: KPU counts an officer's age on that day."""
    born, day = _as_date(birth_date), _as_date(polling_day)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@derived("bmi", (("weight_kg", "number"), ("height_cm", "number")), integer=False, unit="kg/m²")
def bmi(weight_kg, height_cm) -> float:
    """Body-mass index rounded to one decimal, the precision on the slip, so the band shown is
    the band scored (IMT 30,0 never scores as "lebih dari 30")."""
    metres = height_cm / 100
    return round(weight_kg / (metres * metres), 1)
