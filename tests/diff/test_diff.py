"""docgen diff: two real workbooks in, every planted change named, the re-filing
flags of 第三十七条 right, and the 修订说明 read back with python-docx."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from conftest import full_sheets, minimal_sheets, write_workbook
from docx_helpers import document_text, find_tables, headings, open_document, records, seen

from docgen.diff import compare, read_plan, write_revision_note
from docgen.diff.changes import revision_rules
from docgen.errors import UsageError

VALIDATOR = Path(__file__).resolve().parents[3] / "shared" / "tools" / "validate-docx"
Sheets = dict[str, list[list]]


def row(sheets: Sheets, sheet: str, first: str) -> list:
    """The row of `sheet` whose first cell is `first` (a list: edit it in place)."""
    return next(r for r in sheets[sheet][1:] if r[0] == first)


def cell(sheets: Sheets, sheet: str, first: str, header: str, value) -> None:
    row(sheets, sheet, first)[sheets[sheet][0].index(header)] = value


def delete(sheets: Sheets, sheet: str, first: str) -> None:
    sheets[sheet].remove(row(sheets, sheet, first))


def plan_of(folder: Path, sheets: Sheets):
    write_workbook(folder / "plan.xlsx", sheets)
    report, plan = read_plan(folder)
    assert plan is not None, report.to_text()
    return plan


@pytest.fixture(scope="module")
def old_plan(tmp_path_factory):
    return plan_of(tmp_path_factory.mktemp("old"), full_sheets())


def diff_after(tmp_path: Path, old_plan, edit: Callable[[Sheets], None]):
    sheets = full_sheets()
    edit(sheets)
    return compare(old_plan, plan_of(tmp_path / "new", sheets))


def rows(changes, section: str) -> list[tuple]:
    return [(c.kind, c.key, c.field, c.old, c.new, c.refile)
            for c in changes.section(section).rows]


# ---------------------------------------------------------------- the planted revision
def revise(s: Sheets) -> None:
    """The brief's revision: a risk re-levelled, a risk added, a resource deleted, a
    unit head changed, a phone changed, a quantity changed, a drill added."""
    cell(s, "基本信息", "版本号", "内容", "V1.1")
    cell(s, "基本信息", "发布日期", "内容", dt.date(2026, 9, 1))
    cell(s, "风险", "R-03", "可能性", 4)  # 误操作 2×3 = 6 一般 → 4×4 = 16 较大
    cell(s, "风险", "R-03", "严重程度", 4)
    s["风险"].append(["R-05", "技术故障", "机房漏水", None, 3, 4, "关闭进水阀\n转移设备", "技术组"])
    delete(s, "资源", "ZY-03")  # 应急资金, named by no risk
    cell(s, "组织机构", "后勤组", "负责人", "赵六")
    cell(s, "通讯录", "李四", "手机", "13911112222")
    cell(s, "资源", "ZY-01", "数量", 8)
    s["演练计划"].append(["机房漏水实战演练", "实战演练", "现场处置", "R-05", "2026年10月",
                      "技术组", "技术部", "检验关阀时间"])


@pytest.fixture(scope="module")
def revised(tmp_path_factory, old_plan):
    sheets = full_sheets()
    revise(sheets)
    new = plan_of(tmp_path_factory.mktemp("new"), sheets)
    return old_plan, new, compare(old_plan, new)


def test_every_planted_change_is_named_with_its_old_and_new_value(revised):
    _, _, changes = revised
    assert rows(changes, "info") == [
        ("修改", "版本号", "版本号", "V1.0", "V1.1", False),
        ("修改", "发布日期", "发布日期", "2026年3月18日", "2026年9月1日", False),
        # 实施日期 defaults to 发布日期: the plan prints the new one
        ("修改", "实施日期", "实施日期", "2026年3月18日", "2026年9月1日", False),
    ]
    assert rows(changes, "risks") == [
        ("修改", "R-03", "可能性", "2", "4", False),
        ("修改", "R-03", "严重程度", "3", "4", False),
        ("修改", "R-03", "风险值", "6", "16", False),
        ("修改", "R-03", "风险等级", "一般", "较大", True),
        ("新增", "R-05", "", "", "风险类别：技术故障\n可能性：3\n严重程度：4\n风险值：12\n"
         "风险等级：较大\n责任机构：技术组\n应对措施：关闭进水阀\n转移设备", True),
    ]
    assert changes.section("risks").rows[-1].subject == "R-05 机房漏水"
    assert rows(changes, "org") == [("修改", "后勤组", "负责人", "王五", "赵六", True)]
    assert rows(changes, "contacts") == [
        ("修改", "李四", "手机", "13900000002", "13911112222", False)]
    assert rows(changes, "resources") == [
        ("修改", "ZY-01", "数量", "5", "8", False),
        ("删除", "ZY-03", "", "资源类型：资金保障\n数量：2.5\n计量单位：万元\n存放地点：财务部\n"
         "管理人：张三", "", False),
    ]
    assert rows(changes, "drills") == [
        ("新增", "机房漏水实战演练", "", "", "演练形式：实战演练\n针对风险：R-05\n"
         "计划时间：2026年10月\n组织部门：技术组", False)]
    unchanged = {s.id for s in changes.unchanged}
    assert unchanged == {"bands", "levels", "trainings", "agreements", "team", "revisions",
                         "drawings", "texts"}


def test_the_re_filing_reasons_name_the_article_and_each_change(revised):
    _, _, changes = revised
    assert changes.refile_required
    assert changes.refile_matters == ["组织指挥体系与职责", "主要处置措施"]
    assert changes.refile_reasons == [
        "组织指挥体系与职责：应急组织机构“后勤组”的负责人由“王五”改为“赵六”",
        "主要处置措施：风险“R-03 误操作”的风险等级由“一般”改为“较大”",
        "主要处置措施：新增风险“R-05 机房漏水”（较大）",
    ]
    assert changes.basis.refile_article == "第三十七条"
    assert changes.basis.revise_article == "第三十六条"
    assert "重新备案" in changes.basis.refile_text


def test_summary_lines_list_every_change_and_the_verdict(revised):
    _, _, changes = revised
    text = "\n".join(changes.summary_lines())
    for line in ("《测试服务有限公司服务应急措施预案》V1.0 → V1.1",
                 "风险：新增1项、修改1项",
                 "应急资源：删除1项、修改1项",
                 "  通讯录“李四”的手机由“13900000002”改为“13911112222”",
                 "  删除应急资源“ZY-03 应急资金”",
                 "  新增演练计划“机房漏水实战演练”",
                 "  应急组织机构“后勤组”的负责人由“王五”改为“赵六”  [需重新备案]",
                 "需要重新备案（《生产安全事故应急预案管理办法》第三十七条）：涉及组织指挥体系与职责、"
                 "主要处置措施的变更"):
        assert line in text.split("\n"), line


# ---------------------------------------------------------------- one edit at a time
def _head(s):  # 主要负责人 is not a case of 第三十六条 nor of 第三十七条
    cell(s, "基本信息", "主要负责人", "内容", "李四")


CASES: list[tuple[str, Callable[[Sheets], None], str | None]] = [
    # (what, edit, the matter of 第三十七条 it touches or None)
    ("手机", lambda s: cell(s, "通讯录", "王五", "手机", "13900009999"), None),
    ("办公电话", lambda s: cell(s, "通讯录", "李四", "办公电话", "010-88889999"), None),
    ("值班电话", lambda s: cell(s, "基本信息", "24小时值班电话", "内容", "010-88887777"), None),
    ("版本号", lambda s: cell(s, "基本信息", "版本号", "内容", "V1.1"), None),
    ("主要负责人", _head, None),
    ("资源数量", lambda s: cell(s, "资源", "ZY-02", "数量", 3), None),
    ("存放地点", lambda s: cell(s, "资源", "ZY-01", "存放地点", "二楼仓库"), None),
    ("管理人", lambda s: cell(s, "资源", "ZY-01", "管理人", "赵六"), None),
    ("演练时间", lambda s: cell(s, "演练计划", "暴雨防汛桌面推演", "计划时间", "2026年7月"), None),
    ("协议有效期", lambda s: cell(s, "外部协议", "江城第一医院", "有效期至",
                                 dt.date(2027, 11, 1)), None),
    ("删除协议", lambda s: delete(s, "外部协议", "江城第一医院"), None),
    ("成员", lambda s: cell(s, "组织机构", "技术组", "成员", "赵六、王五"), None),
    ("低风险措施", lambda s: cell(s, "风险", "R-04", "应对措施", "现场处理并报告"), None),
    ("低风险责任机构", lambda s: cell(s, "风险", "R-04", "责任机构", "技术组"), None),
    ("一般风险内重评", lambda s: cell(s, "风险", "R-03", "可能性", 3), None),  # 6 → 9 一般
    ("重大降为较大", lambda s: cell(s, "风险", "R-01", "严重程度", 4), None),  # 20 → 16
    ("新增一般风险", lambda s: s["风险"].append(
        ["R-05", "其他", "访客摔倒", None, 2, 2, "现场救护", "后勤组"]), None),
    ("删除低风险", lambda s: delete(s, "风险", "R-04"), None),
    ("非程序文本", lambda s: s.setdefault("文本", [["位置", "内容", "方式"]]).append(
        ["工作原则", "客户优先。", "追加"]), None),
    ("机构负责人", lambda s: cell(s, "组织机构", "技术组", "负责人", "赵六"), "组织指挥体系与职责"),
    ("机构职责", lambda s: cell(s, "组织机构", "后勤组", "职责", "负责物资和车辆保障"),
     "组织指挥体系与职责"),
    ("机构隶属", lambda s: cell(s, "组织机构", "后勤组", "上级机构", "技术组"),
     "组织指挥体系与职责"),
    ("新增机构", lambda s: s["组织机构"].append(["通讯组", "应急领导小组", "赵六", None,
                                                 "保障通信畅通"]), "组织指挥体系与职责"),
    ("较大风险责任机构", lambda s: cell(s, "风险", "R-02", "责任机构", "后勤组"),
     "组织指挥体系与职责"),
    ("较大风险措施", lambda s: cell(s, "风险", "R-02", "应对措施", "切换备用机\n通知客户"),
     "主要处置措施"),
    ("重大风险措施", lambda s: cell(s, "风险", "R-01", "应对措施", "转移设备"), "主要处置措施"),
    ("新增重大风险", lambda s: s["风险"].append(
        ["R-05", "技术故障", "数据中心火灾", None, 4, 5, "启动气体灭火", "技术组"]),
     "主要处置措施"),
    ("删除重大风险", lambda s: delete(s, "风险", "R-01"), "主要处置措施"),
    ("一般升为较大", lambda s: cell(s, "风险", "R-03", "可能性", 4), "主要处置措施"),  # 6 → 12
    ("较大降为一般", lambda s: cell(s, "风险", "R-02", "可能性", 2), "主要处置措施"),  # 12 → 8
    ("响应分级", lambda s: cell(s, "响应分级", "常规响应（自定）", "启动条件", "两个以上系统故障"),
     "应急响应分级"),
    ("新增响应级别", lambda s: s["响应分级"].append(
        ["关注级", "预警信号出现", "值班长", "加强监测"]), "应急响应分级"),
    ("程序文本", lambda s: s.setdefault("文本", [["位置", "内容", "方式"]]).append(
        ["响应启动", "总经理宣布启动后10分钟内通知各组。", "追加"]), "应急处置程序"),
    ("行业措施包", lambda s: s["基本信息"].append(["所属行业", "购物中心"]), "应急处置程序"),
]


@pytest.mark.parametrize(("what", "edit", "matter"), CASES, ids=[c[0] for c in CASES])
def test_one_change_at_a_time_is_found_and_flagged_as_the_rules_say(tmp_path, old_plan, what,
                                                                   edit, matter):
    changes = diff_after(tmp_path, old_plan, edit)
    assert changes.rows, f"{what}: no change found"
    if matter is None:
        assert not changes.refile_required, changes.refile_reasons
        assert "无需重新备案" in changes.summary_lines()[-1]
    else:
        assert changes.refile_required, what
        assert changes.refile_matters == [matter]


def test_a_cosmetic_revision_does_not_require_re_filing_and_says_why(tmp_path, old_plan):
    def cosmetic(s):
        cell(s, "通讯录", "王五", "手机", "13900009999")
        cell(s, "资源", "ZY-02", "数量", 3)
        cell(s, "基本信息", "版本号", "内容", "V1.0.1")

    changes = diff_after(tmp_path, old_plan, cosmetic)
    # ZY-01 gives no 联系电话: the plan prints its 管理人 王五's phone, which changed with
    # him — reported once, where it was typed (通讯录), not again under 应急资源
    assert [(c.key, c.field) for c in changes.rows] == [
        ("版本号", "版本号"), ("王五", "手机"), ("ZY-02", "数量")]
    assert not changes.refile_required and changes.refile_reasons == []
    assert changes.summary_lines()[-1] == (
        "不涉及组织指挥体系与职责、应急处置程序、主要处置措施、应急响应分级的变更，无需重新备案"
        "（《生产安全事故应急预案管理办法》第三十七条）；修订后的预案应当归档（第三十六条）")


def test_identical_workbooks_have_no_change(tmp_path, old_plan):
    changes = diff_after(tmp_path, old_plan, lambda s: None)
    assert not changes and changes.rows == [] and not changes.refile_required
    assert changes.summary_lines()[-1] == "两个版本的工作簿内容相同，没有变更。"


def test_a_repeated_key_is_told_apart(tmp_path, old_plan):
    """演练计划 is keyed by 演练名称, which may repeat: the second one is 名称（2）."""
    def twice(s):
        s["演练计划"].append(["暴雨防汛桌面推演", "桌面推演", "专项", "R-01", "2026年12月",
                          "后勤组", "全体员工", "复盘"])

    changes = diff_after(tmp_path, old_plan, twice)
    assert [(c.kind, c.key) for c in changes.section("drills").rows] == [
        ("新增", "暴雨防汛桌面推演（2）")]


def test_a_minimal_workbook_compares_with_a_full_one(tmp_path):
    old = plan_of(tmp_path / "a", minimal_sheets())
    new = plan_of(tmp_path / "b", full_sheets())
    changes = compare(old, new)
    # the default response levels replaced by the sheet's: 应急响应分级
    assert "应急响应分级" in changes.refile_matters
    added = {c.key for c in changes.section("drills").added}
    assert added == {"暴雨防汛桌面推演", "机房断电实战演练"}


def test_the_rules_are_data_and_every_matter_is_the_articles():
    basis, rules, tables = revision_rules()
    assert basis.matters == ("组织指挥体系与职责", "应急处置程序", "主要处置措施", "应急响应分级")
    assert {r.matter for r in rules} == set(basis.matters)
    assert {r.table for r in rules} <= {t.id for t in tables}


# ---------------------------------------------------------------- the 修订说明
@pytest.fixture(scope="module")
def note(revised, tmp_path_factory):
    old, new, changes = revised
    out = tmp_path_factory.mktemp("note")
    path = write_revision_note(old, new, changes, out, out)
    return path


def test_the_note_is_written_under_the_new_plan_code(note):
    assert note.name == "CS-YJYA-2026-01_修订说明.docx"
    assert note.is_file()


def test_the_note_shows_versions_refiling_and_every_change(note):
    doc = open_document(note)
    text = document_text(doc)
    assert "测试服务有限公司服务应急措施预案修订说明" in text
    versions = records(doc, "项目", "修订前", "修订后", without=("重新\n备案",))
    assert {"项目": "版本号", "修订前": "V1.0", "修订后": "V1.1"} in versions
    assert {"项目": "发布日期", "修订前": "2026年3月18日", "修订后": "2026年9月1日"} in versions
    # 修订记录: the new workbook's row for V1.1 is absent in full_sheets; none printed
    assert "修订记录所载" not in text
    assert [h for _, h in headings(doc, (2,))] == [
        "一、修订概况", "二、是否需要重新备案", "三、基本信息变更", "四、风险变更",
        "五、应急组织机构变更", "六、通讯录变更", "七、应急资源变更", "八、演练计划变更",
        "九、重新评审、发布和备案"]
    refile = records(doc, "序号", "变更事项", "变更内容")
    assert [r["变更事项"] for r in refile] == ["组织指挥体系与职责", "主要处置措施", "主要处置措施"]
    assert refile[0]["变更内容"] == "应急组织机构“后勤组”的负责人由“王五”改为“赵六”"
    assert ("《生产安全事故应急预案管理办法》第三十七条规定："
            "“应急预案修订涉及组织指挥体系与职责") in text


def _changes_table(doc, key_label):
    tables = find_tables(doc, key_label, "变更", "变更项目", "修订前", "修订后")
    return [r for t in tables for r in records_of(t)]


def records_of(table):
    rows = [[seen(c.text) for c in r.cells] for r in table.rows]
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_the_note_tables_hold_each_planted_change_and_its_flag(note):
    doc = open_document(note)
    risks = _changes_table(doc, "编号")  # 风险 and 资源 both key by 编号
    level = next(r for r in risks if r["变更项目"] == "风险等级")
    assert (level["编号"], level["修订前"], level["修订后"], level["重新\n备案"]) == (
        "R-03 误操作", "一般", "较大", "是")
    added = next(r for r in risks if r["变更"] == "新增" and r["编号"].startswith("R-05"))
    assert "应对措施：关闭进水阀\n转移设备" in added["修订后"] and added["重新\n备案"] == "是"
    removed = next(r for r in risks if r["变更"] == "删除")
    assert removed["编号"] == "ZY-03 应急资金" and removed["重新\n备案"] == "否"
    quantity = next(r for r in risks if r["变更项目"] == "数量")
    assert (quantity["修订前"], quantity["修订后"], quantity["重新\n备案"]) == ("5", "8", "否")
    (unit,) = _changes_table(doc, "机构名称")
    assert (unit["机构名称"], unit["变更项目"], unit["修订前"], unit["修订后"],
            unit["重新\n备案"]) == ("后勤组", "负责人", "王五", "赵六", "是")
    (phone,) = _changes_table(doc, "姓名")
    assert (phone["姓名"], phone["变更项目"], phone["修订后"], phone["重新\n备案"]) == (
        "李四", "手机", "13911112222", "否")
    (drill,) = _changes_table(doc, "演练名称")
    assert drill["演练名称"] == "机房漏水实战演练" and drill["变更"] == "新增"


def test_the_closing_procedure_names_the_head_and_the_filing_authority(note):
    text = document_text(note)
    assert "由主要负责人张三签署" in text
    assert "向所在地县级以上人民政府应急管理部门办理备案" in text  # 备案部门 not given


def test_a_note_without_re_filing_says_so_and_has_no_procedure(tmp_path, old_plan):
    sheets = full_sheets()
    cell(sheets, "通讯录", "王五", "手机", "13900009999")
    new = plan_of(tmp_path / "new", sheets)
    changes = compare(old_plan, new)
    path = write_revision_note(old_plan, new, changes, tmp_path / "out", tmp_path / "new")
    text = document_text(path)
    assert ("本次修订不涉及组织指挥体系与职责、应急处置程序、主要处置措施、应急响应分级"
            "等内容的变更，不属于《生产安全事故应急预案管理办法》第三十七条规定应当重新备案"
            "的情形") in text
    assert "重新评审、发布和备案" not in text
    assert "13900009999" in text


def test_the_note_passes_validate_docx(note):
    if not VALIDATOR.exists():
        pytest.skip("validate-docx not on this machine")
    run = subprocess.run([str(VALIDATOR), str(note)], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stdout[-3000:]


# ---------------------------------------------------------------- reading the inputs
def test_read_plan_gives_none_and_the_errors_for_a_broken_workbook(tmp_path):
    sheets = minimal_sheets()
    cell(sheets, "风险", "R-01", "可能性", "高")
    write_workbook(tmp_path / "bad" / "plan.xlsx", sheets)
    report, plan = read_plan(tmp_path / "bad")
    assert plan is None and report.errors


def test_read_plan_refuses_a_batch_folder(tmp_path):
    write_workbook(tmp_path / "batch" / "a" / "plan.xlsx", minimal_sheets())
    write_workbook(tmp_path / "batch" / "b" / "plan.xlsx", minimal_sheets())
    with pytest.raises(UsageError, match="批量"):
        read_plan(tmp_path / "batch")


def test_a_row_changed_in_several_fields_is_one_line_as_counted(tmp_path, old_plan):
    def two_fields(s):
        cell(s, "通讯录", "王五", "手机", "13900009999")
        cell(s, "通讯录", "王五", "职务", "经理")
        cell(s, "通讯录", "李四", "职务", "总监")

    changes = diff_after(tmp_path, old_plan, two_fields)
    lines = changes.summary_lines()
    header = next(i for i, line in enumerate(lines) if line.startswith("通讯录"))
    assert "修改2项" in lines[header]
    detail = [line for line in lines[header + 1:] if line.startswith("  ")][:3]
    assert len([line for line in detail if "“王五" in line or "“李四" in line]) == 2
    [wang] = [line for line in detail if "王五" in line]
    assert "手机" in wang and "职务" in wang


def test_a_new_risk_that_brings_a_special_plan_says_so(tmp_path):
    from docgen import api

    old = minimal_sheets()
    new = minimal_sheets()
    new["风险"].append(["R-05", "事故灾难", "配电室火灾", 4, 4, "切断电源\n使用灭火器扑救",
                       "技术组", "电气火灾"])
    write_workbook(tmp_path / "v1" / "plan.xlsx", old)
    write_workbook(tmp_path / "v2" / "plan.xlsx", new)
    for path in (tmp_path / "v1" / "plan.xlsx", tmp_path / "v2" / "plan.xlsx"):
        book = openpyxl.load_workbook(path)
        book["基本信息"].append(["所属行业", "通用设备制造业"])  # a pack that writes them all
        book.save(path)
    result = api.diff(tmp_path / "v1", tmp_path / "v2", tmp_path / "out")
    changes = result.changes
    assert changes.plans_added and not changes.plans_removed
    assert any("火灾" in name for name in changes.plans_added)
    assert any(line.startswith("本次修订新增《") for line in changes.summary_lines())


def test_keys_match_across_width_and_case(tmp_path, old_plan):
    def retyped(s):
        s["风险"][1][0] = "Ｒ－０１"  # R-01 typed in full width
        s["风险"][2][0] = "r-02"

    changes = diff_after(tmp_path, old_plan, retyped)
    assert not [c for c in changes.rows if c.kind in ("新增", "删除")]
    assert not changes.refile_required


def test_a_long_diff_lists_the_first_changes_and_counts_the_rest(tmp_path, old_plan, monkeypatch):
    from docgen.diff import changes as module

    monkeypatch.setattr(module, "SHOWN_LINES", 2)

    def many(s):
        for row in s["风险"][1:]:
            row[2] = f"{row[2]}（改）"

    lines = diff_after(tmp_path, old_plan, many).summary_lines()
    assert len([line for line in lines if line.startswith("  ")]) == 2
    assert "……另有 2 处变更未在此列出，见修订说明" in lines
