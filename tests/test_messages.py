"""Structured messages are translated and formatted at display time."""

from screening.messages import Message, render


def test_message_renders_nested_messages_and_indonesian_numbers():
    message = Message(
        "%(label)s %(value)s — %(band)s: +%(points)s poin %(score)s",
        {
            "label": Message("IMT"),
            "value": 31.2,
            "band": Message("lebih dari %(low)s", {"low": 30}),
            "points": 3,
            "score": Message("FINDRISC"),
        },
    )
    assert render(message) == "IMT 31,2 — lebih dari 30: +3 poin FINDRISC"


def test_message_uses_the_callers_gettext_and_number_format():
    english = {"lebih dari %(low)s": "more than %(low)s", "IMT": "BMI"}
    message = Message(
        "%(label)s %(value)s — %(band)s",
        {
            "label": Message("IMT"),
            "value": 31.2,
            "band": Message("lebih dari %(low)s", {"low": 30}),
        },
    )
    text = render(message, gettext=lambda s: english.get(s, s), number=lambda n: f"{n:g}")
    assert text == "BMI 31.2 — more than 30"


def test_message_round_trips_through_a_dict():
    message = Message("%(items)s", {"items": [Message("Berat"), Message("Tinggi")], "n": 2})
    assert Message.from_dict(message.to_dict()) == message
    assert render(message) == "Berat, Tinggi"
