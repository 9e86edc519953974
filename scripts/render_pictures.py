#!/usr/bin/python3
"""Re-renders the README pictures (docs/img/*.png) from a release's workbook.

Point it at the äldreomsorg workbook of a generated release:

    python3 scripts/render_pictures.py \\
        releases/oj-socialtjanst-2024/excel/aldreomsorg-2024.xlsx docs/img [KOMMUN...]

It needs LibreOffice (`soffice` on PATH and its Python `uno` module; if the running Python
lacks `uno`, the script restarts itself under /usr/bin/python3) and `pdftoppm` (poppler-utils).
A headless LibreOffice with a throwaway profile opens a copy of the workbook, so the release is
never touched. For each KOMMUN (default Ockelbo and Stockholm: a small kommun whose values show
every symbol, and the largest) it writes the kommun's name into Jämför's choice cell B3,
recalculates, and renders four pictures named after the kommun (ockelbo, stockholm):

- jamfor-KOMMUN.png: the top of the Jämför sheet — the choices, the two charts and the first
  rows of the table with the liknande kommuner by name;
- kommuner-KOMMUN.png: the Kommuner sheet filtered to the kommun's län;
- tidsserier-KOMMUN.png: the Tidsserier sheet filtered to the kommun's own rows;
- bortfall-KOMMUN.png: the Bortfall sheet, its per-kommun table filtered to the kommun.

The filters are the sheets' own (a reader's view); each range is printed to a PDF page of
exactly its size and turned into PNG by pdftoppm at DPI dots per inch.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

try:
    import uno
except ImportError:
    if sys.executable != "/usr/bin/python3" and os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", *sys.argv])
    raise
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

DEFAULT_KOMMUNER = ["Ockelbo", "Stockholm"]
# Rows of the Jämför table shown under its headings; columns of Kommuner and of Bortfall shown.
JAMFOR_ROWS = 14
KOMMUNER_COLS = "N"
BORTFALL_COLS = 11
DPI = 90
MARGIN = 200  # 1/100 mm of white around the range


def props(**values):
    result = []
    for name, value in values.items():
        p = PropertyValue()
        p.Name, p.Value = name, value
        result.append(p)
    return tuple(result)


def start_office(profile):
    """Starts soffice listening on a private pipe; returns (process, desktop)."""
    pipe = "render_pictures_%d" % os.getpid()
    office = subprocess.Popen(
        ["soffice", "-env:UserInstallation=" + uno.systemPathToFileUrl(profile), "--headless",
         "--invisible", "--norestore", "--nologo", "--accept=pipe,name=%s;urp;" % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            return office, ctx.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", ctx)
        except NoConnectException:
            if office.poll() is not None:
                break
            time.sleep(0.5)
    return office, None


def stop_office(office, desktop):
    if desktop is not None:
        try:
            desktop.terminate()
        except Exception:  # the bridge may drop while the office shuts down
            pass
    try:
        office.wait(timeout=30)
    except subprocess.TimeoutExpired:
        office.kill()
        office.wait()


def export_png(doc, sheet, ref, png, tmp):
    """Prints the range on one page of exactly its size, then rasterises that page."""
    cells = sheet.getCellRangeByName(ref)
    size = cells.Size
    style = doc.StyleFamilies.getByName("PageStyles").getByName(sheet.PageStyle)
    for name, value in dict(HeaderIsOn=False, FooterIsOn=False, PrintGrid=False,
                            CenterHorizontally=False, CenterVertically=False,
                            ScaleToPagesX=0, ScaleToPagesY=0, PageScale=100,
                            LeftMargin=MARGIN, RightMargin=MARGIN,
                            TopMargin=MARGIN, BottomMargin=MARGIN).items():
        style.setPropertyValue(name, value)
    style.IsLandscape = size.Width > size.Height
    style.Width = size.Width + 2 * MARGIN + 50  # a little slack against rounding
    style.Height = size.Height + 2 * MARGIN + 50
    sheet.PrintTitleRows = sheet.PrintTitleColumns = False
    pdf = os.path.join(tmp, "page.pdf")
    doc.storeToURL(uno.systemPathToFileUrl(pdf), props(
        FilterName="calc_pdf_Export", FilterData=uno.Any(
            "[]com.sun.star.beans.PropertyValue", props(Selection=cells))))
    stem = os.path.splitext(png)[0]
    subprocess.run(["pdftoppm", "-png", "-singlefile", "-f", "1", "-r", str(DPI), pdf, stem],
                   check=True)


def slug(name):
    """ "Upplands Väsby" -> "upplands-vasby": a file name without spaces or Swedish letters."""
    table = str.maketrans("åäöéü ", "aaoeu-")
    return name.lower().translate(table)


def used_rows(sheet):
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    return cursor.getRangeAddress().EndRow


def find_row(sheet, col, text, last):
    for row in range(last + 1):
        if sheet.getCellByPosition(col, row).getString() == text:
            return row
    sys.exit("no %r in column %d of %s" % (text, col, sheet.Name))


def last_heading(sheet, row, first=0):
    """The last column of a heading row's contiguous headings."""
    col = first
    while sheet.getCellByPosition(col + 1, row).getString() != "":
        col += 1
    return col


