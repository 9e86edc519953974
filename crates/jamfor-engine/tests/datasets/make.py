#!/usr/bin/env python3
"""Makes the small SAS and SPSS files the engine's tests read (tests/datasets.rs).

The files are committed, so the tests need nothing installed; run this script again only to
change them. It needs the ReadStat command line and C library (Debian's `readstat` and
`libreadstat-dev` packages, 1.1.8), gcc, and pyreadstat (`pip install pyreadstat pandas`), and
writes every file from the CSV text and metadata below, or from sas_dates.c, so what each file
holds can be read here.

- insatser.sas7bdat, insatser_fel.sas7bdat: a register extract as a SAS dataset. The ReadStat
  command line writes SAS datasets only by converting another file, so each is made
  CSV + metadata -> .sav -> .sas7bdat. ReadStat keeps no SAS formats in that conversion, so these
  datasets hold no dates.
- insatser_datum.sas7bdat (sas_dates.c, written with ReadStat's C library): a register extract
  with SAS date formats (DATE9., YYMMDD10.) and a date-time format (DATETIME20.): a birth date
  before 1960 and one on 1960-01-01 (SAS day 0), dates after 2000 and a leap day, end dates
  missing as `.` and `.A`, registration times at midnight, with a fraction of a second, missing.
  ReadStat stores each format whole (`DATE9.`), where SAS stores the name and the width apart.
- insatser_datum_fel.sas7bdat (sas_dates.c): the same rows, the decision date BESLUT with the
  number format BEST12. instead of a date format.
- brukare.sav (pyreadstat): a brukarundersökning with value labels, a user-missing code, a date,
  a design weight, a long variable name and a string longer than 255 bytes.
- brukare.zsav (pyreadstat, zlib-compressed) and brukare_bytecode.sav (pyreadstat, bytecode-
  compressed, as SPSS saves by default): the same rows.
- brukare_readstat.sav (ReadStat from CSV + JSON metadata): the same answers as ReadStat writes them.
- brukare_okand.sav: an answer coded 7, which has no value label.
- brukare_inkommen.sav (pyreadstat): the same rows with a date-time column, one value at midnight.
"""

import datetime
import json
import os
import subprocess
import tempfile

import pandas as pd
import pyreadstat

HERE = os.path.dirname(os.path.abspath(__file__))


def readstat(*args):
    subprocess.run(["readstat", *args], check=True, capture_output=True)


def sas_dataset(name, csv, variables):
    """CSV text and ReadStat JSON variables -> name.sas7bdat, through an SPSS file."""
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = os.path.join(tmp, "in.csv")
        meta_path = os.path.join(tmp, "in.json")
        sav_path = os.path.join(tmp, "in.sav")
        with open(csv_path, "w", encoding="utf-8") as f:
            f.write(csv)
        with open(meta_path, "w", encoding="utf-8") as f:
            json.dump({"type": "SPSS", "variables": variables}, f)
        readstat(csv_path, meta_path, sav_path)
        out = os.path.join(HERE, name)
        if os.path.exists(out):
            os.remove(out)
        readstat(sav_path, out)


# Upper-case names, as SAS datasets often have: the source declares them in lower case.
REGISTER_VARIABLES = [
    {"type": "STRING", "name": "LOPNR"},
    {"type": "NUMERIC", "name": "KOMMUN", "format": "NUMBER", "decimals": 0},
    {"type": "STRING", "name": "KON"},
    {"type": "NUMERIC", "name": "MANAD", "format": "NUMBER", "decimals": 0},
    {"type": "NUMERIC", "name": "TIMMAR", "format": "NUMBER", "decimals": 1},
]
sas_dataset(
    "insatser.sas7bdat",
    "LOPNR,KOMMUN,KON,MANAD,TIMMAR\n"
    "p01,180,K,1,12.5\n"
    "p02,180,M,3,2\n"
    "p03,1480,K,12,\n"
    "p04,114,M,6,7.25\n",
    REGISTER_VARIABLES,
)
# A month written as 2.5 on the third row.
sas_dataset(
    "insatser_fel.sas7bdat",
    "LOPNR,KOMMUN,KON,MANAD,TIMMAR\n"
    "p01,180,K,1,12.5\n"
    "p02,180,M,2.5,2\n",
    REGISTER_VARIABLES,
)

