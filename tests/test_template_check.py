"""`docgen template check` and building with a custom template."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
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


def _png(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (120, 60), (200, 30, 30)).save(path, dpi=(96, 96))
    return path


def test_a_template_edited_in_word_builds_with_its_changes(workbook, tmp_path):
    """What the worked example of docs/修改模板.md does by hand, done with python-docx: a
    paragraph reworded, a style's font changed, a logo added to the cover."""
    from docx.oxml.ns import qn
    from docx.shared import Mm

    document = docx.Document(str(SHIPPED))
    closing = next(p for p in document.paragraphs if p.text == "特此发布。")
    for run in closing.runs[1:]:
        run.text = ""
    closing.runs[0].text = "特此发布，请各部门遵照执行。"
    heading = document.styles["heading 1"]
    heading.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "方正黑体简体")
    cover = document.paragraphs[0]
    cover.insert_paragraph_before().add_run().add_picture(str(_png(tmp_path / "logo.png")),
                                                          width=Mm(30))
    mine = tmp_path / "我的模板.docx"
    document.save(str(mine))

    assert check_template(mine).ok
    result = CliRunner().invoke(main, ["build", str(workbook()), "--out", str(tmp_path / "o"),
                                       "--template", str(mine), "--no-toc-pages"])
    assert result.exit_code == 0, result.output
    written = next((tmp_path / "o").glob("*.docx"))
    built = docx.Document(str(written))
    texts = [p.text for p in built.paragraphs]
    assert "特此发布，请各部门遵照执行。" in texts and "特此发布。" not in texts
    fonts = built.styles["heading 1"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "方正黑体简体"
    assert len(built.inline_shapes) == 1
    assert "测试服务有限公司" in texts  # the cover still names the unit


def test_a_tag_word_split_across_paragraphs_is_mended(workbook, tmp_path):
    path = custom_template(tmp_path / "t.docx", "单位：{{ plan.", "unit_name }}")
    assert check_template(path).ok
    result = CliRunner().invoke(main, ["build", str(workbook()), "--out", str(tmp_path / "o"),
                                       "--template", str(path), "--no-toc-pages"])
    assert result.exit_code == 0, result.output
    written = next((tmp_path / "o").glob("*.docx"))
    assert "单位：测试服务有限公司" in [p.text for p in docx.Document(str(written)).paragraphs]


def test_full_width_braces_are_located(tmp_path):
    path = custom_template(tmp_path / "t.docx", "前言", "单位：｛｛ plan.unit_name ｝｝")
    report = check_template(path)
    assert not report.ok
    assert "全角" in report.problems[0] and "单位：" in report.problems[0]


@pytest.mark.parametrize(("tag", "said"), [
    ("{{ ''.__class__ }}", "__class__"),
    ("{{ plan.__init__.__globals__ }}", "__init__"),
    ("{{ plan['__dict__'] }}", "__dict__"),
    ("{% include '/etc/passwd' %}", "引用其他文件"),
])
def test_what_the_sandbox_refuses_is_said_by_the_check(tmp_path, tag, said):
    report = check_template(custom_template(tmp_path / "t.docx", "单位：{{ plan.unit_name }}",
                                            tag))
    assert not report.ok
    assert any(said in p for p in report.problems), report.problems
