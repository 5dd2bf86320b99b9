"""Problems found in the inputs, collected as values rather than raised.

Every Issue knows where it stands (file › sheet › 第N行 › column) and says, in
Chinese, what was expected and what was found.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "错误"
    WARNING = "警告"


@dataclass(frozen=True)
class Location:
    file: str | None = None
    sheet: str | None = None
    row: int | None = None  # as Excel numbers rows
    column: str | None = None  # the header as the user typed it

    def __str__(self) -> str:
        parts = [self.file, self.sheet, f"第{self.row}行" if self.row else None, self.column]
        return " › ".join(p for p in parts if p)

    def at(self, column: str | None) -> Location:
        return Location(self.file, self.sheet, self.row, column)


@dataclass(frozen=True)
class Issue:
    severity: Severity
    code: str  # a stable id, e.g. "value.range", for tests and machines
    message: str
    where: Location = field(default_factory=Location)

    def __str__(self) -> str:
        where = str(self.where)
        return f"{where}: {self.message}" if where else self.message


@dataclass
class ValidationReport:
    issues: list[Issue] = field(default_factory=list)

    def error(self, code: str, message: str, where: Location | None = None) -> None:
        self.issues.append(Issue(Severity.ERROR, code, message, where or Location()))

    def warning(self, code: str, message: str, where: Location | None = None) -> None:
        self.issues.append(Issue(Severity.WARNING, code, message, where or Location()))

    def extend(self, other: ValidationReport) -> None:
        self.issues.extend(other.issues)

    def sort_by_place(self, files: list[str], sheets: list[str]) -> None:
        """Order issues as a reader goes through the workbook: file by file, sheet by
        sheet (in the given order, others after), row by row; issues of the same
        row keep the order they were found in. Issues without a place come first."""
        def key(issue: Issue) -> tuple[int, int, int]:
            where = issue.where
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

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def flatten(self, keys: list[str]) -> list[list]:
        """One list per issue with the named attributes, for compact test assertions."""
        out = []
        for issue in self.issues:
            flat = {**asdict(issue.where), "severity": issue.severity.value,
                    "code": issue.code, "message": issue.message}
            out.append([flat[k] for k in keys])
        return out

    def to_text(self, limit: int = 200, strict: bool = False) -> str:
        # Errors first, then warnings, each in the order found (sheet by sheet, row by row).
        ordered = self.errors + self.warnings
        lines = [f"{i.severity.value} {i}" for i in ordered[:limit]]
        if len(ordered) > limit:
            rest = ordered[limit:]
            errors = sum(1 for i in rest if i.severity is Severity.ERROR)
            lines.append(f"……另有 {len(rest)} 条未列出（其中错误 {errors} 个、警告 "
                         f"{len(rest) - errors} 个；用 --format json 可看到全部）")
        total = f"共 {len(self.errors)} 个错误，{len(self.warnings)} 个警告"
        if strict and self.warnings:
            total += "（--strict：警告按错误处理）"
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
                    {"severity": "error" if i.severity is Severity.ERROR else "warning",
                     "code": i.code, "message": i.message, **asdict(i.where)}
                    for i in self.issues
                ],
            },
            ensure_ascii=False,
            indent=2,
        )
