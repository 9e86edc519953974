//! The reasons (skäl) an indicator is on a kommun's bruttolista, each with its Swedish text, a
//! stable code for tables and a weight for ordering.

use crate::certainty::Certainty;

/// Separates reason codes in the `flags` column of `bruttolista.parquet` (codes never contain it).
pub const FLAG_SEPARATOR: &str = ",";
/// Separates the Swedish reasons in the `reasons` column (no reason text contains it).
pub const REASON_SEPARATOR: &str = "; ";

/// Why an indicator is on the bruttolista. Numbers are in the indicator's unit; `sd` is the
/// standard deviation of the indicator's published kommun values that year, in which the area's
/// margins are expressed.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// Coloured red by the indicator's colour rule.
    Red,
    /// Coloured green by the indicator's colour rule.
    Green,
    /// Worse than the mean of its comparable kommuner by more than the margin.
    SamreAnLiknande {
        /// The kommun's value.
        varde: f64,
        /// The comparable kommuner's mean.
        jamforelse: f64,
        /// The distance in standard deviations.
        sd: f64,
        /// How sure the difference is.
        sakerhet: Certainty,
    },
    /// Better than the mean of its comparable kommuner by more than the margin.
    BattreAnLiknande {
        /// The kommun's value.
        varde: f64,
        /// The comparable kommuner's mean.
        jamforelse: f64,
        /// The distance in standard deviations.
        sd: f64,
        /// How sure the difference is.
        sakerhet: Certainty,
    },
    /// Worse than its kommungrupp by more than the margin.
    SamreAnKommungrupp {
        /// Kommungrupp code, e.g. "B5".
        grupp: String,
        /// The kommun's value.
        varde: f64,
        /// The kommungrupp's value.
        jamforelse: f64,
        /// How sure the difference is.
        sakerhet: Certainty,
    },
    /// Better than its kommungrupp by more than the margin.
    BattreAnKommungrupp {
        /// Kommungrupp code.
        grupp: String,
        /// The kommun's value.
        varde: f64,
        /// The kommungrupp's value.
        jamforelse: f64,
        /// How sure the difference is.
        sakerhet: Certainty,
    },
    /// Worse every year from `fran` to `till` (at least the declared number of changes in a row).
    Forsamras {
        /// First year of the run.
        fran: i32,
        /// Last year (the release year).
        till: i32,
        /// How sure the change from the first year to the last is.
        sakerhet: Certainty,
    },
    /// Better every year from `fran` to `till`.
    Forbattras {
        /// First year of the run.
        fran: i32,
        /// Last year (the release year).
        till: i32,
        /// How sure the change from the first year to the last is.
        sakerhet: Certainty,
    },
    /// Kvinnor and män differ by more than the gap margin.
    Konsskillnad {
        /// Value for kvinnor.
        kvinnor: f64,
        /// Value for män.
        man: f64,
        /// How sure the difference is.
        sakerhet: Certainty,
    },
    /// The kommun's value is bortfall (no answer): nothing can be said this year.
    Bortfall,
    /// The kommun's value is withheld by disclosure control.
    Konfidentiell,
    /// The comparable kommuner's mean rests on fewer kommuner than the group has, because some
    /// have no published value.
    OfullstandigJamforelse {
        /// Members with a published value.
        med_varde: usize,
        /// Members of the group.
        av: usize,
    },
}

