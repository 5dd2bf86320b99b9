"""docgen.wordml.text: paragraphs and runs, and text made safe for a w:t."""

from __future__ import annotations

import pytest
from wml import element, xml

from docgen.wordml.text import (
    BREAK,
    JOINED_HYPHEN,
    TAB,
    clean,
    keep_dates_whole,
    paragraph,
    paragraph_properties,
    paragraph_text,
    run,
    style_of,
    whole,
    whole_codes,
    word,
    xml_text,
)

J = JOINED_HYPHEN
S = "\u2060/\u2060"  # a standard's slash, joined
N = "\u202f"  # the narrow no-break space after a standard's prefix


def test_text_for_a_run_is_escaped_and_keeps_breaks_and_tabs():
    assert xml_text("R&D <核心>") == "R&amp;D &lt;核心&gt;"
    assert xml_text("一\n二\t三") == ('一</w:t><w:br/><w:t xml:space="preserve">二</w:t>'
                                     '<w:tab/><w:t xml:space="preserve">三')
    assert xml_text("a\x07b\x0c") == "ab"  # XML cannot hold them


@pytest.mark.parametrize(("text", "expected"), [
    ('"引号" \'单\'', "&#34;引号&#34; &#39;单&#39;"),
    ("a\r\nb", f"a{BREAK}b"),
    ("a\rb", f"a{BREAK}b"),
    ("\ud800\ufffe\uffff", ""),
    ("", ""),
])
def test_xml_text_escapes_attributes_quotes_and_line_ends(text, expected):
    assert xml_text(text) == expected


def test_break_and_tab_close_and_reopen_the_w_t():
    assert BREAK == '</w:t><w:br/><w:t xml:space="preserve">'
    assert TAB == '</w:t><w:tab/><w:t xml:space="preserve">'


@pytest.mark.parametrize(("text", "expected"), [
    ("0731-88286119", f"0731{J}88286119"),
    ("GB/T 29639-2020", f"GB{S}T{N}29639{J}2020"),  # prefix and all (see STANDARD_SPACE)
    ("（GB 18218-2018）", f"（GB{N}18218{J}2018）"),
    ("GB\u00a018218-2018", f"GB{N}18218{J}2018"),
    ("FX-20-A", f"FX{J}20{J}A"),
    # a list of codes breaks after a 、, never inside a code (LibreOffice sees no break
    # between 、 and a letter)
    ("火灾事故（R-01、R-07）", f"火灾事故（R{J}01、\u200bR{J}07）"),
    ("一、二、A-1", f"一、二、\u200bA{J}1"),
    ("一 - 二", "一 - 二"),  # a dash between words is not a code's hyphen
    ("-5", "-5"),
    ("无连字符", "无连字符"),
])
def test_whole_joins_the_hyphens_of_numbers_and_codes(text, expected):
    assert whole(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("江城　2026年4月1日", "江城　2026\u2060年\u20604\u2060月\u20601\u2060日"),
    ("2026年6月起", "2026\u2060年\u20606\u2060月起"),
    ("　　年　　月　　日", "　　年　　月　　日"),  # a date to write in by hand
    ("12年", "12年"),
])
def test_whole_keeps_a_date_on_one_line(text, expected):
    assert whole(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("依据GB 6441-1986", f"依据GB{N}6441{J}1986"),
    ("（GB/T 29639-2020）", f"（GB{S}T{N}29639{J}2020）"),
    ("GBZ 41-2019和DB43/T 1234-2016", f"GBZ{N}41{J}2019和DB43{S}T{N}1234{J}2016"),
    ("GB 6441-86 XG1-2024", f"GB{N}6441{J}86 XG1{J}2024"),
    ("GB/T29639-2020", f"GB{S}T29639{J}2020"),  # typed without a space: none added
    ("GB\n6441-1986", f"GB\n6441{J}1986"),  # a line break is the typist's
    ("FX-01，0731-88286119", "FX-01，0731-88286119"),  # an input's codes: as typed
    ("GB 6441", "GB 6441"),
    ("（2024年6月28日修正）", "（2024\u2060年\u20606\u2060月\u206028\u2060日修正）"),
])
def test_whole_codes_joins_only_standards_designations_and_dates(text, expected):
    assert whole_codes(text) == expected


