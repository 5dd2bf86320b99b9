"""Where a document's template comes from, and the 文本 places templates offer.

Templates ship in templates_docx/ (installed as the package docgen.templates);
`--template` replaces the template of a profile's first document."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from docgen.errors import UsageError
from docgen.messages import say
from docgen.profiles import DocumentSpec, Profile, profiles
from docgen.read.limits import docx_refusal
from docgen.render.template import load_template

REPOSITORY_TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates_docx"


def templates_folder() -> Path:
    """templates_docx/: shipped inside the package (docgen.templates), and the same
    folder of the repository in an editable install."""
    try:
        return Path(str(resources.files("docgen.templates")))
    except ModuleNotFoundError:
        return REPOSITORY_TEMPLATES


def custom_template(custom: Path) -> Path:
    """A template given with --template: it must be a file."""
    if not custom.is_file():
        raise UsageError(say("template.missing_file", path=custom))
    if refusal := docx_refusal(custom):
        raise UsageError(say("check.not_docx", file=custom.name, error=refusal))
    return custom


def template_path(spec: DocumentSpec, custom: Path | None) -> Path:
    if custom is not None:
        return custom_template(custom)
    path = templates_folder() / spec.template
    if not path.is_file():
        raise UsageError(say("template.not_installed", template=spec.template,
                             folder=path.parent))
    return path


def own_template(profile: Profile, spec: DocumentSpec, custom: Path | None) -> Path | None:
    """`--template` replaces the template of the profile's first document (the plan
    itself); the others of a multi-document profile keep the shipped ones."""
    return custom if spec is profile.documents[0] else None


def document_template(profile: Profile, spec: DocumentSpec, custom: Path | None) -> Path:
    return template_path(spec, own_template(profile, spec, custom))


def template_places(profile: Profile, custom: Path | None) -> list[str]:
    """The 文本 places the profile's templates offer, in document order."""
    seen: dict[str, None] = {}
    for spec in profile.documents:
        seen.update(dict.fromkeys(load_template(document_template(profile, spec,
                                                                  custom)).places))
    return list(seen)


def place_wording(profile: Profile, custom: Path | None) -> list[tuple[str, list[str]]]:
    """Each 文本 place of the profile's templates with the wording it prints by default."""
    seen: dict[str, list[str]] = {}
    for spec in profile.documents:
        template = load_template(document_template(profile, spec, custom))
        for place in template.places:
            seen.setdefault(place, template.wording(place))
    return list(seen.items())


def every_place(custom: Path | None) -> list[str]:
    """The 文本 places of every profile's templates (and of a custom template)."""
    seen: dict[str, None] = {}
    for p in profiles().values():
        try:
            seen.update(dict.fromkeys(template_places(p, None)))
        except UsageError:  # a template not installed: its places are unknown
            continue
    if custom is not None:
        seen.update(dict.fromkeys(load_template(custom).places))
    return list(seen)
