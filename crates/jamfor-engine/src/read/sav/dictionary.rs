//! The dictionary of an SPSS system file: the header, then one record per variable, value labels,
//! and extension records (long names, very long strings, the character encoding), up to the
//! record that ends it. Only what reading the values as text needs is kept: names, widths, print
//! formats (to tell dates), user-missing values and value labels.

use std::collections::HashMap;

/// Why the bytes are not an SPSS file as far as they go.
#[derive(Debug)]
pub(super) enum Broken {
    /// The file ends inside a record or a row.
    CutOff,
    /// A record that cannot be; the text says which.
    Invalid(String),
}

/// Reads the file's bytes front to back in the file's byte order.
#[derive(Debug)]
pub(super) struct Bytes<'a> {
    data: &'a [u8],
    pub(super) at: usize,
    pub(super) big_endian: bool,
}

impl<'a> Bytes<'a> {
    pub(super) fn new(data: &'a [u8]) -> Self {
        Bytes {
            data,
            at: 0,
            big_endian: false,
        }
    }

    pub(super) fn take(&mut self, n: usize) -> Result<&'a [u8], Broken> {
        let end = self.at.checked_add(n).ok_or(Broken::CutOff)?;
        let slice = self.data.get(self.at..end).ok_or(Broken::CutOff)?;
        self.at = end;
        Ok(slice)
    }

    pub(super) fn i32(&mut self) -> Result<i32, Broken> {
        let b: [u8; 4] = self.take(4)?.try_into().map_err(|_| Broken::CutOff)?;
        Ok(if self.big_endian {
            i32::from_be_bytes(b)
        } else {
            i32::from_le_bytes(b)
        })
    }

    pub(super) fn i64(&mut self) -> Result<i64, Broken> {
        let b: [u8; 8] = self.take(8)?.try_into().map_err(|_| Broken::CutOff)?;
        Ok(if self.big_endian {
            i64::from_be_bytes(b)
        } else {
            i64::from_le_bytes(b)
        })
    }

    pub(super) fn f64(&mut self) -> Result<f64, Broken> {
        let b = self.take(8)?;
        Ok(self.f64_of(b))
    }

    pub(super) fn f64_of(&self, b: &[u8]) -> f64 {
        let b: [u8; 8] = b.try_into().unwrap_or([0; 8]);
        if self.big_endian {
            f64::from_be_bytes(b)
        } else {
            f64::from_le_bytes(b)
        }
    }

    /// A count from the file, refused when negative or beyond what the file could hold.
    pub(super) fn count(&mut self, what: &str) -> Result<usize, Broken> {
        let n = self.i32()?;
        usize::try_from(n)
            .ok()
            .filter(|n| *n <= self.data.len())
            .ok_or_else(|| Broken::Invalid(format!("has an impossible {what} ({n})")))
    }

    /// A size from the file (of something elsewhere in it), refused when negative.
    pub(super) fn size(&mut self, what: &str) -> Result<usize, Broken> {
        let n = self.i32()?;
        usize::try_from(n).map_err(|_| Broken::Invalid(format!("has an impossible {what} ({n})")))
    }

    pub(super) fn rest(&self) -> &'a [u8] {
        self.data.get(self.at..).unwrap_or_default()
    }
}

/// User-missing values of a variable: values SPSS treats as missing, read as empty.
#[derive(Debug, Clone, Default)]
pub(super) struct Missing {
    pub(super) values: Vec<[u8; 8]>,
    pub(super) range: Option<(f64, f64)>,
}

/// One variable, as the rows hold it.
#[derive(Debug, Clone)]
pub(super) struct Variable {
    /// The name (the long name when the file has one).
    pub(super) name: String,
    /// 0 for a number, else the string's width in bytes.
    pub(super) width: usize,
    /// The first 8-byte slot of the variable in a row.
    pub(super) slot: usize,
    /// The print format's type code (SPSS' numbering: 20 DATE, 22 DATETIME, …).
    pub(super) format: i32,
    pub(super) missing: Missing,
    /// Value labels: the value's 8 raw bytes (a number, or a short string padded with spaces),
    /// or a long string's bytes, and the label's bytes.
    pub(super) labels: Vec<(Vec<u8>, Vec<u8>)>,
    /// Further 255-byte segments of a very long string, by first slot.
    pub(super) segments: Vec<usize>,
}

/// The dictionary and where the rows start.
#[derive(Debug)]
pub(super) struct Dictionary {
    pub(super) variables: Vec<Variable>,
    /// 8-byte slots per row.
    pub(super) row_slots: usize,
    /// 0 none, 1 bytecode, 2 zlib (a `.zsav`).
    pub(super) compression: i32,
    /// Rows as the header gives them; `None` when it does not say.
    pub(super) rows: Option<usize>,
    /// The bias of bytecode compression (100 in every file seen).
    pub(super) bias: f64,
    /// The encoding of names, strings and labels.
    pub(super) encoding: &'static encoding_rs::Encoding,
}