@pytest.mark.parametrize("typed", [
    "按GB/T 29639-2020和GB 30871-2022执行", "（AQ/T 9007-2019）", "DB43/T 1234-2016",
    "GB\u00a018218-2018"])
def test_a_kept_whole_standard_reads_as_typed(typed):
    """Word joiners aside, only the space after the prefix changes, to a narrower
    no-break one: a reader (and docgen check) sees the typed text."""
    from docgen.check.outline import visible
    for kept in (whole(typed), whole_codes(typed)):
        assert kept != typed
        assert visible(kept) == typed.replace("\u00a0", " ")
        assert kept.replace("\u2060", "").replace(N, " ") == typed.replace("\u00a0", " ")


@pytest.mark.parametrize(("text", "expected"), [
    ("有限空间中毒窒息", "有\u2060限\u2060空\u2060间\u2060中\u2060毒\u2060窒\u2060息"),
    ("火灾、触电", "火\u2060灾、触\u2060电"),  # a list breaks after its 、 only
    ("火灾 触电；爆炸", "火\u2060灾 触\u2060电；爆\u2060炸"),
    ("火", "火"),
    ("FX-01、FX-02", f"FX{J}01、\u200bFX{J}02"),  # codes as `whole` keeps them
    ("", ""),
])
def test_word_joins_each_name_of_a_list(text, expected):
    assert word(text) == expected
    assert word(text).replace("\u2060", "").replace("\u200b", "") == text  # reads as typed


DATE = whole_codes("2024年6月28日")


@pytest.mark.parametrize(("xml", "expected"), [
    (f'<w:r><w:t xml:space="preserve">（{DATE}修正）</w:t></w:r>',
     '<w:r><w:t xml:space="preserve">（</w:t></w:r>'
     f'<w:r><w:rPr><w:lang w:eastAsia="en-US"/></w:rPr><w:t xml:space="preserve">{DATE}</w:t>'
     '</w:r><w:r><w:t xml:space="preserve">修正）</w:t></w:r>'),
    # the run's properties are kept, the language put in schema order
    (f'<w:r w:rsidR="1"><w:rPr><w:b/><w:vertAlign w:val="baseline"/><w:oMath/></w:rPr>'
     f'<w:t>{DATE}</w:t><w:br/><w:t>后</w:t></w:r>',
     '<w:r w:rsidR="1"><w:rPr><w:b/><w:vertAlign w:val="baseline"/>'
     f'<w:lang w:eastAsia="en-US"/><w:oMath/></w:rPr><w:t xml:space="preserve">{DATE}</w:t>'
     '</w:r><w:r w:rsidR="1"><w:rPr><w:b/><w:vertAlign w:val="baseline"/><w:oMath/></w:rPr>'
     '<w:br/><w:t>后</w:t></w:r>'),
    (f'<w:r><w:rPr><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr><w:t>{DATE}</w:t></w:r>',
     '<w:r><w:rPr><w:lang w:val="en-US" w:eastAsia="en-US"/></w:rPr>'
     f'<w:t xml:space="preserve">{DATE}</w:t></w:r>'),
    ('<w:r><w:t>2024年6月28日</w:t></w:r>', '<w:r><w:t>2024年6月28日</w:t></w:r>'),  # as typed
])
def test_a_joined_date_gets_a_run_whose_east_asian_language_is_english(xml, expected):
    """LibreOffice's Chinese line breaking ignores the joiners (（2024年6月28 / 日修正）);
    in a run whose East Asian language is English it keeps the date whole."""
    assert keep_dates_whole(xml) == expected


