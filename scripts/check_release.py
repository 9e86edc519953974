"""Reads a release folder with pyarrow and DuckDB, the way researchers will, and checks that both
see the same results as the manifest describes. Used by the end-to-end tests when these readers
are installed (CI installs them).

Usage: python3 scripts/check_release.py RELEASE_DIR
"""

import json
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq


def main(release: Path) -> None:
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    expected_rows = sum(sum(by.values()) for by in manifest["cells"].values())

    table = pq.read_table(release / "parquet" / "results.parquet")
    assert table.num_rows == expected_rows, (table.num_rows, expected_rows)
    names = table.schema.names
    for column in ["indicator_id", "area", "period", "geo_level", "geo_code", "gender",
                   "age_group", "value", "numerator", "denominator", "respondents",
                   "ci_low", "ci_high", "status", "few_members", "colour"]:
        assert column in names, f"results.parquet lacks {column}"
    # Plain strings: `string_view` is unreadable for pyarrow 14 and older, Spark 3 and older R
    # arrow builds (scripts/check_old_readers.py reads the files with such a pyarrow).
    for path in sorted((release / "parquet").glob("*.parquet")):
        for field in pq.read_schema(path):
            assert "view" not in str(field.type), f"{path.name}: {field.name} is {field.type}"
    metadata = pq.read_metadata(release / "parquet" / "results.parquet").metadata
    assert metadata[b"jamfor.release_id"].decode() == manifest["release"]["id"]

    results = str(release / "parquet" / "results.parquet")
    geography = str(release / "parquet" / "geography.parquet")
    con = duckdb.connect()
    (rows,) = con.execute(f"select count(*) from '{results}'").fetchone()
    assert rows == expected_rows, (rows, expected_rows)
    (leaks,) = con.execute(
        f"select count(*) from '{results}' where status = 'confidential' "
        "and (value is not null or numerator is not null or denominator is not null)"
    ).fetchone()
    assert leaks == 0, f"{leaks} confidential rows carry figures"
    (unlabelled,) = con.execute(
        f"select count(*) from '{results}' r anti join '{geography}' g "
        "using (geo_level, geo_code)"
    ).fetchone()
    assert unlabelled == 0, f"{unlabelled} result rows have codes missing from geography.parquet"
    print(f"pyarrow and DuckDB read {rows} result rows of {manifest['release']['id']}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
