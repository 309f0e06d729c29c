"""The registry of item types: each knows its settings, how to read a raw answer, and how to say
in plain Indonesian what is wrong with it.

A stored answer is JSON-safe: numbers, option ids, lists of option ids, ISO dates, text, or
`tidak_tahu` for an honest "I don't know".
"""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal
from itertools import combinations
from typing import ClassVar

from screening.messages import N_, Message, Rounded

from .source import LineDict, LineList, Problems, line_of

UNKNOWN = "tidak_tahu"

# ASCII digits with at most one decimal comma or point: "93,5", "93.5", "94". Python's float()
# would also take "9_4", "1e2" and other scripts' digits, none of which a person means here.
NUMBER_TEXT = re.compile(r"-?[0-9]{1,12}(?:[.,][0-9]{1,12})?")

COMMON_KEYS = frozenset({"id", "type", "label", "short", "help", "required", "show_if", "skip_if"})


class AnswerError(Exception):
    """A raw answer cannot be accepted; `needs_confirmation` means it is allowed once confirmed."""

    def __init__(self, message: Message, needs_confirmation: bool = False):
        super().__init__(message.msgid)
        self.message = message
        self.needs_confirmation = needs_confirmation


class Option:
    __slots__ = ("exclusive", "id", "label", "line")

    def __init__(self, option_id: str, label: Message, line: int, exclusive: bool = False):
        self.id = option_id
        self.label = label
        self.line = line
        self.exclusive = exclusive


def quantity(value, unit: Message | None):
    """A number with its unit, as a message parameter."""
    if unit is None:
        return value
    return Message(N_("%(number)s %(unit)s"), {"number": value, "unit": unit})


class ItemType:
    """Base of every item type. `kind` is what conditions and score parts may do with the value."""

    name: ClassVar[str]
    kind: ClassVar[str]
    keys: ClassVar[frozenset] = frozenset()
    integer = False
    can_be_unknown = False
    unit: Message | None = None
    options: dict[str, Option] | None = None

    def __init__(self, doc: LineDict, problems: Problems):
        self.doc = doc

    def parse(self, raw, confirmed=False):
        """Turn a raw form or JSON value into the stored value, or raise AnswerError."""
        raise NotImplementedError

    def describe(self, value):
        """The answer as a message parameter, for reasons and the slip."""
        return value

    def candidates(self, operands) -> list:
        """A few values enough to decide whether a condition on this item can ever be true."""
        return [None, "x"]


def _require_str(raw) -> str:
    if isinstance(raw, list | tuple):
        if len(raw) != 1:
            raise AnswerError(Message(N_("Berikan satu jawaban saja.")))
        raw = raw[0]
    if isinstance(raw, bool):
        raise AnswerError(Message(N_("Jawaban tidak dikenal.")))
    return str(raw).strip()


