"""`replaced`, the model's quick `dataclasses.replace` for records: the same record
as replace makes, and replace itself wherever a class needs its __init__ run."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pytest

from docgen.domain.records import Record, Risk, Source, replaced


def _risk() -> Risk:
    return Risk(code="FX-01", name="配电室火灾", description="电缆老化", likelihood=3,
                severity=4, resource_codes=["ZY-01"], extra={"备注": "东区"},
                source=Source("a.xlsx", "风险", 7, (("name", "风险名称"),)))


def test_a_copy_equals_replace_s_field_by_field():
    risk = _risk()
    quick = replaced(risk, score=12, level="较大", hazard_word="电缆")
    slow = replace(risk, score=12, level="较大", hazard_word="电缆")
    assert quick == slow and type(quick) is Risk
    # compare=False fields are not in ==: they are copied all the same
    assert quick.extra == slow.extra and quick.source == slow.source
    assert (quick.score, risk.score) == (12, 0)  # the original is untouched
    with pytest.raises(AttributeError):
        quick.score = 1  # type: ignore[misc]  # still frozen


def test_an_unknown_field_is_refused_as_replace_refuses_it():
    with pytest.raises(TypeError):
        replaced(_risk(), no_such_field=1)


@dataclass(frozen=True)
class _Derived(Record):
    text: str = ""
    length: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "length", len(self.text))


def test_a_class_with_post_init_work_goes_through_replace():
    assert replaced(_Derived(text="ab"), text="abcd").length == 4
