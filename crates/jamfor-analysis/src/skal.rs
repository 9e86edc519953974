//! The reasons (skäl) an indicator is on a kommun's bruttolista, each with its Swedish text, a
//! stable code for tables and a weight for ordering.

use crate::sakerhet::Sakerhet;

/// Why an indicator is on the bruttolista. Numbers are in the indicator's unit; `sd` is the
/// standard deviation of the indicator's published kommun values that year, in which the area's
/// margins are expressed.
#[derive(Debug, Clone, PartialEq)]
pub enum Skal {
    /// Coloured red by the indicator's colour rule.
    Rod,
    /// Coloured green by the indicator's colour rule.
    Gron,
    /// Worse than the mean of its comparable kommuner by more than the margin.
    SamreAnLiknande {
        /// The kommun's value.
        varde: f64,
        /// The comparable kommuner's mean.
        jamforelse: f64,
        /// The distance in standard deviations.
        sd: f64,
        /// How sure the difference is.
        sakerhet: Sakerhet,
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
        sakerhet: Sakerhet,
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
        sakerhet: Sakerhet,
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
        sakerhet: Sakerhet,
    },
    /// Worse every year from `fran` to `till` (at least the declared number of changes in a row).
    Forsamras {
        /// First year of the run.
        fran: i32,
        /// Last year (the release year).
        till: i32,
        /// How sure the change from the first year to the last is.
        sakerhet: Sakerhet,
    },
    /// Better every year from `fran` to `till`.
    Forbattras {
        /// First year of the run.
        fran: i32,
        /// Last year (the release year).
        till: i32,
        /// How sure the change from the first year to the last is.
        sakerhet: Sakerhet,
    },
    /// Kvinnor and män differ by more than the gap margin.
    Konsskillnad {
        /// Value for kvinnor.
        kvinnor: f64,
        /// Value for män.
        man: f64,
        /// How sure the difference is.
        sakerhet: Sakerhet,
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

impl Skal {
    /// A stable code for tables (Parquet, workbook).
    pub fn code(&self) -> &'static str {
        match self {
            Skal::Rod => "rod",
            Skal::Gron => "gron",
            Skal::SamreAnLiknande { .. } => "samre_an_liknande",
            Skal::BattreAnLiknande { .. } => "battre_an_liknande",
            Skal::SamreAnKommungrupp { .. } => "samre_an_kommungrupp",
            Skal::BattreAnKommungrupp { .. } => "battre_an_kommungrupp",
            Skal::Forsamras { .. } => "forsamras",
            Skal::Forbattras { .. } => "forbattras",
            Skal::Konsskillnad { .. } => "konsskillnad",
            Skal::Bortfall => "bortfall",
            Skal::Konfidentiell => "konfidentiell",
            Skal::OfullstandigJamforelse { .. } => "ofullstandig_jamforelse",
        }
    }

    /// Whether the reason says the result is worse.
    pub fn is_worse(&self) -> bool {
        matches!(
            self,
            Skal::Rod
                | Skal::SamreAnLiknande { .. }
                | Skal::SamreAnKommungrupp { .. }
                | Skal::Forsamras { .. }
        )
    }

    /// Whether the reason says the result is better.
    pub fn is_better(&self) -> bool {
        matches!(
            self,
            Skal::Gron
                | Skal::BattreAnLiknande { .. }
                | Skal::BattreAnKommungrupp { .. }
                | Skal::Forbattras { .. }
        )
    }

    /// The weight in the ordering: the colour rule 3, comparable kommuner and trends 2, the
    /// kommungrupp and a kön gap 1, values limiting interpretation 0.
    pub fn vikt(&self) -> u32 {
        match self {
            Skal::Rod | Skal::Gron => 3,
            Skal::SamreAnLiknande { .. }
            | Skal::BattreAnLiknande { .. }
            | Skal::Forsamras { .. }
            | Skal::Forbattras { .. } => 2,
            Skal::SamreAnKommungrupp { .. }
            | Skal::BattreAnKommungrupp { .. }
            | Skal::Konsskillnad { .. } => 1,
            Skal::Bortfall | Skal::Konfidentiell | Skal::OfullstandigJamforelse { .. } => 0,
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
    pub fn sakerhet(&self) -> Option<Sakerhet> {
        match self {
            Skal::SamreAnLiknande { sakerhet, .. }
            | Skal::BattreAnLiknande { sakerhet, .. }
            | Skal::SamreAnKommungrupp { sakerhet, .. }
            | Skal::BattreAnKommungrupp { sakerhet, .. }
            | Skal::Forsamras { sakerhet, .. }
            | Skal::Forbattras { sakerhet, .. }
            | Skal::Konsskillnad { sakerhet, .. } => Some(*sakerhet),
            Skal::Rod
            | Skal::Gron
            | Skal::Bortfall
            | Skal::Konfidentiell
            | Skal::OfullstandigJamforelse { .. } => None,
        }
    }

    /// The reason without how sure it is.
    fn grund(&self, v: &dyn Fn(f64) -> String, j: &dyn Fn(f64) -> String) -> String {
        match self {
            Skal::Rod => "Rött enligt indikatorns färgregel".into(),
            Skal::Gron => "Grönt enligt indikatorns färgregel".into(),
            Skal::SamreAnLiknande {
                varde, jamforelse, ..
            } => format!(
                "Sämre än liknande kommuner ({} mot {})",
                v(*varde),
                j(*jamforelse)
            ),
            Skal::BattreAnLiknande {
                varde, jamforelse, ..
            } => format!(
                "Bättre än liknande kommuner ({} mot {})",
                v(*varde),
                j(*jamforelse)
            ),
            Skal::SamreAnKommungrupp {
                grupp,
                varde,
                jamforelse,
                ..
            } => format!(
                "Sämre än kommungruppen {grupp} ({} mot {})",
                v(*varde),
                j(*jamforelse)
            ),
            Skal::BattreAnKommungrupp {
                grupp,
                varde,
                jamforelse,
                ..
            } => format!(
                "Bättre än kommungruppen {grupp} ({} mot {})",
                v(*varde),
                j(*jamforelse)
            ),
            Skal::Forsamras { fran, till, .. } => {
                format!("Försämrats {} år i rad ({fran}–{till})", till - fran)
            }
            Skal::Forbattras { fran, till, .. } => {
                format!("Förbättrats {} år i rad ({fran}–{till})", till - fran)
            }
            Skal::Konsskillnad { kvinnor, man, .. } => format!(
                "Skillnad mellan kvinnor och män (kvinnor {}, män {})",
                v(*kvinnor),
                v(*man)
            ),
            Skal::Bortfall => "Bortfall: kommunen har inte lämnat uppgift".into(),
            Skal::Konfidentiell => "Värdet är skyddat av röjandekontroll (..)".into(),
            Skal::OfullstandigJamforelse { med_varde, av } => {
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
        let s = Skal::SamreAnLiknande {
            varde: 62.0,
            jamforelse: 70.26,
            sd: 1.2,
            sakerhet: Sakerhet::Saker,
        };
        assert_eq!(
            s.text(1),
            "Sämre än liknande kommuner (62,0 mot 70,3) – säker skillnad (95 %)"
        );
    }
}