/// The encoding a file's text is in: the one it names (record 7.20, written since SPSS 16), else
/// the one of the code page of the machine that wrote it (record 7.3), else Windows-1252, as
/// SPSS wrote on Swedish Windows before it said so.
fn encoding_of(
    name: Option<&[u8]>,
    code_page: Option<i32>,
) -> Result<&'static encoding_rs::Encoding, Broken> {
    if let Some(name) = name {
        let trimmed = String::from_utf8_lossy(name).trim().to_string();
        return encoding_rs::Encoding::for_label(trimmed.as_bytes()).ok_or_else(|| {
            Broken::Invalid(format!(
                "declares its text in the encoding `{trimmed}`, which jamfor cannot read"
            ))
        });
    }
    Ok(match code_page {
        Some(65001) => encoding_rs::UTF_8,
        _ => encoding_rs::WINDOWS_1252,
    })
}

/// `bytes` as text in `encoding`, without the spaces and NULs that pad it.
pub(super) fn text(bytes: &[u8], encoding: &'static encoding_rs::Encoding) -> String {
    let end = bytes
        .iter()
        .rposition(|b| !matches!(b, b' ' | 0))
        .map_or(0, |i| i + 1);
    encoding
        .decode_without_bom_handling(&bytes[..end])
        .0
        .into_owned()
}

/// Reads the header and the dictionary; `bytes` is left where the rows (or the zlib header) start.
pub(super) fn read(bytes: &mut Bytes<'_>) -> Result<Dictionary, Broken> {
    let magic = bytes.take(4)?;
    if magic != b"$FL2" && magic != b"$FL3" {
        return Err(Broken::Invalid(
            "does not start as an SPSS data file does (`$FL2` or `$FL3`)".into(),
        ));
    }
    bytes.take(60)?;
    let layout = bytes.take(4)?;
    // The layout code is 2 or 3 in the writer's byte order: that order is the file's.
    bytes.big_endian = !matches!(layout, [2 | 3, 0, 0, 0]);
    let row_slots = bytes.i32()?;
    let compression = bytes.i32()?;
    bytes.i32()?; // the weight variable: not used, a source declares its `weight` column
    let rows = bytes.i32()?;
    let bias = bytes.f64()?;
    bytes.take(84)?; // creation date and time, file label, padding
    if !(0..=2).contains(&compression) {
        return Err(Broken::Invalid(format!(
            "uses a compression jamfor does not know ({compression})"
        )));
    }

    let mut variables: Vec<Variable> = Vec::new();
    // For each 8-byte slot, the variable that starts there.
    let mut slot_owner: HashMap<usize, usize> = HashMap::new();
    let mut slot = 0;
    // Names are read as bytes until the encoding, declared after them, is known.
    let mut short_names: Vec<&[u8]> = Vec::new();
    let mut long_names: &[u8] = &[];
    let mut very_long: &[u8] = &[];
    let mut long_labels: &[u8] = &[];
    let mut encoding = None;
    let mut code_page = None;
    loop {
        match bytes.i32()? {
            2 => {
                let width = bytes.i32()?;
                let has_label = bytes.i32()?;
                let missing_count = bytes.i32()?;
                let print = bytes.i32()?;
                bytes.i32()?; // write format
                let name = bytes.take(8)?;
                if has_label == 1 {
                    let len = bytes.count("variable label length")?;
                    bytes.take(len.div_ceil(4) * 4)?;
                }
                let mut missing = Missing::default();
                let discrete = match missing_count {
                    0..=3 => missing_count,
                    -2 | -3 => {
                        let low = bytes.f64()?;
                        let high = bytes.f64()?;
                        missing.range = Some((low, high));
                        // A range, and one discrete value with -3.
                        -missing_count - 2
                    }
                    n => {
                        return Err(Broken::Invalid(format!(
                            "has a variable with {n} missing values"
                        )));
                    }
                };
                for _ in 0..discrete {
                    let value: [u8; 8] = bytes.take(8)?.try_into().map_err(|_| Broken::CutOff)?;
                    missing.values.push(value);
                }
                if width == -1 {
                    // A continuation of the string before: one more slot of it.
                    slot += 1;
                    continue;
                }
                let width = usize::try_from(width)
                    .map_err(|_| Broken::Invalid(format!("has a variable of width {width}")))?;
                slot_owner.insert(slot, variables.len());
                short_names.push(name);
                variables.push(Variable {
                    name: String::new(),
                    width,
                    slot,
                    format: (print >> 16) & 0xFF,
                    missing,
                    labels: Vec::new(),
                    segments: Vec::new(),
                });
                slot += 1;
            }
            3 => {
                let count = bytes.count("number of value labels")?;
                let mut labels = Vec::with_capacity(count);
                for _ in 0..count {
                    let value = bytes.take(8)?.to_vec();
                    let len = usize::from(bytes.take(1)?[0]);
                    let label = bytes.take((len + 1).div_ceil(8) * 8 - 1)?;
                    labels.push((value, label[..len].to_vec()));
                }
                if bytes.i32()? != 4 {
                    return Err(Broken::Invalid(
                        "has value labels not followed by the variables they belong to".into(),
                    ));
                }
                let count = bytes.count("number of labelled variables")?;
                for _ in 0..count {
                    let index = bytes.i32()?;
                    let owner = usize::try_from(index - 1)
                        .ok()
                        .and_then(|s| slot_owner.get(&s))
                        .ok_or_else(|| {
                            Broken::Invalid(format!(
                                "labels a variable that is not there ({index})"
                            ))
                        })?;
                    variables[*owner].labels.extend(labels.iter().cloned());
                }
            }
            6 => {
                let lines = bytes.count("number of document lines")?;
                bytes.take(lines * 80)?;
            }
            7 => {
                let subtype = bytes.i32()?;
                let size = bytes.count("extension record size")?;
                let count = bytes.count("extension record count")?;
                let data = bytes.take(size.checked_mul(count).ok_or(Broken::CutOff)?)?;
                match subtype {
                    3 if data.len() >= 32 => {
                        let mut info = Bytes::new(&data[28..32]);
                        info.big_endian = bytes.big_endian;
                        code_page = info.i32().ok();
                    }
                    13 => long_names = data,
                    14 => very_long = data,
                    20 => encoding = Some(data),
                    21 => long_labels = data,
                    _ => {}
                }
            }
            999 => {
                bytes.i32()?;
                break;
            }
            other => {
                return Err(Broken::Invalid(format!(
                    "has a dictionary record of unknown type {other} at byte {}",
                    bytes.at - 4
                )));
            }
        }
    }
    let encoding = encoding_of(encoding, code_page)?;
    let long_names = pairs(long_names, encoding);
    for (variable, short) in variables.iter_mut().zip(short_names) {
        variable.name = text(short, encoding);
        if let Some((_, long)) = long_names
            .iter()
            .find(|(short, _)| short.eq_ignore_ascii_case(&variable.name))
        {
            variable.name.clone_from(long);
        }
    }
    let very_long: Vec<(String, usize)> = pairs(very_long, encoding)
        .into_iter()
        .filter_map(|(k, v)| v.trim().parse().ok().map(|w| (k, w)))
        .collect();
    let mut variables = joined_segments(variables, &very_long);
    long_string_labels(long_labels, &mut variables, bytes.big_endian, encoding);
    Ok(Dictionary {
        variables,
        row_slots: usize::try_from(row_slots).unwrap_or(0).max(slot),
        compression,
        rows: usize::try_from(rows).ok(),
        bias,
        encoding,
    })
}