class NumberType(ItemType):
    name = "number"
    kind = "number"
    keys = frozenset({"unit", "min", "max", "plausible", "decimals", "allow_unknown"})

    def __init__(self, doc, problems):
        super().__init__(doc, problems)
        unit = doc.get("unit")
        self.unit = Message(unit) if isinstance(unit, str) else None
        self.decimals = doc.get("decimals", 0)
        if not isinstance(self.decimals, int) or not 0 <= self.decimals <= 3:
            problems.add(line_of(doc, "decimals"), N_("decimals harus bilangan bulat 0 sampai 3."))
            self.decimals = 0
        self.integer = self.decimals == 0
        self.can_be_unknown = doc.get("allow_unknown", False) is True
        self.min = self._limit(doc, "min", problems)
        self.max = self._limit(doc, "max", problems)
        if self.min is None or self.max is None:
            problems.add(doc.line, N_("Pertanyaan angka harus punya batas min dan max."))
        elif self.min >= self.max:
            problems.add(line_of(doc, "min"), N_("min harus lebih kecil dari max."))
        plausible = doc.get("plausible")
        self.plausible = None
        if plausible is not None:
            ok = (
                isinstance(plausible, list)
                and len(plausible) == 2
                and all(_is_number(v) for v in plausible)
                and plausible[0] < plausible[1]
            )
            if ok and self.min is not None and self.max is not None:
                ok = self.min <= plausible[0] and plausible[1] <= self.max
            if not ok:
                problems.add(
                    line_of(doc, "plausible"),
                    N_("plausible harus [bawah, atas] di dalam batas min dan max."),
                )
            else:
                self.plausible = (plausible[0], plausible[1])

    @staticmethod
    def _limit(doc, key, problems):
        value = doc.get(key)
        if value is not None and not _is_number(value):
            problems.add(line_of(doc, key), N_("%(key)s harus berupa angka."), key=key)
            return None
        return value

    def parse(self, raw, confirmed=False):
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            if not math.isfinite(raw):
                raise self._not_a_number()
            number = Decimal(repr(raw))
        else:
            text = _require_str(raw)
            if text == UNKNOWN and self.can_be_unknown:
                return UNKNOWN
            if not NUMBER_TEXT.fullmatch(text):
                raise self._not_a_number()
            number = Decimal(text.replace(",", "."))
        # Counted on what was written, never rounded away: 93,95 cm is not silently 94 cm, which
        # would score in the band above.
        exponent = number.normalize().as_tuple().exponent
        places = -exponent if exponent < 0 else 0
        if places > self.decimals:
            if self.integer:
                raise AnswerError(Message(N_("Tulis angka bulat, tanpa koma.")))
            raise AnswerError(
                Message(
                    N_(
                        "Tulis paling banyak %(places)s angka di belakang koma, "
                        "misalnya %(example)s."
                    ),
                    {"places": self.decimals, "example": self._example()},
                )
            )
        value = int(number) if places == 0 else float(number)
        if value < self.min:
            raise AnswerError(
                Message(
                    N_("Angka ini terlalu kecil. Paling kecil %(min)s."),
                    {"min": quantity(self.min, self.unit)},
                )
            )
        if value > self.max:
            raise AnswerError(
                Message(
                    N_("Angka ini terlalu besar. Paling besar %(max)s."),
                    {"max": quantity(self.max, self.unit)},
                )
            )
        if not confirmed and self.plausible and not self.plausible[0] <= value <= self.plausible[1]:
            raise AnswerError(
                Message(
                    N_(
                        "%(value)s jarang sekali. Periksa lagi; jika sudah benar, pilih "
                        '"Ya, sudah benar".'
                    ),
                    {"value": quantity(value, self.unit)},
                ),
                needs_confirmation=True,
            )
        return value

    def _not_a_number(self) -> AnswerError:
        return AnswerError(
            Message(N_("Tulis angka saja, misalnya %(example)s."), {"example": self._example()})
        )

    def _example(self):
        if self.plausible:
            middle = (self.plausible[0] + self.plausible[1]) / 2
        else:
            middle = ((self.min or 0) + (self.max or 0)) / 2
        if self.integer:
            return int(middle)
        # With its decimal, so the example shows where the comma goes: 167,5; 92,0.
        return Rounded(round(middle, self.decimals), self.decimals)

    def describe(self, value):
        # An answer is exact as typed (at most `decimals` places), so it is shown as it is.
        return quantity(value, self.unit)

    def candidates(self, operands):
        # Answers just around each threshold a condition names, within the item's hard limits.
        step = 10**-self.decimals
        values = [self.min, self.max]
        for operand in operands:
            if _is_number(operand):
                values.extend((operand - step, operand, operand + step))
        allowed = [v for v in values if v is not None and self.min <= v <= self.max]
        return [None, *([UNKNOWN] if self.can_be_unknown else []), *allowed]


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class ChoiceType(ItemType):
    """One option from a list; an option with id `tidak_tahu` is an honest unknown."""

    name = "single_choice"
    kind = "choice"
    keys = frozenset({"options"})

    def __init__(self, doc, problems):
        super().__init__(doc, problems)
        self.options = self._options(doc, problems)
        self.can_be_unknown = UNKNOWN in self.options

    def _options(self, doc, problems) -> dict[str, Option]:
        raw = doc.get("options")
        options: dict[str, Option] = {}
        if not isinstance(raw, LineList) or len(raw) < 2:
            problems.add(
                line_of(doc, "options"), N_("Pertanyaan pilihan harus punya minimal dua options.")
            )
            return options
        for index, entry in enumerate(raw):
            line = raw.line_of(index)
            if (
                not isinstance(entry, LineDict)
                or not isinstance(entry.get("id"), str)
                or not isinstance(entry.get("label"), str)
            ):
                problems.add(line, N_("Setiap pilihan harus punya id dan label (teks)."))
                continue
            extra = set(entry) - {"id", "label", "exclusive"}
            if extra:
                problems.add(
                    line,
                    N_("Kunci tidak dikenal pada pilihan: %(keys)s."),
                    keys=", ".join(sorted(map(str, extra))),
                )
            if entry["id"] in options:
                problems.add(line, N_("Pilihan %(option)s ditulis dua kali."), option=entry["id"])
            options[entry["id"]] = Option(
                entry["id"], Message(entry["label"]), line, entry.get("exclusive", False) is True
            )
        return options

    def parse(self, raw, confirmed=False):
        text = _require_str(raw)
        if text not in self.options:
            raise AnswerError(Message(N_("Pilih salah satu jawaban yang tersedia.")))
        return text

    def describe(self, value):
        option = self.options.get(value)
        return option.label if option else value

    def candidates(self, operands):
        return [None, *self.options]


