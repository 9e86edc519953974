//! A CSV file shaped by a source declaration: exactly the declared columns, in declared order,
//! in the declared delimiter, decimal mark and encoding.
//!
//! Generators do not write text themselves. Each names the columns it knows how to fill
//! ([`Binding`]: by column name, or by role so a renamed kommun or kön column still works) and
//! hands over typed values per row; the table turns them into bytes the declaration allows. Codes
//! are resolved against the declared codes once, up front ([`CodeChoice`]), so a generator can never
//! write an undeclared code, and a column the generator does not know (a question added to the
//! kommunenkät last week) is still filled with plausible values of its declared type.

use std::io::Write;

use jamfor_spec::keywords::{ColumnType, Encoding, FormatKind, Role};
use jamfor_spec::manifest::{Column, Source};

use crate::date::{Day, date};
use crate::encoding::encode;
use crate::error::SynthError;
use crate::random::Rng;

/// Share of empty values in a nullable column the generator does not know.
const GENERISK_TOM: f64 = 0.03;

/// How a generator recognises a declared column it can fill.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Binding<'a, K> {
    name: Option<&'a str>,
    roll: Option<Role>,
    falt: K,
}

/// The column called `namn`.
pub(crate) const fn name<K>(name: &str, falt: K) -> Binding<'_, K> {
    Binding {
        name: Some(name),
        roll: None,
        falt,
    }
}

/// The column with role `roll`, whatever it is called.
pub(crate) const fn roll<K>(roll: Role, falt: K) -> Binding<'static, K> {
    Binding {
        name: None,
        roll: Some(roll),
        falt,
    }
}

/// One cell as the generator means it; the table writes it as the column's type requires.
#[derive(Debug, Clone, Copy)]
pub(crate) enum CellValue<'a> {
    /// No value (only where the column is nullable; otherwise the table writes a typed default).
    Tom,
    /// Bytes already in the file's encoding: a resolved code.
    Bytes(&'a [u8]),
    /// Text to be encoded.
    Text(&'a str),
    /// A whole number.
    Heltal(i64),
    /// A number in hundredths, written with two decimals: exact, no float formatting.
    Hundradelar(i64),
    /// A pseudonymous identifier, written as `p` and 12 hex digits: the letter makes sure it
    /// can never read as a personnummer, even when all twelve digits happen to be 0–9.
    Id(u64),
    /// A calendar day, written `YYYY-MM-DD`.
    Datum(Day),
}

/// A weighted choice among declared codes, resolved once.
#[derive(Debug, Clone, Default)]
pub(crate) struct CodeChoice {
    /// Encoded code and cumulative weight, the last being 1.
    koder: Vec<(Vec<u8>, f64)>,
}

impl CodeChoice {
    /// The code at cumulative probability `u` in [0, 1).
    pub(crate) fn choose(&self, u: f64) -> &[u8] {
        self.koder
            .iter()
            .find(|(_, kum)| u < *kum)
            .or(self.koder.last())
            .map_or(&[], |(k, _)| k.as_slice())
    }

    /// The first code: for a choice of one.
    pub(crate) fn first(&self) -> &[u8] {
        self.koder.first().map_or(&[], |(k, _)| k.as_slice())
    }
}

/// Rows and bytes of a written file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Count {
    /// Data rows, without the header.
    pub rows: u64,
    /// Bytes, with the header.
    pub bytes: u64,
}

struct BoundColumn<K> {
    name: String,
    typ: ColumnType,
    nullable: bool,
    roll: Option<Role>,
    falt: Option<K>,
    /// Declared codes, encoded.
    koder: Vec<Vec<u8>>,
}

/// A CSV file being written for one source and year.
pub(crate) struct Table<'w, K> {
    kalla: String,
    ar: i32,
    avgransare: u8,
    decimal: u8,
    encoding: Encoding,
    kolumner: Vec<BoundColumn<K>>,
    kon: [Vec<u8>; 2],
    ut: &'w mut dyn Write,
    rad: Vec<u8>,
    slump: Rng,
    rakning: Count,
}

