//! The closed vocabularies of the definition language: source families, kinds of indicator,
//! kvalitetsdimensioner, levels, units, … Each keyword is spelt in ASCII as written in TOML.

use crate::decode::{Cx, Decode, Node, keyword};

macro_rules! keywords {
    ($(#[doc = $doc:literal])* $name:ident, $what:literal { $( $(#[doc = $vdoc:literal])* $variant:ident = $text:literal, )* }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $( $(#[doc = $vdoc])* $variant, )* }

        impl $name {
            /// Every keyword with its value, in documentation order.
            pub const ALL: &'static [(&'static str, $name)] = &[ $( ($text, $name::$variant), )* ];

            /// The keyword as written in TOML.
            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $text, )* }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Decode for $name {
            const EXPECTED: &'static str = concat!("a ", $what);
            fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
                keyword(node, cx, $what, Self::ALL)
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let descriptions: Vec<String> = vec![ $( concat!("`", $text, "`: ", $($vdoc,)* "").trim().to_string(), )* ];
                schemars::json_schema!({
                    "type": "string",
                    "enum": [ $( $text, )* ],
                    "description": concat!($($doc, )* ""),
                    "markdownEnumDescriptions": descriptions,
                })
            }
        }
    };
}

keywords! {
    /// The family of a source: how its rows relate to people and kommuner.
    Family, "source family" {
        /// Person-level microdata from a register (contains identifiers; never leaves the pipeline).
        Register = "register",
        /// The yearly kommunenkät: one row per kommun, stadsdel or enhet, with answers to questions.
        Kommunenkat = "kommunenkat",
        /// A user survey: one row per sampled person, answers on a scale, optionally a design weight.
        Brukarundersokning = "brukarundersokning",
        /// An aggregate table from another agency, e.g. population by kommun × ålder × kön.
        Statistik = "statistik",
    }
}

keywords! {
    /// The file format of a source.
    FormatKind, "file format" {
        /// Delimited text (CSV); delimiter, decimal mark and encoding are declared.
        Csv = "csv",
        /// Apache Parquet.
        Parquet = "parquet",
        /// One sheet of an Excel workbook.
        Xlsx = "xlsx",
        /// A SAS dataset, as register extracts are kept at the agencies.
        Sas7bdat = "sas7bdat",
        /// An SPSS data file (`.sav`, or `.zsav` compressed), as survey vendors deliver them.
        Sav = "sav",
    }
}

keywords! {
    /// What is taken from a value that holds more than the value, as SCB's statistical database
    /// (PxWeb) writes them.
    Extract, "way to extract a value" {
        /// The code before the first space: `0114 Upplands Väsby` is `0114`.
        Code = "code",
        /// The whole number at the start: `45 år` is `45`, `100+ år` is `100`.
        Number = "number",
    }
}

keywords! {
    /// Text encoding of a CSV file.
    Encoding, "encoding" {
        /// UTF-8 (with or without byte-order mark).
        Utf8 = "utf-8",
        /// Windows-1252, as Swedish Excel exports often are.
        Windows1252 = "windows-1252",
        /// ISO-8859-1 (Latin-1).
        Latin1 = "iso-8859-1",
    }
}

keywords! {
    /// The type of a column's values.
    ColumnType, "column type" {
        /// Free text.
        Text = "text",
        /// A whole number.
        Integer = "integer",
        /// A decimal number (the decimal mark is the source format's `decimal`).
        Decimal = "decimal",
        /// true/false.
        Boolean = "boolean",
        /// A date, YYYY-MM-DD.
        Date = "date",
        /// One of a declared list of codes (`codes`), compared as text.
        Code = "code",
    }
}

keywords! {
    /// What a column means to the engine.
    Role, "column role" {
        /// Kommun code (4 digits; leading zeros restored when the file lost them).
        Kommun = "kommun",
        /// Stadsdel id (Stockholm's stadsdelsområden, Göteborg's socialförvaltningar).
        Stadsdel = "stadsdel",
        /// Verksamhet or enhet id (a home-care unit, a care home).
        Enhet = "enhet",
        /// The year or date the row belongs to; it must lie in the year the file is read for.
        Period = "period",
        /// Kön; the column must declare which codes mean `kvinnor` and `man`.
        Kon = "kon",
        /// Age in whole years.
        Alder = "alder",
        /// Survey design weight.
        Weight = "weight",
        /// A personal identifier: may be counted (`distinct`), never shown, filtered on or broken down by.
        Identifying = "identifying",
    }
}

