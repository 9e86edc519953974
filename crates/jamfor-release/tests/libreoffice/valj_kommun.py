"""Chooses kommuner on a workbook's Jämför sheet in LibreOffice and prints what it computes.

Used by tests/excel_libreoffice.rs. Usage:

    python3 valj_kommun.py WORKBOOK PROFILE_DIR FIRST_ROW LAST_COL [--sort SHEET:COL...] -- KOMMUN...

Starts a headless LibreOffice with its own profile in PROFILE_DIR (so it never meets a running
office), opens WORKBOOK, sorts the rows of each SHEET (a value sheet: its places from row 4 down)
by its column COL (0-based), descending, as a reader might with the sheet's filter, and for each
KOMMUN writes the name into the choice cell B3, recalculates
and prints one JSON line: {"kommun": ..., "cells": [[row of cells], ...]} for the rows from
FIRST_ROW (0-based) down to the first empty row, columns 0..=LAST_COL, plus the helper cells.
A cell is {"v": number}, {"s": text} or {"e": error code}.
"""

import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.table import TableSortField

# com.sun.star.sheet.FormulaResult
VALUE, STRING, ERROR = 1, 2, 4
# com.sun.star.table.CellContentType
EMPTY, NUMBER, TEXT, FORMULA = 0, 1, 2, 3


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def read(cell):
    kind = cell.getType().value
    if kind == "EMPTY":
        return {"s": ""}
    if kind == "VALUE":
        return {"v": cell.getValue()}
    if kind == "TEXT":
        return {"s": cell.getString()}
    if cell.getError() != 0:
        return {"e": cell.getError()}
    result = cell.FormulaResultType2
    if result == VALUE:
        return {"v": cell.getValue()}
    return {"s": cell.getString()}


def sort_descending(doc, name, column):
    """Sorts the places of a value sheet (rows 4 and down, every column) by a column, descending."""
    sheet = doc.Sheets.getByName(name)
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    end = cursor.getRangeAddress()
    places = sheet.getCellRangeByPosition(0, 3, end.EndColumn, end.EndRow)
    field = TableSortField()
    field.Field = column
    field.IsAscending = False
    descriptor = places.createSortDescriptor()
    for p in descriptor:
        if p.Name == "SortFields":
            p.Value = uno.Any("[]com.sun.star.table.TableSortField", (field,))
        elif p.Name == "ContainsHeader":
            p.Value = False
    uno.invoke(places, "sort", (descriptor,))


def main():
    workbook, profile, first_row, last_col = sys.argv[1:5]
    first_row, last_col = int(first_row), int(last_col)
    rest = sys.argv[5:]
    split = rest.index("--") if "--" in rest else len(rest)
    options, kommuner = rest[:split], rest[split + 1 :]
    sorted_sheets = options[1:] if options[:1] == ["--sort"] else []
    pipe = "jamfor_%d" % os.getpid()
    office = subprocess.Popen(
        [
            "soffice",
            "-env:UserInstallation=" + uno.systemPathToFileUrl(os.path.abspath(profile)),
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--accept=pipe,name=%s;urp;" % pipe,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        ctx = None
        for _ in range(240):
            try:
                ctx = resolver.resolve(
                    "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe
                )
                break
            except NoConnectException:
                time.sleep(0.5)
        if ctx is None:
            sys.exit("LibreOffice did not start")
        desktop = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", ctx
        )
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(os.path.abspath(workbook)),
            "_blank",
            0,
            (prop("Hidden", True),),
        )
        for option in sorted_sheets:
            name, column = option.rsplit(":", 1)
            sort_descending(doc, name, int(column))
        sheet = doc.Sheets.getByName("Jämför")
        for kommun in kommuner:
            sheet.getCellByPosition(1, 2).setString(kommun)
            doc.calculateAll()
            rows = []
            row = first_row
            while sheet.getCellByPosition(1, row).getString() != "":
                rows.append([read(sheet.getCellByPosition(c, row)) for c in range(last_col + 1)])
                row += 1
            head = [read(sheet.getCellByPosition(c, first_row - 1)) for c in range(last_col + 1)]
            # The hidden codes of the places shown (column BI).
            helpers = [read(sheet.getCellByPosition(60, r)) for r in range(2, 6)]
            places = [read(sheet.getCellByPosition(1, r)) for r in range(2, 5)]
            print(
                json.dumps(
                    {
                        "kommun": kommun,
                        "head": head,
                        "places": places,
                        "helpers": helpers,
                        "cells": rows,
                    },
                    ensure_ascii=False,
                ),
                flush=True,
            )
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            # The office may drop the connection while it shuts down.
            pass
    finally:
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
