"""docgen.wordml.fields: fields, links to bookmarks, and bookmarks."""

from __future__ import annotations

import pytest
from wml import element, out_of_order, xml

from docgen.wordml.fields import (
    add_bookmark,
    field_instruction,
    field_runs,
    hyperlink,
    page_number_runs,
)
from docgen.wordml.text import paragraph, run

BEGIN = '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
SEPARATE = '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def _xml(runs) -> str:
    return "".join(xml(r) for r in runs)


def test_field_runs_begin_instruction_separate_result_end():
    assert _xml(field_runs("  PAGE ", [run("1")])) == (
        BEGIN + '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        + SEPARATE + '<w:r><w:t xml:space="preserve">1</w:t></w:r>' + END)


def test_a_dirty_field_asks_word_to_update_it():
    runs = field_runs('TOC \\o "1-2"', [], dirty=True)
    assert xml(runs[0]) == '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
    assert _xml(runs[1:]) == ('<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" '
                              '</w:instrText></w:r>' + SEPARATE + END)


def test_page_numbers_are_the_page_field_between_dashes():
    assert _xml(page_number_runs()) == (
        '<w:r><w:t xml:space="preserve">— </w:t></w:r>' + BEGIN
        + '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>' + SEPARATE
        + '<w:r><w:t xml:space="preserve">1</w:t></w:r>' + END
        + '<w:r><w:t xml:space="preserve"> —</w:t></w:r>')


def test_a_paragraph_of_field_runs_is_in_schema_order():
    assert out_of_order(paragraph(runs=field_runs("PAGE", []))) == []


def test_hyperlink_to_a_bookmark_of_the_document():
    link = hyperlink("_Toc100000000", [run("第一章")])
    assert xml(link) == ('<w:hyperlink w:anchor="_Toc100000000" w:history="1">'
                         '<w:r><w:t xml:space="preserve">第一章</w:t></w:r></w:hyperlink>')


@pytest.mark.parametrize(("before", "after"), [
    ('<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>总则</w:t></w:r></w:p>',
     '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>'
     '<w:bookmarkStart w:id="9000" w:name="_Toc1"/><w:r><w:t>总则</w:t></w:r>'
     '<w:bookmarkEnd w:id="9000"/></w:p>'),
    ('<w:p><w:r><w:t>总则</w:t></w:r></w:p>',
     '<w:p><w:bookmarkStart w:id="9000" w:name="_Toc1"/><w:r><w:t>总则</w:t></w:r>'
     '<w:bookmarkEnd w:id="9000"/></w:p>'),
    ('<w:p/>',
     '<w:p><w:bookmarkStart w:id="9000" w:name="_Toc1"/><w:bookmarkEnd w:id="9000"/></w:p>'),
])
def test_add_bookmark_spans_the_whole_paragraph_after_its_properties(before, after):
    p = element(before)
    add_bookmark(p, 9000, "_Toc1")
    assert xml(p) == after


@pytest.mark.parametrize(("text", "expected"), [
    ('<w:p/>', ""),
    ('<w:p><w:r><w:instrText> TOC \\o "1-2" </w:instrText></w:r></w:p>', 'TOC \\o "1-2"'),
    # Word splits an instruction over runs
    ('<w:p><w:r><w:instrText> TOC \\o </w:instrText></w:r>'
     '<w:r><w:instrText>"1-2" \\h </w:instrText></w:r></w:p>', 'TOC \\o "1-2" \\h'),
])
def test_field_instruction(text, expected):
    assert field_instruction(element(text)) == expected
