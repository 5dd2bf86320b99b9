"""The reference "naive hand-written script": what a programmer would write without docgen.

    python benchmarks/naive.py INPUTS_FOLDER TEMPLATE.docx OUT.docx

Reads every sheet of every .xlsx in INPUTS_FOLDER with pandas, builds the template's
context from plain Python objects, renders once with docxtpl and saves. No validation,
no 文本 places, no drawings, no organisation chart, no page numbers. Independent of
the docgen package on purpose: it is the baseline docgen is measured against.

When the template asks for a name this script does not provide, add it to FIELDS
(a column of a sheet) or to build_context() (anything computed).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import tomllib
import warnings
import zipfile
from pathlib import Path
from types import SimpleNamespace as NS

import jinja2
import pandas as pd
from docxtpl import DocxTemplate

# attribute → column header (spaces and a trailing * removed), per sheet.
FIELDS = {
    "风险": dict(code="编号", category="风险类别", name="风险名称", description="风险描述",
               scope="影响范围", warning_signs="预警信号", measures="应对措施",
               owner_unit="责任机构", key_posts="重点岗位", resources_text="应急资源"),
    "组织机构": dict(name="机构名称", parent="上级机构", leader="负责人", members_text="成员",
                 duties="职责"),
    "资源": dict(code="编号", type="资源类型", name="名称", spec="规格型号", quantity="数量",
               unit="计量单位", location="存放地点", keeper="管理人", phone="联系电话",
               expires="有效期至", note="备注"),
    "通讯录": dict(name="姓名", org="单位", dept="部门", title="职务", role="应急职务",
                office_phone="办公电话", mobile="手机", email="电子邮箱", kind="类别"),
    "演练计划": dict(name="演练名称", form="演练形式", plan_type="预案类型", risks_text="针对风险",
                 when="计划时间", organiser="组织部门", scope="参演范围", goal="演练目标"),
    "培训计划": dict(content="培训内容", audience="培训对象", form="培训形式", when="计划时间",
                 hours="学时", assessment="考核方式"),
    "修订记录": dict(version="版本号", date="修订日期", content="修订内容", reviser="修订人"),
    "外部协议": dict(party="协议单位", content="协议内容", signed="签订日期", expires="有效期至",
                 contact="联系人", phone="联系电话"),
    "编制工作组": dict(name="姓名", dept="单位部门", title="职务", role="分工"),
    "响应分级": dict(level="级别", trigger="启动条件", commander="指挥", measures="主要措施"),
}
PLAN = dict(unit_name="单位名称", plan_name="预案名称", plan_code="预案编号", version="版本号",
            head="主要负责人", duty_phone="24小时值班电话", publish_date="发布日期",
            effective_date="实施日期", contact_person="联系人", contact_phone="联系电话",
            last_evaluation="上次评估日期", drafting_dept="编制部门", address="单位地址",
            industry="所属行业", staff_count="从业人数", parent_org="上级单位",
            filing_authority="备案部门", overview="单位概况", scope="适用范围")
CATEGORIES = ["自然灾害", "技术故障", "人为事故", "政策法规变动", "公共卫生事件", "社会安全事件",
              "其他"]
RES_TYPES = ["人力资源", "物资装备", "技术支持", "资金保障", "信息资源", "外部协作"]
BANDS = [("重大", 20, 25, "FF0000"), ("较大", 10, 16, "FFC000"), ("一般", 4, 9, "FFFF00"),
         ("低", 1, 3, "0070C0")]
COLORS = {level: color for level, _, _, color in BANDS}
LEVELS = [("公司级（Ⅰ级）", "事件超出单个部门的处置能力，需要调动全单位资源或请求外部救援",
           "应急领导小组组长（总指挥）", "启动本预案，各工作组全部到位，必要时请求外部支援"),
          ("部门级（Ⅱ级）", "事件影响一个部门或一项业务，责任部门能够控制",
           "应急办公室主任或责任机构负责人", "责任机构组织处置，应急办公室协调支援"),
          ("岗位级（Ⅲ级）", "事件局限于单个岗位或设施，当班人员即可控制", "当班负责人",
           "岗位人员按应急处置卡立即处置并报告")]
SPLIT = re.compile(r"[、，,；;\n]+")


class Items(list):
    """A list that also carries attributes (risks.by_level, contacts.internal …)."""

    def __init__(self, items=(), **attrs):
        super().__init__(items)
        self.__dict__.update(attrs)


def text(value) -> str:
    """A cell as the document prints it: no NaN, no '.0', dates as 2026年3月18日."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def split(value: str) -> list[str]:
    return [part.strip() for part in SPLIT.split(value) if part.strip()]


