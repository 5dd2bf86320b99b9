"""docgen.render.charts: the organisation chart is a tree of boxes joined by lines
(cell borders of one table). The chart is read back as geometry (cells with their
x extent and borders) and every unit is traced up its lines to its own body, so
a missing stub, bus or trunk fails."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import docx
import pytest
from lxml import etree

from docgen.domain.records import Source
from docgen.model.plan import Organisation, OrgUnit
from docgen.render.charts import FRAME_MARGIN_MM, MAX_DEPTH, MAX_UNITS, org_chart
from docgen.wordml import frames, install_styles, twips
from docgen.wordml.ns import NSMAP, w

VALIDATOR = Path(__file__).resolve().parents[3] / "shared" / "tools" / "validate-docx"
GROUPS = ["技术保障组", "现场处置组", "后勤保障组", "信息发布组", "安全保卫组", "医疗救护组",
          "通信保障组", "网络安全组", "数据恢复组", "电力保障组", "消防组", "疏散引导组",
          "物资供应组", "交通运输组", "善后处理组", "专家咨询组", "客户服务组", "法务合规组",
          "财务保障组", "舆情监测组", "值班组", "设备组", "采购组", "档案组", "培训组"]


def organisation(pairs: list[tuple[str, str]], leaders: bool = False) -> Organisation:
    """Units (name, parent) in depth-first order, linked as the model links them."""
    units: dict[str, OrgUnit] = {}
    for i, (name, parent) in enumerate(pairs):
        unit = OrgUnit(name=name, parent=parent, leader=f"负责人{i}" if leaders else "",
                       leader_phone="", leader_title="", members=[], duties="", extra={},
                       source=Source())
        if parent:
            units[parent].children.append(unit)
            unit.depth = units[parent].depth + 1
        units[name] = unit
    return Organisation(list(units.values()))


def under(body: str, names: list[str]) -> list[tuple[str, str]]:
    return [(body, ""), *((n, body) for n in names)]


def three_levels() -> list[tuple[str, str]]:
    pairs = [("应急指挥部", "")]
    for group, teams in [("技术保障组", 3), ("现场处置组", 4), ("后勤保障组", 2),
                         ("医疗救护组", 0), ("信息发布组", 3)]:
        pairs.append((group, "应急指挥部"))
        pairs += [(f"{group[:2]}{'一二三四'[i]}队", group) for i in range(teams)]
    return pairs


# -- the chart read back as geometry --------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    row: int
    left: int
    right: int
    sides: frozenset[str]
    text: str  # line breaks as \n
    sizes: tuple[int, ...]  # half-points of its runs that set one


@dataclass
class Chart:
    width: int
    grid: list[int]
    rows: list[list[Cell]]
    frame: etree._Element
    table: etree._Element

    @property
    def boxes(self) -> list[Cell]:
        return [c for row in self.rows for c in row if c.text]

    def box(self, name: str) -> Cell:
        [found] = [b for b in self.boxes if b.text.replace("\n", "").startswith(name)]
        return found

    def up(self, x: int, row: int) -> bool:
        """A line along x through the whole of `row`."""
        return any((c.left == x and "left" in c.sides) or (c.right == x and "right" in c.sides)
                   for c in self.rows[row])

    def along(self, y: int) -> list[tuple[int, int]]:
        """The lines along the edge above row y (either row's border), as spans."""
        spans = [(c.left, c.right) for c in self.rows[y] if "top" in c.sides] if y < len(
            self.rows) else []
        spans += [(c.left, c.right) for c in self.rows[y - 1] if "bottom" in c.sides]
        return sorted(spans)

    def parent_of(self, box: Cell) -> Cell:
        """Follow the lines up from the middle of a box's top edge to the box they
        come from: straight up while a line goes on, else along the line there to
        the one place a line goes further up."""
        x, y = (box.left + box.right) // 2, box.row
        while y > 0:
            above = [b for b in self.boxes if b.row == y - 1 and b.left < x < b.right]
            if above:
                return above[0]
            if not self.up(x, y - 1):
                spans = self.along(y)
                reach = _reach(spans, x)
                assert reach is not None, f"no line at {x} above row {y}"
                ups = [c for c in self.grid if reach[0] <= c <= reach[1] and c != x
                       and self.up(c, y - 1)]
                assert len(ups) == 1, f"{len(ups)} ways up from the line at row {y}"
                x = ups[0]
            y -= 1
        raise AssertionError(f"{box.text!r} leads to no box")


def _reach(spans: list[tuple[int, int]], x: int) -> tuple[int, int] | None:
    """The stretch of joined spans that holds x."""
    joined: list[list[int]] = []
    for left, right in spans:
        if joined and left <= joined[-1][1]:
            joined[-1][1] = max(joined[-1][1], right)
        else:
            joined.append([left, right])
    return next(((a, b) for a, b in joined if a <= x <= b), None)


def read_chart(markup: str) -> Chart:
    root = etree.fromstring(f'<root xmlns:w="{NSMAP["w"]}">{markup}</root>')
    frame = root.find(w("tbl"))
    table = frame.find(f".//{w('tc')}/{w('tbl')}")
    widths = [int(c.get(w("w"))) for c in table.iter(w("gridCol"))]
    grid = [sum(widths[:i]) for i in range(len(widths) + 1)]
    rows = []
    for r, tr in enumerate(table.findall(w("tr"))):
        cells, column = [], 0
        for tc in tr.findall(w("tc")):
            props = tc.find(w("tcPr"))
            span_el = props.find(w("gridSpan"))
            span = int(span_el.get(w("val"))) if span_el is not None else 1
            # Word's rules: a cell's width is that of the columns it spans.
            assert int(props.find(w("tcW")).get(w("w"))) == grid[column + span] - grid[column]
            edges = props.find(w("tcBorders"))
            sides = frozenset(etree.QName(e).localname for e in edges
                              if e.get(w("val")) == "single") if edges is not None else frozenset()
            text = "".join(n.text or "" if n.tag == w("t") else "\n"
                           for n in tc.iter(w("t"), w("br")))
            sizes = tuple(int(s.get(w("val"))) for s in tc.iter(w("sz")))
            cells.append(Cell(r, grid[column], grid[column + span], sides, text, sizes))
            column += span
        assert column == len(widths), f"row {r} spans {column} of {len(widths)} columns"
        rows.append(cells)
    width = int(table.find(f"{w('tblPr')}/{w('tblW')}").get(w("w")))
    return Chart(width, grid, rows, frame, table)


def chart_of(pairs: list[tuple[str, str]], text_width_mm: float = 156,
             leaders: bool = False) -> tuple[Organisation, Chart]:
    org = organisation(pairs, leaders)
    return org, read_chart(str(org_chart(org, "图1 应急组织机构图", text_width_mm)))


def assert_drawn(org: Organisation, chart: Chart, text_width_mm: float = 156) -> None:
    """Every unit once, in a closed box, under a line that leads to its own body;
    within the page and Word's columns, in type no smaller than 小五."""
    assert len(chart.boxes) == len(org)
    for unit in org:
        box = chart.box(unit.name)
        assert box.sides == {"top", "left", "bottom", "right"}
        if unit.parent:
            assert chart.parent_of(box) == chart.box(unit.parent), unit.name
    assert chart.grid[-1] == chart.width <= frames.figure_room(
        twips(text_width_mm - FRAME_MARGIN_MM)) < twips(text_width_mm)
    assert len(chart.grid) - 1 <= frames.MAX_COLUMNS
    assert all(size >= 18 for b in chart.boxes for size in b.sizes)


# -- the cases ------------------------------------------------------------------------------

def test_one_unit_hangs_straight_below_its_body():
    org, chart = chart_of(under("应急领导小组", ["应急办公室"]), leaders=True)
    assert_drawn(org, chart)
    top, unit = chart.box("应急领导小组"), chart.box("应急办公室")
    assert top.text == "应急领导小组\n负责人0"
    assert (top.left + top.right) == (unit.left + unit.right)  # one straight line
    assert len(chart.rows) == 4  # box, two rows of line, box
    assert chart.along(2) == []  # no bus


def test_five_units_hang_from_one_bus_spanning_first_to_last():
    org, chart = chart_of(under("应急领导小组", GROUPS[:5]), leaders=True)
    assert_drawn(org, chart)
    units = [chart.box(n) for n in GROUPS[:5]]
    assert {b.row for b in units} == {3}  # one row, boxes of one height
    centres = [(b.left + b.right) // 2 for b in units]
    assert _reach(chart.along(2), centres[0]) == (centres[0], centres[-1])
    assert all(chart.up(x, 2) for x in centres)  # a stub from the bus down to each box
    body = chart.box("应急领导小组")
    assert [x for x in chart.grid if chart.up(x, 1)] == [(body.left + body.right) // 2]
    assert all("\n负责人" in b.text for b in units)  # wide boxes: name, then leader


def test_twenty_units_fit_one_row_in_narrow_boxes_of_readable_type():
    org, chart = chart_of(under("应急指挥部", GROUPS[:20]))
    assert_drawn(org, chart)
    units = [chart.box(n) for n in GROUPS[:20]]
    assert {b.row for b in units} == {3}
    # One character a line, as Chinese charts write narrow boxes.
    assert all(b.text == "\n".join(n) for b, n in zip(units, GROUPS, strict=False))
    assert {b.sizes for b in units} == {(18,)}  # 小五: in 五号 they would take two rows


def test_three_levels_each_team_under_its_own_group():
    org, chart = chart_of(three_levels())
    assert_drawn(org, chart)
    groups = [chart.box(n) for n in ("技术保障组", "现场处置组", "后勤保障组", "医疗救护组")]
    assert {b.row for b in groups} == {3}
    assert {chart.box(n).row for n in ("技术一队", "现场四队", "信息三队")} == {6}
    # Siblings' subtrees do not overlap: each group's teams lie under it, apart.
    spans = []
    for group in ("技术保障组", "现场处置组", "后勤保障组", "信息发布组"):
        teams = [b for b in chart.boxes if b.row == 6 and b.text.startswith(group[0])]
        spans.append((min(b.left for b in teams), max(b.right for b in teams)))
    assert all(a[1] < b[0] for a, b in pairwise(spans))


def test_many_units_wrap_into_balanced_rows_hung_from_one_trunk():
    org, chart = chart_of(under("应急指挥部", GROUPS[:25]))
    assert_drawn(org, chart)  # parent_of follows the trunk from the second bus
    rows = sorted({b.row for b in chart.boxes if b.row})
    assert [sum(b.row == r for b in chart.boxes) for r in rows] == [13, 12]


def test_a_narrow_page_wraps_sooner_and_still_fits():
    org, chart = chart_of(under("应急指挥部", GROUPS[:20]), text_width_mm=100)
    assert_drawn(org, chart, text_width_mm=100)
    assert len({b.row for b in chart.boxes}) == 3


@pytest.mark.parametrize("text_width_mm", [156, 120])
def test_wide_trees_wrap_their_top_level(text_width_mm):
    pairs = [("应急指挥部", "")]
    for group in GROUPS[:4]:
        pairs += [(group, "应急指挥部"), *((f"{group[:2]}{i}队", group) for i in "一二三四五六")]
    org, chart = chart_of(pairs, text_width_mm)
    assert_drawn(org, chart, text_width_mm)


def test_a_larger_organisation_draws_two_levels_and_lists_the_rest():
    pairs = [("应急指挥部", "")]
    for group in GROUPS[:8]:
        pairs += [(group, "应急指挥部"), *((f"{group[:2]}{i}队", group) for i in "一二三四")]
    org = organisation(pairs)
    assert len(org) > MAX_UNITS
    markup = str(org_chart(org, "图1"))
    chart = read_chart(markup)
    assert sorted(b.text.replace("\n", "") for b in chart.boxes) == sorted(
        ["应急指挥部", *GROUPS[:8]])
    for group in GROUPS[:8]:
        assert chart.parent_of(chart.box(group)) == chart.box("应急指挥部")
    assert "另有32个下级机构未在图中画出：技术一队（属技术保障组）；" in markup


def test_a_deep_chain_draws_its_top_levels_and_lists_the_rest():
    pairs = [("指挥部", "")] + [(f"第{i}层组", f"第{i - 1}层组" if i > 1 else "指挥部")
                                for i in range(1, 9)]
    org = organisation(pairs)
    markup = str(org_chart(org, "图1"))
    chart = read_chart(markup)
    assert len(chart.boxes) == MAX_DEPTH + 1
    for i in range(2, MAX_DEPTH + 1):
        assert chart.parent_of(chart.box(f"第{i}层组")) == chart.box(f"第{i - 1}层组")
    assert "另有4个下级机构未在图中画出：第5层组（属第4层组）" in markup


def test_the_chart_keeps_with_its_caption_on_one_page():
    _, chart = chart_of(three_levels())
    frame_row = chart.frame.find(w("tr"))
    assert frame_row.find(f"{w('trPr')}/{w('cantSplit')}") is not None
    texts = ["".join(t.text or "" for t in p.iter(w("t")))
             for p in chart.frame.find(f".//{w('tc')}").findall(w("p"))]
    assert texts[-1] == "图1 应急组织机构图"  # the caption, below the chart
    assert all(tr.find(f"{w('trPr')}/{w('cantSplit')}") is not None
               for tr in chart.table.iter(w("tr")))


def test_no_organisation_no_chart():
    assert str(org_chart(Organisation([]), "图1")) == ""


@pytest.mark.skipif(not VALIDATOR.exists(), reason="validate-docx not on this machine")
def test_every_case_passes_validate_docx(tmp_path):
    document = docx.Document()
    install_styles(document)
    body = document.element.body
    for pairs in [*(under("领导小组", GROUPS[:n]) for n in (1, 5, 20, 25)), three_levels()]:
        markup = str(org_chart(organisation(pairs, leaders=True), "图1 应急组织机构图"))
        for element in etree.fromstring(f'<root xmlns:w="{NSMAP["w"]}">{markup}</root>'):
            body.insert(len(body) - 1, element)  # before the section's properties
    document.save(tmp_path / "charts.docx")
    run = subprocess.run([str(VALIDATOR), str(tmp_path / "charts.docx")], capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:]
