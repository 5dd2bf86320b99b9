"""The pre-review (docgen/data/review.toml): the 评审指南's tables judged from the
check. The sample, built as a whole plan system, passes every item docgen can judge;
each seeded defect turns its own item to 不符合 or 基本符合 with the place and the
reason; a consultant's .docx is judged from its text; the conclusion follows the key
elements; the record is a document."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import docx
import openpyxl
import pytest

from docgen.check import check_document, check_workbook, load_rules
from docgen.check.report import Finding, RuleResult
from docgen.check.review import ReviewItem, Verdict, clause_matches, review, review_tables
from docgen.datafile import data_path
from docgen.export.pdf import soffice
from docgen.read import discover_units
from docgen.report import Location, Severity


def sample_check(tmp_path: Path, edit=None):
    """The sample workbook (as the repository ships it), edited, checked as --profile all."""
    folder = tmp_path / "inputs"
    shutil.copytree(Path(__file__).resolve().parents[2] / "inputs", folder)
    path = next(folder.glob("*.xlsx"))
    if edit is not None:
        book = openpyxl.load_workbook(path)
        edit(book)
        book.save(path)
    units, _ = discover_units(folder)
    return check_workbook(units[0], profile="all")


def text_row(place: str, content: str, mode: str = "追加"):
    return lambda book: book["文本"].append([place, content, mode])


def item(report, item_id: str):
    return next(i for i in report.review.items if i.item.id == item_id)


def others(report, item_id: str) -> list[str]:
    """The items other than `item_id` that are not 符合 (a seeded defect stays in its item)."""
    return [i.item.id for i in report.review.items if i.item.id != item_id
            and i.verdict in (Verdict.NOT_MET, Verdict.PARTLY)]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return sample_check(tmp_path_factory.mktemp("sample"))


# ---------------------------------------------------------------- the tables as data

def test_every_item_rests_on_rules_that_exist_and_every_rule_is_judged_somewhere():
    rules = {r.id for r in load_rules()}
    used = {r for t in review_tables() for i in t.items for r in i.rules}
    assert used <= rules, used - rules
    assert rules <= used, rules - used  # no rule whose finding no table would show


def test_every_structure_clause_falls_in_an_item_of_its_table():
    raw = tomllib.loads(Path(data_path("rules.toml")).read_text(encoding="utf-8"))
    clauses = {e["clause"] for r in raw["rule"] if r["check"] == "elements"
               for e in r["params"]["elements"]}
    elements = [e for t in review_tables() for i in t.items for e in i.elements]
    lost = {c for c in clauses if not clause_matches(c, elements)}
    assert not lost, lost


def test_the_four_tables_of_the_guide_with_their_key_elements():
    tables = {t.key: t for t in review_tables()}
    assert list(tables) == ["form", "comprehensive", "special", "onsite"]
    keys = {k: [i.project for i in t.items if i.key_element] for k, t in tables.items()}
    assert keys["form"] == []
    assert "应急预案体系" in keys["comprehensive"] and "处置措施" in keys["special"]
    assert "注意事项" not in keys["onsite"]  # the guide marks it as no key element


# ---------------------------------------------------------------- the sample passes

def test_the_sample_plan_system_passes_every_item_docgen_can_judge(sample):
    key = [i for i in sample.review.items if i.item.key_element]
    assert key and all(i.verdict is Verdict.MET for i in key)
    assert not sample.review.of(Verdict.NOT_MET)
    # Without LibreOffice the 目录 has no page numbers: the one item left 基本符合.
    partly = [i.item.id for i in sample.review.of(Verdict.PARTLY)]
    assert partly == ([] if soffice() else ["form.toc"])
    assert sample.review.conclusion == ("通过" if soffice() else "修改后通过")


def test_what_only_the_expert_can_judge_is_never_called_plain_met(sample):
    measures = item(sample, "special.measures")
    assert measures.verdict is Verdict.MET
    assert "docgen 可判断的部分" in measures.opinion
    assert "需评审专家判断" in measures.opinion and measures.item.expert in measures.opinion


# ---------------------------------------------------------------- seeded defects

def test_thin_measures_with_the_library_replaced_fail_the_special_plan(tmp_path):
    def thin(book):
        text_row("火灾·初期处置", "现场人员自行处理。", "替换")(book)
        text_row("火灾·救援", "等待外部救援。", "替换")(book)

    report = sample_check(tmp_path, thin)
    measures = item(report, "special.measures")
    assert measures.verdict is Verdict.NOT_MET
    finding = measures.findings[0]
    assert "火灾事故专项应急预案" in finding.message and "0/8" in finding.message
    assert finding.where.sheet == "风险" and finding.where.row == 10  # FX-09 机房火灾
    assert "文本" in finding.fix
    assert report.review.conclusion == "不通过"  # 处置措施 is a key element


def test_a_broken_cross_reference_is_named_where_it_stands(tmp_path):
    report = sample_check(tmp_path, text_row("编制依据", "其他依据详见本章第八节。"))
    body = item(report, "form.body")
    assert body.verdict is Verdict.NOT_MET
    finding = body.findings[0]
    assert "本章第八节" in finding.message and "第一章 总则只有6节" in finding.message
    assert finding.where.file.endswith("综合应急预案.docx") and finding.where.paragraph
    assert others(report, "form.body") == []
    assert report.review.conclusion == "修改后通过"  # 正文 is no key element


def test_a_replaced_regulation_in_the_basis_is_not_met(tmp_path):
    report = sample_check(tmp_path, text_row(
        "编制依据", "《生产经营单位安全生产事故应急预案编制导则》（AQ/T 9002-2006）"))
    basis = item(report, "comprehensive.basis")
    assert basis.verdict is Verdict.NOT_MET
    assert "GB/T 29639-2020" in basis.findings[0].message
    assert basis.findings[0].where.heading and "编制依据" in basis.findings[0].where.heading


def test_a_confined_space_without_a_gas_detector_is_partly_met(tmp_path):
    def pit(book):
        book["风险"].append(["FX-27", "事故灾难", "污水井清淤", "进入污水井清淤", 1, 2, None,
                            None, "作业前通风检测", "后勤保障组", None, None,
                            "有限空间中毒窒息"])

    report = sample_check(tmp_path, pit)
    safeguards = item(report, "comprehensive.safeguards")
    assert safeguards.verdict is Verdict.PARTLY
    assert any("气体检测报警仪" in f.message and "FX-27" in f.message
               for f in safeguards.findings)


def test_a_procedure_never_drilled_in_the_cycle_is_partly_met(tmp_path):
    def drop(book):
        sheet = book["演练计划"]
        row = next(r[0].row for r in sheet.iter_rows() if r[0].value == "机房火灾现场处置演练")
        sheet.delete_rows(row)

    report = sample_check(tmp_path, drop)
    drills = item(report, "comprehensive.training_drills")
    assert drills.verdict is Verdict.PARTLY
    assert "FX-09 机房火灾" in drills.findings[0].message
    assert report.review.conclusion == "修改后通过"


def test_a_card_too_long_for_its_page_is_partly_met(tmp_path):
    post = ("一号楼至六号楼各楼层电梯厅及地下一层至地下三层车库电梯前室的值班人员和"
            "保安巡逻人员以及驻场电梯维保单位和外来施工单位的现场负责人")

    def long_post(book):
        sheet = book["风险"]
        row = next(r[0].row for r in sheet.iter_rows() if r[0].value == "FX-14")
        sheet.cell(row, 11).value = post  # 重点岗位

    report = sample_check(tmp_path, long_post)
    response = item(report, "onsite.response")
    assert response.verdict is Verdict.PARTLY
    assert any("电梯困人" in f.message and "超出一页" in f.message for f in response.findings)


# ---------------------------------------------------------------- a plan made elsewhere

def consultant_onsite(path: Path, notes: list[str]) -> Path:
    """A consultant's 现场处置方案: no heading styles, numbered by hand."""
    d = docx.Document()
    for line in ["江城精密机械有限公司", "喷漆房火灾现场处置方案", "编号：JM-XC-01"]:
        d.add_paragraph(line)
    body = ["1 事故风险描述", "喷漆房存放油漆和稀释剂，遇明火易发生火灾。",
            "2 应急工作职责", "第一发现人立即报警；班组长组织扑救；现场负责人指挥疏散。",
            "3 应急处置", "（1）报警：拨打119。", "（2）初期处置：用灭火器扑救。",
            "（3）救援：疏散人员，抢救伤员。", "（4）扩大应急：火势失控时请求外部支援。",
            "4 注意事项", *notes, "详见表3-1。"]
    for line in body:
        d.add_paragraph(line)
    d.save(path)
    return path


