"""Paragraphs and runs, and text made safe for a `w:t`.

A value's line break becomes `w:br` and its tab `w:tab`, inside the same run, so a
multi-line cell stays one paragraph with its formatting; characters XML cannot
hold are dropped (validation has already warned about any in the inputs).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from lxml import etree

from docgen.wordml.ns import local, w
from docgen.wordml.oxml import el

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_DROP = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF,
         *range(0xD800, 0xE000)]
# One pass: escape what XML needs escaped, drop what it cannot hold.
_TO_XML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;",
                         **dict.fromkeys(map(chr, _DROP))})
# Whether a text has any character _TO_XML changes (most have none: translate, which
# looks up every character, is then skipped).
_CHANGED_FOR_XML = re.compile("[" + re.escape("&<>\"'" + "".join(map(chr, _DROP))) + "]")
# Inside a w:t: close it, break (or tab), and open a new one in the same run.
BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
TAB = '</w:t><w:tab/><w:t xml:space="preserve">'
# A hyphen inside a number or code (0731-88286119, FX-20, GB/T 29639-2020) between
# word joiners (U+2060): Word and LibreOffice keep the token on one line, and it
# still reads and copies as a hyphen. (w:noBreakHyphen keeps it whole in Word, but
# LibreOffice then breaks such a token anywhere inside it.)
_JOINED_HYPHEN = re.compile(r"(?<=[0-9A-Za-z])-(?=[0-9A-Za-z])")
JOINED_HYPHEN = "\u2060-\u2060"
# LibreOffice never breaks between 、 and a code that follows it: a zero-width space
# there lets a cell's list of joined codes break after a 、, not inside a code.
_LISTED_CODE = re.compile("、(?=[0-9A-Za-z][0-9A-Za-z]*\u2060-)")


# A level label such as （Ⅰ级） or (Ⅱ级): joined character by character, since a line
# may otherwise break between any two CJK characters (公司级（Ⅰ / 级）).
_LEVEL_LABEL = re.compile(r"[（(][ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ\dIVX]{1,4}级[）)]")


# A date as docgen prints it (2026年4月1日, 2026年6月): a line may otherwise break
# between a number and 年, 月 or 日 (2026 年 / 4 月 1 日).
_DATE = re.compile(r"\d{4}年\d{1,2}月(?:\d{1,2}日)?")
_DATE_JOINT = re.compile(r"(?<=\d)(?=\D)|(?<=\D)(?=\d)")


def whole(text: str) -> str:
    """The text with its numbers, codes, dates, standards' designations (GB/T
    29639-2020, prefix and all) and level labels kept whole at line ends."""
    if "-" in text:
        if _STANDARD.search(text):
            text = _STANDARD.sub(_joined_standard, text)
        text = _JOINED_HYPHEN.sub(JOINED_HYPHEN, text)
        if "、" in text:  # a list of codes (R-05、R-06) may break after each 、
            text = _LISTED_CODE.sub("、\u200b", text)
    if "级" in text:
        text = _LEVEL_LABEL.sub(lambda m: "\u2060".join(m[0]), text)
    if "年" in text:
        text = _DATE.sub(lambda m: _DATE_JOINT.sub("\u2060", m[0]), text)
    return text


# A name of a list (火灾、触电): what lies between its separators.
_WORD_ITEM = re.compile("[^\\s、，,；;。\u200b]+")


def _joined_item(match: re.Match[str]) -> str:
    item = match[0]
    bare = item.replace("\u2060", "")
    return item if bare.isascii() else "\u2060".join(bare)  # a code: as `whole` joined it


def word(text: str) -> str:
    """A name held on one line as a word (an accident type: 有限空间中毒窒息, never
    有限空间中毒窒 / 息), or each name of a list on its own (火灾、触电 breaks only
    after its 、): word joiners between its characters, which table columns are sized
    to hold (docgen.wordml.tables.token_units); codes and dates as `whole` keeps them."""
    return _WORD_ITEM.sub(_joined_item, whole(text))


# A standard's designation (GB 6441-1986, GB/T 29639-2020, GBZ 41-2019, DB43/T 1234-2016,
# XG1-2024): in a template's words, a typed cell or a text of the hazard library.
_STANDARD = re.compile(r"(?<![0-9A-Za-z])[A-Z]{1,5}\d{0,2}(?:/[A-Z]{1,2})?\s?"
                       r"\d+(?:\.\d+)*-\d{2,4}(?![0-9A-Za-z])")
# The space between a standard's prefix and its number, as printed: a narrow no-break
# space (U+202F). LibreOffice breaks a line at an ordinary space whatever joins it (when
# the line ends at the space it breaks there, word joiners or not), and makes a no-break
# space (U+00A0) a blank portion of its own that may not give the line back in a line
# without an ordinary space (Chinese text): the line then breaks inside the number
# (GB/T 2963 / 9-2020) or after the space. The narrow no-break space is an ordinary
# character to it, and no break opportunity to it or to Word (Unicode's class GL, as
# Word's French typography uses it); it prints a little narrower than a space
# (Liberation Serif: 0.20 em against 0.25 em). The slash is joined too: LibreOffice
# breaks after it (GB/ / T 29639-2020) when the prefix and the number are one word.
STANDARD_SPACE = "\u202f"
_STANDARD_GAP = re.compile("[ \u00a0\u202f]")


def _joined_standard(match: re.Match[str]) -> str:
    text = _STANDARD_GAP.sub(STANDARD_SPACE, match[0], count=1)
    return text.replace("/", "\u2060/\u2060").replace("-", JOINED_HYPHEN)


def whole_codes(text: str) -> str:
    """The text with its standards' designations and its dates kept whole, as `whole`
    keeps them in a template's own words (a 编制依据 of the pack: （GB/T 29639-2020）,
    （2024年6月28日修正）); nothing else of a value (an input's code or phone number
    prints as typed unless the template asks `whole`)."""
    if "-" in text and _STANDARD.search(text):
        text = _STANDARD.sub(_joined_standard, text)
    if "年" in text:
        text = _DATE.sub(lambda m: _DATE_JOINT.sub("\u2060", m[0]), text)
    return text


# LibreOffice's Chinese line breaking ignores word joiners between digits and 年, 月,
# 日: a joined date still breaks (（2024年6月28 / 日修正）) where the text's East Asian
# language is Chinese. In a run of its own whose East Asian language is English it
# stays whole (the joiners are honoured; 年月日 have no regional glyph forms).
_JOINED_DATE = re.compile("\\d{4}\u2060年\u2060\\d{1,2}\u2060月(?:\u2060\\d{1,2}\u2060日)?")
_RUN_XML = re.compile(r"(<w:r(?=[ >])[^>]*>)(<w:rPr>.*?</w:rPr>)?(.*?)</w:r>", re.S)
_T_XML = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_LANG_XML = re.compile(r"<w:lang\b([^>]*?)/>")
_AFTER_LANG = re.compile(r"<w:eastAsianLayout\b|<w:specVanish\b|<w:oMath\b|</w:rPr>")
DATE_LANGUAGE = "en-US"


def _date_properties(properties: str) -> str:
    """A run's properties with English as its East Asian language (schema order)."""
    if not properties:
        return f'<w:rPr><w:lang w:eastAsia="{DATE_LANGUAGE}"/></w:rPr>'
    if lang := _LANG_XML.search(properties):
        attributes = re.sub(r'\s*w:eastAsia="[^"]*"', "", lang.group(1))
        return (properties[:lang.start()] + f'<w:lang{attributes} w:eastAsia="{DATE_LANGUAGE}"/>'
                + properties[lang.end():])
    at = _AFTER_LANG.search(properties)
    cut = at.start() if at else len(properties)
    return properties[:cut] + f'<w:lang w:eastAsia="{DATE_LANGUAGE}"/>' + properties[cut:]


