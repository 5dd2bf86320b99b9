"""What the plan lacks for its accident types, found by the model and reported by
the pipeline as issues: the types docgen recognised (so the administrator can
correct them), the equipment each type needs that the 资源 sheet does not hold,
and the cards that print the library's steps instead of the typed measures."""

from __future__ import annotations

from dataclasses import dataclass

from docgen.domain.records import Risk
from docgen.hazards import Hazard, library
from docgen.messages import listing
from docgen.model.plan import Plan
from docgen.model.system import names_body
from docgen.packs import squash
from docgen.vocabulary import vocabulary


def _codes(risks: list[Risk]) -> str:
    """The risks' codes as a message names them: a long register's first ones, and how
    many more (the validation's warning and the check's finding alike)."""
    return listing([r.code for r in risks])


@dataclass(frozen=True)
class EquipmentGap:
    hazard: Hazard
    risks: list[Risk]
    missing: list[str]

    @property
    def codes(self) -> str:
        return _codes(self.risks)

    @property
    def basis(self) -> str:
        titles = [f"《{b.title}》" for b in self.hazard.basis][:2]
        return f"，参见{'、'.join(titles)}" if titles else ""


@dataclass(frozen=True)
class ContactGap:
    """An outside body the register's accident types call for (a type's `contacts`)
    that no external entry of the 通讯录 names."""

    body: str  # 燃气, 生态环境, 特种设备 …
    hazards: list[Hazard]
    risks: list[Risk]

    @property
    def codes(self) -> str:
        return _codes(self.risks)

    @property
    def types(self) -> str:
        return "、".join(h.name for h in self.hazards)


def recognised(plan: Plan) -> list[Risk]:
    """Risks whose type docgen took from their name or description."""
    return [r for r in plan.risks if not r.accident_type and r.hazard is not None
            and not r.hazard.other and r.hazard_word]


def unrecognised(plan: Plan) -> list[Risk]:
    """Risks with no 事故类型 typed and none recognised (其他), except those of a
    category that holds no accidents (政策法规变动): 其他 is their type by design."""
    def accidents(risk: Risk) -> bool:
        category = vocabulary().category(risk.category)
        return category is None or category.accidents

    return [r for r in plan.risks if not r.accident_type and r.hazard is not None
            and r.hazard.other and accidents(r)]


def equipment_gaps(plan: Plan) -> list[EquipmentGap]:
    """For each accident type of the register, the equipment it needs that no
    resource's name (or 规格型号) names, with the risks of that type."""
    names = [squash(f"{x.name} {x.spec}") for x in plan.resources]  # once, not per type
    by_type: dict[str, list[Risk]] = {}
    for risk in plan.risks:
        if risk.hazard is not None and not risk.hazard.other:
            by_type.setdefault(risk.hazard.name, []).append(risk)
    gaps = []
    for name in library().names:
        risks = by_type.get(name)
        if not risks:
            continue
        hazard = risks[0].hazard
        assert hazard is not None
        missing = [e.name for e in hazard.equipment if e.key and not e.found_in(names)]
        if missing:
            gaps.append(EquipmentGap(hazard, risks, missing))
    return gaps


def contact_gaps(plan: Plan, skip: tuple[str, ...] = ()) -> list[ContactGap]:
    """The public bodies (vocabulary.toml's contact_words: 燃气, 生态环境, 特种设备 …)
    the register's types name that the 通讯录's external entries do not, each with the
    types and risks that need it. Suppliers a type also names (厂商, 运营商) are hints
    for the cards, not gaps."""
    labels = [" ".join((c.name, c.org, c.dept)) for c in plan.contacts.external]
    needed: dict[str, tuple[dict[str, Hazard], list[Risk]]] = {}
    for risk in plan.risks:
        hazard = risk.hazard
        if hazard is None or hazard.other:
            continue
        for word in hazard.contacts:
            if word.isdigit() or word in skip or word not in vocabulary().contact_words:
                continue
            types, risks = needed.setdefault(word, ({}, []))
            types.setdefault(hazard.name, hazard)
            risks.append(risk)
    return [ContactGap(word, list(types.values()), risks)
            for word, (types, risks) in needed.items()
            if not any(names_body(label, word) for label in labels)]
