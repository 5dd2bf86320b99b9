"""Every message a user reads, by its code, from one catalogue:
docgen/data/messages.toml. A problem of the inputs or of a plan has a severity
(错误/警告/提示) there; a message of the command line (a usage error, a hint, a
line of progress) has none. The code names the message in tests and in JSON
output; the catalogue's text, with {placeholders} filled, is what the user sees.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from functools import cache
from typing import Any, Literal

from docgen.datafile import Record, data_path, load_tree
from docgen.errors import DataFileError


class Severity(StrEnum):
    """How much a problem weighs; its value is what the user reads."""

    ERROR = "错误"
    WARNING = "警告"
    NOTE = "提示"  # worth knowing, never a failure, not even under --strict

    @property
    def key(self) -> str:
        """The word data files and JSON use: error, warning, info."""
        return _KEYS[self]

    @classmethod
    def of_key(cls, key: str) -> Severity:
        return _SEVERITIES[key]


_KEYS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "info"}
_SEVERITIES = {key: severity for severity, key in _KEYS.items()}
SeverityKey = Literal["error", "warning", "info"]


class Message(Record, frozen=True):
    message: str
    severity: SeverityKey | None = None

    @property
    def graded(self) -> Severity | None:
        return Severity.of_key(self.severity) if self.severity else None


@cache
def catalogue() -> dict[str, Message]:
    """Code → message. A table with a `message` is a message; any other table
    groups messages, its name the first part of their codes (file.empty)."""
    return load_tree("messages.toml", Message)


def message(code: str) -> Message:
    try:
        return catalogue()[code]
    except KeyError:  # a code the code uses but the catalogue lacks: a bug (tested)
        raise DataFileError(data_path("messages.toml"), [f"没有代码为“{code}”的消息"]) from None


def say(code: str, /, **params: Any) -> str:
    """The catalogue's message `code`, its {placeholders} filled (a placeholder may be
    called code too)."""
    return message(code).message.format(**params)


LISTED = 20  # items a message lists before it counts the rest


def listing(items: Sequence[str], sep: str = "、", limit: int = LISTED) -> str:
    """Items for a message, at most `limit` of them and then how many more: a
    register of 10,000 risks must not print a message of 10,000 names."""
    shown = sep.join(items[:limit])
    return shown + say("list.more", count=len(items) - limit) if len(items) > limit else shown
