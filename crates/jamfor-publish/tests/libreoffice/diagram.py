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
import sys

import uno

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from office import opened, props  # noqa: E402


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
    with opened(workbook, profile, sorted_sheets) as doc:
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


if __name__ == "__main__":
    main()
