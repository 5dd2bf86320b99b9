"""Compare two enriched plans table by table: each table a pandas DataFrame of the
values as the document prints them, the versions aligned by key with an outer
merge, rows only on one side added or removed, the others compared field by
field. Which tables, keys and fields: docgen/data/revision_rules.toml."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

import pandas as pd

from docgen.diff.changes import (
    ADDED,
    MODIFIED,
    REMOVED,
    Change,
    Changes,
    Edition,
    Rule,
    Section,
    TableSpec,
    revision_rules,
)
from docgen.documents import plan_name, planned_documents
from docgen.domain.values import display
from docgen.model import Plan
from docgen.profiles import find_profile
from docgen.schema import load_schema

LEVEL = "level"  # the field the rules' `levels` read (风险等级)
_POS = "_pos"


def _records(plan: Plan, spec: TableSpec) -> list[dict[str, Any]]:
    fields = spec.fields
    source = spec.records
    if source == "info":  # 基本信息: one record, and the industry pack it chooses
        values = {"pack": plan.pack.name}
        return [{f: values[f] if f in values else getattr(plan.plan, f) for f in fields}]
    if source == "texts":  # 文本: one row per place (基本信息's 适用范围 is compared there)
        rows: dict[str, dict[str, Any]] = {}
        for block in plan.text.blocks:
            if block.source == plan.plan.source and block.place == "适用范围":
                continue
            row = rows.setdefault(block.place, {"place": block.place, "mode": [],
                                                "content": []})
            row["mode"].append(block.mode)
            row["content"].append(block.content)
        return [{**r, "mode": "、".join(dict.fromkeys(r["mode"])),
                 "content": "\n".join(r["content"])} for r in rows.values()]
    records: Any = plan
    for name in source.split("."):  # matrix.bands
        records = getattr(records, name)
    return [{f: getattr(record, f) for f in (spec.key, *fields)} for record in records]


def _frame(records: list[dict[str, Any]], spec: TableSpec) -> pd.DataFrame:
    """The table as printed text, indexed by a key unique within it (a repeated
    key is told apart as 张伟（2）), with each row's position."""
    key = spec.key or "_row"
    columns = list(dict.fromkeys([key, *spec.fields]))
    frame = pd.DataFrame(records, columns=columns, dtype=object)
    frame = frame.map(display).astype(str) if len(frame) else frame.astype(str)
    if not spec.key:
        frame[key] = ""
    # Keys compare as typed text compares: ＦＸ－０１ is FX-01, fx-03 is FX-03.
    folded = frame[key].map(same_key)
    seen = folded.groupby(folded, sort=False).cumcount()
    frame.index = [k if n == 0 else f"{k}（{n + 1}）" for k, n in zip(folded, seen,
                                                                      strict=True)]
    frame[_POS] = range(len(frame))
    return frame


def same_key(key: str) -> str:
    """A key as rows are matched by it: width and case folded."""
    return unicodedata.normalize("NFKC", key).casefold()


def _labels(spec: TableSpec) -> dict[str, str]:
    columns = load_schema().sheet(spec.sheet).columns
    return {c.field: c.name for c in columns} | spec.labels


def _summary(row: pd.Series, spec: TableSpec, labels: dict[str, str], side: str) -> str:
    parts = [(labels[f], row[f"{f}_{side}"]) for f in spec.summary]
    return "\n".join(f"{label}：{value}" for label, value in parts if value)


def _level(row: pd.Series, side: str) -> str:
    value = row.get(f"{LEVEL}_{side}")
    return value if isinstance(value, str) else ""


def _refile(rules: Iterable[Rule], table: str, kind: str, key: str, field: str,
            row: pd.Series) -> tuple[str, ...]:
    matched = (r.matter for r in rules
               if r.matches(table, kind, key, field, _level(row, "old"), _level(row, "new")))
    return tuple(dict.fromkeys(matched))


def _typed_key(spec: TableSpec, folded: str, row: pd.Series) -> str:
    """The key as the new version types it (the old one's for a row removed), with
    the （2） that tells a repeated key apart."""
    if not spec.key:
        return folded
    new = row.get(f"{spec.key}_new")
    typed = new if isinstance(new, str) else str(row.get(f"{spec.key}_old"))
    return typed + folded[len(same_key(typed)):]


def compare_table(old: Plan, new: Plan, spec: TableSpec, rules: tuple[Rule, ...]) -> Section:
    labels = _labels(spec)
    key_label = labels.get(spec.key, "") if spec.key else ""
    section = Section(spec.id, spec.title, key_label)
    a, b = _frame(_records(old, spec), spec), _frame(_records(new, spec), spec)
    merged = a.merge(b, how="outer", left_index=True, right_index=True,
                     suffixes=("_old", "_new"), indicator=True)
    # Rows in the new version's order; a row removed where it stood in the old one.
    merged["_order"] = merged[f"{_POS}_new"].fillna(merged[f"{_POS}_old"] - 0.5)
    merged = merged.sort_values(["_order", f"{_POS}_old"], kind="stable")
    name = spec.name

    def change(kind: str, key: str, row: pd.Series, field: str = "", old: str = "",
               new: str = "") -> Change:
        label = labels.get(field, field)
        matters = _refile(rules, spec.id, kind, key if spec.key else label, field, row)
        side = "old" if kind == REMOVED else "new"
        return Change(kind, key if spec.key else label, label, old, new, bool(matters),
                      row[f"{name}_{side}"] if name else "", spec.title, matters,
                      _level(row, side))

    for folded, row in merged.iterrows():
        key = _typed_key(spec, str(folded), row)  # the index is folded text (_frame)
        if row["_merge"] == "right_only":
            section.rows.append(change(ADDED, key, row, new=_summary(row, spec, labels, "new")))
        elif row["_merge"] == "left_only":
            section.rows.append(change(REMOVED, key, row,
                                       old=_summary(row, spec, labels, "old")))
        else:
            section.rows += [change(MODIFIED, key, row, f, row[f"{f}_old"], row[f"{f}_new"])
                             for f in spec.fields if row[f"{f}_old"] != row[f"{f}_new"]]
    return section


def edition(plan: Plan) -> Edition:
    """The plan's name as its profile's plan is named, and what identifies the version."""
    info = plan.plan
    spec = find_profile(plan.profile).documents[0]
    return Edition(plan_name(plan, spec), info.plan_code, info.version, info.publish_date,
                   info.effective_date, info.head, info.filing_authority)


def _plans(plan: Plan) -> list[str]:
    """The 预案名称 of the plans the plan's profile writes, in the system's order."""
    planned, _ = planned_documents(plan, find_profile(plan.profile))
    return [p.name for p in planned]


def compare(old: Plan, new: Plan) -> Changes:
    """Everything that changed from `old` to `new`, each change classified; and the
    plans of the system a change adds or drops (a new risk's special plan)."""
    basis, rules, tables = revision_rules()
    sections = [compare_table(old, new, spec, rules) for spec in tables]
    record = next((r for r in new.revisions if r.version == new.plan.version), None)
    before, after = _plans(old), _plans(new)
    return Changes(edition(old), edition(new), sections, basis, record,
                   [n for n in after if n not in before], [n for n in before if n not in after])
