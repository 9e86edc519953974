#!/usr/bin/env bash
# ci-release.sh — an example CI job for a release of Öppna jämförelser:
#
#   1. check   every definition (`jamfor check`); stop on any error or warning;
#   2. run     the release (`jamfor run`), writing `$OUT_DIR/<release id>/`; when the private
#              run state of the published release is at hand (`$ROOT/.jamfor/state/`, e.g.
#              kept in the CI cache), only indicators whose fingerprint changed are recomputed
#              (`--state`); disclosure control always runs over the whole release;
#   3. diff    the new release against the last published one (`jamfor diff`), printing which
#              indicators and cells changed and why, and saving the same as JSON beside it.
#
# Usage:   scripts/ci-release.sh [PIPELINE]          (default: pipelines/oj-2024.toml)
#
# Settings (environment variables):
#   JAMFOR            the jamfor command (default: `jamfor` on PATH, else `cargo run --release --`)
#   ROOT              the definitions root (default: the repository this script lies in)
#   OUT_DIR           where the new release folder is written (default: $ROOT/releases)
#   PUBLISHED_DIR     where the last published release folder lies, as `<release id>/`
#                     (default: $ROOT/published). Without it, step 3 is skipped with a note.
#   FAIL_ON_CHANGE=1  exit 1 when the diff finds changes, so that a changed release needs a
#                     person's approval before it is published.
#
# Exit codes: 0 release built (and unchanged, or changes allowed); 1 findings in the check, or
# changes with FAIL_ON_CHANGE=1; 2 a usage error or an unreadable file in any step. On GitHub
# Actions the check's findings are printed as annotations on the pull request.
set -euo pipefail

ROOT="${ROOT:-$(cd "$(dirname "$0")/.." && pwd)}"
PIPELINE="${1:-pipelines/oj-2024.toml}"
OUT_DIR="${OUT_DIR:-$ROOT/releases}"
PUBLISHED_DIR="${PUBLISHED_DIR:-$ROOT/published}"

if [[ -n "${JAMFOR:-}" ]]; then
    read -r -a jamfor <<<"$JAMFOR"
elif command -v jamfor >/dev/null 2>&1; then
    jamfor=(jamfor)
else
    jamfor=(cargo run --quiet --release --manifest-path "$ROOT/Cargo.toml" --)
fi

# The release id names the release folder; it is the `id` of the pipeline's [release] table.
pipeline_file="$PIPELINE"
[[ -f "$pipeline_file" ]] || pipeline_file="$ROOT/$PIPELINE"
release_id="$(sed -n 's/^id *= *"\(.*\)".*/\1/p' "$pipeline_file" 2>/dev/null | head -n 1 || true)"
if [[ -z "$release_id" ]]; then
    echo "error: cannot read the release id from \`$PIPELINE\`; give a pipeline file" >&2
    exit 2
fi

format=human
[[ "${GITHUB_ACTIONS:-}" == "true" ]] && format=github

echo "== check: every definition under $ROOT"
"${jamfor[@]}" check --root "$ROOT" --deny-warnings --format "$format"

published="$PUBLISHED_DIR/$release_id"
state=()
if [[ -f "$published/manifest.json" && -d "$ROOT/.jamfor/state/$release_id" ]]; then
    state=(--state "$published")
fi

echo "== run: $PIPELINE → $OUT_DIR/$release_id${state:+ (recomputing only what changed since $published)}"
"${jamfor[@]}" run "$PIPELINE" --root "$ROOT" --out "$OUT_DIR" "${state[@]}"

if [[ ! -d "$published" ]]; then
    echo "== diff: skipped, no published release at $published"
    exit 0
fi

echo "== diff: $published → $OUT_DIR/$release_id"
status=0
"${jamfor[@]}" diff "$published" "$OUT_DIR/$release_id" || status=$?
"${jamfor[@]}" diff "$published" "$OUT_DIR/$release_id" --format json \
    >"$OUT_DIR/$release_id.diff.json" || true
case "$status" in
    0) echo "== no change against the published release" ;;
    1)
        echo "== changes against the published release (saved in $OUT_DIR/$release_id.diff.json)"
        [[ "${FAIL_ON_CHANGE:-0}" == "1" ]] && exit 1
        ;;
    *) exit "$status" ;;
esac
exit 0
