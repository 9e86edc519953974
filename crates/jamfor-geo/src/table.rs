//! A deliberately small CSV reader for the embedded reference tables in `data/geo/`.
//!
//! Those tables are ours and kept simple on purpose: UTF-8, comma-separated, a header row, no
//! quoting. The reader rejects anything else loudly instead of guessing, so a table edited in a
//! spreadsheet program that started quoting fields fails the build's tests, not a release.

use std::fmt;

/// One data row: its 1-based line number in the file (for error messages) and its fields.
#[derive(Debug)]
pub(crate) struct Rad {
    pub(crate) rad: usize,
    pub(crate) falt: Vec<&'static str>,
}

/// Something wrong in an embedded table, with the file and line it was found on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableError {
    pub(crate) fil: &'static str,
    pub(crate) rad: usize,
    pub(crate) meddelande: String,
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "data/geo/{} line {}: {}",
            self.fil, self.rad, self.meddelande
        )
    }
}

impl TableError {
    pub(crate) fn new(fil: &'static str, rad: usize, meddelande: impl Into<String>) -> Self {
        TableError {
            fil,
            rad,
            meddelande: meddelande.into(),
        }
    }
}

/// Splits `text` into rows, checking the header is exactly `kolumner` and every row has as many
/// fields. Fields are returned as slices of the embedded text, so names stay `&'static str`.
pub(crate) fn las(
    fil: &'static str,
    text: &'static str,
    kolumner: &[&str],
) -> Result<Vec<Rad>, TableError> {
    // A checkout with CRLF line endings (git autocrlf on Windows) must read the same.
    let mut rader = text
        .lines()
        .map(|rad| rad.strip_suffix('\r').unwrap_or(rad))
        .enumerate()
        .map(|(i, rad)| (i + 1, rad));

    let Some((_, rubrik)) = rader.next() else {
        return Err(TableError::new(fil, 1, "the file is empty"));
    };
    let rubrik: Vec<&str> = rubrik.split(',').collect();
    if rubrik != kolumner {
        return Err(TableError::new(
            fil,
            1,
            format!("expected the header `{}`", kolumner.join(",")),
        ));
    }

    let mut ut = Vec::new();
    for (nr, rad) in rader {
        if rad.is_empty() {
            return Err(TableError::new(fil, nr, "empty line"));
        }
        if rad.contains('"') {
            return Err(TableError::new(
                fil,
                nr,
                "quoted fields are not supported; reference tables must not contain `\"` or `,` in a value",
            ));
        }
        let falt: Vec<&'static str> = rad.split(',').collect();
        if falt.len() != kolumner.len() {
            return Err(TableError::new(
                fil,
                nr,
                format!("{} fields, expected {}", falt.len(), kolumner.len()),
            ));
        }
        if let Some(f) = falt.iter().find(|f| f.trim() != **f) {
            return Err(TableError::new(
                fil,
                nr,
                format!("value `{f}` has surrounding spaces"),
            ));
        }
        ut.push(Rad { rad: nr, falt });
    }
    Ok(ut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_with_line_numbers() {
        let rader = las("t.csv", "a,b\n1,x\r\n2,\n", &["a", "b"]).expect("valid table");
        assert_eq!(rader.len(), 2);
        assert_eq!(rader[1].rad, 3);
        assert_eq!(rader[1].falt, ["2", ""]);
    }

    #[test]
    fn rejects_what_it_does_not_understand() {
        let fel = |text: &'static str| las("t.csv", text, &["a", "b"]).expect_err(text).to_string();
        assert_eq!(fel(""), "data/geo/t.csv line 1: the file is empty");
        assert_eq!(
            fel("a,c\n"),
            "data/geo/t.csv line 1: expected the header `a,b`"
        );
        assert_eq!(
            fel("a,b\n1\n"),
            "data/geo/t.csv line 2: 1 fields, expected 2"
        );
        assert!(fel("a,b\n\"1,2\",3\n").contains("quoted fields"));
        assert!(fel("a,b\n1,2\n\n3,4\n").ends_with("line 3: empty line"));
        assert!(fel("a,b\n1, 2\n").contains("surrounding spaces"));
    }
}
