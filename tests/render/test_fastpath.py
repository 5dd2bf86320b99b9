"""The fast path (docgen.render.fastpath): long loops written as XML text, each row
cloned from the template's own row, must give exactly the document the template
describes when Jinja renders every loop."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import TRICKY, full_sheets, minimal_sheets, write_workbook
from docx.table import Table
from docx_helpers import W_NS, cell_fill, document_text, find_tables, open_document
from lxml import etree

from docgen.api import build
from docgen.errors import TemplateError
from docgen.render import compile_template, load_template, render
from docgen.render.template import FRAGMENT_CALL

W = f"{{{W_NS}}}"


def _canonical(path: Path) -> str:
    """document.xml in canonical form; picture ids are numbered per path by design."""
    xml = zipfile.ZipFile(path).read("word/document.xml")
    text = etree.tostring(etree.fromstring(xml), method="c14n").decode()
    return re.sub(r'<wp:docPr id="\d+"', '<wp:docPr id="N"', text)


def _both(tmp_path: Path, inputs: Path) -> tuple[Path, Path]:
    fast = build(inputs, tmp_path / "fast", toc_pages=False, fast=True)
    slow = build(inputs, tmp_path / "slow", toc_pages=False, fast=False)
    assert fast.ok and slow.ok, fast.units[0].report.to_text()
    return fast.written[0], slow.written[0]


@pytest.mark.parametrize("case", ["full", "minimal", "sample"])
def test_fast_path_gives_the_document_jinja_gives(tmp_path, repo_root, case):
    if case == "sample":
        inputs = repo_root / "inputs"
    else:
        sheets = full_sheets() if case == "full" else minimal_sheets()
        inputs = write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    fast, slow = _both(tmp_path, inputs)
    assert _canonical(fast) == _canonical(slow)


def _cells(table: Table) -> list[list[tuple]]:
    """Per cell: text, paragraph style, width, fill; per row: whether it repeats."""
    rows = []
    for tr in table._tbl.tr_lst:
        header = tr.find(f"{W}trPr/{W}tblHeader") is not None
        cells = []
        for tc in tr.tc_lst:
            styles = [p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in tc.iter(f"{W}p")
                      if p.find(f"{W}pPr/{W}pStyle") is not None]
            width = tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w")
            fill = tc.find(f"{W}tcPr/{W}shd")
            text = "".join(t.text or "" if t.tag == f"{W}t" else "-"
                           for t in tc.iter(f"{W}t", f"{W}noBreakHyphen"))
            cells.append((text, tuple(styles), width,
                          fill.get(f"{W}fill") if fill is not None else None))
        rows.append([header, *cells])
    return rows


def test_register_rows_match_the_templates_row_cell_by_cell(tmp_path):
    inputs = write_workbook(tmp_path / "in" / "plan.xlsx", full_sheets())
    fast, slow = _both(tmp_path, inputs)
    (fast_table,) = find_tables(fast, "编号", "风险名称", "风险等级", "L")
    (slow_table,) = find_tables(slow, "编号", "风险名称", "风险等级", "L")
    fast_cells, slow_cells = _cells(fast_table), _cells(slow_table)
    assert fast_cells == slow_cells
    assert [row[0] for row in fast_cells] == [True, False, False, False, False]  # header repeats
    first = fast_cells[1]
    assert first[1][0] == "R-01" and first[4][0] == TRICKY  # text as typed
    assert {cell[1] for cell in first[1:]} == {("TableText",)}
    level = next(cell for cell in first[1:] if cell[0] == "重大")
    assert level[3] == "FF0000"


def test_white_text_on_red_and_blue_level_cells_from_the_fast_path(tmp_path):
    inputs = write_workbook(tmp_path / "in" / "plan.xlsx", minimal_sheets())
    path = build(inputs, tmp_path / "out", toc_pages=False).written[0]
    (table,) = find_tables(open_document(path), "编号", "风险名称", "风险等级", "L")
    for row in table.rows[1:]:
        for cell in row.cells:
            if cell_fill(cell) in ("FF0000", "0070C0"):
                colours = {c.get(f"{W}val") for c in cell._tc.iter(f"{W}color")}
                assert colours == {"FFFFFF"}, cell.text
            elif cell_fill(cell) == "FFFF00":
                assert not list(cell._tc.iter(f"{W}color"))


def test_the_long_loops_of_the_shipped_template_take_the_fast_path(repo_root):
    compiled = load_template(repo_root / "templates_docx" / "service.docx")
    loops = {re.sub(r"\s+", " ", compiled.source.splitlines()[p.lineno - 1])
             for p in compiled.programs}
    for wanted in ("for r in risks %}", "for x in resources %}", "for p in contacts.internal",
                   "for u in org %}", "for g in resources.by_type"):  # with its inner loop
        assert any(wanted in line for line in loops), wanted


def _template_with(tmp_path: Path, *paragraphs: str) -> Path:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = tmp_path / "custom.docx"
    document.save(path)
    return path


def _render(path: Path, context: dict):
    compiled = compile_template(path.read_bytes(), path.name)
    rendered = render(compiled, lambda host: dict(context))
    text = "\n".join(p.text for p in __import__("docx").Document(
        _save(rendered, path.parent / "out.docx")).paragraphs)
    return compiled, text


def _save(rendered, target: Path) -> Path:
    from docgen.export.write import write_package_file
    from docgen.wordml import document_xml, package_entries

    write_package_file(target, package_entries(rendered.document, document_xml(
        rendered.document, rendered.fragments)))
    return target


class Row:
    def __init__(self, name: str, note: str):
        self.name, self.note = name, note


def test_a_loop_the_pieces_do_not_cover_is_left_to_jinja(tmp_path):
    path = _template_with(tmp_path, "{%p for r in rows %}",
                          "{% set n = r.name %}{{ n }}：{{ r.note }}", "{%p endfor %}")
    compiled, text = _render(path, {"rows": [Row("甲", "一"), Row("乙", "二")]})
    assert compiled.programs == []  # `{% set %}` is not a piece: Jinja renders this loop
    assert text.split("\n") == ["甲：一", "乙：二"]


def test_a_block_loop_is_fast_and_prints_values_as_typed(tmp_path):
    path = _template_with(tmp_path, "{%p for r in rows %}", "{{ loop.index }}. {{ r.name }}",
                          "{%p if r.note %}", "说明：{{ r.note }}", "{%p endif %}",
                          "{%p endfor %}")
    compiled, text = _render(path, {"rows": [Row("A&B <c>", "{{ x }}"), Row("{_{ y }_}", "")]})
    assert len(compiled.programs) == 1
    assert text.split("\n") == ["1. A&B <c>", "说明：{{ x }}", "2. {_{ y }_}"]


def test_a_loop_pays_for_loop_only_where_it_names_it(tmp_path):
    """An outer loop that never names `loop` runs without Jinja's LoopContext; the
    inner one that asks loop.last still gets it, per item."""
    path = _template_with(tmp_path, "{%p for r in rows %}",
                          "{{ r.name }}：{% for x in r.note %}{{ x }}"
                          "{% if not loop.last %}、{% endif %}{% endfor %}", "{%p endfor %}")
    compiled, text = _render(path, {"rows": [Row("甲", ["一", "二", "三"]), Row("乙", ["四"])]})
    assert [p.uses_loop for p in compiled.programs] == [False]
    assert text.split("\n") == ["甲：一、二、三", "乙：四"]
    numbered = _template_with(tmp_path, "{%p for r in rows %}", "{{ loop.index }}. {{ r.name }}",
                              "{%p endfor %}")
    compiled, text = _render(numbered, {"rows": [Row("甲", ""), Row("乙", "")]})
    assert [p.uses_loop for p in compiled.programs] == [True]
    assert text.split("\n") == ["1. 甲", "2. 乙"]


def test_codes_in_values_are_kept_whole_by_both_paths_and_read_as_typed(tmp_path):
    """A standard's code in a typed cell or a library text (GB 6441-1986) breaks at
    its hyphen, slash or space no more than the template's own words do: word joiners
    and a narrow no-break space, in the skeleton's values and in the fast path's rows
    alike."""
    typed = "依据GB 6441-1986、GB/T 29639-2020和GBZ 41-2019，见FX-01"
    joined = ("依据GB\u202f6441\u2060-\u20601986、GB\u2060/\u2060T\u202f29639\u2060-\u20602020和"
              "GBZ\u202f41\u2060-\u20602019，见FX-01")  # an input's own code prints as typed
    path = _template_with(tmp_path, "{{ note }}", "{%p for r in rows %}", "{{ r.name }}",
                          "{%p endfor %}")
    compiled, text = _render(path, {"note": typed, "rows": [Row(typed, "")]})
    assert len(compiled.programs) == 1
    assert text.split("\n") == [joined, joined]
    assert text.replace("\u2060", "").replace("\u202f", " ").split("\n") == [typed, typed]


def test_an_unknown_name_in_a_fast_loop_names_it_and_its_paragraph(tmp_path):
    path = _template_with(tmp_path, "{%p for r in rows %}", "名称：{{ r.name }}，{{ budget }}",
                          "{%p endfor %}")
    compiled = compile_template(path.read_bytes(), path.name)
    assert len(compiled.programs) == 1
    with pytest.raises(TemplateError) as caught:
        render(compiled, lambda host: {"rows": [Row("甲", "")]})
    assert "名称“budget”不存在" in caught.value.message
    assert "名称：" in caught.value.message  # the paragraph where it stands


def test_the_sandbox_still_guards_the_fast_path(tmp_path):
    path = _template_with(tmp_path, "{%p for r in rows %}", "{{ r.__class__ }}",
                          "{%p endfor %}")
    compiled = compile_template(path.read_bytes(), path.name)
    with pytest.raises(TemplateError):
        render(compiled, lambda host: {"rows": [Row("甲", "")]})


def test_the_fragment_call_is_docgens_own_name(tmp_path):
    # A template cannot reach the fast path's hook: names are checked, and it is not one.
    from docgen.render.lint import KNOWN_NAMES

    assert FRAGMENT_CALL not in KNOWN_NAMES
    path = write_workbook(tmp_path / "in" / "plan.xlsx", minimal_sheets())
    result = build(path, tmp_path / "out", toc_pages=False)
    assert FRAGMENT_CALL not in document_text(result.written[0])
