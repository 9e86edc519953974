//! An indicator's measure twice: in words, for readers who do not read TOML, and as written in its
//! definition file, for those who want the exact conditions.

use jamfor_spec::Manifest;
use jamfor_spec::keywords::Role;
use jamfor_spec::manifest::{Count, Indicator, Measure};

use super::names::{area_page, sources_page};
use super::page::{Inline, code, link_code, text};

/// The measure as a list: a summary sentence, then its parts.
pub(crate) fn in_words(manifest: &Manifest, measure: &Measure) -> Vec<Vec<Inline>> {
    let source = |id: &str| link_code(id, sources_page(), Some(id));
    let condition = |label: &str, sql: &str| vec![text(format!("{label}: ")), code(sql)];
    let mut items = Vec::new();
    match measure {
        Measure::Count(count) => {
            let mut first = vec![text("Count: ")];
            first.extend(count_words(manifest, count));
            first.push(text("."));
            items.push(first);
        }
        Measure::Share {
            numerator,
            denominator,
        } => {
            items.push(vec![text(
                "Share in percent: numerator / denominator × 100.",
            )]);
            items.push(part("Numerator", manifest, numerator));
            items.push(part("Denominator", manifest, denominator));
        }
        Measure::Rate {
            numerator,
            denominator,
            per,
        } => {
            items.push(vec![text(format!(
                "Rate per {}: numerator / denominator × {}.",
                thousands(*per),
                thousands(*per)
            ))]);
            items.push(part("Numerator", manifest, numerator));
            items.push(part("Denominator", manifest, denominator));
        }
        Measure::Mean {
            source: s,
            value,
            filter,
            per_person,
        }
        | Measure::Median {
            source: s,
            value,
            filter,
            per_person,
        } => {
            let what = if matches!(measure, Measure::Mean { .. }) {
                "Mean of "
            } else {
                "Median of "
            };
            let mut first = vec![text(what), code(&value.sql), text(" in "), source(s)];
            if let Some(f) = filter {
                first.extend([text(" where "), code(&f.sql)]);
            }
            if let Some(p) = per_person {
                first.extend([
                    text(", one value per person ("),
                    code(&p.id),
                    text(if p.within_kommun {
                        " and kommun), placed by the person's last row"
                    } else {
                        "), placed by the person's last row"
                    }),
                ]);
            }
            first.push(text(if matches!(measure, Measure::Median { .. }) {
                ", recomputed at every level from the rows."
            } else {
                "."
            }));
            items.push(first);
        }
        Measure::YesNo {
            source: s,
            yes,
            answered,
        } => {
            items.push(vec![
                text("Yes or no per unit, read from "),
                source(s),
                text("; above the unit, the share of responding units answering yes."),
            ]);
            items.push(condition("Yes when", &yes.sql));
            if let Some(a) = answered {
                items.push(condition("Answered when", &a.sql));
            }
        }
        Measure::ShareYes {
            source: s,
            unit,
            yes,
            answered,
        } => {
            let units = if *unit == Role::Stadsdel {
                "stadsdelar"
            } else {
                "enheter"
            };
            items.push(vec![
                text(format!(
                    "Share of the kommun's {units} answering yes, in percent, read from "
                )),
                source(s),
                text("."),
            ]);
            items.push(condition("Yes when", &yes.sql));
            if let Some(a) = answered {
                items.push(condition("Answered when", &a.sql));
            }
        }
        Measure::Index {
            source: s,
            items: questions,
            answered,
        } => {
            items.push(vec![
                text(format!(
                    "Index: points over {} questions per unit, read from ",
                    questions.len()
                )),
                source(s),
                text("; above the unit, the mean of the unit values."),
            ]);
            for (when, points) in questions {
                items.push(vec![
                    code(&when.sql),
                    text(format!(" gives {points} points")),
                ]);
            }
            if let Some(a) = answered {
                items.push(condition("Answered when", &a.sql));
            }
        }
        Measure::SurveyShare {
            source: s,
            filter,
            positive,
            answered,
            confidence,
        } => {
            items.push(vec![
                text("Weighted share of respondents answering positively, in percent, read from "),
                source(s),
                text(format!(
                    ", with a {} % confidence interval.",
                    (confidence * 1000.0).round() / 10.0
                )),
            ]);
            if let Some(f) = filter {
                items.push(condition("Population", &f.sql));
            }
            items.push(condition("Positive when", &positive.sql));
            if let Some(a) = answered {
                items.push(condition("Answered when", &a.sql));
            }
        }
        Measure::ResponseRate {
            source: s,
            filter,
            responded,
        } => {
            items.push(vec![
                text("Response rate: respondents / sampled persons in percent, read from "),
                source(s),
                text("."),
            ]);
            if let Some(f) = filter {
                items.push(condition("Population", &f.sql));
            }
            items.push(condition("Responded when", &responded.sql));
        }
    }
    items
}

