"""Runs the Python examples of a document against a release, so that the examples readers copy
stay true: every ```python block, with the release folder it names replaced by the one given, in
a fresh namespace; each table, list or frame it leaves behind must hold rows (a query on an
indicator id that does not exist runs fine and returns nothing, which is what this catches).

Usage: python3 scripts/run_doc_examples.py DOC.md RELEASE_DIR
"""

import contextlib
import io
import re
import sys
from pathlib import Path

NAMED_RELEASE = "releases/oj-socialtjanst-2024"


def rows(value):
    """The number of rows of a result readers look at, or None for anything else."""
    if isinstance(value, list):
        return len(value)
    for attribute in ("num_rows", "shape"):
        if hasattr(value, attribute) and not isinstance(value, type):
            found = getattr(value, attribute)
            return found[0] if isinstance(found, tuple) else found
    return None


def main(doc: Path, release: Path) -> None:
    blocks = re.findall(r"```python\n(.*?)```", doc.read_text(encoding="utf-8"), re.S)
    assert blocks, f"{doc} has no Python examples"
    for number, block in enumerate(blocks, start=1):
        code = block.replace(NAMED_RELEASE, str(release))
        namespace: dict = {}
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(code, f"{doc.name} example {number}", "exec"), namespace)
        results = {name: rows(value) for name, value in namespace.items() if not name.startswith("_")}
        results = {name: n for name, n in results.items() if n is not None}
        assert results, f"{doc.name} example {number} leaves no result to check"
        empty = [name for name, n in results.items() if n == 0]
        assert not empty, f"{doc.name} example {number}: {empty} hold no rows"
    print(f"{len(blocks)} examples of {doc.name} ran and returned rows")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