impl<'w, K: Copy + PartialEq> Table<'w, K> {
    /// Binds the declared columns and writes the header. `slump` fills the columns no binding
    /// matched.
    pub(crate) fn ny(
        source: &Source,
        bindningar: &[Binding<'_, K>],
        ar: i32,
        slump: Rng,
        ut: &'w mut dyn Write,
    ) -> Result<Self, SynthError> {
        let fel = |message: String| SynthError::Declaration {
            source: source.id.clone(),
            message,
        };
        if source.format.kind != FormatKind::Csv {
            return Err(fel(format!(
                "declared as {}; synth writes CSV only",
                source.format.kind
            )));
        }
        let avgransare = ascii(source.format.delimiter)
            .filter(|b| !matches!(b, b'"' | b'\n' | b'\r'))
            .ok_or_else(|| fel("the delimiter must be one ASCII character".into()))?;
        let decimal = ascii(source.format.decimal)
            .filter(|b| matches!(b, b'.' | b','))
            .ok_or_else(|| fel("the decimal mark must be `.` or `,`".into()))?;
        if source.role(Role::Kommun).is_none() {
            return Err(fel("no column has role `kommun`".into()));
        }
        let encoding = source.format.encoding;
        let koda_text = |text: &str, kolumn: &str| {
            let mut b = Vec::new();
            encode(text, encoding, &mut b).map_err(|character| SynthError::Encoding {
                source: source.id.clone(),
                column: kolumn.to_string(),
                character,
            })?;
            Ok::<_, SynthError>(b)
        };
        let mut kolumner = Vec::with_capacity(source.columns.len());
        for c in &source.columns {
            let falt = bindningar
                .iter()
                .find(|b| b.name == Some(c.name.as_str()))
                .or_else(|| {
                    bindningar
                        .iter()
                        .find(|b| b.roll.is_some() && b.roll == c.role)
                })
                .map(|b| b.falt);
            let koder = c
                .codes
                .iter()
                .map(|(code, _)| koda_text(code, &c.name))
                .collect::<Result<_, _>>()?;
            kolumner.push(BoundColumn {
                name: c.name.clone(),
                typ: c.column_type,
                nullable: c.nullable,
                roll: c.role,
                falt,
                koder,
            });
        }
        let kon = match source.role(Role::Kon).and_then(|c| c.kon_codes.as_ref()) {
            Some(k) => [koda_text(&k.kvinnor, "kön")?, koda_text(&k.man, "kön")?],
            None => [b"K".to_vec(), b"M".to_vec()],
        };
        let mut tabell = Table {
            kalla: source.id.clone(),
            ar,
            avgransare,
            decimal,
            encoding,
            kolumner,
            kon,
            ut,
            rad: Vec::with_capacity(256),
            slump,
            rakning: Count::default(),
        };
        if source.format.header {
            tabell.skriv_huvud(source)?;
        }
        Ok(tabell)
    }

    fn skriv_huvud(&mut self, source: &Source) -> Result<(), SynthError> {
        self.rad.clear();
        for (i, c) in source.columns.iter().enumerate() {
            if i > 0 {
                self.rad.push(self.avgransare);
            }
            let mut b = Vec::new();
            encode(&c.name, self.encoding, &mut b).map_err(|character| SynthError::Encoding {
                source: self.kalla.clone(),
                column: c.name.clone(),
                character,
            })?;
            skriv_falt(&mut self.rad, &b, self.avgransare);
        }
        self.rad.push(b'\n');
        self.skicka()?;
        self.rakning.rows = 0;
        Ok(())
    }

    /// Whether the column may be left empty (false when it is not declared).
    pub(crate) fn may_be_empty(&self, falt: K) -> bool {
        self.kolumn(falt).is_some_and(|c| c.nullable)
    }

    fn kolumn(&self, falt: K) -> Option<&BoundColumn<K>> {
        self.kolumner.iter().find(|c| c.falt == Some(falt))
    }

    /// A weighted choice among the codes the generator would like to write, restricted to the
    /// declared ones; when none of them is declared, the declared codes with equal weight.
    pub(crate) fn code_choice(&self, falt: K, vikter: &[(&str, f64)]) -> CodeChoice {
        let Some(kolumn) = self.kolumn(falt) else {
            return CodeChoice::default();
        };
        let mut valda: Vec<(Vec<u8>, f64)> = Vec::new();
        for (code, weight) in vikter {
            let mut b = Vec::new();
            // A code we cannot encode cannot be declared either (declared codes were encoded).
            if encode(code, self.encoding, &mut b).is_err() || *weight <= 0.0 {
                continue;
            }
            if kolumn.koder.is_empty() || kolumn.koder.contains(&b) {
                valda.push((b, *weight));
            }
        }
        if valda.is_empty() {
            valda = kolumn.koder.iter().map(|k| (k.clone(), 1.0)).collect();
        }
        let summa: f64 = valda.iter().map(|(_, v)| v).sum();
        let mut kum = 0.0;
        for (_, v) in &mut valda {
            kum += *v / summa;
            *v = kum;
        }
        if let Some(sista) = valda.last_mut() {
            sista.1 = 1.0;
        }
        CodeChoice { koder: valda }
    }

    /// The declared codes of the kön column for kvinnor and män.
    pub(crate) fn kon(&self) -> &[Vec<u8>; 2] {
        &self.kon
    }

    /// Writes one row; `varde` is asked for every column bound to a field.
    pub(crate) fn rad<'v>(
        &mut self,
        mut varde: impl FnMut(K) -> CellValue<'v>,
    ) -> Result<(), SynthError> {
        self.rad.clear();
        for i in 0..self.kolumner.len() {
            if i > 0 {
                self.rad.push(self.avgransare);
            }
            let v = match self.kolumner[i].falt {
                Some(falt) => varde(falt),
                None => CellValue::Tom,
            };
            match (self.kolumner[i].falt, v) {
                (None, _) => self.generiskt(i)?,
                (Some(_), CellValue::Tom) if !self.kolumner[i].nullable => self.standard(i),
                (Some(_), v) => self.skriv(i, v)?,
            }
        }
        self.rad.push(b'\n');
        self.skicka()
    }

