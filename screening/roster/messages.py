"""Structured messages: a msgid in plain Bahasa Indonesia plus named params.

The domain never translates: the web layer calls `translate_message(msg.msgid, msg.params)` at
display time, the CLI does the same (it speaks the source language).
"""

from dataclasses import dataclass, field

from screening.nik import N_

__all__ = ["N_", "Message", "RosterFileError"]


@dataclass(frozen=True)
class Message:
    msgid: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return self.msgid % self.params if self.params else self.msgid


class RosterFileError(ValueError):
    """The whole file cannot be read as a roster; `msgid` % `params` says why, in Indonesian."""

    def __init__(self, msgid: str, **params: object) -> None:
        self.msgid = msgid
        self.params = params
        super().__init__(msgid % params if params else msgid)

    @property
    def message(self) -> Message:
        return Message(self.msgid, self.params)
