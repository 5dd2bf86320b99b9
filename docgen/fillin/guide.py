"""The words of the fill-in workbook: what each column expects, said from the
rules of docgen/data/sheets.toml so that the guidance and the validator agree."""

from __future__ import annotations

from docgen.domain.values import plain_number
from docgen.schema import ColumnRule, SheetRule
from docgen.vocabulary import scale_note

GENERAL = (
    "工作表名称和列名请不要修改；列名带 * 的列（基本信息中带 * 的项目）必须填写。",
    "每个工作表的第1行是列名，从第2行起每行填写一条记录，中间可以有空行；"
    "请不要在表中加入小计行或说明行。",
    "把鼠标停在列名上可以看到该列的填写要求和示例；有下拉箭头的列请从列表中选择。",
    "日期可写作 2026-3-18、2026/3/18、2026.3.18 或 2026年3月18日；"
    "演练和培训的计划时间也可以只写月份，如 2026年6月。",
    "一个单元格填写多项（成员、针对风险、应急资源）时，用“、”分隔。",
    "应对措施、职责等较长的内容可在单元格内换行（Alt+Enter），每行是一条。",
    "电话号码列已设为文本格式，区号前的 0 会保留；一个单元格可填多个号码，用“、”分隔。",
    "组织机构的负责人、资源的管理人、主要负责人须在“通讯录”中；"
    "风险的责任机构须在“组织机构”中。",
    "可选的工作表（演练计划、培训计划等）不用时保持空白即可。",
    "填好后运行 docgen validate 检查：所有问题一次列出，并指明工作表、行号和列名；"
    "改正后运行 docgen build 生成预案。",
)


def _range(rule: ColumnRule, kind: str) -> str:
    if rule.min is not None and rule.max is not None:
        return f"{plain_number(rule.min)}–{plain_number(rule.max)}的{kind}"
    if rule.min is not None:
        return f"不小于{plain_number(rule.min)}的{kind}"
    return kind


def requirement(rule: ColumnRule) -> str:
    """What a value of this column must be, in one Chinese sentence (no example)."""
    parts: list[str] = []
    match rule.type:
        case "choice":
            parts.append("从下拉列表中选择：" + "、".join(rule.values))
        case "accident_type":
            parts.append("从下拉列表中选择事故类型（见本表的事故类型一览）")
        case "int":
            parts.append(_range(rule, "整数"))
        case "number":
            parts.append(_range(rule, "数字"))
        case "date":
            parts.append("日期，如 2026-3-18 或 2026年3月18日")
        case "date_or_month":
            parts.append("日期或月份，如 2026-6-15 或 2026年6月")
        case "phone":
            parts.append("电话号码：手机、带区号的固定电话、400/800 号码或 119 等短号")
        case "mobile":
            parts.append("11位手机号码")
        case "list":
            parts.append("可填多项，用“、”分隔")
    if rule.unique:
        parts.append("本表内不能重复")
    if rule.default:
        parts.append(f"留空时为“{rule.default}”")
    if rule.scale:
        parts.append(("L" if rule.scale == "likelihood" else "S") + "："
                     + scale_note(rule.scale))
    if rule.note:
        parts.append(rule.note)
    return "；".join(parts)


def header_note(rule: ColumnRule) -> str:
    """The note (comment) on a header cell."""
    text = ("必填" if rule.required else "选填") + "。"
    if requirement(rule):
        text += requirement(rule) + "。"
    if rule.example:
        text += "\n示例：" + rule.example
    return text


def offered_columns(sheet: SheetRule) -> list[ColumnRule]:
    return [c for c in sheet.columns if c.fillin]


def header_text(rule: ColumnRule) -> str:
    return rule.name + ("*" if rule.required else "")