NOTES = ["（1）佩戴个人防护器具：穿防护服。", "（2）使用抢险救援器材：检查灭火器压力。",
         "（3）采取救援对策：先断电。", "（4）现场自救和互救：湿毛巾捂口鼻。",
         "（5）能力确认：火势失控立即撤离。", "（6）救援结束后：保护现场。",
         "（7）其他需要特别警示的事项：严禁乘电梯。"]


def test_a_consultant_procedure_is_judged_from_its_text(tmp_path):
    report = check_document(consultant_onsite(tmp_path / "a.docx", NOTES[:3] + NOTES[4:]))
    notes = item(report, "onsite.notes")
    assert notes.verdict is Verdict.NOT_MET
    assert "自救" in notes.findings[0].message  # the missing heading, by its words
    body = item(report, "form.body")
    assert body.verdict is Verdict.NOT_MET and "表3-1" in body.findings[0].message
    assert item(report, "onsite.response").verdict is not Verdict.NOT_MET
    # Tables of other kinds do not apply; what needs the workbook says so.
    assert item(report, "special.measures").verdict is Verdict.NOT_APPLICABLE
    drills = item(report, "comprehensive.training_drills")
    assert drills.verdict is Verdict.NOT_APPLICABLE


def test_a_consultant_procedure_with_all_seven_headings_meets_the_notes(tmp_path):
    report = check_document(consultant_onsite(tmp_path / "b.docx", NOTES))
    assert item(report, "onsite.notes").verdict is Verdict.MET


