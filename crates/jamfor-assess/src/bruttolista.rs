//! The bruttolista: per kommun and area, every indicator with the reasons to look at it, in the
//! order of priority described in the crate documentation.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use jamfor_engine::{GeoLevel, Kon, ResultRow, ResultTable, Status};
use jamfor_geo::{Geography, KommunCode};
use jamfor_spec::Manifest;
use jamfor_spec::keywords::{Direction, Kind, Level};
use jamfor_spec::manifest::{Area, Indicator, Measure, Release};

use crate::certainty::{self, Estimate};
use crate::colour::Colour;
use crate::comparable::Comparable;
use crate::published::{self, Index};
use crate::reason::Reason;
use crate::trend::trend;

/// The class of a bruttolista entry, in the order entries are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// At least one reason says worse.
    Weakness,
    /// Reasons say better, none worse.
    Strength,
    /// Only a kön gap or values that limit interpretation.
    Notice,
}

impl Class {
    /// The class in Swedish, as a heading.
    pub fn heading(self) -> &'static str {
        match self {
            Class::Weakness => "Att förbättra",
            Class::Strength => "Styrkor",
            Class::Notice => "Att uppmärksamma",
        }
    }

    /// A stable code for tables.
    pub fn code(self) -> &'static str {
        match self {
            Class::Weakness => "svaghet",
            Class::Strength => "styrka",
            Class::Notice => "uppmarksamma",
        }
    }

    /// The class of a [`Class::code`], as read back from a table.
    pub fn from_code(code: &str) -> Option<Self> {
        [Class::Weakness, Class::Strength, Class::Notice]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// One indicator on a kommun's bruttolista.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    /// Kommun code.
    pub kommun: String,
    /// Area id.
    pub area: String,
    /// Indicator id.
    pub indicator: String,
    /// The release year.
    pub year: i32,
    /// The kommun's published value (totalt); `None` unless `status` is `value`.
    pub value: Option<f64>,
    /// The value's confidence interval `(low, high)`, where it has one.
    pub intervall: Option<(f64, f64)>,
    /// The status of the kommun's row.
    pub status: Status,
    /// The comparable kommuner's mean, from published values.
    pub liknande: Option<f64>,
    /// The kommungrupp's published value.
    pub kommungrupp: Option<f64>,
    /// The class.
    pub klass: Class,
    /// The weight within the class.
    pub weight: u32,
    /// The reasons, in the order examined: status, colour, comparable kommuner, kommungrupp,
    /// trend, kön gap, an incomplete comparison.
    pub skal: Vec<Reason>,
    /// Position on the kommun's list for the area, 1 first.
    pub prioritet: u32,
}

/// The bruttolista of one kommun (`Some(code)`) or of every kommun of the release year (`None`),
/// for every area of the release: sorted by kommun, area and priority.
///
/// `results` are the protected results; `comparable` the groups from [`crate::comparable`];
/// `farg` gives the release's colour of a kommun row (`None` for grey or no colour rule). Every
/// value is read through the published-value gate: a row whose status is not `value` is never a
/// number here, so no flag depends on a confidential value.
pub fn bruttolista(
    manifest: &Manifest,
    release: &Release,
    results: &ResultTable,
    comparable: &Comparable,
    farg: &dyn Fn(&ResultRow) -> Option<Colour>,
    kommun: Option<&str>,
) -> Vec<Post> {
    let indicators: Vec<&Indicator> = manifest
        .indicators
        .iter()
        .filter(|i| release.areas.contains(&i.area))
        .filter(|i| matches!(i.kind, Kind::Kvalitetsindikator | Kind::Valfardsindikator))
        .filter(|i| i.levels.contains(&Level::Kommun))
        .collect();
    let ids: BTreeSet<&str> = indicators.iter().map(|i| i.id.as_str()).collect();
    let index = Index::new(results, &[GeoLevel::Kommun, GeoLevel::Kommungrupp], |id| {
        ids.contains(&id)
    });
    let spread = spreads(&index, release.year);
    let geo = Geography::builtin();
    let kommuner: Vec<String> = match kommun {
        Some(k) => vec![k.to_string()],
        None => geo
            .kommuner_valid_in(u16::try_from(release.year).unwrap_or(0))
            .map(|k| k.code.to_string())
            .collect(),
    };
    let mut out = Vec::new();
    for kommun in &kommuner {
        let grupp = KommunCode::from_str(kommun)
            .ok()
            .and_then(|k| geo.kommungruppsindelning_2023().grupp(k))
            .map(|g| g.code());
        let mut areas: Vec<&Area> = manifest
            .areas
            .iter()
            .filter(|a| release.areas.contains(&a.id))
            .collect();
        areas.sort_by(|a, b| a.id.cmp(&b.id));
        for area in areas {
            let cx = Cx {
                release,
                area,
                index: &index,
                spread: &spread,
                group: comparable.group(&area.id, kommun),
                grupp,
                farg,
            };
            let mut posts: Vec<(Post, Sort)> = indicators
                .iter()
                .filter(|i| i.area == area.id)
                .filter_map(|i| cx.post(i, kommun))
                .collect();
            posts.sort_by(|a, b| a.1.cmp(&b.1));
            for (n, (mut post, _)) in posts.into_iter().enumerate() {
                post.prioritet = u32::try_from(n + 1).unwrap_or(u32::MAX);
                out.push(post);
            }
        }
    }
    out
}