impl Reason {
    /// A stable code for tables (Parquet, workbook).
    pub fn code(&self) -> &'static str {
        match self {
            Reason::Red => "rod",
            Reason::Green => "gron",
            Reason::SamreAnLiknande { .. } => "samre_an_liknande",
            Reason::BattreAnLiknande { .. } => "battre_an_liknande",
            Reason::SamreAnKommungrupp { .. } => "samre_an_kommungrupp",
            Reason::BattreAnKommungrupp { .. } => "battre_an_kommungrupp",
            Reason::Forsamras { .. } => "forsamras",
            Reason::Forbattras { .. } => "forbattras",
            Reason::Konsskillnad { .. } => "konsskillnad",
            Reason::Bortfall => "bortfall",
            Reason::Konfidentiell => "konfidentiell",
            Reason::OfullstandigJamforelse { .. } => "ofullstandig_jamforelse",
        }
    }

    /// Whether the reason says the result is worse.
    pub fn is_worse(&self) -> bool {
        matches!(
            self,
            Reason::Red
                | Reason::SamreAnLiknande { .. }
                | Reason::SamreAnKommungrupp { .. }
                | Reason::Forsamras { .. }
        )
    }

    /// Whether the reason says the result is better.
    pub fn is_better(&self) -> bool {
        matches!(
            self,
            Reason::Green
                | Reason::BattreAnLiknande { .. }
                | Reason::BattreAnKommungrupp { .. }
                | Reason::Forbattras { .. }
        )
    }

    /// The weight in the ordering: the colour rule 3, comparable kommuner and trends 2, the
    /// kommungrupp and a kön gap 1, values limiting interpretation 0.
    pub fn weight(&self) -> u32 {
        match self {
            Reason::Red | Reason::Green => 3,
            Reason::SamreAnLiknande { .. }
            | Reason::BattreAnLiknande { .. }
            | Reason::Forsamras { .. }
            | Reason::Forbattras { .. } => 2,
            Reason::SamreAnKommungrupp { .. }
            | Reason::BattreAnKommungrupp { .. }
            | Reason::Konsskillnad { .. } => 1,
            Reason::Bortfall | Reason::Konfidentiell | Reason::OfullstandigJamforelse { .. } => 0,
        }
    }

    /// The reason in Swedish, values with `decimals` decimals and a decimal comma.
    pub fn text(&self, decimals: u8) -> String {
        let v = |x: f64| tal(x, decimals);
        self.text_med(&v, &v)
    }

    /// The reason in Swedish as it reads for `indicator`: a kommun's yes/no answer as "ja" or
    /// "nej" against the comparison's share of yes ("ja mot 33 % ja"), other values with the
    /// indicator's decimals.
    pub fn beskriv(&self, indicator: &jamfor_spec::manifest::Indicator) -> String {
        if matches!(
            indicator.measure,
            jamfor_spec::manifest::Measure::YesNo { .. }
        ) {
            let svar = |x: f64| if x >= 50.0 { "ja" } else { "nej" }.to_string();
            let andel = |x: f64| format!("{} % ja", tal(x, 0));
            self.text_med(&svar, &andel)
        } else {
            self.text(indicator.decimals)
        }
    }

    /// The text with the kommun's own values written by `v` and comparison values by `j`.
    fn text_med(&self, v: &dyn Fn(f64) -> String, j: &dyn Fn(f64) -> String) -> String {
        let text = self.grund(v, j);
        match self.sakerhet() {
            Some(sakerhet) => format!("{text} – {}", sakerhet.text()),
            None => text,
        }
    }

    /// How sure a difference or a change is; `None` for reasons that are no difference.
    pub fn sakerhet(&self) -> Option<Certainty> {
        match self {
            Reason::SamreAnLiknande { sakerhet, .. }
            | Reason::BattreAnLiknande { sakerhet, .. }
            | Reason::SamreAnKommungrupp { sakerhet, .. }
            | Reason::BattreAnKommungrupp { sakerhet, .. }
            | Reason::Forsamras { sakerhet, .. }
            | Reason::Forbattras { sakerhet, .. }
            | Reason::Konsskillnad { sakerhet, .. } => Some(*sakerhet),
            Reason::Red
            | Reason::Green
            | Reason::Bortfall
            | Reason::Konfidentiell
            | Reason::OfullstandigJamforelse { .. } => None,
        }
    }

    /// The reason without how sure it is.
    fn grund(&self, v: &dyn Fn(f64) -> String, j: &dyn Fn(f64) -> String) -> String {
        match self {
            Reason::Red => "Rött enligt indikatorns färgregel".into(),
            Reason::Green => "Grönt enligt indikatorns färgregel".into(),
            Reason::SamreAnLiknande {
                varde, jamforelse, ..
            } => format!(
                "Sämre än liknande kommuner ({} mot {})",
                v(*varde),
                j(*jamforelse)
            ),
            Reason::BattreAnLiknande {
                varde, jamforelse, ..
            } => format!(
                "Bättre än liknande kommuner ({} mot {})",
                v(*varde),
                j(*jamforelse)
            ),
            Reason::SamreAnKommungrupp {
                grupp,
                varde,
                jamforelse,
                ..
            } => format!(
                "Sämre än kommungruppen {grupp} ({} mot {})",
                v(*varde),
                j(*jamforelse)
            ),
            Reason::BattreAnKommungrupp {
                grupp,
                varde,
                jamforelse,
                ..
            } => format!(
                "Bättre än kommungruppen {grupp} ({} mot {})",
                v(*varde),
                j(*jamforelse)
            ),
            Reason::Forsamras { fran, till, .. } => {
                format!("Försämrats {} år i rad ({fran}–{till})", till - fran)
            }
            Reason::Forbattras { fran, till, .. } => {
                format!("Förbättrats {} år i rad ({fran}–{till})", till - fran)
            }
            Reason::Konsskillnad { kvinnor, man, .. } => format!(
                "Skillnad mellan kvinnor och män (kvinnor {}, män {})",
                v(*kvinnor),
                v(*man)
            ),
            Reason::Bortfall => "Bortfall: kommunen har inte lämnat uppgift".into(),
            Reason::Konfidentiell => "Värdet är skyddat av röjandekontroll (..)".into(),
            Reason::OfullstandigJamforelse { med_varde, av } => {
                format!("Jämförelsen med liknande kommuner bygger på {med_varde} av {av} kommuner")
            }
        }
    }
}

/// A number as Swedish publications write it: decimal comma, fixed decimals, minus sign.
pub fn tal(x: f64, decimals: u8) -> String {
    format!("{:.*}", usize::from(decimals), x)
        .replace('.', ",")
        .replace('-', "−")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_the_swedish_way() {
        assert_eq!(tal(62.04, 1), "62,0");
        assert_eq!(tal(-3.0, 0), "−3");
        let s = Reason::SamreAnLiknande {
            varde: 62.0,
            jamforelse: 70.26,
            sd: 1.2,
            sakerhet: Certainty::Sure,
        };
        assert_eq!(
            s.text(1),
            "Sämre än liknande kommuner (62,0 mot 70,3) – säker skillnad (95 %)"
        );
    }
}
