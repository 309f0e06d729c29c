"""What the officer is told to do about the danger signs in their result: one instruction.

Several red flags often fire together (a blood pressure of 190/115 with stroke signs fires four),
each carrying its urgency's instruction. Shown one by one they compete ("go to the IGD now" next to
"see a Puskesmas today"); the officer needs the most urgent one, once, with every sign that fired
listed under it. Plain Python (no Flask), for every place that tells the officer what to do.
"""

from dataclasses import dataclass

from screening.questionnaire import Result
from screening.questionnaire.messages import Message
from screening.questionnaire.result import RedFlag


@dataclass(frozen=True, slots=True)
class Emergency:
    urgency: str  # the most urgent red flag's urgency id
    rank: int  # its rank in the questionnaire (0 is the most urgent there is)
    instruction: Message
    signs: list[RedFlag]  # most urgent first; none that another sign already says


def emergency(result: Result, urgencies: dict) -> Emergency | None:
    """The one instruction for the result's red flags, or None when none fired.

    `urgencies` is the questionnaire's referral policy (`q.referral.urgencies`), which ranks them.
    """
    if not result.red_flags:
        return None

    def rank(flag: RedFlag) -> int:
        urgency = urgencies.get(flag.urgency)
        return urgency.rank if urgency is not None else len(urgencies)

    flags = sorted(result.red_flags, key=rank)  # stable: the questionnaire's order within a rank
    first = flags[0]
    return Emergency(
        urgency=first.urgency,
        rank=rank(first),
        instruction=first.instruction,
        signs=[f for i, f in enumerate(flags) if not _said_by_another(f, i, flags)],
    )


def _said_by_another(flag: RedFlag, index: int, flags: list[RedFlag]) -> bool:
    """True when another sign rests on every answer this one rests on (and more, or comes
    first): "180/110 or more" adds nothing under "180/110 or more with a severe complaint"."""
    if not flag.evidence:
        return False
    for other_index, other in enumerate(flags):
        if other_index == index or not all(e in other.evidence for e in flag.evidence):
            continue
        if len(other.evidence) > len(flag.evidence) or other_index < index:
            return True
    return False
