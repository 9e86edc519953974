//! How much data a scale means.

/// The size of the synthetic data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scale {
    /// Every kommun and the full population table, but registers and surveys as small samples of
    /// persons: the embedded default data, a few MB per year.
    Small,
    /// Roughly the real Swedish volumes: millions of register rows and over a hundred thousand
    /// survey respondents per year.
    National,
}

impl Scale {
    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Scale::Small => "small",
            Scale::National => "national",
        }
    }

    pub(crate) fn volym(self) -> Volym {
        match self {
            // Registers as samples of persons: rates per inhabitant come out at these fractions
            // of the real ones, but every kommun keeps at least one person, so joins, disclosure
            // control and workbooks see all 290.
            Scale::Small => Volym {
                register: 0.004,
                placeringar: 0.2,
                brukar: 0.02,
                minst_en: true,
            },
            Scale::National => Volym {
                register: 1.0,
                placeringar: 1.0,
                brukar: 0.63,
                minst_en: false,
            },
        }
    }
}

impl std::fmt::Display for Scale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Fractions of the real volume.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Volym {
    /// Share of the persons of the monthly registers (ekonomiskt bistånd, insatser).
    pub(crate) register: f64,
    /// Share of the placements of children.
    pub(crate) placeringar: f64,
    /// Share of the users of a service sampled for a brukarundersökning.
    pub(crate) brukar: f64,
    /// Whether each kommun gets at least one person in every register.
    pub(crate) minst_en: bool,
}
