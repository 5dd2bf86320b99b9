"""Problems found in the inputs (or in a plan), collected as values rather than raised.

Every Issue knows where it stands — file › sheet › 第N行 › column for a workbook,
file › paragraph (and the heading it is under) for a .docx — and says, in
Chinese, what was expected and what was found. Codes, severities and message
templates live in one catalogue, docgen/data/messages.toml (docgen.messages).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from docgen.messages import Severity as Severity  # part of this module's interface
from docgen.messages import message, say

# Control characters a cell may smuggle into a message (ESC, BEL, …) would clear or
# recolour a terminal: shown escaped instead.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\n", "⏎").replace("\t", " ")
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 256
                         else f"\\u{ord(m.group(0)):04x}", text)


@dataclass(frozen=True)
class Location:
    file: str | None = None
    sheet: str | None = None
    row: int | None = None  # as Excel numbers rows
    column: str | None = None  # the header as the user typed it
    paragraph: int | None = None  # in a .docx: the body paragraph, counted from 1
    heading: str | None = None  # … and the heading it stands under

    def __str__(self) -> str:
        parts = [self.file, self.sheet, say("report.row", row=self.row) if self.row else None,
                 self.column,
                 say("report.paragraph", paragraph=self.paragraph) if self.paragraph else None,
                 f"（{self.heading}）" if self.heading else None]
        return " › ".join(p for p in parts if p)

    def at(self, column: str | None) -> Location:
        return Location(self.file, self.sheet, self.row, column)

    def says(self, message: str) -> str:
        """The message as printed: where it is, then what (control characters shown)."""
        where = str(self)
        return printable(f"{where}: {message}" if where else message)


@dataclass(frozen=True)
class Issue:
    severity: Severity
    code: str  # a stable id, e.g. "value.int", for tests and machines
    message: str
    where: Location = field(default_factory=Location)

    def __str__(self) -> str:
        return self.where.says(self.message)


def issue(code: str, where: Location | None = None, **params: object) -> Issue:
    found = message(code)
    if found.graded is None:  # a message of the command line, not a problem: a bug
        raise ValueError(f"{code} has no severity in messages.toml")
    return Issue(found.graded, code, found.message.format(**params), where or Location())


@dataclass
class ValidationReport:
    issues: list[Issue] = field(default_factory=list)

    def add(self, code: str, where: Location | None = None, **params: object) -> None:
        """Report the catalogue's problem `code` at `where`."""
        self.issues.append(issue(code, where, **params))

    def extend(self, other: ValidationReport) -> None:
        self.issues.extend(other.issues)

    def sort_by_place(self, files: list[str], sheets: list[str]) -> None:
        """Order issues as a reader goes through the workbook: file by file, sheet by
        sheet (in the given order, others after), row by row; issues of the same
        row keep the order they were found in. Issues without a place come first."""
        def key(item: Issue) -> tuple[int, int, int]:
            where = item.where
            file = files.index(where.file) if where.file in files else -1
            sheet = sheets.index(where.sheet) if where.sheet in sheets else (
                len(sheets) if where.sheet else -1)
            return file, sheet, where.row or 0

        self.issues.sort(key=key)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.WARNING]

    @property
    def notes(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.NOTE]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def flatten(self, keys: list[str]) -> list[list[Any]]:
        """One list per issue with the named attributes, for compact test assertions."""
        out = []
        for item in self.issues:
            flat = {**asdict(item.where), "severity": item.severity.value,
                    "code": item.code, "message": item.message}
            out.append([flat[k] for k in keys])
        return out

    def to_text(self, limit: int = 200, strict: bool = False) -> str:
        # Errors first, then warnings, each in the order found (sheet by sheet, row by row).
        ordered = self.errors + self.warnings + self.notes
        lines = [f"{i.severity.value} {i}" for i in ordered[:limit]]
        if len(ordered) > limit:
            rest = ordered[limit:]
            errors = sum(1 for i in rest if i.severity is Severity.ERROR)
            lines.append(say("report.more", more=len(rest), errors=errors,
                             others=len(rest) - errors))
        total = say("report.total", errors=len(self.errors), warnings=len(self.warnings))
        if self.notes:
            total += say("report.total_notes", notes=len(self.notes))
        if strict and self.warnings:
            total += say("report.total_strict", warnings=len(self.warnings),
                         errors=len(self.errors) + len(self.warnings))
        lines.append(total)
        return "\n".join(lines)

    def to_json(self, strict: bool = False) -> str:
        """Every issue (never capped), for machines; `failed` as the exit status sees it."""
        return json.dumps(
            {
                "failed": self.failed(strict),
                "strict": strict,
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "issues": [
                    {"severity": i.severity.key,
                     "code": i.code, "message": i.message, **asdict(i.where)}
                    for i in self.issues
                ],
            },
            ensure_ascii=False,
            indent=2,
        )
