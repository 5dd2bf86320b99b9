"""Tables: properties, grid, rows and cells, built in schema order; and the
colour of text on a shaded cell (white on dark fills such as the red and blue of
重大 and 低 risks)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from lxml import etree

from docgen.wordml.ns import NSMAP, W_NS, w
from docgen.wordml.oxml import el, sort_children
from docgen.wordml.text import paragraph

TWIPS_PER_MM = 1440 / 25.4
HEADER_FILL = "D9D9D9"
SIDES = ("top", "left", "bottom", "right")


def twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def borders(tag: str, kind: str = "single", sides: Sequence[str] = SIDES,
            size: int = 8, color: str = "000000") -> etree._Element:
    """`w:tblBorders` or `w:tcBorders`: every side `single` (a line) or `nil` (none)."""
    attrs = {"w:val": kind} if kind == "nil" else {
        "w:val": kind, "w:sz": size, "w:space": 0, "w:color": color}
    return el(tag, children=[el(f"w:{side}", attrs) for side in sides])


def margins(tag: str, top: int, left: int, bottom: int, right: int) -> etree._Element:
    values = {"top": top, "left": left, "bottom": bottom, "right": right}
    return el(tag, children=[el(f"w:{k}", {"w:w": v, "w:type": "dxa"})
                             for k, v in values.items()])


def table_properties(*, style: str | None, width: int, jc: str = "center",
                     table_borders: etree._Element | None = None,
                     cell_margins: etree._Element | None = None,
                     header_look: bool = True) -> etree._Element:
    look = {"w:val": "0420" if header_look else "0000", "w:firstRow": int(header_look),
            "w:lastRow": 0, "w:firstColumn": 0, "w:lastColumn": 0, "w:noHBand": 1,
            "w:noVBand": 1}
    return el("w:tblPr", children=[
        el("w:tblStyle", {"w:val": style}) if style else None,
        el("w:tblW", {"w:w": width, "w:type": "dxa"}),
        el("w:jc", {"w:val": jc}),
        table_borders,
        el("w:tblLayout", {"w:type": "fixed"}),
        cell_margins,
        el("w:tblLook", look),
    ])


def table(widths: Sequence[int], rows: Iterable[etree._Element], *,
          style: str | None = "PlanTable", table_borders: etree._Element | None = None,
          cell_margins: etree._Element | None = None, header_look: bool = True,
          jc: str = "center") -> etree._Element:
    """A fixed-layout table of the given column widths (twips)."""
    props = table_properties(style=style, width=sum(widths), jc=jc,
                             table_borders=table_borders, cell_margins=cell_margins,
                             header_look=header_look)
    grid = el("w:tblGrid", children=[el("w:gridCol", {"w:w": width}) for width in widths])
    return el("w:tbl", children=[props, grid, *rows])


def row(cells: Iterable[etree._Element], *, header: bool = False, cant_split: bool = True,
        min_height: int | None = None, exact: bool = False) -> etree._Element:
    """A row that does not split across pages; a header row repeats on every page.
    `min_height` (twips) is the row's least height, or with `exact` its height."""
    rule = "exact" if exact else "atLeast"
    props = el("w:trPr", children=[
        el("w:cantSplit") if cant_split else None,
        el("w:trHeight", {"w:val": min_height, "w:hRule": rule}) if min_height else None,
        el("w:tblHeader") if header else None,
    ])
    return el("w:tr", children=[props, *cells])


def cell(width: int, content: Iterable[etree._Element] | None = None, *,
         fill: str | None = None, cell_borders: etree._Element | None = None,
         v_align: str | None = None, span: int = 1,
         cell_margins: etree._Element | None = None) -> etree._Element:
    """A cell; it ends with a paragraph, as Word requires. `cell_margins`: its own
    w:tcMar (`margins`), over the table's."""
    blocks = list(content or [])
    if not blocks or blocks[-1].tag != w("p"):
        blocks.append(paragraph())
    props = el("w:tcPr", children=[
        el("w:tcW", {"w:w": width, "w:type": "dxa"}),
        el("w:gridSpan", {"w:val": span}) if span > 1 else None,
        cell_borders,
        el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill}) if fill else None,
        cell_margins,
        el("w:vAlign", {"w:val": v_align}) if v_align else None,
    ])
    return el("w:tc", children=[props, *blocks])


# -- text on shaded cells -------------------------------------------------------------------

def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


