"""Reads every Parquet file of a release with an old pyarrow (13, as pandas installations of
2023 carry), the way a researcher whose environment is not new will. Each file must open, every
text column must be Arrow's plain `string` (not `string_view`, which pyarrow 14 and older, Spark 3
and older R arrow builds cannot read), and the results must hold the rows the manifest counts.

Usage: PYTHONPATH=<folder with pyarrow 13> python3 scripts/check_old_readers.py RELEASE_DIR
"""

import json
import sys
from pathlib import Path

import pyarrow
import pyarrow.parquet as pq


def main(release: Path) -> None:
    major = int(pyarrow.__version__.split(".")[0])
    assert major <= 14, f"this check needs an old pyarrow, found {pyarrow.__version__}"
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    expected_rows = sum(sum(by.values()) for by in manifest["cells"].values())
    files = sorted((release / "parquet").glob("*.parquet"))
    assert files, f"no Parquet files in {release / 'parquet'}"
    for path in files:
        table = pq.read_table(path)
        for field in table.schema:
            assert "view" not in str(field.type), f"{path.name}: {field.name} is {field.type}"
        if path.name == "results.parquet":
            assert table.num_rows == expected_rows, (table.num_rows, expected_rows)
    print(f"pyarrow {pyarrow.__version__} read {len(files)} Parquet files of {manifest['release']['id']}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
