"""Structured messages: an Indonesian msgid with named parameters, translated at display time.

The one message type of the domain (questionnaires, rosters, NIKs, areas, referrals). The domain
never builds a finished sentence: the web pages and commands translate through `web.i18n.t`, the
slip and tests through `render`, each with its own `gettext` and number format for its locale.
A Message stored in a screening result (`to_dict`) must load again (`from_dict`) for as long as
the result is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from babel.numbers import format_decimal


def gettext_noop(msgid: str) -> str:
    """Mark a string for extraction without translating it (the msgid is Indonesian)."""
    return msgid


# The Babel keyword the domain marks its msgids with (tools/i18n.py KEYWORDS).
N_ = gettext_noop


@dataclass(slots=True)
class Message:
    """A msgid with `%(named)s` placeholders; params may be numbers, text, dates, lists or Messages.

    Not frozen: scoring builds a few dozen per response and a frozen dataclass is twice as slow to
    create. Treat messages as values all the same.
    """

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict:
        if not self.params:
            return {"msgid": self.msgid}
        return {
            "msgid": self.msgid,
            "params": {k: _param_to_json(v) for k, v in self.params.items()},
        }

    @classmethod
    def from_dict(cls, data: dict) -> Message:
        params = {k: _param_from_json(v) for k, v in data.get("params", {}).items()}
        return cls(data["msgid"], params)

    def __str__(self) -> str:
        return render(self)


@dataclass(frozen=True, slots=True)
class Rounded:
    """A number as it is shown: `number` with exactly `places` decimals ("25,0", "24,97").

    Built by `shown()` only, so a displayed value always falls in the band it was scored in.
    """

    number: float
    places: int

    def to_dict(self) -> dict:
        return {"number": self.number, "places": self.places}


# Enough for any float a person or a division of their answers produces; more is float noise.
MAX_PLACES = 12


def shown(value: float, places: int, *classifiers) -> Rounded:
    """`value` rounded for display to `places` decimals, or to as many more as it takes for the
    rounded value to land where the exact one did for every classifier (a band lookup, a
    threshold test): a BMI of 24.97 scored "below 25" shows as 24,97, never as 25,0."""
    expected = [classify(value) for classify in classifiers]
    for digits in range(places, MAX_PLACES + 1):
        rounded = round(value, digits)
        if all(classify(rounded) == e for classify, e in zip(classifiers, expected, strict=True)):
            return Rounded(rounded, digits)
    return Rounded(value, MAX_PLACES)


def exact_places(value, limit: int) -> int:
    """The fewest decimals (at most `limit`) that write `value` exactly: 94 → 0, 93.5 → 1."""
    for digits in range(limit):
        if round(value, digits) == value:
            return digits
    return limit


class MessageError(ValueError):
    """A refusal whose reason is a Message: `msgid` with `params`, translated where it is shown.

    `str()` is the Indonesian sentence, for logs and tracebacks.
    """

    def __init__(self, msgid: str, **params: object) -> None:
        self.msgid = msgid
        self.params = params
        super().__init__(msgid % params if params else msgid)

    @property
    def message(self) -> Message:
        return Message(self.msgid, self.params)


def _param_to_json(value):
    if isinstance(value, Message | Rounded):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [_param_to_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _param_from_json(value):
    if isinstance(value, dict) and "msgid" in value:
        return Message.from_dict(value)
    if isinstance(value, dict) and "places" in value:
        return Rounded(value["number"], value["places"])
    if isinstance(value, list):
        return [_param_from_json(v) for v in value]
    return value


def decimal_pattern(places: int) -> str:
    """A CLDR pattern with exactly `places` decimals: 2 → "#,##0.00"."""
    return "#,##0." + "0" * places if places else "#,##0"


def format_number_id(value: float, places: int | None = None) -> str:
    """Indonesian number formatting: decimal comma, dot for thousands (31,2; 10.000); with
    `places`, exactly that many decimals (25,0)."""
    if places is None:
        return format_decimal(value, locale="id")
    return format_decimal(value, format=decimal_pattern(places), locale="id")


def render(message: Message, gettext=None, number=format_number_id) -> str:
    """Translate a message (and its nested messages) and format its numbers.

    `gettext` defaults to no translation (Indonesian, the source language); `number` formats ints
    and floats for the reader's locale, and is called as `number(value, places)` for a `Rounded`.
    """
    translate = gettext or gettext_noop
    template = translate(message.msgid)
    if not message.params:
        return template
    params = {k: _render_param(v, translate, number) for k, v in message.params.items()}
    return template % params


def _render_param(value, translate, number) -> str:
    if isinstance(value, Message):
        return render(value, translate, number)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Rounded):
        return number(value.number, value.places)
    if isinstance(value, int | float):
        return number(value)
    if isinstance(value, list | tuple):
        return ", ".join(_render_param(v, translate, number) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
