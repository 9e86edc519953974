//! Swedish words for the definition language's keywords, as a reader of the workbook needs them.

use jamfor_spec::keywords::{Dimension, Direction, IndicatorType, Kind, Unit};
use jamfor_spec::manifest::{Colour as Rule, Indicator, Measure};

pub(crate) fn kind(kind: Kind) -> &'static str {
    match kind {
        Kind::Kvalitetsindikator => "Kvalitetsindikator",
        Kind::Valfardsindikator => "Välfärdsindikator",
        Kind::Nyckeltal => "Nyckeltal",
        Kind::Bakgrundsmatt => "Bakgrundsmått",
    }
}

pub(crate) fn dimension(dimension: Dimension) -> &'static str {
    match dimension {
        Dimension::Kunskapsbaserad => "Kunskapsbaserad",
        Dimension::Saker => "Säker",
        Dimension::Individanpassad => "Individanpassad",
        Dimension::Effektiv => "Effektiv",
        Dimension::Jamlik => "Jämlik",
        Dimension::Tillganglig => "Tillgänglig",
    }
}

pub(crate) fn indicator_type(t: IndicatorType) -> &'static str {
    match t {
        IndicatorType::Struktur => "Struktur",
        IndicatorType::Process => "Process",
        IndicatorType::Resultat => "Resultat",
    }
}

pub(crate) fn direction(direction: Direction) -> &'static str {
    match direction {
        Direction::Higher => "Högt värde är bra",
        Direction::Lower => "Lågt värde är bra",
        Direction::None => "Ingen riktning",
    }
}

pub(crate) fn unit(unit: Unit) -> &'static str {
    match unit {
        Unit::Procent => "Procent",
        Unit::Antal => "Antal",
        Unit::Per1000 => "Per 1 000 invånare",
        Unit::Per10000 => "Per 10 000 invånare",
        Unit::Per100000 => "Per 100 000 invånare",
        Unit::Dagar => "Dagar",
        Unit::Poang => "Poäng",
        Unit::JaNej => "Ja/nej (län och riket: andel ja, %)",
        Unit::Kronor => "Kronor",
        Unit::Ar => "År",
    }
}

/// How the value is computed, in one phrase.
pub(crate) fn measure(measure: &Measure) -> &'static str {
    match measure {
        Measure::Count(_) => "Antal",
        Measure::Share { .. } => "Andel: täljare / nämnare × 100",
        Measure::Rate { .. } => "Antal per invånare: täljare / nämnare × bas",
        Measure::Mean { .. } => "Medelvärde",
        Measure::Median { .. } => "Median",
        Measure::YesNo { .. } => {
            "Ja/nej per kommun; för län, riket och kommungrupp andel svarande kommuner med ja"
        }
        Measure::ShareYes { .. } => "Andel av kommunens enheter som svarat ja",
        Measure::Index { .. } => "Index: poäng över flera frågor",
        Measure::SurveyShare { .. } => "Viktad andel i brukarundersökning, med konfidensintervall",
        Measure::ResponseRate { .. } => "Svarsfrekvens: svarande / urval × 100",
    }
}

/// A number as Swedish text: decimal comma, no trailing zeros.
pub(crate) fn tal(v: f64) -> String {
    format!("{v}").replace('.', ",")
}

/// The colour rule in words.
pub(crate) fn colour_rule(indicator: &Indicator) -> String {
    let better = |higher: &str, lower: &str| match indicator.direction {
        Direction::Lower => lower.to_string(),
        _ => higher.to_string(),
    };
    let rule = match indicator.colour {
        Rule::None => "Ingen färgsättning".to_string(),
        Rule::Relative { green, red, .. } => format!(
            "Relativ: de {} % bästa kommunerna grönt, de {} % sämsta rött, övriga gult ({})",
            tal(green),
            tal(red),
            better("högt värde är bra", "lågt värde är bra"),
        ),
        Rule::Thresholds { green, red, .. } => match indicator.direction {
            Direction::Lower => format!(
                "Fasta gränser: högst {} grönt, över {} rött, däremellan gult",
                tal(green),
                tal(red)
            ),
            _ => format!(
                "Fasta gränser: minst {} grönt, under {} rött, däremellan gult",
                tal(green),
                tal(red)
            ),
        },
        Rule::YesNo => better(
            "Ja grönt, nej rött; för län och riket grönt när alla svarande kommuner svarat ja, rött när ingen gjort det",
            "Nej grönt, ja rött; för län och riket grönt när ingen svarande kommun svarat ja, rött när alla gjort det",
        ),
    };
    if matches!(
        indicator.colour,
        Rule::Relative { interval: true, .. } | Rule::Thresholds { interval: true, .. }
    ) {
        format!(
            "{rule}. Rött eller grönt bara när värdets 95-procentiga konfidensintervall ligger helt på den sidan av gränsen; annars gult (ingen säker skillnad)"
        )
    } else {
        rule
    }
}