/// `KEY=value` pairs separated by tabs (or NULs), as records 7.13 and 7.14 write them.
fn pairs(data: &[u8], encoding: &'static encoding_rs::Encoding) -> Vec<(String, String)> {
    text(data, encoding)
        .split(['\t', '\0'])
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.to_string()))
        .collect()
}

/// A string longer than 255 bytes is written as several variables of 255 bytes: the first
/// carries the name, the others follow it. They become one variable again.
fn joined_segments(variables: Vec<Variable>, very_long: &[(String, usize)]) -> Vec<Variable> {
    let mut out: Vec<Variable> = Vec::with_capacity(variables.len());
    let mut rest = variables.into_iter();
    while let Some(mut variable) = rest.next() {
        let width = very_long
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(&variable.name))
            .map(|(_, w)| *w);
        if let Some(width) = width.filter(|w| *w > 255) {
            for _ in 1..width.div_ceil(252) {
                if let Some(segment) = rest.next() {
                    variable.segments.push(segment.slot);
                }
            }
            variable.width = width;
        }
        out.push(variable);
    }
    out
}

/// Value labels of strings longer than 8 bytes (record 7.21): per variable, its name, width and
/// labels, each value and label with its length.
fn long_string_labels(
    data: &[u8],
    variables: &mut [Variable],
    big_endian: bool,
    encoding: &'static encoding_rs::Encoding,
) {
    let mut bytes = Bytes::new(data);
    bytes.big_endian = big_endian;
    let mut one = || -> Result<(), Broken> {
        let len = bytes.count("name length")?;
        let name = text(bytes.take(len)?, encoding);
        bytes.i32()?; // width
        let count = bytes.count("number of labels")?;
        let mut labels = Vec::with_capacity(count);
        for _ in 0..count {
            let len = bytes.count("value length")?;
            let value = bytes.take(len)?.to_vec();
            let len = bytes.count("label length")?;
            labels.push((value, bytes.take(len)?.to_vec()));
        }
        if let Some(v) = variables
            .iter_mut()
            .find(|v| v.name.eq_ignore_ascii_case(&name))
        {
            v.labels.extend(labels);
        }
        Ok(())
    };
    while one().is_ok() {}
}
