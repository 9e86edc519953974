"""Chooses kommuner on a workbook's Jämför sheet in LibreOffice and prints what it computes.

Used by tests/excel_libreoffice.rs. Usage:

    python3 valj_kommun.py WORKBOOK PROFILE_DIR FIRST_ROW LAST_COL [--sort SHEET:COL...]
        [--filter SHEET:COL:TEXT...] -- KOMMUN...

Starts a headless LibreOffice with its own profile in PROFILE_DIR (so it never meets a running
office), opens WORKBOOK, sorts the rows of each SHEET (a value sheet: its places from row 4 down)
by its column COL (0-based), descending, as a reader might with the sheet's filter, filters each
SHEET of --filter to the rows whose column COL is TEXT (the others hidden), and for each KOMMUN
writes the name into the choice cell B3, recalculates and prints one JSON line: {"kommun": ..., "cells": [[row of cells], ...]} for the rows from
FIRST_ROW (0-based) down to the first empty row, columns 0..=LAST_COL, plus the helper cells.
A cell is {"v": number}, {"s": text} or {"e": error code}.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from office import opened  # noqa: E402

# com.sun.star.sheet.FormulaResult
VALUE, STRING, ERROR = 1, 2, 4
# com.sun.star.table.CellContentType
EMPTY, NUMBER, TEXT, FORMULA = 0, 1, 2, 3


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


def main():
    workbook, profile, first_row, last_col = sys.argv[1:5]
    first_row, last_col = int(first_row), int(last_col)
    rest = sys.argv[5:]
    split = rest.index("--") if "--" in rest else len(rest)
    options, kommuner = rest[:split], rest[split + 1 :]
    # "--sort SHEET:COL ..." and "--filter SHEET:COL:TEXT ...", in either order.
    chosen = {"--sort": [], "--filter": []}
    current = None
    for option in options:
        if option in chosen:
            current = chosen[option]
        elif current is not None:
            current.append(option)
    with opened(workbook, profile, chosen["--sort"], chosen["--filter"]) as doc:
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


if __name__ == "__main__":
    main()
