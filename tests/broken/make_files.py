"""Writes the binary files of this folder, which docgen's own tools cannot make.

- old.xls: an Excel 97-2003 workbook (written with xlwt);
- encrypted.xlsx: a workbook protected with the password "secret" (msoffcrypto-tool),
  as Excel writes one: an OLE container holding EncryptionInfo and EncryptedPackage.

Neither tool is a dependency of docgen. To regenerate:
    python -m venv /tmp/gen && /tmp/gen/bin/pip install xlwt msoffcrypto-tool openpyxl
    /tmp/gen/bin/python tests/broken/make_files.py
"""

import io
from pathlib import Path

import openpyxl
import xlwt
from msoffcrypto.format.ooxml import OOXMLFile

HERE = Path(__file__).resolve().parent


def old_xls() -> None:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("风险")
    for col, text in enumerate(["编号", "风险名称"]):
        sheet.write(0, col, text)
    sheet.write(1, 0, "R-01")
    sheet.write(1, 1, "暴雨内涝")
    book.save(str(HERE / "old.xls"))


def encrypted_xlsx() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "风险"
    ws.append(["编号", "风险名称"])
    ws.append(["R-01", "暴雨内涝"])
    plain = io.BytesIO()
    wb.save(plain)
    plain.seek(0)
    office = OOXMLFile(plain)
    with (HERE / "encrypted.xlsx").open("wb") as out:
        office.encrypt("secret", out)


if __name__ == "__main__":
    old_xls()
    encrypted_xlsx()
