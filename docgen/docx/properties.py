"""Document properties: title, author (单位名称), version; dates from 发布日期."""

from __future__ import annotations

import datetime as dt

from docx.document import Document

from docgen.model.plan import Plan


def set_properties(document: Document, plan: Plan) -> None:
    info = plan.plan
    props = document.core_properties
    props.title = info.plan_name
    props.author = info.unit_name
    props.last_modified_by = info.unit_name
    props.subject = info.plan_code
    props.keywords = "应急预案"
    props.version = info.version
    props.revision = 1
    props.comments = f"{info.plan_code} {info.version}"
    # Never the clock: the same inputs must give the same file (SPEC §5.3).
    moment = dt.datetime.combine(info.publish_date or dt.date(2000, 1, 1), dt.time())
    props.created = moment
    props.modified = moment