def _split_dates(run: re.Match[str]) -> str:
    start, properties, body = run.group(1), run.group(2) or "", run.group(3)
    if "\u2060年" not in body:
        return run.group(0)
    marked = _date_properties(properties)

    def split(t: re.Match[str]) -> str:
        text, pieces, position = t.group(1), [], 0
        for date in _JOINED_DATE.finditer(text):
            pieces += [(text[position:date.start()], False), (date.group(), True)]
            position = date.end()
        if not pieces:
            return t.group(0)
        pieces.append((text[position:], False))
        out, in_date = [], False
        for piece, is_date in pieces:
            if not piece:
                continue
            if is_date != in_date:
                out.append(f"</w:r>{start}{marked if is_date else properties}")
                in_date = is_date
            out.append(f'<w:t xml:space="preserve">{piece}</w:t>')
        if in_date:
            out.append(f"</w:r>{start}{properties}")
        return "".join(out)

    split_run = start + properties + _T_XML.sub(split, body) + "</w:r>"
    return split_run.replace(f"{start}{properties}</w:r>", "")  # no run left empty


def keep_dates_whole(xml: str) -> str:
    """Runs' XML with each word-joined date (2024⁠年⁠6⁠月⁠28⁠日) in a run of its own
    whose East Asian language is English, so that LibreOffice keeps it on one line."""
    return _RUN_XML.sub(_split_dates, xml) if "\u2060年" in xml else xml


