"""Shared fixtures: real .xlsx files written with openpyxl, built with the real pipeline."""

from __future__ import annotations

import atexit
import copy
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

# Compiled templates are kept for this session only, never in the user's cache folder
# (docgen.render.cache); subprocesses inherit the setting.
os.environ["DOCGEN_CACHE"] = _KEPT = tempfile.mkdtemp(prefix="docgen-test-cache-")
atexit.register(shutil.rmtree, _KEPT, ignore_errors=True)

# A small but complete plan: every required sheet, every cross-reference right.
MINIMAL: dict[str, list[list]] = {
    "基本信息": [
        ["项目", "内容"],
        ["单位名称", "测试服务有限公司"],
        ["预案编号", "CS-YJYA-2026-01"],
        ["版本号", "V1.0"],
        ["主要负责人", "张三"],
        ["24小时值班电话", "010-88886666"],
        ["发布日期", dt.date(2026, 3, 18)],
    ],
    "风险": [
        ["编号", "风险类别", "风险名称", "可能性", "严重程度", "应对措施", "责任机构", "事故类型"],
        ["R-01", "自然灾害", "暴雨内涝", 4, 5, "转移设备\n启用排水泵", "应急领导小组", "暴雨洪涝"],
        ["R-02", "技术故障", "服务器宕机", 3, 4, "切换备用机", "技术组", "信息系统故障"],
        ["R-03", "人为事故", "误操作", 2, 3, "回滚变更", "技术组", "其他"],
        ["R-04", "其他", "小事故", 1, 2, "现场处理", "后勤组", "其他"],
    ],
    "组织机构": [
        ["机构名称", "上级机构", "负责人", "成员", "职责"],
        ["应急领导小组", None, "张三", "李四、王五", "统一领导应急工作"],
        ["技术组", "应急领导小组", "李四", "赵六", "负责系统恢复"],
        ["后勤组", "应急领导小组", "王五", None, "负责物资保障"],
        ["应急办公室", "应急领导小组", "李四", None, "负责应急值守和信息报告"],
    ],
    "资源": [
        ["编号", "资源类型", "名称", "数量", "存放地点", "管理人", "联系电话"],
        ["ZY-01", "物资装备", "排水泵及防汛沙袋", 2, "一楼仓库", "王五", None],
        ["ZY-02", "技术支持", "备用服务器", 1, "机房", "李四", "13900000002"],
        ["ZY-03", "资金保障", "应急资金", 2.5, "财务部", "张三", None],
    ],
    "通讯录": [
        ["姓名", "部门", "职务", "办公电话", "手机", "类别"],
        ["张三", "总经办", "总经理", None, 13900000001, "内部"],
        ["李四", "技术部", "经理", "010-88886667", "13900000002", "内部"],
        ["王五", "行政部", "主管", None, "13900000003", "内部"],
        ["赵六", "技术部", "工程师", None, "13900000004", "内部"],
        ["消防救援", None, None, "119", None, "外部"],
    ],
}

WorkbookFactory = Callable[..., Path]

TRICKY = "R&D <核心> \"quoted\" 'single' {{ plan.unit_name }} {% if %} {_{ x }_} 😀"
TABBED = "第一段\t制表符之后\n换行之后的第二段"