/// The confidence level of an indicator's intervals: a survey share's declared level, else the
/// level of the intervals the release puts on register shares and rates.
fn confidence(indicator: &Indicator) -> f64 {
    match indicator.measure {
        Measure::SurveyShare { confidence, .. } => confidence,
        _ => jamfor_engine::interval::CONFIDENCE,
    }
}

/// The order of entries within a kommun and area.
type Sort = (Class, Reverse<u32>, u8, Reverse<Distance>, String);

/// A non-negative distance in standard deviations, ordered (never NaN here).
#[derive(Debug, Clone, Copy)]
struct Distance(f64);
impl PartialEq for Distance {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}
impl Eq for Distance {}
impl PartialOrd for Distance {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Distance {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Standard deviation (population) of each indicator's published kommun values, totalt, in the
/// release year; `None` with fewer than two values or no spread.
fn spreads<'r>(index: &Index<'r>, year: i32) -> BTreeMap<&'r str, f64> {
    let mut values: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for row in index.rows().filter(|r| {
        r.year == year
            && r.key.level == GeoLevel::Kommun
            && r.key.kon == Kon::T
            && r.key.age_group.is_none()
    }) {
        if let Some(v) = published::value(row) {
            values.entry(row.indicator.as_str()).or_default().push(v);
        }
    }
    values
        .into_iter()
        .filter_map(|(id, v)| {
            if v.len() < 2 {
                return None;
            }
            let n = v.len() as f64;
            let mean = v.iter().sum::<f64>() / n;
            let sd = (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
            (sd > 0.0).then_some((id, sd))
        })
        .collect()
}

/// What examining one kommun in one area needs.
struct Cx<'a, 'r> {
    release: &'a Release,
    area: &'a Area,
    index: &'a Index<'r>,
    spread: &'a BTreeMap<&'r str, f64>,
    group: Vec<&'a str>,
    grupp: Option<&'static str>,
    farg: &'a dyn Fn(&ResultRow) -> Option<Colour>,
}

impl Cx<'_, '_> {
    fn value(
        &self,
        indicator: &str,
        year: i32,
        level: GeoLevel,
        geo: &str,
        kon: Kon,
    ) -> Option<f64> {
        self.index
            .at(indicator, year, level, geo, kon)
            .and_then(published::value)
    }

    /// A published value with its interval, at the level of the indicator's intervals.
    fn estimate(&self, indicator: &Indicator, year: i32, geo: &str, kon: Kon) -> Option<Estimate> {
        self.index
            .at(&indicator.id, year, GeoLevel::Kommun, geo, kon)
            .and_then(|row| published::estimate(row, confidence(indicator)))
    }

