"""docgen.wordml.toc: the 目录 — the TOC field's paragraphs found and replaced by
entries that link to the headings' `_Toc` bookmarks, with page numbers when a
layout pass has told them."""

from __future__ import annotations

import pytest
from wml import element, xml

from docgen.wordml.ns import W_NS
from docgen.wordml.toc import (
    FRONT,
    LEVELS,
    TocEntry,
    bookmark_name,
    fill_toc,
    instruction_of,
    toc_field_paragraphs,
    toc_paragraphs,
    toc_xml,
)

INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u \\t "前置页标题,1"'
FRONT_ENTRY = TocEntry(1, "发布令", "_Toc100000000", front=True)
CHAPTER = TocEntry(1, "第一章 总则", "_Toc100000001", front=False)
SECTION = TocEntry(2, "一、目的", "_Toc100000002", front=False)

BEGIN = '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
DIRTY = '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
SEPARATE = '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
TOC1 = '<w:pPr><w:pStyle w:val="TOC1"/></w:pPr>'
TOC2 = '<w:pPr><w:pStyle w:val="TOC2"/></w:pPr>'
KEPT1 = '<w:pPr><w:pStyle w:val="TOC1"/><w:keepNext/></w:pPr>'  # kept with the next entry


def _instr(text: str) -> str:
    return f'<w:r><w:instrText xml:space="preserve"> {text} </w:instrText></w:r>'


def _link(entry: TocEntry, page: int | None = None) -> str:
    number = "" if page is None else (
        '<w:r><w:tab/></w:r>' + BEGIN + _instr(f"PAGEREF {entry.bookmark} \\h") + SEPARATE
        + f'<w:r><w:t xml:space="preserve">{page}</w:t></w:r>' + END)
    return (f'<w:hyperlink w:anchor="{entry.bookmark}" w:history="1">'
            f'<w:r><w:t xml:space="preserve">{entry.text}</w:t></w:r>{number}</w:hyperlink>')


def test_the_levels_the_toc_lists():
    assert LEVELS == {"Heading1": 1, "Heading2": 2, "FrontTitle": 1}
    assert {"FrontTitle"} == FRONT


def test_bookmark_names_are_fixed_numbers():
    assert [bookmark_name(n) for n in (0, 1, 42)] == [
        "_Toc100000000", "_Toc100000001", "_Toc100000042"]


def test_one_entry_holds_the_whole_field_dirty_without_pages():
    [p] = toc_paragraphs([CHAPTER], INSTRUCTION, None)
    assert xml(p) == (f'<w:p>{TOC1}{DIRTY}{_instr(INSTRUCTION)}{SEPARATE}{_link(CHAPTER)}{END}'
                      '</w:p>')


def test_the_field_begins_in_the_first_entry_and_ends_in_the_last():
    paragraphs = toc_paragraphs([FRONT_ENTRY, CHAPTER, SECTION], INSTRUCTION, None)
    assert [xml(p) for p in paragraphs] == [
        f'<w:p>{KEPT1}{DIRTY}{_instr(INSTRUCTION)}{SEPARATE}{_link(FRONT_ENTRY)}</w:p>',
        f'<w:p>{KEPT1}{_link(CHAPTER)}</w:p>',
        f'<w:p>{TOC2}{_link(SECTION)}{END}</w:p>',
    ]


def test_with_pages_entries_get_a_tab_and_a_pageref_and_the_field_is_clean():
    pages = {FRONT_ENTRY.bookmark: 1, CHAPTER.bookmark: 3, SECTION.bookmark: 12}
    paragraphs = toc_paragraphs([FRONT_ENTRY, CHAPTER, SECTION], INSTRUCTION, pages)
    assert [xml(p) for p in paragraphs] == [
        # front matter is listed without a page number
        f'<w:p>{KEPT1}{BEGIN}{_instr(INSTRUCTION)}{SEPARATE}{_link(FRONT_ENTRY)}</w:p>',
        f'<w:p>{KEPT1}{_link(CHAPTER, 3)}</w:p>',
        f'<w:p>{TOC2}{_link(SECTION, 12)}{END}</w:p>',
    ]


def test_the_last_entries_stay_together_and_a_chapter_keeps_with_its_first_section():
    """The 目录 never ends with one entry alone on its last page, nor leaves a chapter
    at a page's foot without its first section: those entries keep with the next."""
    entries = [FRONT_ENTRY, CHAPTER, SECTION,
               *(TocEntry(2, f"{n}、节", f"_Toc20{n}", front=False) for n in "二三四五"),
               TocEntry(1, "第二章 职责", "_Toc300", front=False),
               TocEntry(2, "一、职责", "_Toc301", front=False),
               TocEntry(1, "附件1 概况", "_Toc400", front=False)]
    kept = [p.find(f"{{{W_NS}}}pPr/{{{W_NS}}}keepNext") is not None
            for p in toc_paragraphs(entries, INSTRUCTION, None)]
    assert kept == [False, True, False, False, False, False, False,
                    True, True, False]  # 第二章, and the last three together


