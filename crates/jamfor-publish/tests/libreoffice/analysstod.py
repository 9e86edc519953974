"""Chooses kommuner on a workbook's Analysstöd sheet in LibreOffice and prints what it computes.

Used by tests/excel_libreoffice.rs. Usage:

    python3 analysstod.py WORKBOOK PROFILE_DIR SORT_COL -- KOMMUN...

Starts a headless LibreOffice (see office.py), opens WORKBOOK, sorts the rows of the sheet's
"Alla kommuner" table by its column SORT_COL (0-based), descending, as a reader might with the
table's filter, and prints first one JSON line {"list": [...]}: the names the kommun drop-down
(C3) offers, in its order. Then for each KOMMUN it writes the name into C3, recalculates and
prints {"kommun": ..., "antal": ..., "rows": [[cell, ...], ...]}: the count in C5 and the
chosen kommun's list from row 9 down (columns B to J), as text, while column C is not empty.
"""

import json
import os
import sys

import uno
from com.sun.star.table import TableSortField

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from office import opened  # noqa: E402

SHEET = "Analysstöd"
CHOICE = (2, 2)
ANTAL = (2, 4)
FIRST_LISTED = 8


def sort_full_table(sheet, column):
    """Sorts the rows of the "Alla kommuner" table (below its heading, to its last row)."""
    row = 0
    while sheet.getCellByPosition(0, row).getString() != "Alla kommuner":
        row += 1
        if row > 10000:
            sys.exit("no Alla kommuner table")
    first = row + 2
    last = first
    while sheet.getCellByPosition(0, last + 1).getString() != "":
        last += 1
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    end = cursor.getRangeAddress().EndColumn
    rows = sheet.getCellRangeByPosition(0, first, end, last)
    field = TableSortField()
    field.Field = column
    field.IsAscending = False
    descriptor = rows.createSortDescriptor()
    for p in descriptor:
        if p.Name == "SortFields":
            p.Value = uno.Any("[]com.sun.star.table.TableSortField", (field,))
        elif p.Name == "ContainsHeader":
            p.Value = False
    uno.invoke(rows, "sort", (descriptor,))


def offered(doc, sheet):
    """The names the drop-down's list formula (a defined name or a range) refers to."""
    formula = sheet.getCellByPosition(*CHOICE).Validation.getFormula1()
    name = formula.lstrip("=")
    if doc.NamedRanges.hasByName(name):
        cells = doc.NamedRanges.getByName(name).getReferredCells()
    else:
        cells = sheet.getCellRangeByName(name)
    return [row[0] for row in cells.getDataArray()]


def main():
    workbook, profile, sort_col = sys.argv[1:4]
    rest = sys.argv[4:]
    kommuner = rest[rest.index("--") + 1 :] if "--" in rest else []
    with opened(workbook, profile) as doc:
        sheet = doc.Sheets.getByName(SHEET)
        sort_full_table(sheet, int(sort_col))
        print(json.dumps({"list": offered(doc, sheet)}, ensure_ascii=False), flush=True)
        for kommun in kommuner:
            sheet.getCellByPosition(*CHOICE).setString(kommun)
            doc.calculateAll()
            rows = []
            row = FIRST_LISTED
            while sheet.getCellByPosition(2, row).getString() != "":
                rows.append([sheet.getCellByPosition(c, row).getString() for c in range(1, 10)])
                row += 1
            antal = sheet.getCellByPosition(*ANTAL).getString()
            print(
                json.dumps({"kommun": kommun, "antal": antal, "rows": rows}, ensure_ascii=False),
                flush=True,
            )


if __name__ == "__main__":
    main()