    fn post(&self, indicator: &Indicator, kommun: &str) -> Option<(Post, Sort)> {
        let id = indicator.id.as_str();
        let year = self.release.year;
        let row = self.index.at(id, year, GeoLevel::Kommun, kommun, Kon::T)?;
        let margins = self.area.bruttolista;
        let mut skal = Vec::new();
        let mut avstand = 0.0;
        let value = published::value(row);
        let egen = published::estimate(row, confidence(indicator));
        let sd = self.spread.get(id).copied();
        let sign = match indicator.direction {
            Direction::Higher => Some(1.0),
            Direction::Lower => Some(-1.0),
            Direction::None => None,
        };
        let members: Vec<f64> = self
            .group
            .iter()
            .filter_map(|m| self.value(id, year, GeoLevel::Kommun, m, Kon::T))
            .collect();
        let liknande =
            (!members.is_empty()).then(|| members.iter().sum::<f64>() / members.len() as f64);
        let kommungrupp = self
            .grupp
            .and_then(|g| self.value(id, year, GeoLevel::Kommungrupp, g, Kon::T));
        match row.status {
            Status::Bortfall => skal.push(Reason::Bortfall),
            Status::Confidential => skal.push(Reason::Konfidentiell),
            Status::Value | Status::NotApplicable => {}
        }
        if let (Some(v), Some(egen)) = (value, egen) {
            let mut ofullstandig = None;
            match (self.farg)(row) {
                Some(Colour::Red) => skal.push(Reason::Red),
                Some(Colour::Green) => skal.push(Reason::Green),
                Some(Colour::Yellow) | None => {}
            }
            if let (Some(sign), Some(sd)) = (sign, sd) {
                let mut liknande_flag = false;
                if let Some(mean) = liknande {
                    let d = sign * (v - mean) / sd;
                    avstand = d.abs();
                    // Beyond the margin, and the group's mean outside the kommun's interval.
                    let sakerhet = (d.abs() > margins.margin)
                        .then(|| certainty::mot_grupp(egen, mean))
                        .flatten();
                    if let Some(sakerhet) = sakerhet {
                        skal.push(if d < 0.0 {
                            Reason::SamreAnLiknande {
                                varde: v,
                                jamforelse: mean,
                                sd: d.abs(),
                                sakerhet,
                            }
                        } else {
                            Reason::BattreAnLiknande {
                                varde: v,
                                jamforelse: mean,
                                sd: d,
                                sakerhet,
                            }
                        });
                        liknande_flag = true;
                    }
                }
                if let (Some(g), Some(grupp)) = (kommungrupp, self.grupp) {
                    let d = sign * (v - g) / sd;
                    let grupp = grupp.to_string();
                    let sakerhet = (d.abs() > margins.margin)
                        .then(|| certainty::mot_grupp(egen, g))
                        .flatten();
                    if let Some(sakerhet) = sakerhet {
                        skal.push(if d < 0.0 {
                            Reason::SamreAnKommungrupp {
                                grupp,
                                varde: v,
                                jamforelse: g,
                                sakerhet,
                            }
                        } else {
                            Reason::BattreAnKommungrupp {
                                grupp,
                                varde: v,
                                jamforelse: g,
                                sakerhet,
                            }
                        });
                    }
                }
                let series: Vec<(i32, Option<Estimate>)> = self
                    .release
                    .years()
                    .into_iter()
                    .filter(|y| indicator.comparable_from.is_none_or(|from| *y >= from))
                    .map(|y| (y, self.estimate(indicator, y, kommun, Kon::T)))
                    .collect();
                skal.extend(trend(
                    &series,
                    indicator.direction,
                    indicator.decimals,
                    margins.trend_years,
                    year,
                ));
                // A comparison resting on few members is worth saying when it flags something,
                // or when fewer than half of the group could be compared at all.
                let av = self.group.len();
                if members.len() < av && (liknande_flag || members.len() * 2 < av) {
                    ofullstandig = Some(Reason::OfullstandigJamforelse {
                        med_varde: members.len(),
                        av,
                    });
                }
            }
            let kvinnor = self.estimate(indicator, year, kommun, Kon::K);
            let man = self.estimate(indicator, year, kommun, Kon::M);
            if let (Some(k), Some(m), Some(sd)) = (kvinnor, man, sd)
                && (k.value - m.value).abs() / sd > margins.gap_margin
                && let Some(sakerhet) = certainty::mellan(k, m)
            {
                skal.push(Reason::Konsskillnad {
                    kvinnor: k.value,
                    man: m.value,
                    sakerhet,
                });
            }
            skal.extend(ofullstandig);
        }
        if skal.is_empty() {
            return None;
        }
        let klass = if skal.iter().any(Reason::is_worse) {
            Class::Weakness
        } else if skal.iter().any(Reason::is_better) {
            Class::Strength
        } else {
            Class::Notice
        };
        let weight = skal
            .iter()
            .filter(|s| match klass {
                Class::Weakness => !s.is_better(),
                Class::Strength | Class::Notice => !s.is_worse(),
            })
            .map(Reason::weight)
            .sum();
        let kind = u8::from(indicator.kind != Kind::Kvalitetsindikator);
        let sort = (
            klass,
            Reverse(weight),
            kind,
            Reverse(Distance(avstand)),
            id.to_string(),
        );
        let post = Post {
            kommun: kommun.to_string(),
            area: self.area.id.clone(),
            indicator: id.to_string(),
            year,
            value,
            intervall: egen
                .and_then(|e| e.interval)
                .map(|(low, high, _)| (low, high)),
            status: row.status,
            liknande,
            kommungrupp,
            klass,
            weight,
            skal,
            prioritet: 0,
        };
        Some((post, sort))
    }
}
