"""python -m docgen.authoring [PROFILE …]: rebuild templates_docx/<profile>.docx
from templates_docx/src/<profile>.txt."""

from __future__ import annotations

import sys
from pathlib import Path

from docgen.authoring.build import build_template

ROOT = Path(__file__).resolve().parents[2] / "templates_docx"


def main(argv: list[str]) -> int:
    sources = [ROOT / "src" / f"{name}.txt" for name in argv] or sorted(
        (ROOT / "src").glob("*.txt"))
    for source in sources:
        target = ROOT / f"{source.stem}.docx"
        build_template(source, target)
        print(f"已生成模板：{target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