def read_sheets(folder: Path) -> dict[str, list[dict]]:
    sheets: dict[str, list[dict]] = {}
    for path in sorted(folder.glob("*.xlsx")):
        if path.name.startswith(("~$", ".")):
            continue
        for name, df in pd.read_excel(path, sheet_name=None).items():
            df.columns = [str(c).replace(" ", "").rstrip("*") for c in df.columns]
            sheets.setdefault(name.strip(), []).extend(df.dropna(how="all").to_dict("records"))
    return sheets


def records(sheets: dict, sheet: str) -> list[NS]:
    fields = FIELDS[sheet]
    return [NS(**{attr: text(row.get(col)) for attr, col in fields.items()})
            for row in sheets.get(sheet, [])]


# The L and S scales the template prints, read straight from the data file.
_VOCABULARY = tomllib.loads((Path(__file__).resolve().parent.parent / "docgen" / "data"
                             / "vocabulary.toml").read_text("utf-8"))
SCALES = NS(**{name: [NS(**step) for step in steps]
               for name, steps in _VOCABULARY["scales"].items()})


def build_context(sheets: dict[str, list[dict]]) -> dict:
    info = {text(row.get("项目")): row.get("内容") for row in sheets["基本信息"]}
    plan = NS(**{attr: text(info.get(key)) for attr, key in PLAN.items()})

    contacts = Items(records(sheets, "通讯录"))
    for p in contacts:
        p.kind, p.phone = p.kind or "内部", p.mobile or p.office_phone
    contacts.internal = [p for p in contacts if p.kind != "外部"]
    contacts.external = [p for p in contacts if p.kind == "外部"]
    person = {p.name: p for p in contacts}

    resources = Items(records(sheets, "资源"))
    for x in resources:
        x.phone = x.phone or getattr(person.get(x.keeper), "phone", "")
    resources.by_type = [NS(type=t, count=len(g), items=g,
                            keepers_text="、".join(dict.fromkeys(x.keeper for x in g)))
                         for t in RES_TYPES if (g := [x for x in resources if x.type == t])]
    resource = {x.code: x for x in resources}

    units = records(sheets, "组织机构")
    unit = {u.name: u for u in units}
    for u in units:
        u.members = split(u.members_text)
        u.members_text = "、".join(u.members)
        u.duty_lines = [line for line in u.duties.split("\n") if line.strip()]
        u.duty_items = u.duty_lines
        u.leader_phone = getattr(person.get(u.leader), "phone", "")
        u.leader_title = getattr(person.get(u.leader), "title", "")
        u.children = [c for c in units if c.parent == u.name]
        for i, c in enumerate(u.children):
            c.number = "一二三四五六七八九十"[i] if i < 10 else str(i + 1)
    root = next(u for u in units if not u.parent or u.parent not in unit)
    root.number, ordered = "一", []

    def walk(u: NS, depth: int) -> None:
        u.depth = depth
        ordered.append(u)
        for c in u.children:
            walk(c, depth + 1)

    walk(root, 0)
    org = Items(ordered, root=root, levels=[[u for u in ordered if u.depth == d]
                                            for d in range(max(u.depth for u in ordered) + 1)])

    bands = [(text(r.get("风险等级")), int(r["最小值"]), int(r["最大值"]))
             for r in sheets.get("风险矩阵", [])] or [b[:3] for b in BANDS]
    matrix = NS(custom="风险矩阵" in sheets,
                bands=[NS(level=lv, min=lo, max=hi, color=COLORS.get(lv, "FFFFFF"))
                       for lv, lo, hi in bands])

    def level(score: int) -> NS:
        return next(b for b in matrix.bands if b.min <= score <= b.max)

    matrix.grid = [[NS(likelihood=x, severity=s, score=x * s, level=level(x * s).level,
                       color=level(x * s).color) for x in range(1, 6)] for s in range(5, 0, -1)]

    risks = Items(records(sheets, "风险"), categories=CATEGORIES)
    for r, row in zip(risks, sheets.get("风险", []), strict=True):
        r.likelihood, r.severity = int(row["可能性"]), int(row["严重程度"])
        r.score = r.likelihood * r.severity
        band = level(r.score)
        r.level, r.level_color = band.level, band.color
        r.measure_lines = [line for line in r.measures.split("\n") if line.strip()]
        r.measure_items = r.measure_lines
        r.resource_codes = split(r.resources_text)
        r.resources = [resource[c] for c in r.resource_codes if c in resource]
    risks.by_level = []
    for b in matrix.bands:
        group = [r for r in risks if r.level == b.level]
        risks.by_level.append(NS(level=b.level, color=b.color, min=b.min, max=b.max,
                                 risks=group, count=len(group)))
    risks.by_category = []
    for c in CATEGORIES:
        if group := [r for r in risks if r.category == c]:
            counts = {b.level: sum(r.level == b.level for r in group) for b in matrix.bands}
            risks.by_category.append(NS(category=c, count=len(group), risks=group,
                                        major=counts.get("重大", 0), high=counts.get("较大", 0),
                                        medium=counts.get("一般", 0), low=counts.get("低", 0)))
    risks.crosstab = [NS(category=c.category, counts=[c.major, c.high, c.medium, c.low],
                         total=c.count) for c in risks.by_category]
    risks.major = [r for r in risks if r.level == "重大"]
    risks.high = [r for r in risks if r.level in ("重大", "较大")]

    drills = records(sheets, "演练计划")
    for d in drills:
        d.risk_codes = split(d.risks_text)
        d.risks_text = "、".join(d.risk_codes)
    levels = Items(records(sheets, "响应分级"), custom="响应分级" in sheets)
    if not levels:
        levels.extend(NS(level=a, trigger=b, commander=c, measures=d) for a, b, c, d in LEVELS)

    plan.plan_name = plan.plan_name or plan.unit_name + "服务应急措施预案"
    plan.short_name = plan.plan_name.removeprefix(plan.unit_name) or plan.plan_name
    plan.effective_date = plan.effective_date or plan.publish_date
    members = records(sheets, "编制工作组")
    team = Items(members, leader=next((m for m in members if "组长" in m.role
                                       and "副组长" not in m.role), None))
    plan.contact_person = plan.contact_person or root.leader
    plan.contact_phone = plan.contact_phone or root.leader_phone
    plan.head_title = getattr(person.get(plan.head), "title", "")
    plan.has_major_hazard, plan.major_hazard = False, ""
    return dict(
        plan=plan, risks=risks, matrix=matrix, org=org, resources=resources, contacts=contacts,
        drills=drills, trainings=records(sheets, "培训计划"), revisions=records(sheets, "修订记录"),
        agreements=records(sheets, "外部协议"), team=team, levels=levels,
        drawings=[], profile="service", org_chart=lambda caption: "",
        text=NS(lines=lambda place: [], replaces=lambda place: False, end=lambda place: ""),
        # The plan system and industry pack, as a script that builds one plan would
        # hard-code them: no special plans, the general wording, no 编制依据 list.
        pack=NS(name="通用", basis=[], drill_months=12, crowded_place=False,
                evaluation_years=3),
        system=NS(specials=[], onsite="", card_book="", procedures=[], comprehensive="",
                  measures_of=lambda r: r.measure_items,
                  catalogue=[NS(kind="综合应急预案", name=plan.plan_name, covers="各类突发事件",
                                number=plan.plan_code)],
                  coverage=[NS(label=c.category, codes="、".join(r.code for r in c.risks),
                               plan=None, high=[]) for c in risks.by_category]),
        special=None, scales=SCALES, stage="发布稿", office="应急办公室", basis=[],
        review=NS(kind="评审", assumed=False, reason="", conclusion="", summary=""),
    )


