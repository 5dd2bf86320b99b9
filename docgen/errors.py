"""Failures that stop a run. Problems in the inputs are not exceptions: they are
collected as Issues in a ValidationReport (see docgen.report)."""

import click


class DocgenError(click.ClickException):
    """Base of every failure docgen reports to the user; the CLI catches this once.

    Subclasses of ClickException print their message and exit without a traceback.
    """

    exit_code = 1


class UsageError(DocgenError):
    """The command was called wrongly (exit status 2)."""

    exit_code = 2


class InputsNotFound(UsageError):
    pass


class TemplateError(DocgenError):
    """The Word template cannot be rendered (a name that does not exist, a broken tag)."""


class ToolMissing(UsageError):
    """An optional system tool (LibreOffice, poppler) is needed but not installed."""


class DataFileError(DocgenError):
    """A data file of docgen (or a rules file given with --rules) breaks its schema.
    Every problem is listed, each with its path in the file."""

    def __init__(self, file: str, problems: list[str]):
        self.file, self.problems = file, problems
        super().__init__(f"数据文件 {file} 有误：\n" + "\n".join(f"  {p}" for p in problems))
