"""`docgen template check` and building with a custom template."""

from __future__ import annotations

from pathlib import Path

import docx
from click.testing import CliRunner

from docgen.cli import main
from docgen.render.lint import check_template

SHIPPED = Path(__file__).resolve().parent.parent / "templates_docx" / "service.docx"


def custom_template(path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


def test_shipped_template_passes_and_lists_its_places():
    report = check_template(SHIPPED)
    assert report.ok, report.problems
    assert {"编制目的", "工作原则", "信息接报"} <= set(report.places)


def test_unknown_name_is_reported(tmp_path):
    path = custom_template(tmp_path / "t.docx", "单位：{{ plan.unit_name }}", "{{ budget }}")
    report = check_template(path)
    assert not report.ok
    (problem,) = report.problems
    assert "名称“budget”不存在" in problem
    assert "plan" in problem.split("可用的名称：")[1]  # the names that exist are listed


def test_broken_tag_is_reported_with_its_paragraph(tmp_path):
    path = custom_template(tmp_path / "t.docx", "开始", "{% if plan.address %}地址未闭合", "结束")
    report = check_template(path)
    assert not report.ok
    assert "地址未闭合" in report.problems[0]


def test_cli_exit_codes(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(main, ["template", "check", str(SHIPPED)])
    assert ok.exit_code == 0 and "编制目的" in ok.output
    bad = custom_template(tmp_path / "bad.docx", "{{ nobody }}")
    result = runner.invoke(main, ["template", "check", str(bad)])
    assert result.exit_code == 1
    assert "nobody" in result.output and "Traceback" not in result.output


def test_build_with_a_custom_template_that_names_nothing_fails_cleanly(workbook, tmp_path):
    bad = custom_template(tmp_path / "bad.docx", "{{ plan.unit_name }}", "{{ nobody.name }}")
    result = CliRunner().invoke(main, ["build", str(workbook()), "--out", str(tmp_path / "o"),
                                       "--template", str(bad), "--no-toc-pages"])
    assert result.exit_code == 1
    assert "nobody" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").iterdir())


def test_build_with_a_custom_template_renders_it(workbook, tmp_path):
    good = custom_template(tmp_path / "good.docx", "本单位：{{ plan.unit_name }}",
                           "{% for r in risks %}{{ r.code }}={{ r.level }} {% endfor %}")
    result = CliRunner().invoke(main, ["build", str(workbook()), "--out", str(tmp_path / "o"),
                                       "--template", str(good), "--no-toc-pages"])
    assert result.exit_code == 0, result.output
    written = next((tmp_path / "o").glob("*.docx"))
    text = "\n".join(p.text for p in docx.Document(str(written)).paragraphs)
    assert "本单位：测试服务有限公司" in text
    assert "R-01=重大" in text and "R-04=低" in text