def where(exc: jinja2.TemplateError, template: Path) -> str:
    """The template text around the failing name, for the error message."""
    lines = [line.strip() for line in getattr(exc, "docx_context", None) or [] if line.strip()]
    if lines:
        return " / ".join(lines)[:300]
    name = re.search(r"attribute '(\w+)'|'(\w+)' is undefined", str(exc))
    with zipfile.ZipFile(template) as docx:
        body = re.sub(r"<[^>]+>", "", docx.read("word/document.xml").decode("utf-8"))
    found = name and re.search(rf"\b{next(g for g in name.groups() if g)}\b", body)
    return body[max(0, found.start() - 80):found.end() + 80] if found else "?"


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: python benchmarks/naive.py INPUTS_FOLDER TEMPLATE.docx OUT.docx")
        return 2
    folder, template, out = (Path(a) for a in argv)
    warnings.simplefilter("ignore")  # pandas' notice about its future default engine
    context = build_context(read_sheets(folder))
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    env.filters["paragraphs"] = lambda v: [line for line in text(v).split("\n") if line.strip()]
    env.filters["cn"] = lambda n: "一二三四五六七八九十"[n - 1] if 0 < n <= 10 else str(n)
    env.filters["whole"] = lambda v: v
    env.globals["whole"] = lambda v: v
    tpl = DocxTemplate(str(template))
    try:
        tpl.render(context, jinja_env=env, autoescape=True)
    except jinja2.TemplateError as exc:
        print(f"naive.py: cannot render {template.name}: {exc}\n  near: {where(exc, template)}\n"
              "  Add the missing name to FIELDS or build_context() in benchmarks/naive.py.",
              file=sys.stderr)
        return 1
    tpl.save(str(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
