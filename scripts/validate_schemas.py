"""Validates every definition file under a root against the JSON Schemas that `jamfor schema` writes.

An independent check that the published schemas accept what `jamfor check` accepts: editors use
the schemas, so they must not flag valid files. Usage: validate_schemas.py SCHEMA_DIR ROOT...
"""

import json
import pathlib
import sys
import tomllib

import jsonschema


def kind_of(relative: pathlib.PurePosixPath) -> str | None:
    parts = relative.parts
    if parts[0] == "sources":
        return "source"
    if parts[0] == "policies":
        return "policies"
    if parts[0] == "pipelines":
        return "release"
    if parts[0] == "indicators" and len(parts) >= 3:
        return "area" if parts[-1] == "area.toml" and len(parts) == 3 else "indicators"
    return None


def main() -> int:
    schema_dir = pathlib.Path(sys.argv[1])
    schemas = {
        path.name.removesuffix(".schema.json"): json.loads(path.read_text())
        for path in schema_dir.glob("*.schema.json")
    }
    checked = failed = 0
    for root in map(pathlib.Path, sys.argv[2:]):
        for path in sorted(root.rglob("*.toml")):
            relative = pathlib.PurePosixPath(path.relative_to(root).as_posix())
            kind = kind_of(relative)
            if kind is None:
                continue
            document = tomllib.loads(path.read_text(encoding="utf-8"))
            # TOML dates become datetime.date; the schema describes them as strings.
            document = json.loads(json.dumps(document, default=str))
            validator = jsonschema.Draft7Validator(schemas[kind])
            errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
            checked += 1
            for error in errors:
                failed += 1
                where = "/".join(map(str, error.path))
                print(f"{path}: {where}: {error.message}")
    print(f"{checked} files checked against the schemas, {failed} problems")
    return 1 if failed or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
