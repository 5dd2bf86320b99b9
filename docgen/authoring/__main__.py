"""python -m docgen.authoring [DOCUMENT …]: rebuild templates_docx/<template>.docx
from templates_docx/src/<source>.txt for the documents of docgen/data/profiles.toml,
each with its page geometry."""

from __future__ import annotations

import sys

from docgen.authoring.build import build_template
from docgen.messages import say
from docgen.profiles import all_documents
from docgen.render.templates import REPOSITORY_TEMPLATES


def main(argv: list[str]) -> int:
    documents = [d for d in all_documents() if not argv or d.key in argv]
    unknown = set(argv) - {d.key for d in documents}
    if unknown:
        print(say("authoring.unknown_document", documents="、".join(sorted(unknown))),
              file=sys.stderr)
        return 2
    for document in documents:
        target = REPOSITORY_TEMPLATES / document.template
        build_template(REPOSITORY_TEMPLATES / "src" / document.source, target, document.page)
        print(say("authoring.written", path=target))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