def clean(text: str) -> str:
    return _ILLEGAL.sub("", text) if _ILLEGAL.search(text) else text


def xml_text(text: str) -> str:
    """Text for the inside of a `<w:t>` (or an attribute): escaped, line breaks and
    tabs as Word elements. The result is XML, never re-read as a template."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CHANGED_FOR_XML.search(text):
        text = text.translate(_TO_XML)
    if "\n" in text:
        text = text.replace("\n", BREAK)
    if "\t" in text:
        text = text.replace("\t", TAB)
    return text


def _text_element(text: str) -> etree._Element:
    return el("w:t", {"xml:space": "preserve"}, text=clean(text))


def run(text: str = "", *, bold: bool = False, color: str | None = None,
        style: str | None = None, size: int | None = None) -> etree._Element:
    """A run; line breaks and tabs of `text` become w:br and w:tab. `size`: its
    font size in half-points, when not its style's."""
    props = None
    if bold or color or style or size:
        props = el("w:rPr", children=[
            el("w:rStyle", {"w:val": style}) if style else None,
            el("w:b") if bold else None,
            el("w:color", {"w:val": color}) if color else None,
            el("w:sz", {"w:val": size}) if size else None,
            el("w:szCs", {"w:val": size}) if size else None,
        ])
    parts: list[etree._Element] = []
    for i, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if i:
            parts.append(el("w:br"))
        for j, piece in enumerate(line.split("\t")):
            if j:
                parts.append(el("w:tab"))
            if piece:
                # Fixed words of a template (表2-1, GB/T 29639-2020) kept whole; not tags.
                parts.append(_text_element(piece if "{" in piece else whole(piece)))
    return el("w:r", children=[props, *parts])


def paragraph_properties(style: str | None = None, *, jc: str | None = None,
                         keep_next: bool = False, keep_lines: bool = False,
                         page_break_before: bool = False,
                         spacing: dict[str, object] | None = None,
                         ind: dict[str, object] | None = None,
                         extra: Iterable[etree._Element] = ()) -> etree._Element:
    return el("w:pPr", children=[
        el("w:pStyle", {"w:val": style}) if style else None,
        el("w:keepNext") if keep_next else None,
        el("w:keepLines") if keep_lines else None,
        el("w:pageBreakBefore") if page_break_before else None,
        el("w:spacing", {f"w:{k}": v for k, v in spacing.items()}) if spacing else None,
        el("w:ind", {f"w:{k}": v for k, v in ind.items()}) if ind else None,
        el("w:jc", {"w:val": jc}) if jc else None,
        *extra,
    ])


def paragraph(text: str = "", style: str | None = None, *,
              runs: Iterable[etree._Element] = (), **props: Any) -> etree._Element:
    """A paragraph in `style`, holding `text` (and then `runs`)."""
    ppr = paragraph_properties(style, **props) if (style or props) else None
    content = [run(text)] if text else []
    return el("w:p", children=[ppr, *content, *runs])


def paragraph_text(p: etree._Element) -> str:
    """The text a reader sees in a paragraph (tabs and breaks as spaces)."""
    parts = []
    for node in p.iter(w("t"), w("tab"), w("br"), w("noBreakHyphen")):
        name = local(node)
        parts.append((node.text or "") if name == "t" else "-" if name == "noBreakHyphen"
                     else " ")
    return "".join(parts).strip()


def style_of(p: etree._Element) -> str:
    ppr = p.find(w("pPr"))
    style = ppr.find(w("pStyle")) if ppr is not None else None
    return style.get(w("val"), "") if style is not None else ""
