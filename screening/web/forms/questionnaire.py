"""Forms built from the questionnaire definition, one section per page.

Each item type of the questionnaire has a field builder in FIELD_BUILDERS; a questionnaire whose
item type has no builder is refused when it is loaded (`check_form_registry`), not when an officer
reaches that page. Validation is the domain's (`Questionnaire.parse_answers`): the fields here
only render and carry the raw values, so the web form, the CLI and the JSON scorer agree.
"""

from collections.abc import Callable

from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, RadioField, SelectChoice, SelectMultipleField, StringField
from wtforms.widgets import CheckboxInput, ListWidget

from screening.questionnaire.model import Item
from screening.questionnaire.types import UNKNOWN

FieldBuilder = Callable[[Item, Callable], Field]
FIELD_BUILDERS: dict[str, FieldBuilder] = {}


def field_builder(type_name: str):
    def register(builder: FieldBuilder) -> FieldBuilder:
        FIELD_BUILDERS[type_name] = builder
        return builder

    return register


def _common(item: Item, t) -> dict:
    return {
        "label": t(item.label),
        "description": t(item.help) if item.help else "",
    }


@field_builder("number")
def number_field(item, t):
    # type=text with inputmode: a numeric keyboard on phones, and a decimal comma is accepted.
    mode = "numeric" if item.type.integer else "decimal"
    return StringField(**_common(item, t), render_kw={"inputmode": mode, "autocomplete": "off"})


def _choices(item, t):
    return [SelectChoice(option.id, t(option.label)) for option in item.type.options.values()]


@field_builder("single_choice")
def single_choice_field(item, t):
    return RadioField(**_common(item, t), choices=_choices(item, t), validate_choice=False)


@field_builder("yes_no")
def yes_no_field(item, t):
    return single_choice_field(item, t)


@field_builder("yes_no_unknown")
def yes_no_unknown_field(item, t):
    return single_choice_field(item, t)


@field_builder("multiple_choice")
def multiple_choice_field(item, t):
    return SelectMultipleField(
        **_common(item, t),
        choices=_choices(item, t),
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )


@field_builder("date")
def date_field(item, t):
    return StringField(**_common(item, t), render_kw={"type": "date"})


@field_builder("text")
def text_field(item, t):
    return StringField(**_common(item, t), render_kw={"maxlength": item.type.max_length})


def check_form_registry(questionnaires) -> None:
    """Fail at load time, naming file and line, for an item type no form can show."""
    for q in questionnaires:
        for item in q.items.values():
            if item.type.name not in FIELD_BUILDERS:
                raise LookupError(
                    f"{q.path}:{item.line}: item {item.id!r} has type {item.type.name!r}, "
                    "which the web form cannot show (no builder in FIELD_BUILDERS)"
                )


class SectionForm(FlaskForm):
    """Base of the generated forms; subclasses get one field per visible item of a section."""


def section_form(items: list[Item], t, *, formdata=None, data=None) -> FlaskForm:
    """A form for the given items, plus a "yes, that is right" box for each number item."""

    class Form(SectionForm):
        pass

    for item in items:
        setattr(Form, item.id, FIELD_BUILDERS[item.type.name](item, t))
        if item.type.name == "number":
            setattr(Form, confirm_name(item.id), BooleanField())
            if item.type.can_be_unknown:
                setattr(Form, unknown_name(item.id), BooleanField())
    return Form(formdata=formdata, data=data)


def confirm_name(item_id: str) -> str:
    """The box an officer ticks to keep an unusual number ("yes, that is right")."""
    return f"{item_id}__benar"


def unknown_name(item_id: str) -> str:
    """The "tidak tahu" box beside a number the officer may not know (e.g. waist size)."""
    return f"{item_id}__tidak_tahu"


def raw_from_answers(items: list[Item], answers: dict) -> dict:
    """Stored answers as a form shows them again (numbers with a decimal comma are the form's
    business: the stored value is shown as typed back by `str`)."""
    data = {}
    for item in items:
        if item.id not in answers:
            continue
        value = answers[item.id]
        if item.type.name == "number":
            if value == UNKNOWN:
                data[unknown_name(item.id)] = True
                continue
            value = _plain_number(value)
        data[item.id] = value
    return data


def _plain_number(value) -> str:
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text.replace(".", ",")
