#!/usr/bin/python3
"""Re-renders the README pictures (docs/img/kommuner.png and docs/img/jamfor.png) from a release.

Point it at the äldreomsorg workbook of a generated release:

    python3 scripts/render_pictures.py \\
        releases/oj-socialtjanst-2024/excel/aldreomsorg-2024.xlsx docs/img [KOMMUN]

It needs LibreOffice (`soffice` on PATH and its Python `uno` module; if the running Python
lacks `uno`, the script restarts itself under /usr/bin/python3) and `pdftoppm` (poppler-utils).
A headless LibreOffice with a throwaway profile opens a copy of the workbook, so the release is
never touched. kommuner.png shows the top-left corner of the Kommuner sheet; jamfor.png shows
the top of the Jämför sheet after KOMMUN has been written into the choice cell B3 and the
formulas recalculated. The default, Ockelbo, is a small kommun whose values show all three
symbols: ".." (sekretess), "-" (bortfall) and "." (ej tillämplig). Each range is printed to a
PDF page of exactly its size and turned into PNG by pdftoppm at DPI dots per inch.
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

DEFAULT_KOMMUN = "Ockelbo"
# Sheet, range shown, output file. Kommuner: title, header rows and the first 28 kommuner;
# Jämför: the choice cells and the first eleven indicators (29 rows).
PICTURES = [("Kommuner", "A1:N31", "kommuner.png"), ("Jämför", "A1:H38", "jamfor.png")]
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


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: render_pictures.py WORKBOOK OUT_DIR [KOMMUN]")
    workbook, out_dir = (os.path.abspath(a) for a in sys.argv[1:3])
    kommun = sys.argv[3] if len(sys.argv) == 4 else DEFAULT_KOMMUN
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
        jamfor = doc.Sheets.getByName("Jämför")
        jamfor.getCellRangeByName("B3").setString(kommun)
        doc.calculateAll()
        if jamfor.getCellRangeByName("B4").getString() == "":
            sys.exit("Jämför found no län for %r; is it a kommun name?" % kommun)
        for name, ref, png in PICTURES:
            png = os.path.join(out_dir, png)
            export_png(doc, doc.Sheets.getByName(name), ref, png, tmp)
            print("wrote %s (%s!%s)" % (png, name, ref))
        doc.close(True)
    finally:
        if office is not None:
            stop_office(office, desktop)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