    fn skicka(&mut self) -> Result<(), SynthError> {
        self.ut
            .write_all(&self.rad)
            .map_err(|e| SynthError::io(format!("<{}>", self.kalla), e))?;
        self.rakning.rows += 1;
        self.rakning.bytes += self.rad.len() as u64;
        Ok(())
    }

    /// Flushes and returns what was written.
    pub(crate) fn finish(self) -> Result<Count, SynthError> {
        self.ut
            .flush()
            .map_err(|e| SynthError::io(format!("<{}>", self.kalla), e))?;
        Ok(self.rakning)
    }

    fn skriv(&mut self, i: usize, v: CellValue<'_>) -> Result<(), SynthError> {
        let typ = self.kolumner[i].typ;
        match v {
            CellValue::Tom => {}
            CellValue::Bytes(b) => skriv_falt(&mut self.rad, b, self.avgransare),
            // A kommun code in an integer column is written as the number it is ("180").
            CellValue::Text(t)
                if typ == ColumnType::Integer && t.bytes().all(|c| c.is_ascii_digit()) =>
            {
                let forsta = t
                    .bytes()
                    .position(|c| c != b'0')
                    .unwrap_or(t.len().saturating_sub(1));
                self.rad.extend_from_slice(&t.as_bytes()[forsta..]);
            }
            // ASCII is the same in every declared encoding: the common case needs no copy.
            CellValue::Text(t) if t.is_ascii() => {
                skriv_falt(&mut self.rad, t.as_bytes(), self.avgransare)
            }
            CellValue::Text(t) => {
                let mut b = Vec::new();
                encode(t, self.encoding, &mut b).map_err(|character| SynthError::Encoding {
                    source: self.kalla.clone(),
                    column: self.kolumner[i].name.clone(),
                    character,
                })?;
                skriv_falt(&mut self.rad, &b, self.avgransare);
            }
            CellValue::Heltal(n) => skriv_heltal(&mut self.rad, n),
            CellValue::Hundradelar(h) if typ == ColumnType::Integer => {
                // Round half away from zero to whole units.
                let hel = if h >= 0 {
                    (h + 50) / 100
                } else {
                    (h - 50) / 100
                };
                skriv_heltal(&mut self.rad, hel);
            }
            CellValue::Hundradelar(h) => {
                if h < 0 {
                    self.rad.push(b'-');
                }
                let h = h.unsigned_abs();
                skriv_heltal(&mut self.rad, (h / 100) as i64);
                self.rad.push(self.decimal);
                self.rad.push(b'0' + (h / 10 % 10) as u8);
                self.rad.push(b'0' + (h % 10) as u8);
            }
            CellValue::Id(id) => skriv_id(&mut self.rad, id),
            CellValue::Datum(d) => skriv_datum(&mut self.rad, d),
        }
        Ok(())
    }

    /// A typed stand-in where a generator left a non-nullable column empty.
    fn standard(&mut self, i: usize) {
        let k = &self.kolumner[i];
        match (k.typ, k.koder.first()) {
            (_, Some(code)) => skriv_falt(&mut self.rad, &code.clone(), self.avgransare),
            (ColumnType::Boolean, None) => self.rad.extend_from_slice(b"false"),
            (ColumnType::Date, None) => {
                let ar = self.ar;
                skriv_heltal(&mut self.rad, i64::from(ar));
                self.rad.extend_from_slice(b"-12-31");
            }
            _ => self.rad.push(b'0'),
        }
    }

