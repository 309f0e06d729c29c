"""The red flags that fired, as one instruction: the most urgent once, every distinct sign under it.

Several red flags often fire together (stroke signs with a very high blood pressure with
breathlessness), and each carries its urgency's instruction. Shown one by one they give the reader
three boxes, two of them telling the same thing and one a weaker thing. Everything that shows
danger signs (the officer's result, the slip) shows this instead: one block.

A sign is left out when another sign that fired already says it, in its words and its answers:
the other's title contains its title and the other's answers include all of its answers
(`Tekanan darah 180/110 atau lebih` beside `Tekanan darah 180/110 atau lebih disertai keluhan
berat`). A sign fired by the same answers but saying something else (`Sesak napas berat atau
tiba-tiba bingung` beside the crisis) stays. Plain Python, no Flask.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from screening.messages import Message

from .result import RedFlag, Result


@dataclass(slots=True)
class DangerSigns:
    urgency: str  # the most urgent red flag's urgency
    instruction: Message  # what to do, once
    signs: list[RedFlag]  # every distinct sign that fired, in the questionnaire's order
    rank: int = 0  # the urgency's rank in the questionnaire's policy (0: the most urgent there is)


def _answers(flag: RedFlag) -> frozenset[str]:
    return frozenset(json.dumps(m.to_dict(), sort_keys=True) for m in flag.evidence)


def _says(wider: RedFlag, wider_answers, flag: RedFlag, answers) -> bool:
    # Compared on the msgids (the source language): the same in every reader's language.
    return (
        bool(answers)  # a flag without recorded answers is never folded away
        and answers <= wider_answers
        and flag.title.msgid in wider.title.msgid
    )


def distinct_signs(flags: list[RedFlag]) -> list[RedFlag]:
    """The flags minus those another flag already says (of two saying the same, the first)."""
    answers = [_answers(f) for f in flags]
    kept = []
    for i, flag in enumerate(flags):
        said_elsewhere = any(
            j != i
            and _says(flags[j], answers[j], flag, answers[i])
            and (not _says(flag, answers[i], flags[j], answers[j]) or j < i)
            for j in range(len(flags))
        )
        if not said_elsewhere:
            kept.append(flag)
    return kept


def danger_signs(result: Result, urgencies: dict | None = None) -> DangerSigns | None:
    """One block for the red flags of `result`, or None when none fired.

    `urgencies` (the questionnaire's `referral.urgencies`) ranks the instruction, so a page can
    add "call 119 if it gets worse" below a same-day one that is not yet an emergency."""
    if not result.red_flags:
        return None
    # The referral carries the most urgent urgency the questionnaire knows (red flags override
    # every score); the instruction is that urgency's, said once.
    wanted = result.referral.urgency if result.referral else None
    first = next((f for f in result.red_flags if f.urgency == wanted), result.red_flags[0])
    policy = (urgencies or {}).get(first.urgency)
    rank = policy.rank if policy is not None else 0
    return DangerSigns(first.urgency, first.instruction, distinct_signs(result.red_flags), rank)