fn part(label: &str, manifest: &Manifest, count: &Count) -> Vec<Inline> {
    let mut item = vec![text(format!("{label}: "))];
    item.extend(count_words(manifest, count));
    item.push(text("."));
    item
}

/// "the sum of `antal` in `befolkning` where `alder >= 80`", or another indicator's count.
fn count_words(manifest: &Manifest, count: &Count) -> Vec<Inline> {
    match count {
        Count::Source {
            source,
            filter,
            sum,
            distinct,
            year,
            person,
        } => {
            let mut words = match (sum, distinct) {
                (Some(column), _) => vec![text("the sum of "), code(column), text(" in ")],
                (None, Some(column)) => {
                    vec![text("the number of distinct "), code(column), text(" in ")]
                }
                (None, None) => vec![text("the number of rows of ")],
            };
            words.push(link_code(source, sources_page(), Some(source)));
            match *year {
                0 => {}
                -1 => words.push(text(" of the previous year")),
                n => words.push(text(format!(" of the year {n:+}"))),
            }
            if let Some(f) = filter {
                words.extend([text(" where "), code(&f.sql)]);
            }
            if let Some(p) = person {
                let per = if p.within_kommun {
                    ", counting the persons (per kommun) whose rows"
                } else {
                    ", counting the persons whose rows"
                };
                words.push(text(per));
                if p.window.0 != p.window.1 {
                    words.push(text(format!(
                        " of the years {:+} to {:+}",
                        p.window.0, p.window.1
                    )));
                }
                words.extend([text(" satisfy "), code(&p.having.sql)]);
            }
            words
        }
        Count::Indicator(id) => {
            let page = manifest
                .indicator(id)
                .map_or_else(String::new, |i| area_page(&i.area));
            vec![
                text("the count of indicator "),
                link_code(id, &page, Some(id)),
            ]
        }
    }
}

/// 1000 → "1 000", as Swedish statistics write it.
fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// The `[indicator.measure]` table (or `measure = {…}` line) of `indicator`, as written in `file`;
/// `None` when it cannot be found line by line (then the words above stand alone).
pub(crate) fn as_written(indicator: &Indicator, file: &str) -> Option<String> {
    let lines: Vec<&str> = file.lines().collect();
    let at = indicator.location.line.checked_sub(1)?;
    if at >= lines.len() {
        return None;
    }
    let is_indicator_header = |l: &str| squeeze(l) == "[[indicator]]";
    let start = (0..=at).rev().find(|&i| is_indicator_header(lines[i]))?;
    let end = (at + 1..lines.len())
        .find(|&i| is_indicator_header(lines[i]))
        .unwrap_or(lines.len());
    let block = &lines[start..end];
    let mut out: Vec<&str> = Vec::new();
    if let Some(header) = block
        .iter()
        .position(|l| squeeze(l) == "[indicator.measure]")
    {
        out.push(block[header]);
        for &line in &block[header + 1..] {
            let s = squeeze(line);
            let nested =
                s.starts_with("[indicator.measure.") || s.starts_with("[[indicator.measure.");
            if s.starts_with('[') && !nested {
                break;
            }
            out.push(line);
        }
    } else {
        out.extend(block.iter().filter(|l| {
            let s = squeeze(l);
            s.starts_with("measure=") || s.starts_with("measure.")
        }));
    }
    // Comments and blank lines between the measure and the next table belong to what follows.
    while out
        .last()
        .is_some_and(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        out.pop();
    }
    (!out.is_empty()).then(|| out.join("\n"))
}

fn squeeze(line: &str) -> String {
    line.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(1000), "1 000");
        assert_eq!(thousands(100_000), "100 000");
        assert_eq!(thousands(10), "10");
    }
}
