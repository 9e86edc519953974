//! Checks of an area's `[comparable]` and `[bruttolista]` tables: `k` and the margins in range,
//! every nyckeltal a known background figure published per kommun.

use crate::diagnostic::Diagnostic;
use crate::keywords::{Kind, Level};
use crate::manifest::{Bruttolista, Comparable};
use crate::raw::AreaFolder;
use crate::raw::analysis::{BruttolistaSpec, ComparableSpec};
use crate::rule::Rule;
use crate::span::Ranged;
use crate::suggest;

use super::Resolver;

/// The largest `k`: a group of more than 50 kommuner says little about similarity.
const MAX_K: i64 = 50;

pub(super) fn resolve(
    r: &mut Resolver<'_>,
    folder: &AreaFolder,
) -> (Option<Comparable>, Bruttolista) {
    let comparable = folder
        .analysis
        .comparable
        .as_ref()
        .and_then(|c| comparable(r, c));
    let bruttolista = folder
        .analysis
        .bruttolista
        .as_ref()
        .map_or_else(Bruttolista::default, |b| bruttolista(r, b));
    (comparable, bruttolista)
}

fn comparable(r: &mut Resolver<'_>, spec: &ComparableSpec) -> Option<Comparable> {
    let mut ok = true;
    if !(1..=MAX_K).contains(&spec.k.value) {
        r.report(
            Diagnostic::new(
                Rule::InvalidValue,
                spec.k.span,
                format!("`k` must be between 1 and {MAX_K}"),
            )
            .label(format!("{} is out of range", spec.k.value))
            .help("Kolada's groups of liknande kommuner have 7 members"),
        );
        ok = false;
    }
    if spec.nyckeltal.is_empty() {
        r.report(
            Diagnostic::new(
                Rule::InvalidValue,
                spec.span,
                "`nyckeltal` lists no indicator",
            )
            .label("similarity needs at least one nyckeltal")
            .help("name background figures, e.g. `nyckeltal = [\"aldre_invanare_80_andel\"]`"),
        );
        ok = false;
    }
    let mut nyckeltal: Vec<String> = Vec::new();
    for id in &spec.nyckeltal {
        if nyckeltal.iter().any(|n| n == id.value.as_str()) {
            r.report(
                Diagnostic::new(
                    Rule::InvalidValue,
                    id.span,
                    format!("nyckeltal `{}` is listed twice", id.value),
                )
                .label("listed before")
                .help("list each nyckeltal once; a second copy would weigh it double"),
            );
            ok = false;
            continue;
        }
        ok &= nyckeltal_ok(r, id);
        nyckeltal.push(id.value.to_string());
    }
    let mut log = Vec::new();
    for id in spec.log.iter().flatten() {
        if nyckeltal.iter().any(|n| n == id.value.as_str()) {
            log.push(id.value.to_string());
        } else {
            let help = suggest::did_you_mean(id.as_str(), nyckeltal.iter().map(String::as_str));
            r.report(
                Diagnostic::new(
                    Rule::InvalidValue,
                    id.span,
                    format!("`{}` is not one of the nyckeltal", id.value),
                )
                .label("`log` names nyckeltal listed in `nyckeltal`")
                .maybe_help(help),
            );
            ok = false;
        }
    }
    let location = r.location(spec.span);
    ok.then(|| Comparable {
        k: usize::try_from(spec.k.value).unwrap_or(1),
        nyckeltal,
        log,
        location,
    })
}

/// Whether `id` names an indicator that can define similarity; reports why not.
fn nyckeltal_ok(r: &mut Resolver<'_>, id: &Ranged<crate::raw::Id>) -> bool {
    let Some(&(_, indicator)) = r.indicators.get(id.as_str()) else {
        if !r.is_broken(id.as_str()) {
            let help = suggest::did_you_mean(id.as_str(), r.indicators.keys().copied());
            r.report(
                Diagnostic::new(
                    Rule::UnknownIndicator,
                    id.span,
                    format!("no indicator `{}`", id.value),
                )
                .label("unknown indicator")
                .maybe_help(help),
            );
        }
        return false;
    };
    let kind = indicator.kind.value;
    if !matches!(kind, Kind::Nyckeltal | Kind::Bakgrundsmatt) {
        r.report(
            Diagnostic::new(
                Rule::InvalidNyckeltal,
                id.span,
                format!("`{}` is a {}, not a nyckeltal", id.value, kind.as_str()),
            )
            .label("similarity must rest on background figures")
            .related(indicator.kind.span, "declared here")
            .help("name an indicator of kind `nyckeltal` or `bakgrundsmatt`: comparing kommuner that are alike in results would hide the differences the comparison is for"),
        );
        return false;
    }
    let per_kommun = indicator
        .levels
        .as_ref()
        .is_none_or(|levels| levels.iter().any(|l| l.value == Level::Kommun));
    if !per_kommun {
        let span = indicator
            .levels
            .as_ref()
            .and_then(|l| l.first())
            .map_or(indicator.span, |l| l.span);
        r.report(
            Diagnostic::new(
                Rule::InvalidNyckeltal,
                id.span,
                format!("`{}` is not published per kommun", id.value),
            )
            .label("similarity of kommuner needs a value per kommun")
            .related(span, "its levels")
            .help("add \"kommun\" to its `levels`, or name another nyckeltal"),
        );
        return false;
    }
    true
}

fn bruttolista(r: &mut Resolver<'_>, spec: &BruttolistaSpec) -> Bruttolista {
    let defaults = Bruttolista::default();
    let mut margin = |value: &Option<Ranged<f64>>, key: &str, default: f64| -> f64 {
        let Some(v) = value else {
            return default;
        };
        if (0.0..=10.0).contains(&v.value) {
            return v.value;
        }
        r.report(
            Diagnostic::new(
                Rule::InvalidValue,
                v.span,
                format!("`{key}` must be between 0 and 10 standard deviations"),
            )
            .label(format!("{} is out of range", v.value)),
        );
        default
    };
    let margin_value = margin(&spec.margin, "margin", defaults.margin);
    let gap_margin = margin(&spec.gap_margin, "gap_margin", defaults.gap_margin);
    let trend_years = match &spec.trend_years {
        None => defaults.trend_years,
        Some(v) if (2..=10).contains(&v.value) => usize::try_from(v.value).unwrap_or(3),
        Some(v) => {
            r.report(
                Diagnostic::new(
                    Rule::InvalidValue,
                    v.span,
                    "`trend_years` must be between 2 and 10",
                )
                .label(format!("{} is out of range", v.value))
                .help("a trend is that many year-on-year changes in a row; 3 is the usual"),
            );
            defaults.trend_years
        }
    };
    Bruttolista {
        margin: margin_value,
        gap_margin,
        trend_years,
    }
}