    /// A value for a column the generator does not know, from its type and role alone.
    fn generiskt(&mut self, i: usize) -> Result<(), SynthError> {
        let (typ, roll, nullable, n_koder) = {
            let k = &self.kolumner[i];
            (k.typ, k.roll, k.nullable, k.koder.len())
        };
        if nullable && self.slump.chance(GENERISK_TOM) {
            return Ok(());
        }
        let ar = i64::from(self.ar);
        let v = match (roll, typ) {
            (_, _) if n_koder > 0 => {
                let j = self.slump.under(n_koder as u64) as usize;
                let code = self.kolumner[i].koder[j].clone();
                skriv_falt(&mut self.rad, &code, self.avgransare);
                return Ok(());
            }
            (Some(Role::Period), ColumnType::Date) => {
                skriv_heltal(&mut self.rad, ar);
                self.rad.extend_from_slice(b"-12-31");
                return Ok(());
            }
            (Some(Role::Period), _) => CellValue::Heltal(ar),
            (Some(Role::Identifying), _) => CellValue::Id(self.slump.next_u64()),
            (Some(Role::Weight), _) => CellValue::Hundradelar(100),
            (Some(Role::Kon), _) => {
                let code = self.kon[self.slump.under(2) as usize].clone();
                skriv_falt(&mut self.rad, &code, self.avgransare);
                return Ok(());
            }
            (Some(Role::Alder), _) => CellValue::Heltal(self.slump.between(0, 100)),
            (_, ColumnType::Integer) => CellValue::Heltal(self.slump.between(0, 99)),
            (_, ColumnType::Decimal) => CellValue::Hundradelar(self.slump.between(0, 99_999)),
            (_, ColumnType::Boolean) => CellValue::Text(if self.slump.chance(0.5) {
                "true"
            } else {
                "false"
            }),
            (_, ColumnType::Date) => {
                let (m, d) = (self.slump.between(1, 12), self.slump.between(1, 28));
                skriv_heltal(&mut self.rad, ar);
                self.rad.push(b'-');
                skriv_tva(&mut self.rad, m);
                self.rad.push(b'-');
                skriv_tva(&mut self.rad, d);
                return Ok(());
            }
            (_, ColumnType::Text | ColumnType::Code) => CellValue::Id(self.slump.next_u64()),
        };
        self.skriv(i, v)
    }
}

fn ascii(c: char) -> Option<u8> {
    c.is_ascii().then_some(c as u8)
}

/// A field, quoted when it holds the delimiter, a quote or a line break.
fn skriv_falt(rad: &mut Vec<u8>, b: &[u8], avgransare: u8) {
    if b.iter()
        .any(|&c| c == avgransare || matches!(c, b'"' | b'\n' | b'\r'))
    {
        rad.push(b'"');
        for &c in b {
            if c == b'"' {
                rad.push(b'"');
            }
            rad.push(c);
        }
        rad.push(b'"');
    } else {
        rad.extend_from_slice(b);
    }
}

fn skriv_heltal(rad: &mut Vec<u8>, n: i64) {
    if n < 0 {
        rad.push(b'-');
    }
    let mut n = n.unsigned_abs();
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    rad.extend_from_slice(&buf[i..]);
}

fn skriv_tva(rad: &mut Vec<u8>, n: i64) {
    rad.push(b'0' + (n / 10 % 10) as u8);
    rad.push(b'0' + (n % 10) as u8);
}

fn skriv_datum(rad: &mut Vec<u8>, d: Day) {
    let (ar, manad, day) = date(d);
    skriv_heltal(rad, i64::from(ar));
    rad.push(b'-');
    skriv_tva(rad, i64::from(manad));
    rad.push(b'-');
    skriv_tva(rad, i64::from(day));
}

fn skriv_id(rad: &mut Vec<u8>, id: u64) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    rad.push(b'p');
    for k in (0..12).rev() {
        rad.push(HEX[((id >> (4 * k)) & 0xF) as usize]);
    }
}

/// Whether a column is a Ja/Nej question: a code column whose codes include both.
pub(crate) fn yes_no(c: &Column) -> bool {
    c.column_type == ColumnType::Code
        && c.codes.iter().any(|(k, _)| k == "Ja")
        && c.codes.iter().any(|(k, _)| k == "Nej")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_exactly() {
        let mut rad = Vec::new();
        skriv_heltal(&mut rad, -120);
        rad.push(b' ');
        skriv_heltal(&mut rad, 0);
        rad.push(b' ');
        skriv_id(&mut rad, 0xAB);
        rad.push(b' ');
        skriv_datum(&mut rad, crate::date::day(2024, 2, 9));
        assert_eq!(rad, b"-120 0 p0000000000ab 2024-02-09");
    }

    #[test]
    fn fields_with_the_delimiter_are_quoted() {
        let mut rad = Vec::new();
        skriv_falt(&mut rad, b"Ja, mycket", b',');
        rad.push(b';');
        skriv_falt(&mut rad, b"Ja, mycket", b';');
        assert_eq!(rad, b"\"Ja, mycket\";Ja, mycket");
    }
}