def column_name(col):
    name = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def show_only(sheet, first_row, last_row, last_col, equal):
    """Applies the sheet's filter to rows first_row..last_row: column == text for each pair."""
    from com.sun.star.sheet import TableFilterField
    from com.sun.star.sheet.FilterOperator import EQUAL

    cells = sheet.getCellRangeByPosition(0, first_row, last_col, last_row)
    descriptor = cells.createFilterDescriptor(True)
    fields = []
    for col, text in equal:
        field = TableFilterField()
        field.Field, field.Operator, field.IsNumeric, field.StringValue = col, EQUAL, False, text
        fields.append(field)
    descriptor.ContainsHeader = True
    descriptor.FilterFields = tuple(fields)
    cells.filter(descriptor)


def clear_filter(sheet, first_row, last_row, last_col):
    cells = sheet.getCellRangeByPosition(0, first_row, last_col, last_row)
    cells.filter(cells.createFilterDescriptor(True))


def render(doc, kommun, out_dir, tmp):
    jamfor = doc.Sheets.getByName("Jämför")
    jamfor.getCellRangeByName("B3").setString(kommun)
    doc.calculateAll()
    lan = jamfor.getCellRangeByName("B4").getString()
    if lan == "":
        sys.exit("Jämför found no län for %r; is it a kommun name?" % kommun)
    name = slug(kommun)
    pictures = []

    head = find_row(jamfor, 0, "Indikator", 200)
    last = last_heading(jamfor, head)
    pictures.append((jamfor, "A1:%s%d" % (column_name(last), head + 1 + JAMFOR_ROWS),
                     "jamfor-%s.png" % name, None))

    kommuner = doc.Sheets.getByName("Kommuner")
    end = used_rows(kommuner)
    pictures.append((kommuner, "A1:%s%d" % (KOMMUNER_COLS, end + 1), "kommuner-%s.png" % name,
                     (kommuner, 2, end, 3, [(2, lan)])))

    tidsserier = doc.Sheets.getByName("Tidsserier")
    end = used_rows(tidsserier)
    years_end = last_heading(tidsserier, 2, 4)
    pictures.append((tidsserier, "A1:%s%d" % (column_name(years_end), end + 1),
                     "tidsserier-%s.png" % name,
                     (tidsserier, 2, end, years_end, [(1, kommun), (2, "Kommun")])))

    bortfall = doc.Sheets.getByName("Bortfall")
    end = used_rows(bortfall)
    table = find_row(bortfall, 0, "Kommunkod", end)
    pictures.append((bortfall, "A1:%s%d" % (column_name(BORTFALL_COLS - 1), end + 1),
                     "bortfall-%s.png" % name,
                     (bortfall, table + 1, end, BORTFALL_COLS - 1, [(1, kommun)])))

    for sheet, ref, png, view in pictures:
        if view is not None:
            sheet_, first, last_row, last_col, equal = view
            show_only(sheet_, first, last_row, last_col, equal)
        path = os.path.join(out_dir, png)
        export_png(doc, sheet, ref, path, tmp)
        if view is not None:
            clear_filter(sheet_, first, last_row, last_col)
        print("wrote %s (%s!%s)" % (path, sheet.Name, ref))


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: render_pictures.py WORKBOOK OUT_DIR [KOMMUN...]")
    workbook, out_dir = (os.path.abspath(a) for a in sys.argv[1:3])
    kommuner = sys.argv[3:] or DEFAULT_KOMMUNER
    os.makedirs(out_dir, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="render_pictures_")
    office, desktop = None, None
    try:
        copy = shutil.copy(workbook, tmp)
        office, desktop = start_office(os.path.join(tmp, "profile"))
        if desktop is None:
            sys.exit("LibreOffice did not start")
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(copy), "_blank", 0,
                                           props(Hidden=True))
        for kommun in kommuner:
            render(doc, kommun, out_dir, tmp)
        doc.close(True)
    finally:
        if office is not None:
            stop_office(office, desktop)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
