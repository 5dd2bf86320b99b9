"""Write docgen/data/hazards/SOURCES.md from the hazard library: for each type, the
sources its content was checked against and the regulations it brings into the
编制依据, with what was seen. What follows the marker line (the notes on what was
left out) is kept as it is.

    python scripts/hazard_sources.py          # rewrite the file
    python scripts/hazard_sources.py --check  # exit 1 if it is out of date (tests)
"""

from __future__ import annotations

import sys
from pathlib import Path

from docgen.datafile import load
from docgen.hazards import FamiliesFile, library

TARGET = Path(__file__).resolve().parent.parent / "docgen" / "data" / "hazards" / "SOURCES.md"
MARKER = "<!-- 以下为核对中未写入的内容，手工维护；本行以上由 scripts/hazard_sources.py 生成 -->"
HEAD = """# 事故类型库的来源

事故类型库（docgen/data/hazards/）每个类型的内容依据下列来源，以自己的话写成，逐条核对；
没有来源证实的内容未写入（见文末）。编制依据一节列出该类型带入预案“编制依据”的法规和标准、
适用的单位类别（“各类单位”即不限行业）以及核对时所见。来源多为政府部门、标准信息平台和
行业网站的公开页面及其转载，使用前请以官方文本为准。
"""


def render() -> str:
    lines = [HEAD]
    for hazard in library().hazards.values():
        lines.append(f"## {hazard.name}（{hazard.key}.toml）\n")
        lines.append("来源：\n")
        lines += [f"- {s.title}：{s.source} —— {s.supports}" for s in hazard.sources]
        if hazard.basis:
            lines.append("\n编制依据：\n")
            lines += [f"- 《{b.title}》{b.number or b.version}（{b.kind}；适用："
                      f"{'、'.join(b.applies_to) or '各类单位'}）：{b.source} —— {b.verified}"
                      for b in hazard.basis]
        lines.append("")
    families = load("hazards/families.toml", FamiliesFile)
    lines.append("## 类型的顺序和专项预案的归组（families.toml）\n")
    lines.append("来源：\n")
    lines += [f"- {s.title}：{s.source} —— {s.supports}" for s in families.sources]
    lines.append("")
    return "\n".join(lines)


def main() -> int:
    old = TARGET.read_text("utf-8") if TARGET.exists() else ""
    tail = old.split(MARKER, 1)[1] if MARKER in old else "\n"
    new = f"{render()}\n{MARKER}{tail}"
    if "--check" in sys.argv:
        return 0 if new == old else 1
    TARGET.write_text(new, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
