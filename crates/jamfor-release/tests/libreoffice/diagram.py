"""Chooses kommuner (and the charts' indicator) on a workbook's Jämför sheet in LibreOffice and
prints what its charts plot, then prints the top of the sheet, charts included, to a PDF.

Used by tests/excel_libreoffice.rs. Usage:

    python3 diagram.py WORKBOOK PROFILE_DIR OUT_DIR RANGE [--sort SHEET:COL...] -- CHOICE...

The sheets named after --sort are first sorted descending by a column, as valj_kommun.py does.
A CHOICE is a kommun name, or "KOMMUN@INDICATOR TITLE" to choose the charts' indicator too. For
each choice the script writes the kommun into B3 (and the title into B9), recalculates, and
prints one JSON line: {"kommun": ..., "charts": [{"title": ..., "series": [{"name": ...,
"values": [number or null, ...]}, ...]}, ...], "pdf": path}, where the PDF (OUT_DIR/jamfor-N.pdf)
is RANGE of the Jämför sheet printed as LibreOffice draws it.
"""

import json
import math
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from valj_kommun import sort_descending  # noqa: E402


def props(**values):
    result = []
    for name, value in values.items():
        p = PropertyValue()
        p.Name, p.Value = name, value
        result.append(p)
    return tuple(result)


def number(v):
    # An error cell (#N/A) reaches the chart as NaN or as its text, an empty one as None: no point.
    if isinstance(v, (int, float)) and not math.isnan(v):
        return v
    return None


def charts_of(sheet):
    out = []
    charts = sheet.getCharts()
    for name in sorted(charts.getElementNames()):
        doc = charts.getByName(name).getEmbeddedObject()
        title = ""
        if doc.HasMainTitle:
            title = doc.getTitle().String
        series = []
        for cs in doc.getFirstDiagram().getCoordinateSystems():
            for chart_type in cs.getChartTypes():
                for s in chart_type.getDataSeries():
                    for seq in s.getDataSequences():
                        values = seq.getValues()
                        if values.Role != "values-y":
                            continue
                        label = seq.getLabel()
                        series.append(
                            {
                                "name": "".join(str(x) for x in label.getData()) if label else "",
                                "values": [number(v) for v in values.getData()],
                            }
                        )
        out.append({"title": title, "series": series})
    return out


def export_pdf(doc, sheet, ref, pdf):
    cells = sheet.getCellRangeByName(ref)
    doc.storeToURL(
        uno.systemPathToFileUrl(pdf),
        props(
            FilterName="calc_pdf_Export",
            FilterData=uno.Any(
                "[]com.sun.star.beans.PropertyValue", props(Selection=cells)
            ),
        ),
    )


def main():
    workbook, profile, out_dir, ref = sys.argv[1:5]
    rest = sys.argv[5:]
    split = rest.index("--") if "--" in rest else len(rest)
    options, choices = rest[:split], rest[split + 1 :]
    sorted_sheets = options[1:] if options[:1] == ["--sort"] else []
    pipe = "jamfor_diagram_%d" % os.getpid()
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
            props(Hidden=True),
        )
        for option in sorted_sheets:
            name, column = option.rsplit(":", 1)
            sort_descending(doc, name, int(column))
        sheet = doc.Sheets.getByName("Jämför")
        for n, choice in enumerate(choices):
            kommun, _, indicator = choice.partition("@")
            sheet.getCellRangeByName("B3").setString(kommun)
            if indicator:
                sheet.getCellRangeByName("B9").setString(indicator)
            doc.calculateAll()
            pdf = os.path.join(os.path.abspath(out_dir), "jamfor-%d.pdf" % n)
            export_pdf(doc, sheet, ref, pdf)
            print(
                json.dumps(
                    {"kommun": kommun, "charts": charts_of(sheet), "pdf": pdf},
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