def test_a_consultant_comprehensive_plan_says_which_items_need_the_workbook(tmp_path):
    d = docx.Document()
    for line in ["江城精密机械有限公司", "生产安全事故综合应急预案"]:
        d.add_paragraph(line)
    for line in ["第一章 总则", "一、编制依据",
                 "《生产经营单位安全生产事故应急预案编制导则》（AQ/T 9002-2006）",
                 "第二章 应急组织机构及职责", "见附件9。"]:
        d.add_paragraph(line)
    d.save(tmp_path / "c.docx")
    report = check_document(tmp_path / "c.docx")
    assert item(report, "comprehensive.basis").verdict is Verdict.NOT_MET
    org = item(report, "comprehensive.command")  # 负责人及电话: from the workbook only
    assert org.verdict is Verdict.UNJUDGED and "需评审专家判断" in org.opinion
    assert any(line.startswith("  须据工作簿判断") and "指挥机构及职责" in line
               for line in report.to_text().splitlines())
    assert any("附件9" in f.message for f in item(report, "form.body").findings)


# ---------------------------------------------------------------- the conclusion

def _item(key: bool, rule: str) -> ReviewItem:
    return ReviewItem(id=rule, project=rule, requirement="", key_element=key, gbt29639="",
                      measure="", rules=(rule,), criteria="")


@pytest.mark.parametrize(("severity", "key", "conclusion"), [
    (None, True, "通过"),
    (Severity.NOTE, True, "通过"),  # a note never changes a verdict
    (Severity.WARNING, False, "修改后通过"),
    (Severity.WARNING, True, "修改后通过"),
    (Severity.ERROR, False, "修改后通过"),
    (Severity.ERROR, True, "不通过"),
])
def test_the_conclusion_follows_the_key_elements(monkeypatch, severity, key, conclusion):
    from docgen.check import review as module
    from docgen.check.review import ReviewTable

    items = (_item(True, "a"), _item(key, "b"))
    monkeypatch.setattr(module, "review_tables", lambda: (ReviewTable(
        key="form", title="t", annex="", purpose="", source="", items=items),))
    results = [RuleResult(r, r, Severity.ERROR, "") for r in ("a", "b")]
    findings = [Finding("b", severity, "b", "问题", "", Location())] if severity else []
    assert review(findings, results, {"综合"}).conclusion == conclusion


def test_the_tables_in_json_and_html(sample):
    data = sample.as_dict()["review"]
    assert data["conclusion"] == sample.review.conclusion
    assert [t["title"] for t in data["tables"]] == [t.title for t in review_tables()]
    page = sample.to_html()
    for table in review_tables():
        assert f"{table.annex} {table.title}" in page
    assert "评审内容及要求" in page and "需评审专家判断" in page
