"""docgen.wordml.styles: the named styles of docgen's templates (GB/T 9704): the
Chinese font in the East-Asian slot with no theme font over it, a two-character
first-line indent said in both units, sizes in half-points."""

from __future__ import annotations

import docx
import pytest
from wml import names, out_of_order, w, xml

from docgen.wordml.styles import (
    INDENT_TWIPS,
    LINE_TWIPS,
    STYLES,
    TEXT_WIDTH_TWIPS,
    ParagraphStyle,
    _paragraph_style,
    install_styles,
    styles_element,
)

FONTS = ('<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{}" '
         'w:cs="Times New Roman"/>')


def _style(style_id: str):
    found = styles_element().find(f"{w('style')}[@{w('styleId')}='{style_id}']")
    assert found is not None, style_id
    return found


def test_the_numbers_of_the_text_block():
    assert LINE_TWIPS == 578  # 28.9 pt: 22 lines in 225 mm
    assert INDENT_TWIPS == 2 * 16 * 20  # two characters of 3号 (16 pt)
    assert round(156 * 1440 / 25.4) == TEXT_WIDTH_TWIPS


def test_normal_is_fangsong_16pt_exact_lines_two_character_indent_justified():
    assert xml(_style("Normal")) == (
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        '<w:qFormat/><w:pPr><w:widowControl/><w:overflowPunct w:val="1"/>'
        '<w:spacing w:before="0" w:after="0" w:line="578" w:lineRule="exact"/>'
        '<w:ind w:firstLine="640" w:firstLineChars="200"/><w:jc w:val="both"/></w:pPr>'
        '<w:rPr>' + FONTS.format("仿宋_GB2312") + '<w:sz w:val="32"/><w:szCs w:val="32"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:style>')


@pytest.mark.parametrize(("style_id", "expected"), [
    ("Heading1",
     '<w:style w:type="paragraph" w:customStyle="0" w:styleId="Heading1">'
     '<w:name w:val="heading 1"/>'
     '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/>'
     '<w:keepLines/><w:spacing w:before="0" w:after="289" w:line="578" w:lineRule="exact"/>'
     '<w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/>'
     '</w:pPr><w:rPr>' + FONTS.format("黑体") + '<w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr>'
     '</w:style>'),
    ("Heading4",
     '<w:style w:type="paragraph" w:customStyle="0" w:styleId="Heading4">'
     '<w:name w:val="heading 4"/>'
     '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/>'
     '<w:keepLines/><w:spacing w:before="0" w:after="0" w:line="578" w:lineRule="exact"/>'
     '<w:ind w:firstLine="640" w:firstLineChars="200"/><w:outlineLvl w:val="3"/></w:pPr><w:rPr>'
     + FONTS.format("仿宋_GB2312") + '<w:b/><w:bCs/><w:sz w:val="32"/><w:szCs w:val="32"/>'
     '</w:rPr></w:style>'),
    # off the document grid, single-spaced, 10.5 pt in 宋体 (五号)
    ("TableText",
     '<w:style w:type="paragraph" w:customStyle="1" w:styleId="TableText">'
     '<w:name w:val="表格文字"/>'
     '<w:basedOn w:val="BodyNoIndent"/><w:qFormat/><w:pPr><w:snapToGrid w:val="0"/>'
     '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>'
     '</w:pPr><w:rPr>' + FONTS.format("宋体") + '<w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr>'
     '</w:style>'),
    # 目录 level 2: indented two characters, page numbers at the text width after dots
    ("TOC2",
     '<w:style w:type="paragraph" w:customStyle="0" w:styleId="TOC2"><w:name w:val="toc 2"/>'
     '<w:basedOn w:val="BodyNoIndent"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:tabs>'
     '<w:tab w:val="right" w:leader="dot" w:pos="8844"/></w:tabs>'
     '<w:spacing w:before="0" w:after="0" w:line="578" w:lineRule="exact"/>'
     '<w:ind w:left="640" w:leftChars="200" w:firstLine="0" w:firstLineChars="0"/></w:pPr>'
     '<w:rPr>' + FONTS.format("仿宋_GB2312") + '<w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr>'
     '</w:style>'),
    ("Footer",
     '<w:style w:type="paragraph" w:customStyle="0" w:styleId="Footer"><w:name w:val="footer"/>'
     '<w:basedOn w:val="BodyNoIndent"/><w:qFormat/><w:pPr><w:snapToGrid w:val="0"/>'
     '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr>'
     '<w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体" w:cs="宋体"/>'
     '<w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>'),
])
def test_paragraph_style_xml(style_id, expected):
    assert xml(_style(style_id)) == expected