@lru_cache(maxsize=256)
def is_dark(fill: str | None) -> bool:
    """Whether black text would be hard to read on this fill: the red (FF0000) and
    blue (0070C0) of the risk levels are; orange, yellow and the header grey are not."""
    if not fill or not re.fullmatch(r"[0-9A-Fa-f]{6}", fill):
        return False
    r, g, b = (int(fill[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b) < 0.3


def cell_fill(tc: etree._Element) -> str | None:
    shd = tc.find(f"{w('tcPr')}/{w('shd')}")
    return shd.get(w("fill")) if shd is not None else None


def whiten(tc: etree._Element) -> None:
    """White text in every run of the cell."""
    for r in tc.iter(w("r")):
        rpr = r.find(w("rPr"))
        if rpr is None:
            rpr = el("w:rPr")
            r.insert(0, rpr)
        for old in rpr.findall(w("color")):
            rpr.remove(old)
        rpr.append(el("w:color", {"w:val": "FFFFFF"}))
        sort_children(rpr)


_CELL = re.compile(r"<w:tc>.*?</w:tc>", re.DOTALL)
_MARK = re.compile("\x00(\\d+)\x00")
_PARKED = re.compile(r"docgen-width-(\d+)")
_ANY_FILL = re.compile(r'w:fill="([0-9A-Fa-f]{6})"')
_FILL = re.compile(r'<w:tcPr>.*?w:fill="([0-9A-Fa-f]{6})".*?</w:tcPr>', re.DOTALL)
_DECLS = " ".join(f'xmlns:{p}="{ns}"' for p, ns in NSMAP.items())
# Prefixes of element and attribute names (a template Word saved has w14:paraId on
# every paragraph); the document's root declares them, a row's text does not.
_PREFIX = re.compile(r"[<\s/]([A-Za-z_][\w.-]*):[A-Za-z_]")
_BUILT_IN = {"xml", "xmlns", *NSMAP}


def _declarations(text: str) -> str:
    """Namespace declarations for every prefix of the text: its own for docgen's, a
    stand-in for any other (they are taken off again with the start tag)."""
    others = sorted(set(_PREFIX.findall(text)) - _BUILT_IN)
    return " ".join([_DECLS, *(f'xmlns:{p}="urn:docgen:prefix:{p}"' for p in others)])


def whiten_xml(xml: str) -> str:
    """`whiten` for the cells of serialized rows (the fast path writes rows as text)."""
    if not any(is_dark(fill) for fill in _ANY_FILL.findall(xml)):
        return xml
    return _CELL.sub(_whitened_cell, xml)


def _whitened_cell(match: re.Match[str]) -> str:
    """One serialized cell, whitened if its fill is dark."""
    text = match.group(0)
    fill = _FILL.match(text, text.index("<w:tcPr>")) if "<w:tcPr>" in text else None
    if fill is None or not is_dark(fill.group(1)) or "<w:r" not in text:
        return text
    return _whitened(text)


@lru_cache(maxsize=1 << 12)
def _whitened(text: str) -> str:
    """A dark cell whitened (cached: a register's level cells repeat)."""
    # A width still to be decided is a mark XML cannot hold: parked while parsing.
    text = _MARK.sub(r"docgen-width-\1", text)
    tc = etree.fromstring(text.replace("<w:tc>", f"<w:tc {_declarations(text)}>", 1))
    whiten(tc)
    out = etree.tostring(tc, encoding="unicode")
    return _PARKED.sub("\x00\\1\x00", re.sub(r"^<w:tc[^>]*>", "<w:tc>", out))


__all__ = ["HEADER_FILL", "W_NS", "borders", "cell", "cell_fill", "is_dark", "margins", "row",
           "table", "twips", "whiten", "whiten_xml"]


# -- columns sized from their content -------------------------------------------------------
#
# A phone number, a code or a date must not break across lines of its cell. Each
# column of a data table gets at least the width of its widest such token; the
# width comes from columns with room to spare (text that wraps anyway).

_TOKEN = re.compile(r"\d{4}年\d{1,2}月(?:\d{1,2}日)?|[（(][ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ\dIVX]{1,4}级[）)]"
                    r"|[A-Za-z0-9@][A-Za-z0-9@._:/\-+()#*&\u202f]*")  # GB/T\u202f29639-2020
# A text (its tag's `>` captured, so that an empty text is told from a break), a
# no-break hyphen, or a break or tab; findall's tuples, no match objects: a large
# register measures 16,000 rows.
_PIECE = re.compile(r'<w:(?:t(?: [^>]*)?(>)([^<]*)</w:t>|(noBreakHyphen)/>'
                    r'|(?:br|tab|cr)\b[^>]*/>)')
# In this order: &amp; last, so that the text "&lt;" (written &amp;lt;) stays "&lt;".
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&#34;": '"', "&#39;": "'", "&quot;": '"',
             "&apos;": "'", "&amp;": "&"}
CELL_MARGINS = 170 + 60  # PlanTable's left and right cell margins, and a little air
SHORT_WORD = 5  # characters: a cell this short is not broken either
_BREAKS = re.compile(r"[\s、，,；;。/]")
MIN_SHARE = 0.6  # a column gives up at most 40 % of its width to its neighbours


# Times New Roman's advance widths (Adobe's Times-Roman metrics, 1/1000 em; Liberation
# Serif, LibreOffice's stand-in, has the same), in half-width units (500 = one unit):
# capitals are wider than digits, so a code of capitals needs more than one unit each.
_TIMES = {**dict.fromkeys("0123456789", 500), **dict(zip(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    (722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722,
     667, 556, 611, 722, 722, 944, 722, 722, 611), strict=True)), **dict(zip(
    "abcdefghijklmnopqrstuvwxyz",
    (444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500,
     333, 389, 278, 500, 500, 722, 500, 500, 444), strict=True)),
    "-": 333, ".": 250, "/": 278, ":": 278, "(": 333, ")": 333, "@": 921, "_": 500,
    "+": 564, "#": 500, "*": 500, "&": 778, " ": 250, "\u202f": 200}


def _units(token: str) -> float:
    if token.isascii():  # digits, codes: the usual token
        return sum(_TIMES.get(ch, 500) for ch in token) / 500
    wide = [ord(ch) > 0x2E7F for ch in token]
    return sum(2 if w_ else _TIMES.get(ch, 500) / 500 for w_, ch in zip(wide, token, strict=True)
               ) + 0.5 * sum(1 for a, b in itertools.pairwise(wide) if a != b)


# Characters joined one by one with word joiners (a name kept whole by `word`:
# 有⁠限⁠空⁠间⁠中⁠毒⁠窒⁠息; a level label: （⁠Ⅰ⁠级⁠）): one token, whatever its script.
_JOINED = re.compile("[^\\s\u2060](?:\u2060[^\\s\u2060])+")


def token_units(text: str) -> float:
    """The widest token that must not break (a phone number, a code, a date, a name
    joined as a word), in half-width units: a CJK character counts two, and each
    change between CJK and Latin or digits half a unit (Word and LibreOffice space
    them: 2027年3月31日). Word joiners (kept-whole codes) take no room."""
    joined = 0.0
    if "\u2060" in text:
        joined = max((_units(t.replace("\u2060", "")) for t in _JOINED.findall(text)),
                     default=0.0)
        text = text.replace("\u2060", "")
    return max(joined, max((_units(t) for t in _TOKEN.findall(text)), default=0.0))


def word_units(text: str, tokens: float | None = None) -> float:
    """A short cell (a type, a unit, a name: 物资装备, 王五) read as one word, which
    is better not broken either (after the tokens are served). `tokens`: the cell's
    token_units, when already known."""
    short = text.strip()
    if 0 < len(short) <= SHORT_WORD and not _BREAKS.search(short):
        return _units(short)
    return token_units(text) if tokens is None else tokens


# A header's parts: a bracketed word with what precedes it (存放（驻守）), or a run
# without brackets (地点); a part this short is better not broken.
_HEADER_PART = re.compile(r"[^（(]*[（(][^）)]*[）)]|[^（(]+")
HEADER_WORD = 8  # characters: a header line this short is held whole when room remains


def header_units(text: str) -> float:
    """What a header's column should hold when room remains: each line of the header
    whole when it is short (联系人, 存放（驻守）地点: never 存放（驻守）地 / 点),
    a longer one part by part, breaking after its brackets."""
    parts = [part for line in text.split()
             for part in ([line] if len(line) <= HEADER_WORD else _HEADER_PART.findall(line))]
    return max((_units(part) for part in parts if len(part) <= HEADER_WORD), default=0.0)


def cell_text(tc: etree._Element) -> str:
    parts = []
    for node in tc.iter(w("t"), w("br"), w("tab"), w("cr"), w("noBreakHyphen")):
        parts.append(node.text or "" if node.tag == w("t")
                     else "-" if node.tag == w("noBreakHyphen") else " ")
    return "".join(parts)


def row_cell_texts(row_xml: str) -> list[str]:
    """The text of each cell of a serialized row (as `cell_text` reads a tree)."""
    texts = []
    for piece in row_xml.split("</w:tc>")[:-1]:
        text = "".join([t if gt else "-" if hyphen else " "
                        for gt, t, hyphen in _PIECE.findall(piece)])
        if "&" in text:
            for entity, char in _ENTITIES.items():
                text = text.replace(entity, char)
        texts.append(text)
    return texts


@lru_cache(maxsize=1 << 14)
def cell_units(text: str) -> tuple[float, float]:
    """token_units and word_units of a cell's text (a register repeats its values:
    levels, categories, units)."""
    tokens = token_units(text)
    return tokens, word_units(text, tokens)


def fit_widths(widths: Sequence[int], needs: Sequence[float], unit: int,
               wishes: Sequence[float] = (), filled: Sequence[bool] = ()) -> list[int]:
    """Column widths (twips) that give every column room for its widest token
    (`needs`, in half-width units of `unit` twips), taken from the columns with
    room to spare; then, as far as room remains, for its short words (`wishes`).
    A column left empty (room to sign, to write by hand) gives nothing. The table
    keeps its total width."""
    filled = list(filled) or [True] * len(widths)
    fitted = _fit(widths, needs, unit, filled)
    if wishes:
        fitted = _fit(fitted, [max(a, b) for a, b in zip(needs, wishes, strict=True)], unit,
                      filled)
    return fitted


def _fit(widths: Sequence[int], needs: Sequence[float], unit: int,
         filled: Sequence[bool]) -> list[int]:
    want = [round(n * unit) + CELL_MARGINS if n else 0 for n in needs]
    short = [max(0, want[k] - widths[k]) for k in range(len(widths))]
    deficit = sum(short)
    if not deficit:
        return list(widths)
    room = [0 if short[k] or not filled[k] else
            max(0, widths[k] - max(want[k], int(widths[k] * MIN_SHARE)))
            for k in range(len(widths))]
    available = sum(room)
    if not available:
        return list(widths)
    share = min(1.0, available / deficit)  # a table that cannot give all gets its part
    given = [int(short[k] * share) for k in range(len(widths))]
    taken = sum(given)
    takes = [int(taken * room[k] / available) if room[k] else 0 for k in range(len(widths))]
    # What the rounding down left over, from the columns with most room first, none
    # past its room (a giver keeps its own token whole).
    left = taken - sum(takes)
    for k in sorted(range(len(widths)), key=lambda k: room[k], reverse=True):
        if not left:
            break
        more = min(left, room[k] - takes[k])
        takes[k] += more
        left -= more
    return [widths[k] + given[k] - takes[k] for k in range(len(widths))]


# A paragraph's start tag (or the whole of an empty one) and, unless empty, the
# start of its properties: an empty w:pPr, or w:pPr with its style and keep if any.
_P_OPEN = re.compile(r"<w:p(?=[ >/])([^>]*?)(/)?>(?(2)|(?:(<w:pPr/>)|(<w:pPr>)"
                     r"(<w:pStyle [^>]*/>)?(<w:keepNext\b[^>]*/>)?)?)")


def keep_with_next(p: etree._Element) -> None:
    """A paragraph (of a table row) that keeps with the next."""
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        p.insert(0, ppr)
    if ppr.find(w("keepNext")) is None:
        ppr.append(el("w:keepNext"))
        sort_children(ppr)


def keep_with_next_xml(row_xml: str) -> str:
    """`keep_with_next` for every paragraph of a serialized row: a paragraph that
    says its keep already is left as it is."""
    def keep(match: re.Match[str]) -> str:
        attributes, empty, _, ppr, style, kept = match.groups()
        if kept:
            return match.group(0)
        if empty:
            return f"<w:p{attributes}><w:pPr><w:keepNext/></w:pPr></w:p>"
        if ppr is None:  # no properties, or an empty w:pPr
            return f"<w:p{attributes}><w:pPr><w:keepNext/></w:pPr>"
        return f"<w:p{attributes}><w:pPr>{style or ''}<w:keepNext/>"

    return _P_OPEN.sub(keep, row_xml)
