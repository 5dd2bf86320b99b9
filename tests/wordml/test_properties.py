"""docgen.wordml.properties: the document's core properties, dated by the caller."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest

from docgen.wordml.properties import MAX_PROPERTY, Properties, set_properties

PLAN = Properties(title="测试公司综合应急预案", author="测试服务有限公司", subject="综合应急预案",
                  version="V1.0", keywords="应急预案", date=dt.date(2026, 3, 18))


@pytest.fixture
def document():
    return docx.Document()


def test_set_properties_writes_every_core_property(document):
    set_properties(document, PLAN)
    props = document.core_properties
    assert (props.title, props.author, props.last_modified_by, props.subject, props.keywords,
            props.version, props.revision, props.comments) == (
        "测试公司综合应急预案", "测试服务有限公司", "测试服务有限公司", "综合应急预案", "应急预案",
        "V1.0", 1, "综合应急预案 V1.0")


def test_created_and_modified_are_the_plans_date_never_the_clock(document):
    set_properties(document, PLAN)
    props = document.core_properties
    midnight = dt.datetime(2026, 3, 18, tzinfo=dt.UTC)
    assert props.created == props.modified == midnight


def test_long_values_are_clipped_to_what_word_keeps(document):
    long = "很长的单位名称" * 50
    set_properties(document, Properties(long, long, "综合应急预案", "V1", "", dt.date(2026, 1, 1)))
    props = document.core_properties
    assert len(props.title) == len(props.author) == MAX_PROPERTY == 255
    assert props.title == long[:254] + "…"
    assert props.subject == "综合应急预案"  # short values untouched


def test_properties_survive_a_save(document):
    set_properties(document, PLAN)
    buffer = io.BytesIO()
    document.save(buffer)
    props = docx.Document(io.BytesIO(buffer.getvalue())).core_properties
    assert (props.title, props.revision, props.created) == (
        PLAN.title, 1, dt.datetime(2026, 3, 18, tzinfo=dt.UTC))
