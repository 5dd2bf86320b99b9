"""The shipped template and the authoring markup it is written in (docgen.authoring)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from docgen.authoring.build import build_template
from docgen.authoring.markup import Keep, MarkupError, Paragraph, Place, Section, parse
from docgen.profiles import find_profile as profile
from docgen.render import load_template

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


@pytest.fixture(scope="session")
def source(repo_root) -> Path:
    return repo_root / "templates_docx" / "src" / "service.txt"


@pytest.fixture(scope="session")
def template(repo_root) -> Path:
    return repo_root / "templates_docx" / "service.docx"


def _places(blocks) -> list[str]:
    names = []
    for block in blocks:
        if isinstance(block, Place):
            names.append(block.name)
            names += _places(block.blocks)
        elif isinstance(block, Keep):
            names += _places(block.blocks)
    return names


# -- the markup -----------------------------------------------------------------------------------

def test_shipped_source_parses(source):
    blocks = parse(source.read_text("utf-8"), source.parent)
    level_one = [b.text for b in blocks if isinstance(b, Paragraph) and b.style == "Heading1"]
    assert level_one[0] == "第一章 总则"
    assert [t for t in level_one if t.startswith("附件")][:1] == ["附件1 单位概况"]
    assert level_one[-1] == "修订记录"
    places = _places(blocks)
    assert {"编制目的", "工作原则", "适用范围", "响应启动"} <= set(places)
    assert len(places) == len(set(places))


@pytest.mark.parametrize("text", [
    "{%p if plan.address %}\n@section landscape\n{%p endif %}",
    "{%p for r in risks %}\n@section portrait\n{%p endfor %}",
    "{%p if a %}\n{%p if b %}\n@section landscape\n{%p endif %}\n{%p endif %}",
], ids=["if", "for", "nested"])
def test_section_break_inside_a_conditional_block_is_rejected(text):
    with pytest.raises(MarkupError):
        parse(text)


def test_section_break_outside_blocks_is_accepted():
    blocks = parse("{%p if a %}\n正文\n{%p endif %}\n@section landscape\n表格前的文字")
    assert len(blocks) == 5


TURNED = ('@section landscape if="agreements"\n# 附件8\n'
          '@table loop="a in agreements" empty="未签订。"\n| 单位 |\n| {{ a.party }} |\n@end\n'
          '@section portrait if="agreements"\n# 修订记录')


def test_a_section_turned_on_a_condition_turns_back_on_it():
    sections = [b for b in parse(TURNED) if isinstance(b, Section)]
    assert [(s.kind, s.when) for s in sections] == [("landscape", "agreements"),
                                                     ("portrait", "agreements")]


@pytest.mark.parametrize("text", [
    '@section landscape if="agreements"\n# 附件8',  # never turned back
    '@section landscape if="agreements"\n@section portrait',  # back without the condition
    '@section landscape if="agreements"\n@section portrait if="risks"',  # another one
    '@section landscape if="agreements"\n@section landscape if="agreements"',  # not back
    TURNED.replace('loop="a in agreements"', 'loop="a in risks"'),  # a table of others
    TURNED.replace(' empty="未签订。"', ""),  # a table that is there without the items
    TURNED.replace("@end\n@section", "@end\n@flow\n甲\n@end\n@section"),
    '@section body if="agreements"', '@section landscape if=""', '@section landscape when="a"',
], ids=["unclosed", "plain-back", "other-condition", "same-way", "other-items", "no-empty",
        "flow", "body", "empty-condition", "unknown-option"])
def test_a_conditional_section_that_could_leave_pages_turned_wrong_is_rejected(text):
    with pytest.raises(MarkupError):
        parse("@section body\n正文\n" + text)


def test_a_conditional_section_is_a_section_break_or_a_page_break(tmp_path):
    """Written as {%p if %} section break {%p else %} page break {%p endif %}: either
    both breaks of the pair are there or neither, and each part begins a page."""
    source = tmp_path / "t.txt"
    source.write_text("@section body\n# 第一章\n正文\n@section portrait\n# 第二章\n" + TURNED,
                      "utf-8")
    target = tmp_path / "t.docx"
    build_template(source, target, profile("comprehensive").documents[0].page)
    body = etree.fromstring(_part(target, "word/document.xml")).find("w:body", NS)
    shapes = []
    for p in body.iter(f"{{{W}}}p"):
        text = "".join(p.itertext())
        if text.startswith("{%p"):
            shapes.append(text)
        elif p.find("w:pPr/w:sectPr", NS) is not None:
            landscape = p.find("w:pPr/w:sectPr/w:pgSz", NS).get(f"{{{W}}}orient")
            shapes.append(f"section {landscape or 'portrait'}")
        elif p.find("w:r/w:br[@w:type='page']", NS) is not None:
            shapes.append("page")
    turned = ["{%p if agreements %}", "section portrait", "{%p else %}", "page",
              "{%p endif %}"]
    back = [*turned[:1], "section landscape", *turned[2:]]
    assert shapes == ["section portrait", *turned, "{%p if agreements %}", "{%p else %}",
                      "{%p endif %}", *back]


def test_a_conditional_section_cannot_end_the_first_numbered_one(tmp_path):
    """Its page numbers start there: without the break they would not."""
    source = tmp_path / "t.txt"
    source.write_text("@section body\n# 第一章\n正文\n" + TURNED, "utf-8")
    with pytest.raises(ValueError, match="第一节"):
        build_template(source, tmp_path / "t.docx", profile("comprehensive").documents[0].page)


@pytest.mark.parametrize("text", [
    "{%p if plan.address %}\n地址：{{ plan.address }}",
    "{%p for r in risks %}\n{{ r.name }}",
    "{%p if a %}\n{%p if b %}\n文字\n{%p endif %}",
    "文字\n{%p endif %}",
], ids=["open-if", "open-for", "one-of-two", "stray-endif"])
def test_unbalanced_paragraph_blocks_are_rejected(text):
    with pytest.raises(MarkupError):
        parse(text)


@pytest.mark.parametrize("text", [
    "{%p endif %}\n文字\n{%p if a %}",
    "{%p if a %}\n文字\n{%p endfor %}",
], ids=["endif-before-if", "if-closed-by-endfor"])
def test_misordered_paragraph_blocks_are_rejected(text):
    with pytest.raises(MarkupError, match=r"第[13]行"):
        parse(text)


def test_place_needs_its_end_and_a_unique_name():
    with pytest.raises(MarkupError):
        parse("@place 编制目的\n文字")
    with pytest.raises(MarkupError):
        parse("@place 编制目的\n甲\n@end\n@place 编制目的\n乙\n@end")


def test_a_tables_optional_columns_are_named_by_their_headers():
    (table,) = parse('@table loop="x in xs" optional="备注"\n| 名称 | 备注 |\n'
                     '| {{ x.name }} | {{ x.note }} |\n@end')
    assert table.optional == ["备注"]
    with pytest.raises(MarkupError, match="optional"):
        parse('@table loop="x in xs" optional="说明"\n| 名称 | 备注 |\n'
              '| {{ x.name }} | {{ x.note }} |\n@end')


# -- the committed template ---------------------------------------------------------------

def _part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)


def test_committed_template_is_rebuilt_from_its_source(source, template, tmp_path):
    rebuilt = tmp_path / "service.docx"
    build_template(source, rebuilt, profile("service").documents[0].page)
    assert _part(rebuilt, "word/document.xml") == _part(template, "word/document.xml"), (
        "templates_docx/service.docx is stale: run `make templates` and commit it")
    assert _part(rebuilt, "word/styles.xml") == _part(template, "word/styles.xml")


def _style_fonts(styles: etree._Element, style_id: str) -> tuple[str | None, bool]:
    (style,) = styles.xpath(f"//w:style[@w:styleId='{style_id}']", namespaces=NS)
    fonts = style.xpath("w:rPr/w:rFonts", namespaces=NS)
    east_asia = fonts[0].get(f"{{{W}}}eastAsia") if fonts else None
    bold = style.xpath("w:rPr/w:b", namespaces=NS)
    return east_asia, bool(bold) and bold[0].get(f"{{{W}}}val") not in ("0", "false")


def test_template_styles_name_the_official_chinese_fonts(template):
    raw = _part(template, "word/styles.xml")
    styles = etree.fromstring(raw)
    assert _style_fonts(styles, "Normal")[0] == "仿宋_GB2312"
    assert _style_fonts(styles, "Heading1")[0] == "黑体"
    assert _style_fonts(styles, "Heading2")[0] == "黑体"
    assert _style_fonts(styles, "Heading3")[0] == "楷体_GB2312"
    assert _style_fonts(styles, "Heading4") == ("仿宋_GB2312", True)
    defaults = styles.xpath("//w:docDefaults//w:rFonts", namespaces=NS)
    assert [d.get(f"{{{W}}}eastAsia") for d in defaults] == ["仿宋_GB2312"]
    # No theme font overrides the named East-Asian fonts.
    assert b"eastAsiaTheme" not in raw
    assert not styles.xpath("//@w:eastAsiaTheme", namespaces=NS)


def test_template_places_lists_every_place_of_the_source_in_order(source, template):
    places = load_template(template).places
    assert places[:1] == ["发布令"]
    assert "编制目的" in places and "工作原则" in places
    assert places.index("编制目的") < places.index("工作原则")
    assert places == _places(parse(source.read_text("utf-8"), source.parent))
