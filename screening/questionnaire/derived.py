"""Named functions that derive a value from answers and context (age on polling day, BMI).

A questionnaire names the function and which values feed each parameter; parameter types are
checked when the file loads. An unknown input gives an unknown result, a missing one gives none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from screening.messages import N_


@dataclass(frozen=True, slots=True)
class DerivedFunction:
    name: str
    function: object
    params: tuple[tuple[str, str], ...]  # (parameter, value type)
    integer: bool
    unit: str | None
    places: int  # decimals shown (more when fewer would cross a band edge); never for scoring


REGISTRY: dict[str, DerivedFunction] = {}


def derived(
    name: str,
    params: tuple[tuple[str, str], ...],
    *,
    integer: bool,
    unit: str | None,
    places: int = 0,
):
    def register(function):
        REGISTRY[name] = DerivedFunction(name, function, params, integer, unit, places)
        return function

    return register


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


@derived(
    "age_on_polling_day",
    (("birth_date", "date"), ("polling_day", "date")),
    integer=True,
    unit=N_("tahun"),
)
def age_on_polling_day(birth_date, polling_day) -> int:
    """Completed years on polling day: KPU counts an officer's age on that day."""
    born, day = _as_date(birth_date), _as_date(polling_day)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@derived(
    "bmi",
    (("weight_kg", "number"), ("height_cm", "number")),
    integer=False,
    unit="kg/m²",
    places=1,
)
def bmi(weight_kg, height_cm) -> float:
    """Body-mass index, unrounded: bands are scored on the exact value (24.97 is below 25).

    Worked in exact fractions of the decimals the officer typed, then converted once: in plain
    floats 86.7 kg at 170 cm gives 30.000000000000004 and would score as "lebih dari 30". With
    answers to 0.1 kg and 0.1 cm a BMI that is not exactly on a cut lies at least 1e-8 from it,
    far beyond a float's error, so the conversion never moves a value across a cut.
    """
    kilograms = Fraction(str(weight_kg))
    centimetres = Fraction(str(height_cm))
    return float(kilograms * 10_000 / (centimetres * centimetres))
