"""What the filing package says of a plan (《生产安全事故应急预案管理办法》
arts. 21, 26, 27): whether it is reviewed (评审) or demonstrated (论证), the
materials filed, and the gaps between risks and resources (GB/T 29639-2020 附录B)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docgen.domain.records import Risk
from docgen.domain.values import display
from docgen.vocabulary import vocabulary

if TYPE_CHECKING:  # docgen.model.plan imports this module, and gaps imports plan
    from docgen.model.gaps import EquipmentGap
    from docgen.model.plan import Plan


@dataclass(frozen=True)
class FiledPlan:
    """A plan of the system as filed: its own 预案编号 and its 预案名称, in the order of
    the system (综合 → 专项 → 现场处置方案 → 应急处置卡)."""

    number: str
    name: str


@dataclass(frozen=True)
class Scale:
    """Whether the unit is of medium size or larger (中型规模以上) by the 2017
    statistical rules for its pack's sector: every lower bound the sector lists must
    be met (国统字〔2017〕213号, 表注). A figure the workbook does not give is taken
    as met — the stricter reading, since 评审 is then owed — and `assumed` says so."""

    medium: bool
    reason: str  # the figures compared, in words
    assumed: str = ""  # what was taken for the figures not given


# (Size field, PlanInfo field, what it is, its unit)
_FIGURES = (("staff", "staff_count", "从业人员", "人"), ("revenue", "revenue", "营业收入", "万元"),
            ("assets", "assets", "资产总额", "万元"))


def scale_of(plan: Plan) -> Scale:
    size, info, sector = plan.pack.size, plan.plan, plan.pack.sector
    listed = [(label, unit, getattr(size, key), getattr(info, field))
              for key, field, label, unit in _FIGURES if getattr(size, key)]
    bounds = "、".join(f"{label}{display(bound)}{unit}" for label, unit, bound, _ in listed)
    given = "、".join(f"{label}{display(value)}{unit}" for label, unit, _, value in listed
                      if value is not None)
    missing = [label for label, _, _, value in listed if value is None]
    below = [label for label, _, bound, value in listed if value is not None and value < bound]
    # "须同时达到" only where the sector's rule has more than one figure
    both = "，须同时达到" if len(listed) > 1 else ""
    rule = f"{sector}中型规模的下限（{bounds}{both}）"
    if below:
        return Scale(False, f"{given}，{'、'.join(below)}未达到{rule}")
    assumed = (f"未填写{'、'.join(missing)}，按达到中型规模下限从严判断；如实际未达到，请在"
               f"基本信息中填写{'、'.join(missing)}") if missing else ""
    reason = f"{given}，达到{rule}" if given else f"{rule}"
    return Scale(True, reason, assumed)


@dataclass(frozen=True)
class Review:
    """评审 for the high-risk kinds and units of medium size or larger (art. 21);
    论证 for the others."""

    kind: str  # 评审 or 论证
    reason: str
    assumed: str = ""  # what the size test took for figures the workbook does not give

    @property
    def form(self) -> str:
        return f"应急预案{self.kind}意见表"


ARTICLE_21 = "《生产安全事故应急预案管理办法》第二十一条"


def review_of(plan: Plan) -> Review:
    pack = plan.pack
    if pack.high_risk:
        kind = f"{pack.name}（{pack.variant}）" if pack.variant else pack.name
        return Review("评审", f"本单位属于{kind}类生产经营单位，依照{ARTICLE_21}"
                              "应当对应急预案进行评审")
    scale = scale_of(plan)
    if scale.medium:
        return Review("评审", f"本单位{scale.reason}，属于中型规模以上的生产经营单位，依照"
                              f"{ARTICLE_21}应当对应急预案进行评审", scale.assumed)
    return Review("论证", f"本单位{scale.reason}，不属于{ARTICLE_21}所列应当评审的单位，依照"
                          "该条对应急预案进行论证")


@dataclass(frozen=True)
class Gap:
    """A risk without the resources a reviewer looks for."""

    risk: Risk
    reason: str


def gaps_of(plan: Plan, equipment: Sequence[EquipmentGap] = ()) -> list[Gap]:
    """重大 and 较大 risks that name no resource in 应急资源, risks whose named
    resources have expired by the 发布日期, and risks whose accident type needs
    equipment the 资源 sheet does not hold (`equipment`, docgen.model.gaps)."""
    high = vocabulary().high_levels
    published = plan.plan.publish_date
    lacking: dict[str, list[str]] = {}
    for gap in equipment:
        for risk in gap.risks:
            lacking.setdefault(risk.code, []).append(
                f"{gap.hazard.name}处置所需的{'、'.join(gap.missing)}未登记")
    out = []
    for risk in plan.risks:
        reasons = []
        if not risk.resources and risk.level in high:
            reasons.append(f"{risk.level}风险未列明依托的应急资源")
        if expired := [x for x in risk.resources if x.expired_by(published)]:
            names = "、".join(f"{x.code} {x.name}" for x in expired)
            reasons.append(f"依托的应急资源已过有效期：{names}")
        reasons += lacking.get(risk.code, [])
        if reasons:
            out.append(Gap(risk, "；".join(reasons)))
    return out


def validity_of(plan: Plan) -> tuple[list[str], list[str]]:
    """Resources and agreements expired by the 发布日期, and those expiring within a
    year after it (to renew before they lapse), each as a reviewer reads it."""
    published = plan.plan.publish_date
    if published is None:
        return [], []
    year_on = published.replace(year=published.year + 1, day=min(published.day, 28))
    expired, expiring = [], []
    items = [(x, f"{x.code} {x.name}".strip()) for x in plan.resources] + [
        (a, f"与{a.party}的协议") for a in plan.agreements]
    for record, label in items:
        shown = f"{label}（有效期至{display(record.expires)}）"
        if record.expired_by(published):
            expired.append(shown)
        elif record.expires is not None and record.expires <= year_on:
            expiring.append(shown)
    return expired, expiring


@dataclass(frozen=True)
class Filing:
    """The package's own facts, for its documents' templates (`filing` in them)."""

    review: Review
    materials: list[str] = field(default_factory=list)  # what is filed, in order
    gaps: list[Gap] = field(default_factory=list)
    plans: list[FiledPlan] = field(default_factory=list)  # the plan documents, in order
    expired: list[str] = field(default_factory=list)  # resources and agreements, lapsed
    expiring: list[str] = field(default_factory=list)  # … lapsing within a year