class MultipleChoiceType(ChoiceType):
    """Any number of options; an `exclusive` option (such as "tidak ada") stands alone."""

    name = "multiple_choice"
    kind = "multi"

    def __init__(self, doc, problems):
        super().__init__(doc, problems)
        self.order = {option_id: index for index, option_id in enumerate(self.options)}

    def parse(self, raw, confirmed=False):
        values = raw if isinstance(raw, list | tuple) else [raw] if raw not in (None, "") else []
        chosen = set()
        for value in values:
            text = _require_str(value)
            if text not in self.options:
                raise AnswerError(Message(N_("Ada pilihan yang tidak dikenal.")))
            chosen.add(text)
        if len(chosen) > 1:
            for option_id in chosen:
                if self.options[option_id].exclusive:
                    raise AnswerError(
                        Message(
                            N_('Pilihan "%(option)s" tidak dapat digabung dengan pilihan lain.'),
                            {"option": self.options[option_id].label},
                        )
                    )
        if not chosen:
            raise AnswerError(Message(N_("Pilih minimal satu jawaban.")))
        return sorted(chosen, key=self.order.__getitem__)

    def describe(self, value):
        if not isinstance(value, list):
            return super().describe(value)
        return [self.options[v].label if v in self.options else v for v in value]

    def candidates(self, operands):
        ids = list(self.options)
        values = [None, [], *([i] for i in ids)]
        if len(ids) <= 6:
            values.extend(list(pair) for pair in combinations(ids, 2))
        return values


class _FixedChoiceType(ChoiceType):
    keys = frozenset()
    fixed: ClassVar[tuple[tuple[str, str], ...]]

    def _options(self, doc, problems):
        line = doc.line
        return {
            option_id: Option(option_id, Message(label), line) for option_id, label in self.fixed
        }


class YesNoType(_FixedChoiceType):
    name = "yes_no"
    fixed = (("ya", N_("Ya")), ("tidak", N_("Tidak")))


class YesNoUnknownType(_FixedChoiceType):
    name = "yes_no_unknown"
    fixed = (("ya", N_("Ya")), ("tidak", N_("Tidak")), (UNKNOWN, N_("Tidak tahu")))


class DateType(ItemType):
    name = "date"
    kind = "date"
    keys = frozenset({"min", "max"})

    def __init__(self, doc, problems):
        super().__init__(doc, problems)
        self.min = self._limit(doc, "min", problems)
        self.max = self._limit(doc, "max", problems)

    @staticmethod
    def _limit(doc, key, problems):
        value = doc.get(key)
        if value is None or isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            problems.add(line_of(doc, key), N_("%(key)s harus tanggal TTTT-BB-HH."), key=key)
            return None

    def parse(self, raw, confirmed=False):
        value = raw if isinstance(raw, date) else parse_date(_require_str(raw))
        if (self.min and value < self.min) or (self.max and value > self.max):
            raise AnswerError(
                Message(
                    N_("Tanggal harus antara %(min)s dan %(max)s."),
                    {"min": self.min or "", "max": self.max or ""},
                )
            )
        return value.isoformat()


def parse_date(text: str) -> date:
    """Read 2029-02-14, 14-02-2029 or 14/02/2029."""
    try:
        if len(text) == 10 and text[4] == "-":
            return date.fromisoformat(text)
        day, month, year = text.replace("/", "-").split("-")
        if len(year) == 4:
            return date(int(year), int(month), int(day))
    except ValueError:
        pass
    raise AnswerError(Message(N_("Tulis tanggal seperti 14-02-2029 (hari-bulan-tahun).")))


class TextType(ItemType):
    name = "text"
    kind = "text"
    keys = frozenset({"max_length"})

    def __init__(self, doc, problems):
        super().__init__(doc, problems)
        self.max_length = doc.get("max_length", 200)
        if not isinstance(self.max_length, int) or self.max_length < 1:
            problems.add(line_of(doc, "max_length"), N_("max_length harus bilangan bulat positif."))
            self.max_length = 200

    def parse(self, raw, confirmed=False):
        text = " ".join(_require_str(raw).split())
        if len(text) > self.max_length:
            raise AnswerError(
                Message(
                    N_("Terlalu panjang: paling banyak %(max)s huruf."), {"max": self.max_length}
                )
            )
        return text


REGISTRY: dict[str, type[ItemType]] = {
    cls.name: cls
    for cls in (
        NumberType,
        ChoiceType,
        MultipleChoiceType,
        YesNoType,
        YesNoUnknownType,
        DateType,
        TextType,
    )
}
