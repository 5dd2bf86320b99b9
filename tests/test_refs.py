"""References made from the headings (docgen.authoring.refs): `${ref:key}` names the
heading that says `{#key}`, as seen from where the reference stands."""

from __future__ import annotations

import pytest

from docgen.authoring.markup import MarkupError, parse
from docgen.authoring.refs import resolve

SOURCE = """# 第一章 总则
## 六、响应分级 {#levels}
按照${ref:levels}确定。
# 第二章 组织 {#org}
## 四、机构职责
见${ref:org}；修订按${ref:revision}；演练按${ref:drills}。
## 五、演练与修订 {#revision}
### （一）演练要求 {#drills #drill-alias}
按${ref:drills}，另见${ref:revision}。
# 附件2 风险 {#annex}
见${ref:levels}和${ref:annex}。
"""


def test_a_reference_names_the_heading_as_seen_from_where_it_stands():
    lines = resolve(SOURCE.splitlines())
    assert lines[1] == "## 六、响应分级"  # the anchor is gone
    assert lines[2] == "按照本章第六节确定。"
    assert lines[5] == "见第二章；修订按本章第五节；演练按本章第五节第（一）项。"
    assert lines[8] == "按本节第（一）项，另见本章第五节。"
    assert lines[10] == "见第一章第六节和附件2。"


def test_renumbering_a_chapter_moves_its_references():
    moved = SOURCE.replace("# 第一章 总则", "# 第三章 总则")
    assert resolve(moved.splitlines())[10] == "见第三章第六节和附件2。"


def test_an_unknown_or_doubled_anchor_is_a_located_error():
    with pytest.raises(MarkupError, match="没有对应的标题"):
        parse("# 第一章 总则\n见${ref:nowhere}。\n")
    with pytest.raises(MarkupError, match="出现了两次"):
        parse("# 第一章 总则 {#a}\n## 一、甲 {#a}\n")


def test_no_shipped_template_types_a_chapter_or_section_number():
    """Every reference to a chapter or a section in the shipped templates is made
    from the headings: none is typed (comments and the headings themselves aside)."""
    import re
    from pathlib import Path

    typed = re.compile(r"第[一二三四五六七八九十]+章第|本章第|本节第")
    root = Path(__file__).resolve().parents[1] / "templates_docx" / "src"
    found = [f"{p.name}:{n}" for p in root.rglob("*.txt")
             for n, line in enumerate(p.read_text("utf-8").splitlines(), 1)
             if typed.search(line) and not line.lstrip().startswith(("%", "#"))]
    assert found == []
