//! What the first lines of a CSV text say before any value is read: line ends that are CR only,
//! a header read with the wrong delimiter, a column named twice, a header without rows. Each is a
//! whole-file mistake with one cause, named here; found later, it would surface as a puzzling
//! missing column (a did-you-mean on a glued header), a silently ignored second column, or
//! denominators of zero.

use jamfor_spec::manifest::Source;

use crate::error::DataError;

/// Delimiters a delivered file may use instead of the declared one.
const DELIMITERS: [char; 4] = [';', ',', '\t', '|'];

/// How much of a header is quoted in a message.
const QUOTED: usize = 60;

/// The first record that is not blank: its 1-based line and its text (without the line end).
fn first_line(text: &str) -> Option<(u64, &str)> {
    text.split('\n')
        .enumerate()
        .map(|(i, line)| (i as u64 + 1, line.strip_suffix('\r').unwrap_or(line)))
        .find(|(_, line)| !line.trim().is_empty())
}

/// The fields of a header line, unquoted and trimmed.
fn names(line: &str, delimiter: char) -> Vec<String> {
    let mut names = vec![String::new()];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => names.push(String::new()),
            c => {
                if let Some(name) = names.last_mut() {
                    name.push(c);
                }
            }
        }
    }
    names.iter().map(|n| n.trim().to_string()).collect()
}

fn shortened(text: &str) -> String {
    match text.char_indices().nth(QUOTED) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

fn shown(delimiter: char) -> String {
    match delimiter {
        '\t' => "\\t".to_string(),
        c => c.to_string(),
    }
}

/// Checks the first lines of `text` (not blank), the `year` file of `source` at `path`.
///
/// # Errors
/// A [`DataError`] at line 1 (or the header's line) for CR-only line ends, a header with one
/// column where another delimiter splits it, a column named twice, or a header without rows.
pub(super) fn check(text: &str, source: &Source, year: i32, path: &str) -> Result<(), DataError> {
    // A file saved with CR line ends (classic Mac OS) is one long line to every reader.
    if text.contains('\r') && !text.contains('\n') {
        return Err(DataError::file(
            path,
            "has line ends that are CR only (as classic Mac OS saved text), so the whole file reads as one line",
        )
        .line(1)
        .help("save the file with LF or CRLF line ends (any editor's or Excel's \"CSV UTF-8\" does)"));
    }
    if !source.format.header {
        return Ok(());
    }
    let Some((line, header)) = first_line(text) else {
        return Ok(());
    };
    let declared = source.format.delimiter;
    let columns = names(header, declared);
    if columns.len() == 1
        && source.columns.len() > 1
        && let Some(other) = DELIMITERS
            .into_iter()
            .find(|&d| d != declared && names(header, d).len() > 1)
    {
        return Err(DataError::file(
            path,
            format!(
                "the header has one column `{}`; is the delimiter `{}`? the source declares `{}`",
                shortened(header),
                shown(other),
                shown(declared)
            ),
        )
        .line(line)
        .help(format!(
            "declare `delimiter = \"{}\"` in the source's `[source.format]`, or export the file with `{}`",
            other.escape_default(),
            shown(declared)
        )));
    }
    for (second, name) in columns.iter().enumerate() {
        // Unnamed columns (a trailing delimiter, a spacer column) hold nothing the source reads.
        if name.is_empty() {
            continue;
        }
        if let Some(first) = columns[..second].iter().position(|n| n == name) {
            return Err(DataError::file(
                path,
                format!(
                    "names the column `{name}` twice in its header (columns {} and {})",
                    first + 1,
                    second + 1
                ),
            )
            .line(line)
            .column(name.clone())
            .help("rename or remove one of them: jamfor cannot know which one holds the values the source declares"));
        }
    }
    let rows = text
        .split('\n')
        .skip(usize::try_from(line).unwrap_or(usize::MAX))
        .any(|l| !l.trim().is_empty());
    if !rows {
        return Err(no_rows(source, year, path).line(line));
    }
    Ok(())
}

/// The error for a file (or sheet) with its header and nothing else: read as it is, every count
/// of the year would be zero and every share a share of nothing.
pub(super) fn no_rows(source: &Source, year: i32, path: &str) -> DataError {
    DataError::file(path, "the file has a header but no rows").help(format!(
        "the {year} file of source `{}` must hold that year's rows: check that the export was not cut off or filtered to nothing, or point `[inputs.{}]` in the release at the right file",
        source.id, source.id
    ))
}