keywords! {
    /// The kind of measure, as Öppna jämförelser classifies them.
    Kind, "kind of indicator" {
        /// A quality indicator the service itself can influence.
        Kvalitetsindikator = "kvalitetsindikator",
        /// A welfare indicator: the service is one actor among several.
        Valfardsindikator = "valfardsindikator",
        /// A key figure.
        Nyckeltal = "nyckeltal",
        /// A background figure the service cannot influence.
        Bakgrundsmatt = "bakgrundsmatt",
    }
}

keywords! {
    /// The quality dimension of a kvalitetsindikator (from SoL).
    Dimension, "kvalitetsdimension" {
        /// Kunskapsbaserad.
        Kunskapsbaserad = "kunskapsbaserad",
        /// Säker.
        Saker = "saker",
        /// Individanpassad.
        Individanpassad = "individanpassad",
        /// Effektiv.
        Effektiv = "effektiv",
        /// Jämlik.
        Jamlik = "jamlik",
        /// Tillgänglig.
        Tillganglig = "tillganglig",
    }
}

keywords! {
    /// Struktur, process or resultat.
    IndicatorType, "indicator type" {
        /// Conditions: premises, staff, competence, routines.
        Struktur = "struktur",
        /// Activities carried out.
        Process = "process",
        /// Outcomes for the people served.
        Resultat = "resultat",
    }
}

keywords! {
    /// Which values are better.
    Direction, "direction" {
        /// Higher values are better.
        Higher = "higher",
        /// Lower values are better.
        Lower = "lower",
        /// Neither (background figures).
        None = "none",
    }
}

keywords! {
    /// The unit a value is published in.
    Unit, "unit" {
        /// Percent (shares).
        Procent = "procent",
        /// A count.
        Antal = "antal",
        /// Per 1 000 inhabitants.
        Per1000 = "per_1000",
        /// Per 10 000 inhabitants.
        Per10000 = "per_10000",
        /// Per 100 000 inhabitants.
        Per100000 = "per_100000",
        /// Days.
        Dagar = "dagar",
        /// Points of an index.
        Poang = "poang",
        /// Yes or no.
        JaNej = "ja_nej",
        /// Swedish kronor.
        Kronor = "kronor",
        /// Years.
        Ar = "ar",
    }
}

keywords! {
    /// A geographic level results are published at.
    Level, "level" {
        /// Each of the 290 kommuner.
        Kommun = "kommun",
        /// Each of the 21 län.
        Lan = "lan",
        /// Sweden as a whole.
        Riket = "riket",
        /// SKR's kommungrupper (unweighted mean of kommun values, as Kolada shows groups).
        Kommungrupp = "kommungrupp",
        /// Stadsdelar, where the source carries a `stadsdel` key.
        Stadsdel = "stadsdel",
        /// Verksamheter/enheter, where the source carries an `enhet` key.
        Enhet = "enhet",
    }
}

keywords! {
    /// How published zeros are treated by disclosure control.
    ZeroPolicy, "zero policy" {
        /// Zeros are published; suppressed cells are then known to be at least 1 (the ones problem is handled).
        Publish = "publish",
        /// Zeros are suppressed like small counts.
        Suppress = "suppress",
    }
}

keywords! {
    /// The disclosure-control method of a policy.
    Method, "disclosure method" {
        /// Primary suppression of small cells, secondary suppression by Gaussian elimination, audited.
        Suppression = "suppression",
        /// Every count published with consistent noise from a declared perturbation table; no suppression.
        CellKey = "cell_key",
    }
}

keywords! {
    /// What to do with rows that break the declared schema (unknown kommun code, value outside codes).
    InvalidRows, "invalid-row handling" {
        /// Stop the run and report file, row and column.
        Fail = "fail",
        /// Drop the row, count it, and report the count per reason in the run summary and manifest.
        Drop = "drop",
    }
}

keywords! {
    /// How large synthetic inputs are.
    SynthScale, "synthetic scale" {
        /// Every kommun, small samples of persons: a few MB per year, for tests and trials.
        Small = "small",
        /// Roughly the real Swedish volumes, with realistic rates: millions of register rows a year.
        National = "national",
    }
}