def full_sheets() -> dict[str, list[list]]:
    """The minimal workbook plus awkward values and every optional sheet docgen prints."""
    s = minimal_sheets()
    s["风险"] = [
        ["编号", "风险类别", "风险名称", "风险描述", "可能性", "严重程度", "应对措施", "责任机构"],
        ["R-01", "自然灾害", "暴雨内涝", TRICKY, 4, 5, "转移设备\n启用排水泵", "应急领导小组"],
        ["R-02", "技术故障", "服务器宕机", TABBED, 3, 4, "切换备用机", "技术组"],
        ["R-03", "人为事故", "误操作", None, 2, 3, "回滚变更", "技术组"],
        ["R-04", "其他", "小事故", None, 1, 2, "现场处理", "后勤组"],
    ]
    s["组织机构"] = [
        ["机构名称", "上级机构", "负责人", "成员", "职责"],
        ["应急领导小组", None, "张三", "李四、王五", "统一领导应急工作"],
        ["技术组", "应急领导小组", "李四", "赵六", TRICKY],
        ["后勤组", "应急领导小组", "王五", None, TABBED],
    ]
    s["资源"] = [
        ["编号", "资源类型", "名称", "规格型号", "数量", "计量单位", "存放地点", "管理人",
         "联系电话", "有效期至"],
        ["ZY-01", "物资装备", "排水泵", "QW-50", 5.0, "台", "一楼仓库", "王五", None,
         dt.date(2027, 6, 30)],
        ["ZY-02", "技术支持", "备用服务器", None, 1, "台", "机房", "李四", "13900000002", None],
        ["ZY-03", "资金保障", "应急资金", None, 2.5, "万元", "财务部", "张三", None, None],
    ]
    s["通讯录"] = [
        ["姓名", "部门", "职务", "办公电话", "手机", "类别"],
        ["张三", "总经办", "总经理", None, 13900000001, "内部"],
        ["李四", "技术部", "经理", "010-88886667", "13900000002", "内部"],
        ["王五", "行政部", "主管", None, "13900000003", "内部"],
        ["赵六", "技术部", "工程师", None, 13800138000.0, "内部"],
        ["市应急管理局", None, None, "010-12350000", None, "外部"],
    ]
    s["演练计划"] = [
        ["演练名称", "演练形式", "预案类型", "针对风险", "计划时间", "组织部门", "参演范围",
         "演练目标"],
        ["暴雨防汛桌面推演", "桌面推演", "专项", "R-01", "2026年6月", "后勤组", "全体员工",
         "检验排水预案"],
        ["机房断电实战演练", "实战演练", "现场处置", "R-02、R-03", dt.date(2026, 9, 10), "技术组",
         "技术部", "检验切换流程"],
    ]
    s["培训计划"] = [
        ["培训内容", "培训对象", "培训形式", "计划时间", "学时", "考核方式"],
        ["预案解读培训", "全体员工", "专题讲座", "2026年4月", 2.0, "闭卷笔试"],
        ["灭火器使用培训", "后勤组成员", "现场实操", dt.date(2026, 5, 20), 1.5, "实操考核"],
    ]
    s["修订记录"] = [
        ["版本号", "修订日期", "修订内容", "修订人"],
        ["V0.9", dt.date(2025, 12, 1), "形成征求意见稿", "李四"],
        ["V1.0", dt.date(2026, 3, 18), "评审后正式发布", "张三"],
    ]
    s["外部协议"] = [
        ["协议单位", "协议内容", "签订日期", "有效期至", "联系人", "联系电话"],
        ["城东物资供应公司", "应急物资紧急供应", dt.date(2026, 1, 5), dt.date(2027, 1, 4), "钱七",
         "13700000007"],
        ["江城第一医院", "伤员救治绿色通道", dt.date(2025, 11, 2), dt.date(2026, 11, 1), "孙八",
         "13700000008"],
    ]
    s["编制工作组"] = [
        ["姓名", "单位部门", "职务", "分工"],
        ["张三", "总经办", "总经理", "组长，全面负责"],
        ["李四", "技术部", "经理", "风险评估与资源调查"],
    ]
    s["响应分级"] = [
        ["级别", "启动条件", "指挥", "主要措施"],
        ["特级响应（自定）", "核心服务全面中断", "张三", "全员到岗处置"],
        ["常规响应（自定）", "单一系统故障", "李四", "技术组处置"],
    ]
    return s



def write_workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def minimal_sheets() -> dict[str, list[list]]:
    return copy.deepcopy(MINIMAL)


RISK_HEAD = ["编号", "风险类别", "风险名称", "风险描述", "可能性", "严重程度", "应对措施",
             "责任机构", "重点岗位", "事故类型"]


def plan_system_texts(tmp_path: Path, industry: str, rows: list[list],
                      head: list[str] = RISK_HEAD) -> dict[str, str]:
    """The minimal workbook of this 所属行业 with `rows` as its register, built with
    --profile all: each document's text by its name less the 预案编号 (综合应急预案,
    火灾事故专项应急预案, 现场处置方案, 应急处置卡 …)."""
    from docx_helpers import document_text

    from docgen.api import build

    s = minimal_sheets()
    s["基本信息"].append(["所属行业", industry])
    s["风险"] = [head, *rows]
    path = write_workbook(tmp_path / "in" / "plan.xlsx", s)
    result = build(path.parent, tmp_path / "out", profile="all", toc_pages=False)
    assert result.ok, result.units[0].report.to_text()
    return {p.stem.split("_", 1)[1]: document_text(p) for p in result.written}


@pytest.fixture
def sheets() -> dict[str, list[list]]:
    """A fresh, editable copy of the minimal valid workbook's rows."""
    return minimal_sheets()


@pytest.fixture
def workbook(tmp_path: Path) -> WorkbookFactory:
    """write(sheets, name="plan.xlsx") → the path of a real .xlsx in its own folder."""

    def write(sheets: dict[str, list[list]] | None = None, name: str = "plan.xlsx",
              folder: str = "inputs") -> Path:
        return write_workbook(tmp_path / folder / name, sheets or minimal_sheets())

    return write


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent
