//! The resolved definitions: every reference checked, every default filled in, no spans.
//!
//! This is what the engine plans from. It is only built when `check` found no errors, so the engine
//! can trust every id and column name in it.

mod analysis;

use std::collections::BTreeMap;

use crate::expr::{Condition, PersonCondition};
use crate::keywords::{
    ColumnType, Dimension, Direction, Encoding, Extract, Family, FormatKind, IndicatorType,
    InvalidRows, Kind, Level, Method, Role, SynthScale, Unit, ZeroPolicy,
};

pub use analysis::{Bruttolista, Comparable};

/// All definitions under a root, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    /// Sources, by id order.
    pub sources: Vec<Source>,
    /// Areas, by id order.
    pub areas: Vec<Area>,
    /// Indicators, by area then id.
    pub indicators: Vec<Indicator>,
    /// Disclosure policies, by id order.
    pub policies: Vec<Policy>,
    /// Releases, by id order.
    pub releases: Vec<Release>,
}

impl Manifest {
    /// A source by id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// An indicator by id.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// A policy by id.
    pub fn policy(&self, id: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| p.id == id)
    }

    /// A release by id.
    pub fn release(&self, id: &str) -> Option<&Release> {
        self.releases.iter().find(|r| r.id == id)
    }
}

/// Where a definition was written, for messages from later stages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefLocation {
    /// Root-relative path of the file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
}

/// A declared source.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Family.
    pub family: Family,
    /// Provider, when declared.
    pub provider: Option<String>,
    /// Description, when declared.
    pub description: Option<String>,
    /// File format.
    pub format: Format,
    /// Columns that identify a row (empty: no uniqueness required).
    pub unique_by: Vec<String>,
    /// Handling of rows that break the schema.
    pub invalid_rows: InvalidRows,
    /// Declared columns, in declaration order.
    pub columns: Vec<Column>,
    /// Where it was declared.
    pub location: DefLocation,
}

impl Source {
    /// A column by name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The column with a role (for roles other than `identifying`, there is at most one).
    pub fn role(&self, role: Role) -> Option<&Column> {
        self.columns.iter().find(|c| c.role == Some(role))
    }

    /// Columns that identify persons.
    pub fn identifying(&self) -> impl Iterator<Item = &Column> {
        self.columns
            .iter()
            .filter(|c| c.role == Some(Role::Identifying))
    }
}

/// A file format with every default filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Format {
    /// csv, parquet or xlsx.
    pub kind: FormatKind,
    /// CSV field delimiter.
    pub delimiter: char,
    /// CSV decimal mark.
    pub decimal: char,
    /// CSV encoding.
    pub encoding: Encoding,
    /// Whether the first row holds names.
    pub header: bool,
    /// xlsx sheet.
    pub sheet: Option<String>,
    /// csv and xlsx: one column per year, read one year at a time.
    pub year_columns: Option<YearColumns>,
}

/// A file with one column per year (as SCB's statistical database exports tables): the file
/// read for a year takes that year's column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearColumns {
    /// The declared column that gets the year.
    pub year: String,
    /// The declared column that gets the year column's values.
    pub value: String,
}

/// A declared column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Name in the file.
    pub name: String,
    /// Value type.
    pub column_type: ColumnType,
    /// Role, when it has one.
    pub role: Option<Role>,
    /// Allowed codes with optional labels, in declaration order (empty: any value).
    pub codes: Vec<(String, Option<String>)>,
    /// Whether empty values are allowed.
    pub nullable: bool,
    /// Whether values below zero are allowed (numeric columns; `negative = true`).
    pub negative: bool,
    /// For a kön column: the codes meaning kvinnor and män.
    pub kon_codes: Option<KonCodes>,
    /// Description, when declared.
    pub description: Option<String>,
    /// sav: the value labels of the file are read instead of the values.
    pub use_value_labels: bool,
    /// csv and xlsx: the part of each value that is read (a code before its label, a number
    /// before its unit).
    pub extract: Option<Extract>,
}

/// The codes a source uses for kön.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KonCodes {
    /// Code for kvinnor.
    pub kvinnor: String,
    /// Code for män.
    pub man: String,
}

/// An area.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// Id (= folder name).
    pub id: String,
    /// Swedish title.
    pub title: String,
    /// English title.
    pub title_en: Option<String>,
    /// Introduction.
    pub description: Option<String>,
    /// Comparable kommuner, when declared.
    pub comparable: Option<Comparable>,
    /// Margins of the bruttolista.
    pub bruttolista: Bruttolista,
    /// The fewest published member kommuner a group mean is shown on.
    pub min_group_members: usize,
}

/// The fewest published members a group mean is shown on when the area does not say.
pub const DEFAULT_MIN_GROUP_MEMBERS: usize = 3;

/// A breakdown besides the total.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Breakdown {
    /// By kön: kvinnor and män, besides totalt.
    Kon,
    /// By the declared age groups.
    Alder,
    /// By the codes of a column.
    Column(String),
}

/// An age group, inclusive bounds in whole years.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AgeGroup {
    /// As written, e.g. "65-79" or "80+".
    pub label: String,
    /// From this age.
    pub from: u32,
    /// Up to and including this age; `None` for open-ended.
    pub to: Option<u32>,
}

/// Colour coding with defaults filled in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Colour {
    /// Ranked: best `green` percent green, worst `red` percent red.
    Relative {
        /// Percent green.
        green: f64,
        /// Percent red.
        red: f64,
        /// Green or red only when the value's confidence interval lies wholly on that side of the
        /// cut-off; otherwise yellow ("ingen säker skillnad").
        interval: bool,
    },
    /// Fixed thresholds in the indicator's unit.
    Thresholds {
        /// Green from here.
        green: f64,
        /// Red beyond here.
        red: f64,
        /// Green or red only when the value's confidence interval lies wholly on that side of the
        /// threshold.
        interval: bool,
    },
    /// Yes green, no red.
    YesNo,
    /// No colour.
    None,
}

/// The published description texts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Description {
    /// What it shows.
    pub shows: String,
    /// Numerator definition.
    pub numerator: Option<String>,
    /// Denominator definition.
    pub denominator: Option<String>,
    /// Source as cited.
    pub source: Option<String>,
    /// How to interpret.
    pub interpretation: Option<String>,
    /// Known error sources.
    pub error_sources: Option<String>,
}

/// An indicator, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Id.
    pub id: String,
    /// Swedish title.
    pub title: String,
    /// English title.
    pub title_en: Option<String>,
    /// Area id.
    pub area: String,
    /// Kind.
    pub kind: Kind,
    /// Kvalitetsdimension.
    pub dimension: Option<Dimension>,
    /// Struktur/process/resultat.
    pub indicator_type: Option<IndicatorType>,
    /// Desired direction.
    pub direction: Direction,
    /// Target level.
    pub target: Option<f64>,
    /// Unit.
    pub unit: Unit,
    /// Published decimals.
    pub decimals: u8,
    /// Levels published.
    pub levels: Vec<Level>,
    /// Breakdowns besides the total.
    pub breakdown: Vec<Breakdown>,
    /// Age groups (non-empty exactly when `breakdown` has `Alder`).
    pub age_groups: Vec<AgeGroup>,
    /// Colour coding.
    pub colour: Colour,
    /// Disclosure policy id; `None` means the release's default.
    pub disclosure: Option<String>,
    /// First comparable year.
    pub comparable_from: Option<i32>,
    /// Description texts.
    pub description: Description,
    /// What is computed.
    pub measure: Measure,
    /// Where it was declared.
    pub location: DefLocation,
}

impl Indicator {
    /// Ids of the sources the measure reads directly (not through referenced indicators).
    pub fn sources(&self) -> Vec<&str> {
        let mut out = self.measure.sources();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// A count: from a source, or another indicator's count.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[allow(
    clippy::large_enum_variant,
    reason = "a catalogue has a few hundred counts; boxing would only add indirection"
)]
pub enum Count {
    /// Read from a source.
    Source {
        /// Source id.
        source: String,
        /// Rows kept.
        filter: Option<Condition>,
        /// Column summed instead of counting rows.
        sum: Option<String>,
        /// Column whose distinct values are counted.
        distinct: Option<String>,
        /// The year read, relative to the indicator's year (0: the same year).
        year: i32,
        /// A condition on each person counted, when declared.
        person: Option<PersonFilter>,
    },
    /// The count of a `count` indicator.
    Indicator(String),
}

/// `having` on a count of persons, with the years and the grouping its aggregates see.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PersonFilter {
    /// The condition over aggregates of the person's rows.
    pub having: PersonCondition,
    /// First and last year whose rows the aggregates see, relative to the indicator's year;
    /// holds the count's own `year`.
    pub window: (i32, i32),
    /// Whether a person's rows are aggregated per kommun (`within = "kommun"`).
    pub within_kommun: bool,
}

/// A mean or median over persons: one value per person (per kommun with `within`), aggregated
/// over the person's rows; the person counts once, in the cell of their last row kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PersonValue {
    /// The identifying column.
    pub id: String,
    /// The value: aggregates of the person's rows ([`crate::expr::Row::Aggregate`] leaves).
    pub value: PersonCondition,
    /// Whether a person's rows are aggregated per kommun.
    pub within_kommun: bool,
}

impl Count {
    /// The relative years a count reads: its own year, and the rest of its window.
    pub fn years_read(&self) -> Vec<i32> {
        match self {
            Count::Source {
                year,
                person: Some(p),
                ..
            } => {
                let mut years: Vec<i32> = (p.window.0..=p.window.1).collect();
                if !years.contains(year) {
                    years.push(*year);
                }
                years.sort_unstable();
                years
            }
            Count::Source { year, .. } => vec![*year],
            Count::Indicator(_) => Vec::new(),
        }
    }
}

/// What an indicator computes, resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum Measure {
    /// A count.
    Count(Count),
    /// numerator / denominator × 100.
    Share {
        /// Numerator.
        numerator: Count,
        /// Denominator.
        denominator: Count,
    },
    /// numerator / denominator × per.
    Rate {
        /// Numerator.
        numerator: Count,
        /// Denominator.
        denominator: Count,
        /// 1 000, 10 000 or 100 000.
        per: u32,
    },
    /// Mean of a column.
    Mean {
        /// Source id.
        source: String,
        /// The numeric value per row: a column, or a value computed from the row. With
        /// `per_person`, the text and columns of the per-person value.
        value: Condition,
        /// Taken over persons, of a value aggregated over each person's rows.
        per_person: Option<PersonValue>,
        /// Rows kept.
        filter: Option<Condition>,
    },
    /// Median of a column.
    Median {
        /// Source id.
        source: String,
        /// The numeric value per row: a column, or a value computed from the row. With
        /// `per_person`, the text and columns of the per-person value.
        value: Condition,
        /// Taken over persons, of a value aggregated over each person's rows.
        per_person: Option<PersonValue>,
        /// Rows kept.
        filter: Option<Condition>,
    },
    /// Yes/no per unit; share of responding units above.
    YesNo {
        /// Source id.
        source: String,
        /// A yes.
        yes: Condition,
        /// Has answered.
        answered: Option<Condition>,
    },
    /// Share of a kommun's units answering yes.
    ShareYes {
        /// Source id.
        source: String,
        /// `Enhet` or `Stadsdel`.
        unit: Role,
        /// A yes.
        yes: Condition,
        /// Has answered.
        answered: Option<Condition>,
    },
    /// Points over questions.
    Index {
        /// Source id.
        source: String,
        /// Condition and points per question.
        items: Vec<(Condition, f64)>,
        /// Has answered.
        answered: Option<Condition>,
    },
    /// Weighted survey share with a confidence interval.
    SurveyShare {
        /// Source id.
        source: String,
        /// The population surveyed.
        filter: Option<Condition>,
        /// A positive answer.
        positive: Condition,
        /// Answered the question.
        answered: Option<Condition>,
        /// Confidence level.
        confidence: f64,
    },
    /// Respondents / sample.
    ResponseRate {
        /// Source id.
        source: String,
        /// The population surveyed.
        filter: Option<Condition>,
        /// Responded.
        responded: Condition,
    },
}

