"""What the filing package says of a plan (《生产安全事故应急预案管理办法》
arts. 21, 26, 27): whether it is reviewed (评审) or demonstrated (论证), the
materials filed, and the gaps between risks and resources (GB/T 29639-2020 附录B)."""

from __future__ import annotations

from dataclasses import dataclass, field

from docgen.domain.records import Risk
from docgen.domain.values import display
from docgen.vocabulary import vocabulary


@dataclass(frozen=True)
class Review:
    """评审 for the high-risk kinds and units of medium size or larger (art. 21);
    论证 for the others."""

    kind: str  # 评审 or 论证
    reason: str

    @property
    def form(self) -> str:
        return f"应急预案{self.kind}意见表"


def review_of(plan) -> Review:
    pack, staff = plan.pack, plan.plan.staff_count
    if pack.high_risk:
        return Review("评审", f"本单位属于{pack.name}，依照《生产安全事故应急预案管理办法》"
                              "第二十一条应当对应急预案进行评审")
    if staff is not None and staff >= pack.medium_staff:
        return Review("评审", f"本单位从业人员{staff}人，达到中型规模的人数标准（{pack.name}"
                              f"{pack.medium_staff}人），依照《生产安全事故应急预案管理办法》"
                              "第二十一条应当对应急预案进行评审")
    counted = f"从业人员{staff}人，" if staff is not None else ""
    return Review("论证", f"本单位{counted}不属于《生产安全事故应急预案管理办法》第二十一条"
                          "所列应当评审的单位，依照该条对应急预案进行论证")


@dataclass(frozen=True)
class Gap:
    """A risk without the resources a reviewer looks for."""

    risk: Risk
    reason: str


def gaps_of(plan) -> list[Gap]:
    """重大 and 较大 risks that name no resource in 应急资源, and risks whose named
    resources have expired by the 发布日期."""
    high = vocabulary().high_levels
    published = plan.plan.publish_date
    out = []
    for risk in plan.risks:
        if not risk.resources:
            if risk.level in high:
                out.append(Gap(risk, f"{risk.level}风险未列明依托的应急资源"))
            continue
        expired = [x for x in risk.resources if x.expired_by(published)]
        if expired:
            names = "、".join(f"{x.code} {x.name}" for x in expired)
            out.append(Gap(risk, f"依托的应急资源已过有效期：{names}"))
    return out


def validity_of(plan) -> tuple[list[str], list[str]]:
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
    plans: list[str] = field(default_factory=list)  # the 预案名称 of the plan documents
    expired: list[str] = field(default_factory=list)  # resources and agreements, lapsed
    expiring: list[str] = field(default_factory=list)  # … lapsing within a year