def test_an_entry_the_layout_did_not_find_has_no_page_number():
    [p] = toc_paragraphs([CHAPTER], INSTRUCTION, {"_Toc999": 2})
    assert xml(p) == f'<w:p>{TOC1}{BEGIN}{_instr(INSTRUCTION)}{SEPARATE}{_link(CHAPTER)}{END}</w:p>'


def test_without_headings_the_toc_says_so():
    [p] = toc_paragraphs([], "TOC", None)
    assert xml(p) == (f'<w:p>{TOC1}{DIRTY}{_instr("TOC")}{SEPARATE}'
                      '<w:r><w:t xml:space="preserve">（本预案没有章节标题）</w:t></w:r>'
                      f'{END}</w:p>')


TEMPLATE_TOC = (
    '<w:body><w:p><w:r><w:t>目录</w:t></w:r></w:p>'
    f'<w:p>{TOC1}{BEGIN}<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" </w:instrText></w:r>'
    f'<w:r><w:instrText xml:space="preserve">\\h </w:instrText></w:r>{SEPARATE}'
    '<w:r><w:t>第一章</w:t></w:r>' + BEGIN + _instr("PAGEREF _Toc1 \\h") + SEPARATE + END
    + '</w:p>'
    f'<w:p>{TOC1}<w:r><w:t>第二章</w:t></w:r>{END}</w:p>'
    '<w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body>')


def test_toc_field_paragraphs_run_from_the_begin_to_the_balancing_end():
    body = element(TEMPLATE_TOC)
    found = toc_field_paragraphs(body)
    assert [p.xpath("string()") for p in found] == [
        ' TOC \\o "1-2" \\h 第一章 PAGEREF _Toc1 \\h ', "第二章"]


@pytest.mark.parametrize("text", [
    '<w:body><w:p/></w:body>',
    '<w:body><w:p><w:r><w:instrText> PAGE </w:instrText></w:r></w:p></w:body>',
])
def test_no_toc_field_no_paragraphs(text):
    assert toc_field_paragraphs(element(text)) == []


@pytest.mark.parametrize(("text", "expected"), [
    # Word splits an instruction over several runs
    (f'<w:p>{BEGIN}<w:r><w:instrText> TOC \\o </w:instrText></w:r>'
     f'<w:r><w:instrText>"1-2" </w:instrText></w:r>{SEPARATE}'
     f'{BEGIN}<w:r><w:instrText> PAGEREF _Toc1 </w:instrText></w:r>{SEPARATE}{END}</w:p>',
     'TOC \\o "1-2"'),
    # instructions before the field begins are not its own
    (f'<w:p><w:r><w:instrText>X</w:instrText></w:r>{BEGIN}'
     f'<w:r><w:instrText>TOC \\o</w:instrText></w:r>{SEPARATE}</w:p>', "TOC \\o"),
    # no begin: every instruction of the paragraph
    ('<w:p><w:r><w:instrText> TOC \\o </w:instrText></w:r></w:p>', "TOC \\o"),
])
def test_instruction_of(text, expected):
    assert instruction_of(element(text)) == expected


def test_fill_toc_replaces_the_field_and_keeps_its_instruction():
    body = element(TEMPLATE_TOC)
    assert fill_toc(body, [CHAPTER, SECTION], None) is True
    kept = _instr('TOC \\o "1-2" \\h')  # joined from its two runs
    assert xml(body) == (
        '<w:body><w:p><w:r><w:t>目录</w:t></w:r></w:p>'
        f'<w:p>{KEPT1}{DIRTY}{kept}{SEPARATE}{_link(CHAPTER)}</w:p>'
        f'<w:p>{TOC2}{_link(SECTION)}{END}</w:p>'
        '<w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body>')


def test_fill_toc_without_a_field_changes_nothing():
    body = element('<w:body><w:p/></w:body>')
    assert fill_toc(body, [CHAPTER], None) is False
    assert xml(body) == '<w:body><w:p/></w:body>'


def test_toc_xml_is_the_paragraphs_without_their_declaration():
    text = toc_xml([CHAPTER, SECTION], INSTRUCTION, {CHAPTER.bookmark: 3})
    assert W_NS.encode() not in text
    expected = [xml(p) for p in toc_paragraphs([CHAPTER, SECTION], INSTRUCTION,
                                               {CHAPTER.bookmark: 3})]
    assert text.decode("utf-8") == "".join(expected)