# The dated extract: written by a C program, as the command line cannot give a SAS dataset formats.
with tempfile.TemporaryDirectory() as tmp:
    program = os.path.join(tmp, "sas_dates")
    subprocess.run(
        ["gcc", os.path.join(HERE, "sas_dates.c"), "-lreadstat", "-o", program], check=True
    )
    subprocess.run([program, HERE], check=True)

LONG_TEXT = "Personalen var vänlig. " * 14  # 322 bytes in UTF-8: a very long string in SPSS
BRUKARE = pd.DataFrame(
    {
        "kommun": [180.0, 180.0, 180.0, 1480.0, 1480.0],
        "kon": [2.0, 1.0, 2.0, 1.0, 2.0],
        "bemotande_helhet": [1.0, 2.0, 9.0, 4.0, 1.0],
        "besok": [
            datetime.date(2023, 3, 1),
            datetime.date(2023, 5, 17),
            datetime.date(2023, 5, 17),
            datetime.date(2023, 12, 31),
            datetime.date(2023, 1, 2),
        ],
        "vikt": [1.5, 2.0, 1.0, 0.5, 1.25],
        "kommentar": [LONG_TEXT, "", "Bra", "", "Inget att tillägga"],
    }
)
LABELS = {
    "kon": {1.0: "Man", 2.0: "Kvinna"},
    "bemotande_helhet": {
        1.0: "Mycket bra",
        2.0: "Ganska bra",
        3.0: "Ganska dåligt",
        4.0: "Mycket dåligt",
        9.0: "Vet ej",
    },
}
MISSING = {"bemotande_helhet": [9.0]}
pyreadstat.write_sav(
    BRUKARE,
    os.path.join(HERE, "brukare.sav"),
    variable_value_labels=LABELS,
    missing_ranges=MISSING,
)
pyreadstat.write_sav(
    BRUKARE,
    os.path.join(HERE, "brukare.zsav"),
    variable_value_labels=LABELS,
    missing_ranges=MISSING,
    compress=True,
)
pyreadstat.write_sav(
    BRUKARE,
    os.path.join(HERE, "brukare_bytecode.sav"),
    variable_value_labels=LABELS,
    missing_ranges=MISSING,
    row_compress=True,
)
# A date-time column (SPSS DATETIME): one answer received at midnight exactly, which is still a
# date-time, and one later in the day.
inkommen = BRUKARE.copy()
inkommen["inkommen"] = [
    datetime.datetime(2023, 3, 1, 0, 0, 0),
    datetime.datetime(2023, 5, 17, 14, 5, 30),
    datetime.datetime(2023, 5, 17, 9, 0, 0),
    datetime.datetime(2023, 12, 31, 23, 59, 59),
    datetime.datetime(2023, 1, 2, 12, 0, 0),
]
pyreadstat.write_sav(
    inkommen,
    os.path.join(HERE, "brukare_inkommen.sav"),
    variable_value_labels=LABELS,
    missing_ranges=MISSING,
)
okand = BRUKARE.copy()
okand.loc[3, "bemotande_helhet"] = 7.0
pyreadstat.write_sav(
    okand,
    os.path.join(HERE, "brukare_okand.sav"),
    variable_value_labels=LABELS,
    missing_ranges=MISSING,
)

with tempfile.TemporaryDirectory() as tmp:
    csv_path = os.path.join(tmp, "brukare.csv")
    meta_path = os.path.join(tmp, "brukare.json")
    BRUKARE.drop(columns=["besok", "kommentar"]).to_csv(csv_path, index=False)
    categories = lambda labels: [{"code": c, "label": l} for c, l in labels.items()]
    with open(meta_path, "w", encoding="utf-8") as f:
        json.dump(
            {
                "type": "SPSS",
                "variables": [
                    {"type": "NUMERIC", "name": "kommun", "format": "NUMBER", "decimals": 0},
                    {
                        "type": "NUMERIC",
                        "name": "kon",
                        "format": "NUMBER",
                        "decimals": 0,
                        "categories": categories(LABELS["kon"]),
                    },
                    {
                        "type": "NUMERIC",
                        "name": "bemotande_helhet",
                        "format": "NUMBER",
                        "decimals": 0,
                        "categories": categories(LABELS["bemotande_helhet"]),
                        "missing": {"type": "DISCRETE", "values": [9]},
                    },
                    {"type": "NUMERIC", "name": "vikt", "format": "NUMBER", "decimals": 2},
                ],
            },
            f,
            ensure_ascii=False,
        )
    out = os.path.join(HERE, "brukare_readstat.sav")
    if os.path.exists(out):
        os.remove(out)
    readstat(csv_path, meta_path, out)