def test_clean_drops_only_what_xml_cannot_hold():
    assert clean("a\x00b\x1fc\td\ne") == "abc\td\ne"
    text = "正常文本"
    assert clean(text) is text


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"text": ""}, "<w:r/>"),
    ({"text": "一"}, '<w:r><w:t xml:space="preserve">一</w:t></w:r>'),
    ({"text": "一\t二\n三"},
     '<w:r><w:t xml:space="preserve">一</w:t><w:tab/><w:t xml:space="preserve">二</w:t>'
     '<w:br/><w:t xml:space="preserve">三</w:t></w:r>'),
    ({"text": "\n"}, "<w:r><w:br/></w:r>"),
    ({"text": "a\r\nb"}, '<w:r><w:t xml:space="preserve">a</w:t><w:br/>'
                         '<w:t xml:space="preserve">b</w:t></w:r>'),
    # a lone carriage return is a line end too, as xml_text has it
    ({"text": "a\rb"}, '<w:r><w:t xml:space="preserve">a</w:t><w:br/>'
                       '<w:t xml:space="preserve">b</w:t></w:r>'),
    ({"text": "x", "bold": True, "color": "FF0000", "style": "Hyperlink"},
     '<w:r><w:rPr><w:rStyle w:val="Hyperlink"/><w:b/><w:color w:val="FF0000"/></w:rPr>'
     '<w:t xml:space="preserve">x</w:t></w:r>'),
    ({"text": "x", "size": 18},
     '<w:r><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>'
     '<w:t xml:space="preserve">x</w:t></w:r>'),
    ({"text": "表2-1"}, f'<w:r><w:t xml:space="preserve">表2{J}1</w:t></w:r>'),
    # a template tag keeps its hyphens: it is not text
    ({"text": "{{ a-b }}"}, '<w:r><w:t xml:space="preserve">{{ a-b }}</w:t></w:r>'),
    ({"text": "a\x0bb"}, '<w:r><w:t xml:space="preserve">ab</w:t></w:r>'),
])
def test_run(kwargs, expected):
    assert xml(run(**kwargs)) == expected


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({}, "<w:pPr/>"),
    ({"style": "TableText", "jc": "center", "keep_next": True, "keep_lines": True,
      "page_break_before": True, "spacing": {"before": 0, "after": 120},
      "ind": {"firstLine": 0, "firstLineChars": 0}},
     '<w:pPr><w:pStyle w:val="TableText"/><w:keepNext/><w:keepLines/><w:pageBreakBefore/>'
     '<w:spacing w:before="0" w:after="120"/><w:ind w:firstLine="0" w:firstLineChars="0"/>'
     '<w:jc w:val="center"/></w:pPr>'),
])
def test_paragraph_properties_in_schema_order(kwargs, expected):
    assert xml(paragraph_properties(**kwargs)) == expected


def test_paragraph_properties_put_extra_children_in_order():
    sect = element('<w:sectPr/>')
    assert xml(paragraph_properties("X", extra=[sect], jc="left")) == (
        '<w:pPr><w:pStyle w:val="X"/><w:jc w:val="left"/><w:sectPr/></w:pPr>')


@pytest.mark.parametrize(("args", "kwargs", "expected"), [
    ((), {}, "<w:p/>"),
    (("正文",), {}, '<w:p><w:r><w:t xml:space="preserve">正文</w:t></w:r></w:p>'),
    (("标题", "Heading1"), {},
     '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>'
     '<w:r><w:t xml:space="preserve">标题</w:t></w:r></w:p>'),
    ((), {"jc": "right"}, '<w:p><w:pPr><w:jc w:val="right"/></w:pPr></w:p>'),
])
def test_paragraph(args, kwargs, expected):
    assert xml(paragraph(*args, **kwargs)) == expected


def test_paragraph_puts_its_text_before_the_runs_given():
    p = paragraph("甲", runs=[run("乙")])
    assert xml(p) == ('<w:p><w:r><w:t xml:space="preserve">甲</w:t></w:r>'
                      '<w:r><w:t xml:space="preserve">乙</w:t></w:r></w:p>')


@pytest.mark.parametrize(("text", "expected"), [
    ('<w:p/>', ""),
    ('<w:p><w:r><w:t> 第一章 </w:t><w:tab/><w:t>总则</w:t></w:r></w:p>', "第一章  总则"),
    ('<w:p><w:r><w:t>一</w:t><w:br/><w:t>二</w:t></w:r></w:p>', "一 二"),
    ('<w:p><w:r><w:t>0731</w:t><w:noBreakHyphen/><w:t>1</w:t></w:r></w:p>', "0731-1"),
    ('<w:p><w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>', "链接"),
    ('<w:p><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>', ""),
])
def test_paragraph_text_as_a_reader_sees_it(text, expected):
    assert paragraph_text(element(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ('<w:p/>', ""),
    ('<w:p><w:pPr/></w:p>', ""),
    ('<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr></w:p>', "Heading2"),
])
def test_style_of(text, expected):
    assert style_of(element(text)) == expected
