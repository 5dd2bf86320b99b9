"""Time docgen's stages on generated workbooks of growing size (`make bench`).

Measures `build` with --no-toc-pages (read → write), and the LibreOffice layout
pass on its own, as SPEC §3 asks. Prints a table; asserts nothing.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import minimal_sheets, write_workbook  # noqa: E402

from docgen.api import build  # noqa: E402
from docgen.export.layout import available, heading_pages  # noqa: E402

CATEGORIES = ["自然灾害", "技术故障", "人为事故", "政策法规变动", "公共卫生事件", "社会安全事件",
              "其他"]


def workbook(folder: Path, risks: int) -> Path:
    sheets = minimal_sheets()
    sheets["风险"] = sheets["风险"][:1] + [
        [f"R-{i:05d}", CATEGORIES[i % 7], f"风险{i}", 1 + i % 5, 1 + (i // 5) % 5,
         "措施一\n措施二\n措施三", ["应急领导小组", "技术组", "后勤组"][i % 3]]
        for i in range(risks)
    ]
    sheets["资源"] = sheets["资源"][:1] + [
        [f"ZY-{i:05d}", "物资装备", f"物资{i}", i % 9, "仓库", "王五", None]
        for i in range(risks // 2)
    ]
    return write_workbook(folder / f"bench_{risks}.xlsx", sheets)


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    print(f"{'输入':<24}{'build --no-toc-pages (s)':>26}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = [("示例 inputs/", ROOT / "inputs")]
        for n in (20, 500, 5000):
            unit = folder / f"u{n}"
            unit.mkdir()
            workbook(unit, n)
            cases.append((f"{n} 条风险 + {n // 2} 条资源", unit))
        for label, inputs in cases:
            out = folder / "out"
            seconds = timed(lambda i=inputs, o=out: build(i, o, toc_pages=False),
                            repeat=3 if "5000" not in label else 1)
            print(f"{label:<24}{seconds:>26.2f}")
            shutil.rmtree(out, ignore_errors=True)
        missing = available()
        if missing:
            print(f"目录页码排版（LibreOffice）：跳过，{missing}")
            return
        result = build(ROOT / "inputs", folder / "out", toc_pages=False)
        from docx import Document

        from docgen.docx.toc import add_bookmarks

        document = Document(str(result.written[0]))
        entries = add_bookmarks(document)
        data = result.written[0].read_bytes()
        seconds = timed(lambda: heading_pages(data, entries), repeat=2)
        print(f"{'目录页码排版（示例，LibreOffice）':<24}{seconds:>20.2f}")


if __name__ == "__main__":
    main()
