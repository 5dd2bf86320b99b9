"""LibreOffice's side of the single-load pass, run by a Python that has `uno`
(LibreOffice's own, or the system's with python3-uno) — never imported by docgen.

It connects to a LibreOffice that docgen started listening on a pipe, then answers
one JSON request per line on stdin with one JSON line on stdout:

    {"op": "open", "doc": PATH, "prefixes": ["_Toc", …]}
        → {"pages": {bookmark: physical page}} for the bookmarks with those prefixes
    {"op": "fill", "values": {token: text or null}}
        → {"filled": n}: each of these placeholder tokens replaced by its text; null
          removes the token and the tab before it (an entry printed without a number)
    {"op": "export", "pdf": PATH}  → {"ok": true}: the PDF, with Writer's default options
    {"op": "close"}  → {"ok": true}

It ends when its stdin closes.

Anything that goes wrong is {"error": "…"}. Only the standard library and uno: the
interpreter that runs this file knows nothing of docgen's dependencies, and may be
older than docgen's (LibreOffice's own).
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

PLACEHOLDER = "\\uE000[0-9]+\\uE001"  # ICU regex: docgen's placeholders in the 目录


def _prop(name: str, value: Any) -> Any:
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def connect(pipe: str, seconds: float) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + seconds
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", context)
        except Exception:  # NoConnectException until LibreOffice listens
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def pages_of(doc: Any, prefixes: list[str]) -> dict[str, int]:
    marks = doc.getBookmarks()
    cursor = doc.getCurrentController().getViewCursor()
    pages: dict[str, int] = {}
    for name in marks.getElementNames():
        if name.startswith(tuple(prefixes)):
            cursor.gotoRange(marks.getByName(name).getAnchor(), False)
            pages[name] = cursor.getPage()
    return pages


def fill(doc: Any, values: dict[str, str | None]) -> int:
    search = doc.createSearchDescriptor()
    search.SearchString = PLACEHOLDER
    search.SearchRegularExpression = True
    found = doc.findAll(search)
    for i in range(found.getCount()):
        found_range = found.getByIndex(i)
        token = found_range.getString()
        if token not in values:  # not docgen's: typed text stays as it is
            continue
        value = values[token]
        if value is None:
            cursor = found_range.getText().createTextCursorByRange(found_range)
            cursor.goLeft(1, True)
            if cursor.getString().startswith("\t"):
                found_range = cursor
        found_range.setString(value or "")
    return int(found.getCount())


def export(doc: Any, pdf: str) -> None:
    doc.storeToURL(uno.systemPathToFileUrl(pdf), (_prop("FilterName", "writer_pdf_Export"),))


def main() -> None:
    pipe, seconds = sys.argv[1], float(sys.argv[2])
    desktop = connect(pipe, seconds)
    print(json.dumps({"ready": True}), flush=True)
    doc: Any = None
    for line in sys.stdin:
        request = json.loads(line)
        op = request["op"]
        reply: dict[str, Any]
        try:
            if op == "open":
                if doc is not None:
                    doc.close(True)
                url = uno.systemPathToFileUrl(os.path.abspath(request["doc"]))
                doc = desktop.loadComponentFromURL(url, "_blank", 0, (
                    _prop("Hidden", True), _prop("UpdateDocMode", 0)))  # NO_UPDATE: no links
                if doc is None:
                    raise RuntimeError("LibreOffice could not open the document")
                reply = {"pages": pages_of(doc, request.get("prefixes", []))}
            elif op == "fill":
                reply = {"filled": fill(doc, request["values"])}
            elif op == "export":
                export(doc, os.path.abspath(request["pdf"]))
                reply = {"ok": True}
            elif op == "close":
                if doc is not None:
                    doc.close(True)
                doc = None
                reply = {"ok": True}
            else:
                reply = {"error": f"unknown op {op}"}
        except Exception as exc:
            reply = {"error": f"{type(exc).__name__}: {exc}",
                     "trace": traceback.format_exc()[-800:]}
        print(json.dumps(reply, ensure_ascii=False), flush=True)
    if doc is not None:
        doc.close(True)


if __name__ == "__main__":
    main()
