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

    pub(crate) fn volume(self) -> Volume {
        match self {
            // Registers as samples of persons: rates per inhabitant come out at these fractions
            // of the real ones, but every kommun keeps at least one person, so joins, disclosure
            // control and workbooks see all 290.
            Scale::Small => Volume {
                register: 0.004,
                placeringar: 0.2,
                vuxna: 0.1,
                lss: 0.5,
                brukar: 0.1,
                minsta_urval: 6,
                minst_en: true,
            },
            Scale::National => Volume {
                register: 1.0,
                placeringar: 1.0,
                vuxna: 1.0,
                lss: 1.0,
                brukar: 1.0,
                minsta_urval: 0,
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
pub(crate) struct Volume {
    /// Share of the persons of the monthly registers (ekonomiskt bistånd, insatser).
    pub(crate) register: f64,
    /// Share of the placements of children.
    pub(crate) placeringar: f64,
    /// Share of the adults with insatser for skadligt bruk, våld or hemlöshet.
    pub(crate) vuxna: f64,
    /// Share of the decisions under LSS: few per kommun, so a larger share than the others.
    pub(crate) lss: f64,
    /// Multiplier on each survey's own sampling share (the real design at national scale).
    pub(crate) brukar: f64,
    /// Smallest sample per kommun and stratum (when the stratum has that many users), so that a
    /// small sample still gives respondents in most kommuner.
    pub(crate) minsta_urval: u64,
    /// Whether each kommun gets at least one person in every register.
    pub(crate) minst_en: bool,
}