@pytest.mark.parametrize(("style", "ppr"), [
    (ParagraphStyle("A", "a", indent=None, line="inherit"), "<w:pPr/>"),
    (ParagraphStyle("A", "a", indent=True, line="inherit"),
     '<w:pPr><w:ind w:firstLine="640" w:firstLineChars="200"/></w:pPr>'),
    (ParagraphStyle("A", "a", indent=False, line="inherit", align="right"),
     '<w:pPr><w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="right"/></w:pPr>'),
    (ParagraphStyle("A", "a", line="exact", before=40, after=80, keep_next=True, outline=2),
     '<w:pPr><w:keepNext/><w:keepLines/>'
     '<w:spacing w:before="40" w:after="80" w:line="578" w:lineRule="exact"/>'
     '<w:outlineLvl w:val="2"/></w:pPr>'),
])
def test_paragraph_properties_of_a_style(style, ppr):
    assert xml(_paragraph_style(style).find(w("pPr"))) == ppr


def test_size_in_half_points_rounded():
    style = _paragraph_style(ParagraphStyle("A", "a", size_pt=10.5, bold=True))
    assert xml(style.find(w("rPr"))) == (
        '<w:rPr>' + FONTS.format("仿宋_GB2312") + '<w:b/><w:bCs/><w:sz w:val="21"/>'
        '<w:szCs w:val="21"/></w:rPr>')


def test_a_style_with_a_chinese_name_is_a_custom_style():
    assert _paragraph_style(ParagraphStyle("Label", "标签")).get(w("customStyle")) == "1"
    assert _paragraph_style(ParagraphStyle("TOC1", "toc 1")).get(w("customStyle")) == "0"


def test_every_font_is_in_the_east_asian_slot_and_no_theme_font_overrides_it():
    fonts = list(styles_element().iter(w("rFonts")))
    assert len(fonts) == len(STYLES) + 2  # every paragraph style, Normal and the defaults
    for rfonts in fonts:
        assert rfonts.get(w("eastAsia")), xml(rfonts)
        assert not [name for name in rfonts.attrib if name.endswith("Theme")], xml(rfonts)
        assert rfonts.get(w("ascii")) == rfonts.get(w("hAnsi")) == rfonts.get(w("cs"))


def test_every_first_line_indent_is_said_in_twips_and_in_characters():
    # LibreOffice ignores firstLineChars alone; Word prefers it to firstLine.
    for ind in styles_element().iter(w("ind")):
        assert (ind.get(w("firstLine")) is None) == (ind.get(w("firstLineChars")) is None)
        if ind.get(w("firstLine")) is not None:
            chars = int(ind.get(w("firstLineChars")))
            assert int(ind.get(w("firstLine"))) == chars * INDENT_TWIPS // 200


def test_headings_keep_with_next_and_carry_their_outline_level():
    for level in range(1, 5):
        ppr = _style(f"Heading{level}").find(w("pPr"))
        assert names(ppr)[:2] == ["keepNext", "keepLines"]
        assert ppr.find(w("outlineLvl")).get(w("val")) == str(level - 1)


def test_styles_are_in_schema_order_and_based_on_styles_that_exist():
    styles = styles_element()
    assert out_of_order(styles) == []
    ids = [s.get(w("styleId")) for s in styles.iter(w("style"))]
    assert len(ids) == len(set(ids))
    for based in styles.iter(w("basedOn")):
        assert based.get(w("val")) in ids
    for after in styles.iter(w("next")):
        assert after.get(w("val")) in ids


def test_the_plan_table_has_thin_lines_and_a_grey_bold_header():
    plan = _style("PlanTable")
    assert {b.get(w("sz")) for b in plan.find(w("tblPr")).find(w("tblBorders"))} == {"4"}
    assert xml(plan.find(w("tblStylePr"))) == (
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr><w:tcPr>'
        '<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/></w:tcPr></w:tblStylePr>')


def test_install_styles_replaces_the_styles_of_a_document():
    document = docx.Document()
    install_styles(document)
    styles = {s.style_id: s for s in document.styles}
    assert set(styles) == {s.get(w("styleId")) for s in styles_element().iter(w("style"))}
    assert styles["Heading1"].name == "Heading 1"  # python-docx's name of heading 1
    assert styles["TableText"].font.size.pt == 10.5
    assert document.styles.default(docx.enum.style.WD_STYLE_TYPE.PARAGRAPH).style_id == "Normal"
