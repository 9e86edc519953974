//! Sampling the users of a service for a brukarundersökning: how many of each kön and age are
//! asked, and the design weight that carries them back to all users.

use crate::folkmangd::{AGES, KommunPopulation, Kon};
use crate::persons::count;
use crate::random::Rng;
use crate::scale::Volume;

/// One kommun's sample in one stratum (a service).
#[derive(Debug, Clone)]
pub(crate) struct Sample {
    /// Sampled persons, `[kön][ålder]`.
    pub(crate) antal: [[u32; AGES]; 2],
    /// Users / sampled, in hundredths: the same for everyone in the stratum, never below 1.
    pub(crate) weight: i64,
}

/// Draws the sample of a stratum whose users are `antal × sannolikhet(kön, ålder)`. The design
/// samples `andel` of the users (times the scale's multiplier), at least the scale's minimum
/// when there are that many users. `None` when nobody was sampled.
pub(crate) fn draw(
    slump: &mut Rng,
    kommun: &KommunPopulation,
    andel: f64,
    volume: &Volume,
    sannolikhet: impl Fn(Kon, usize) -> f64,
) -> Option<Sample> {
    let mut anvandare = 0.0;
    for kon in Kon::BOTH {
        for (alder, &n) in kommun.antal[kon as usize].iter().enumerate() {
            anvandare += f64::from(n) * sannolikhet(kon, alder);
        }
    }
    if anvandare <= 0.0 {
        return None;
    }
    let minsta = (volume.minsta_urval as f64).min(anvandare) / anvandare;
    let andel = (andel * volume.brukar).max(minsta).min(1.0);
    let antal = count(slump, kommun, andel, false, &sannolikhet);
    let n: u64 = antal.iter().flatten().map(|&x| u64::from(x)).sum();
    if n == 0 {
        return None;
    }
    let weight = ((anvandare * 100.0 / n as f64).round() as i64).max(100);
    Some(Sample { antal, weight })
}
