"""Render the sample plan's cover, 目录 and first chapter page to PNG under docs/
(`make screenshots`). Needs LibreOffice and poppler-utils."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from docgen.export.layout import available, printed_pages
from docgen.export.pdf import export_pdf
from docgen.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
PICTURES = {"cover": "封面", "toc": "目录", "chapter": "正文"}


def main() -> int:
    missing = available()
    if missing:
        print(f"无法生成页面图片：{missing}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        result = build(ROOT / "inputs", Path(tmp))
        if not result.ok:
            print("示例输入有错误，请先运行 docgen validate inputs", file=sys.stderr)
            return 1
        pdf = export_pdf(result.written[0])
        pages = printed_pages(pdf)
        toc = next(i for i, p in enumerate(pages) if p.text.startswith("目录"))
        chapter = next(i for i, p in enumerate(pages) if p.number == 1)
        docs = ROOT / "docs"
        for name, index in (("cover", 0), ("toc", toc), ("chapter", chapter)):
            stem = docs / f"page-{name}"
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", "-f", str(index + 1),
                            "-l", str(index + 1), str(pdf), str(stem)], check=True)
            print(f"已生成：{stem.with_suffix('.png').relative_to(ROOT)}（{PICTURES[name]}）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
