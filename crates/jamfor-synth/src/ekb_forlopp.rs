//! How a person's ekonomiskt bistånd runs over the years: spells of consecutive months with a
//! payment, separated by months without.
//!
//! Three in ten spells are long (a monthly chance of leaving of 1 in 40: people far from the
//! labour market, often for years), the rest short (four months on average). When a spell ends,
//! four in ten come back some day, after eight months on average, so about a third of those who
//! leave in the first half of a year are back within twelve months — Kolada's U31462 has 70–80 %
//! *not* back (it counts formal applications only; payments come back somewhat more often). In a
//! steady state this gives about 43 % of a year's recipients ten months or more (N31814: 38 %
//! in the median kommun in 2022, 47 % nationally). The figures were set with a simulation of
//! this model and are checked by the realism tests.

use crate::random::{Geometric, Rng};

/// Share of spells that are long.
const LANG_ANDEL: f64 = 0.3;
/// Mean length of a long spell, months.
const LANG_MANADER: f64 = 40.0;
/// Mean length of a short spell, months.
const KORT_MANADER: f64 = 4.0;
/// Chance of coming back after a spell.
const ATERKOMST: f64 = 0.4;
/// Mean months without payment before coming back.
const UPPEHALL_MANADER: f64 = 8.0;

/// Persons receiving bistånd during a year per newcomer per month: the figure that turns the
/// yearly shares of recipients into flows of newcomers. A steady state of one group has 38.5;
/// the whole simulation, where children grow into adults with higher rates and the levels of
/// the years differ, comes out at about 47 (measured at national scale: 4.1 % of inhabitants).
pub(crate) const ACTIVE_PER_NEW: f64 = 47.0;
/// Persons in a long spell at the start of the simulation per newcomer per month: the steady
/// state's stock (long spells have no memory, so their remaining length is like a new one's).
/// The factor 1.4 over `LANG_ANDEL × LANG_MANADER` stands for those who have come back.
pub(crate) const LONG_AT_START: f64 = 1.4 * LANG_ANDEL * LANG_MANADER;
/// The same for short spells.
pub(crate) const SHORT_AT_START: f64 = 1.4 * (1.0 - LANG_ANDEL) * KORT_MANADER;

/// Months counted from year 0: `ar * 12 + manad - 1`.
pub(crate) type Month = i32;

/// One spell.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Period {
    /// First month with a payment.
    pub(crate) first: Month,
    /// Last month with a payment.
    pub(crate) last: Month,
    /// Uniform in [0, 1): picks the household type.
    pub(crate) hushall: f64,
    /// A key for the household's level of need around its type's typical amount: turned into a
    /// normal number only for the spells that are written, as that takes twelve draws.
    pub(crate) niva: u64,
}

/// The lengths of spells and of the months between, worked out once per file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lengths {
    lang: Geometric,
    kort: Geometric,
    uppehall: Geometric,
}

impl Lengths {
    pub(crate) fn ny() -> Lengths {
        Lengths {
            lang: Geometric::with_mean(LANG_MANADER),
            kort: Geometric::with_mean(KORT_MANADER),
            uppehall: Geometric::with_mean(UPPEHALL_MANADER),
        }
    }
}

/// A person's spells, drawn one at a time from the person's own stream, so the spells of one
/// person are the same whether the simulation stops in 2020 or in 2024.
#[derive(Debug)]
pub(crate) struct Course {
    slump: Rng,
    langder: Lengths,
    nasta_start: Option<Month>,
    forsta_lang: Option<bool>,
}

impl Course {
    /// A career whose first spell starts in month `start`; `lang` fixes the kind of the first
    /// spell (for those already receiving when the simulation starts).
    pub(crate) fn ny(slump: Rng, langder: Lengths, start: Month, lang: Option<bool>) -> Course {
        Course {
            slump,
            langder,
            nasta_start: Some(start),
            forsta_lang: lang,
        }
    }

    /// The next spell, or `None` when the person does not come back.
    pub(crate) fn nasta(&mut self) -> Option<Period> {
        let first = self.nasta_start?;
        let s = &mut self.slump;
        let lang = match self.forsta_lang.take() {
            Some(lang) => lang,
            None => s.chance(LANG_ANDEL),
        };
        let l = &self.langder;
        let manader = s.geometric(if lang { l.lang } else { l.kort });
        let last = first + manader as i32 - 1;
        let hushall = s.uniform();
        let niva = s.next_u64();
        self.nasta_start = s
            .chance(ATERKOMST)
            .then(|| last + 1 + s.geometric(l.uppehall) as i32);
        Some(Period {
            first,
            last,
            hushall,
            niva,
        })
    }
}
