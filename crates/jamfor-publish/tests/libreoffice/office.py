"""A headless LibreOffice holding one workbook, for the scripts beside this one.

`opened(WORKBOOK, PROFILE_DIR, sorted_sheets, filtered_sheets)` starts LibreOffice with its own
profile in PROFILE_DIR (so it never meets a running office), opens a hidden copy of WORKBOOK,
sorts the places of each "SHEET:COL" in `sorted_sheets` by that column, descending, then applies
the sheet's own filter for each "SHEET:COL:TEXT" in `filtered_sheets` (only rows whose column
equals TEXT stay visible), as a reader might, and yields the document; on leaving it closes the
document and the office.
"""

import contextlib
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.sheet import TableFilterField
from com.sun.star.sheet.FilterOperator import EQUAL
from com.sun.star.table import TableSortField


def props(**values):
    result = []
    for name, value in values.items():
        p = PropertyValue()
        p.Name, p.Value = name, value
        result.append(p)
    return tuple(result)


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


def show_only(doc, name, column, text):
    """Filters a value sheet (headings on row 3, places below) to the rows whose column is text."""
    sheet = doc.Sheets.getByName(name)
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    end = cursor.getRangeAddress()
    cells = sheet.getCellRangeByPosition(0, 2, end.EndColumn, end.EndRow)
    descriptor = cells.createFilterDescriptor(True)
    field = TableFilterField()
    field.Field, field.Operator, field.IsNumeric, field.StringValue = column, EQUAL, False, text
    descriptor.ContainsHeader = True
    descriptor.FilterFields = (field,)
    cells.filter(descriptor)


def _connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    for _ in range(240):
        try:
            return resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        except NoConnectException:
            time.sleep(0.5)
    sys.exit("LibreOffice did not start")


@contextlib.contextmanager
def opened(workbook, profile, sorted_sheets=(), filtered_sheets=()):
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
        ctx = _connect(pipe)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(os.path.abspath(workbook)), "_blank", 0, props(Hidden=True)
        )
        for option in sorted_sheets:
            name, column = option.rsplit(":", 1)
            sort_descending(doc, name, int(column))
        for option in filtered_sheets:
            name, column, text = option.split(":", 2)
            show_only(doc, name, int(column), text)
        yield doc
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