impl Measure {
    /// The `type` keyword.
    pub fn type_name(&self) -> &'static str {
        match self {
            Measure::Count(_) => "count",
            Measure::Share { .. } => "share",
            Measure::Rate { .. } => "rate",
            Measure::Mean { .. } => "mean",
            Measure::Median { .. } => "median",
            Measure::YesNo { .. } => "yes_no",
            Measure::ShareYes { .. } => "share_yes",
            Measure::Index { .. } => "index",
            Measure::SurveyShare { .. } => "survey_share",
            Measure::ResponseRate { .. } => "response_rate",
        }
    }

    /// Source ids read directly.
    pub fn sources(&self) -> Vec<&str> {
        fn count(c: &Count) -> Option<&str> {
            match c {
                Count::Source { source, .. } => Some(source.as_str()),
                Count::Indicator(_) => None,
            }
        }
        match self {
            Measure::Count(c) => count(c).into_iter().collect(),
            Measure::Share {
                numerator,
                denominator,
            }
            | Measure::Rate {
                numerator,
                denominator,
                ..
            } => count(numerator)
                .into_iter()
                .chain(count(denominator))
                .collect(),
            Measure::Mean { source, .. }
            | Measure::Median { source, .. }
            | Measure::YesNo { source, .. }
            | Measure::ShareYes { source, .. }
            | Measure::Index { source, .. }
            | Measure::SurveyShare { source, .. }
            | Measure::ResponseRate { source, .. } => vec![source.as_str()],
        }
    }

    /// The counts of a count, share or rate (none for the other measures).
    pub fn counts(&self) -> Vec<&Count> {
        match self {
            Measure::Count(c) => vec![c],
            Measure::Share {
                numerator,
                denominator,
            }
            | Measure::Rate {
                numerator,
                denominator,
                ..
            } => vec![numerator, denominator],
            _ => Vec::new(),
        }
    }

    /// Every source this measure reads directly with the relative years it reads of it
    /// (`(source, 0)` for the indicator's own year).
    pub fn source_years(&self) -> Vec<(&str, i32)> {
        let counts = self.counts();
        if counts.is_empty() {
            return self.sources().into_iter().map(|s| (s, 0)).collect();
        }
        let mut out: Vec<(&str, i32)> = Vec::new();
        for c in counts {
            if let Count::Source { source, .. } = c {
                out.extend(c.years_read().into_iter().map(|y| (source.as_str(), y)));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Ids of indicators whose counts this measure reuses.
    pub fn references(&self) -> Vec<&str> {
        fn r(c: &Count) -> Option<&str> {
            match c {
                Count::Indicator(id) => Some(id.as_str()),
                Count::Source { .. } => None,
            }
        }
        match self {
            Measure::Count(c) => r(c).into_iter().collect(),
            Measure::Share {
                numerator,
                denominator,
            }
            | Measure::Rate {
                numerator,
                denominator,
                ..
            } => r(numerator).into_iter().chain(r(denominator)).collect(),
            _ => Vec::new(),
        }
    }
}

/// A disclosure policy with defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Id.
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// Method.
    pub method: Method,
    /// Smallest publishable non-zero count.
    pub min_count: u64,
    /// Whether the complement rule applies to shares.
    pub complement: bool,
    /// Smallest publishable number of survey respondents.
    pub min_respondents: u64,
    /// Smallest denominator for publishing a share or rate.
    pub min_denominator: Option<u64>,
    /// Zero handling.
    pub zeros: ZeroPolicy,
    /// Cap on published decimals of shares and rates.
    pub published_decimals: Option<u8>,
    /// Protection level in percent of a primary cell's value, beyond the threshold criterion.
    pub protection_percent: Option<u8>,
    /// The cell key method's table and secret, when `method = "cell_key"`.
    pub cell_key: Option<CellKeyRules>,
}

/// What the cell key method of a policy is declared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellKeyRules {
    /// The perturbation table, checked against the policy's `min_count`.
    pub table: jamfor_disclosure::PerturbationTable,
    /// The environment variable that holds the secret.
    pub seed_env: String,
}

/// A release with every path expanded per year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Release year.
    pub year: i32,
    /// History years, ascending.
    pub history: Vec<i32>,
    /// Publication date, YYYY-MM-DD.
    pub published: String,
    /// Area ids published.
    pub areas: Vec<String>,
    /// Default disclosure policy.
    pub disclosure: String,
    /// The earlier release folder this one follows (root-relative), if any.
    pub follows: Option<String>,
    /// Source id → year → root-relative path.
    pub inputs: BTreeMap<String, BTreeMap<i32, String>>,
    /// Write Parquet.
    pub parquet: bool,
    /// Write Excel.
    pub excel: bool,
    /// Write the Kolada-shaped JSON files (`kolada/<indicator>.json`).
    pub kolada: bool,
    /// Synthetic inputs, generated when missing.
    pub synthetic: Option<Synthetic>,
    /// The pipeline file.
    pub location: DefLocation,
}

/// Synthetic inputs of a release: scale and seed of the generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Synthetic {
    /// How large.
    pub scale: SynthScale,
    /// Seed.
    pub seed: u64,
}

impl Release {
    /// Every year computed: history then the release year.
    pub fn years(&self) -> Vec<i32> {
        let mut years = self.history.clone();
        years.push(self.year);
        years
    }
}
