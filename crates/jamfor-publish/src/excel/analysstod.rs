//! Analysstöd: each kommun's bruttolista for the area — the indicators to look at first, with
//! the reasons (red or green, worse or better than its comparable kommuner or its kommungrupp,
//! worsening or improving over years, a gap between kvinnor and män, values that limit
//! interpretation) and the priority (see `docs/analysis.md`).
//!
//! **In:** the workbook's [`Book`] and the release's [`Analysis`]. **Out:** one sheet in three parts:
//!
//! 1. at the top, a kommun chosen in a drop-down and its list, by formulas (INDEX, MATCH,
//!    COUNTIF, IF, IFERROR, which Excel and LibreOffice share) over the table below; every formula
//!    carries its result for the first kommun so a viewer that never recalculates is right too;
//! 2. **Alla kommuner**: every kommun's list, one row per flagged indicator, with a filter;
//! 3. **Liknande kommuner**: every kommun's comparable kommuner in the area, nearest first.
//!
//! The values are shown as published (rounded, decimal comma, symbols, each symbol in its own fill
//! as on the value sheets); hidden text columns hold them so the chosen kommun's rows look exactly
//! like the table's whatever the indicator's format. A yes/no indicator's group means are shares
//! of kommuner answering yes and read "67 % ja", so they are not mistaken for the kommun's Ja/Nej.
//! The drop-down offers the kommun names in Swedish alphabetical order, the list Jämför uses.
//! The chosen kommun's rows are found by a hidden key (kommun code and priority) inside the full
//! table's filter range, never by position, so sorting or filtering that table changes nothing
//! in the list above it.

use std::collections::BTreeMap;

use jamfor_assess::{Class, Post, Reason, tal};
use jamfor_engine::{GeoLevel, Kon};
use jamfor_spec::manifest::Indicator;
use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, DataValidation, Format, FormatAlign, FormatBorder, Formula,
    Worksheet, XlsxError, column_number_to_name,
};

use jamfor_assess::Analysis;
use jamfor_assess::published_value;

use super::book::{Book, Place};
use super::jamfor::KOMMUN_NAME;
use super::style;
use super::value::{CellValue, FOR_FA};

/// The row of the introduction under the title.
const INTRO: u32 = 1;
/// The row of the kommun chosen (row 3 as Excel counts).
const CHOICE: u32 = 2;
/// The row of the chosen kommun's comparable kommuner.
const LIKNANDE: u32 = 3;
/// The row with the number of listed indicators.
const ANTAL: u32 = 4;
/// The rows explaining the order of the list, and the symbols, margins and "% ja".
const ORDER: u32 = ANTAL + 1;
const KEY_TEXT: u32 = ANTAL + 2;
/// The heading row of the chosen kommun's list; its rows follow.
const HEADING: u32 = 7;
/// Hidden: each row's key in the full table, the kommun code and the priority, "0114 3".
const KEY: u16 = 13;
/// Hidden helper column: the chosen kommun's code, and beside each row of its list the row of
/// that row's key in the full table.
const HELP: u16 = 14;

/// The columns shared by the chosen kommun's list and the full table. The value columns have
/// hidden twins holding the published text, which the chosen kommun's list shows.
const CODE: u16 = 0;
const NAME: u16 = 1;
const PRIORITY: u16 = 2;
const CLASS: u16 = 3;
const INDICATOR: u16 = 4;
const VALUE: u16 = 5;
const LIKNANDE_MEAN: u16 = 6;
const KOMMUNGRUPP: u16 = 7;
const REASON: u16 = 8;
/// The value's confidence interval, or why it has none.
const INTERVAL: u16 = 9;
/// Hidden: the published text of [`VALUE`], [`LIKNANDE_MEAN`] and [`KOMMUNGRUPP`].
const TEXT: [u16; 3] = [10, 11, 12];

const HEADINGS: [(u16, &str, f64); 10] = [
    (CODE, "Kommunkod", 11.0),
    (NAME, "Kommun", 18.0),
    (PRIORITY, "Prioritet", 9.0),
    (CLASS, "Klass", 17.0),
    (INDICATOR, "Indikator", 50.0),
    (VALUE, "Värde", 10.0),
    (LIKNANDE_MEAN, "Liknande kommuner (medel per kommun)", 16.0),
    (KOMMUNGRUPP, "Kommungrupp (medel per kommun)", 16.0),
    (REASON, "Skäl", 100.0),
    (INTERVAL, "Värdets felmarginal (95 %)", 24.0),
];

/// One row of the full table, as shown.
struct Rad<'a> {
    kommun: &'a Place,
    post: &'a Post,
    indicator: &'a Indicator,
    varden: [String; 3],
    skal: String,
    intervall: String,
}

impl Rad<'_> {
    /// The lines the row needs for its wrapped title, reasons and interval in their columns.
    /// Set explicitly: LibreOffice keeps a row one line high when it opens the file, and the
    /// wrapped text would be cut off.
    fn lines(&self) -> usize {
        // Characters a line of each column holds, a little under its width.
        let line = |text: &str, width: usize| text.chars().count().div_ceil(width).max(1);
        line(&self.indicator.title, 46)
            .max(line(&self.skal, 92))
            .max(line(&self.intervall, 22))
    }

    /// The text shown in a column of the chosen kommun's list.
    fn visad(&self, col: u16) -> String {
        match col {
            NAME => self.kommun.name.clone(),
            PRIORITY => self.post.prioritet.to_string(),
            CLASS => self.post.klass.heading().to_string(),
            INDICATOR => self.indicator.title.clone(),
            VALUE => self.varden[0].clone(),
            LIKNANDE_MEAN => self.varden[1].clone(),
            KOMMUNGRUPP => self.varden[2].clone(),
            INTERVAL => self.intervall.clone(),
            _ => self.skal.clone(),
        }
    }
}

/// A value as published: rounded, decimal comma; a kommun's yes/no as Ja or Nej, and a group's
/// mean of a yes/no as its share of kommuner answering yes, "67 % ja".
fn published(indicator: &Indicator, value: f64, kommun: bool) -> String {
    let yes_no = style::is_yes_no(indicator);
    if kommun && yes_no {
        return if value >= 50.0 { "Ja" } else { "Nej" }.to_string();
    }
    let text = tal(
        published_value(value, indicator.decimals),
        indicator.decimals,
    );
    if yes_no { format!("{text} % ja") } else { text }
}

/// The number format of a value in the full table: as on the value sheets, except a group's mean
/// of a yes/no, which reads "67 % ja" like the chosen kommun's list.
fn number_format(indicator: &Indicator, kommun: bool) -> String {
    let format = style::number_format(indicator, kommun);
    if !kommun && style::is_yes_no(indicator) {
        format!("{format}\" % ja\"")
    } else {
        format
    }
}

/// The symbol shown for a comparison the list has no value of: the group row's own (`..`, `-`,
/// `.` or "för få", as the Jämför and Liknande kommuner sheets show it), or `.` where the area has
/// no such group or the group no row.
fn comparison_symbol(bok: &Book<'_>, indicator: &Indicator, group: Option<&Place>) -> String {
    match group.map(|g| bok.varde(indicator, bok.year(), g, Kon::T)) {
        Some(CellValue::Symbol(s)) => s.to_string(),
        _ => ".".to_string(),
    }
}

/// The kommun value's interval as the sheet shows it: "36–97", with ", osäkert" when the
/// comparison values lie inside it; "ingen beräknad" for a value without one; empty without a
/// value.
fn margin_of_error(post: &Post, indicator: &Indicator) -> String {
    if post.value.is_none() {
        return String::new();
    }
    // As `jamfor analyse` writes it, so the sheet and the terminal agree.
    jamfor_assess::intervall(
        post.intervall,
        [post.liknande, post.kommungrupp],
        indicator.decimals,
    )
    .unwrap_or_else(|| "ingen beräknad".to_string())
}

/// The key of a row of the full table: the kommun code and its priority, "0114 3".
fn nyckel(code: &str, prioritet: impl std::fmt::Display) -> String {
    format!("{code} {prioritet}")
}

fn cell(col: u16, row: u32) -> String {
    format!("${}${}", column_number_to_name(col), row + 1)
}

fn span(col: u16, first: u32, last: u32) -> String {
    let c = column_number_to_name(col);
    format!("${c}${}:${c}${}", first + 1, last + 1)
}

pub(crate) fn write(bok: &Book<'_>, analysis: &Analysis) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(super::ANALYSSTOD)?;
    // A formula without a known result (an empty cell of the list) caches an empty text, not the
    // library's default 0, which a viewer would show as a false zero.
    sheet.set_formula_result_default("");
    let area = &bok.area.id;
    let indicators: BTreeMap<&str, &Indicator> =
        bok.indicators.iter().map(|i| (i.id.as_str(), *i)).collect();
    let places: BTreeMap<&str, &Place> =
        bok.kommuner.iter().map(|k| (k.code.as_str(), k)).collect();
    let rader: Vec<Rad<'_>> = analysis
        .entries(area)
        .filter_map(|post| {
            let indicator = *indicators.get(post.indicator.as_str())?;
            let kommun = *places.get(post.kommun.as_str())?;
            let varde = post.value.map_or_else(
                || post.status.symbol().to_string(),
                |v| published(indicator, v, true),
            );
            let liknande = bok.liknande.iter().find(|g| g.code == kommun.code);
            let kommungrupp = kommun.kommungrupp.get(..2).and_then(|code| {
                bok.overgripande
                    .iter()
                    .find(|g| g.level == GeoLevel::Kommungrupp && g.code == code)
            });
            let jamforelse = |v: Option<f64>, group: Option<&Place>| {
                v.map_or_else(
                    || comparison_symbol(bok, indicator, group),
                    |v| published(indicator, v, false),
                )
            };
            Some(Rad {
                kommun,
                post,
                indicator,
                varden: [
                    varde,
                    jamforelse(post.liknande, liknande),
                    jamforelse(post.kommungrupp, kommungrupp),
                ],
                skal: post
                    .skal
                    .iter()
                    .map(|s: &Reason| s.beskriv(indicator))
                    .collect::<Vec<_>>()
                    .join("; "),
                intervall: margin_of_error(post, indicator),
            })
        })
        .collect();
    let mest = bok
        .kommuner
        .iter()
        .map(|k| rader.iter().filter(|r| r.kommun.code == k.code).count())
        .max()
        .unwrap_or(0)
        .max(1);
    let forsta_val = HEADING + 1;
    let alla_rubrik = forsta_val + u32::try_from(mest).unwrap_or(u32::MAX) + 3;
    let alla_forsta = alla_rubrik + 1;
    let alla_sista = alla_forsta + u32::try_from(rader.len().max(1)).unwrap_or(u32::MAX) - 1;
    let grupp_rubrik = alla_sista + 4;
    let grupp_forsta = grupp_rubrik + 1;
    let grupp_sista =
        grupp_forsta + u32::try_from(bok.kommuner.len().max(1)).unwrap_or(u32::MAX) - 1;

    let heading = style::heading();
    // Top-aligned, so a row's cells line up with its wrapped title and reasons.
    let text = style::text().set_align(FormatAlign::Top);
    // Long titles and reasons wrap within their columns instead of being cut off by the next one.
    let wrapped = style::text().set_text_wrap().set_align(FormatAlign::Top);
    let label = Format::new().set_bold();
    // A line of explanation across the table's visible columns, wrapped.
    let explain = |sheet: &mut Worksheet, row: u32, lines: f64, words: &str| {
        sheet.merge_range(row, CODE, row, REASON, words, &style::body_text())?;
        sheet.set_row_height(row, 15.0 * lines)?;
        Ok::<(), XlsxError>(())
    };

    sheet.write_string_with_format(
        0,
        0,
        format!("Analysstöd {} – {}", bok.year(), bok.area.title),
        &style::title(),
    )?;
    explain(
        &mut sheet,
        INTRO,
        2.0,
        "Indikatorer som kan vara värda att titta närmare på för den valda kommunen, med skälen, \
         de viktigaste först. Listan är ett underlag att gå vidare med (en bruttolista), inte en \
         bedömning. Välj kommun i den gula cellen (klicka på pilen). Alla kommuners listor och \
         deras liknande kommuner finns längre ned.",
    )?;

    // The choice, its comparable kommuner and the length of its list.
    let default_choice = bok.kommuner.first();
    let forval_rader: Vec<&Rad<'_>> = default_choice
        .map(|k| rader.iter().filter(|r| r.kommun.code == k.code).collect())
        .unwrap_or_default();
    let val = Format::new()
        .set_bold()
        .set_border(FormatBorder::Medium)
        .set_background_color(Color::RGB(style::CHOICE));
    sheet.merge_range(CHOICE, CODE, CHOICE, NAME, "Kommun", &label)?;
    sheet.merge_range(
        CHOICE,
        PRIORITY,
        CHOICE,
        INDICATOR,
        default_choice.map_or("", |k| k.name.as_str()),
        &val,
    )?;
    // The names in Swedish alphabetical order, as on Jämför: the table below is in code order.
    let validation = DataValidation::new()
        .allow_list_formula(Formula::new(format!("={KOMMUN_NAME}")))
        .set_input_title("Välj kommun")?
        .set_input_message("Välj en kommun i listan.")?
        .set_error_title("Okänd kommun")?
        .set_error_message("Välj en kommun i listan.")?;
    sheet.add_data_validation(CHOICE, PRIORITY, CHOICE, PRIORITY, &validation)?;
    let val_cell = cell(PRIORITY, CHOICE);

    let grupp_text = |kommun: &Place| -> String {
        if bok.area.comparable.is_none() {
            return "Området anger inga nyckeltal för liknande kommuner.".to_string();
        }
        if let Some(skipped) = analysis.comparable.skipped.iter().find(|s| &s.area == area) {
            let names: Vec<&str> = skipped.missing.iter().map(|(n, _)| n.as_str()).collect();
            return format!(
                "Beräknas inte i denna utgåva: nyckeltalen {} hör till områden som utgåvan inte publicerar.",
                names.join(", ")
            );
        }
        let names: Vec<String> = analysis
            .comparable
            .group(area, &kommun.code)
            .iter()
            .map(|code| {
                places
                    .get(code)
                    .map_or_else(|| (*code).to_string(), |p| p.name.clone())
            })
            .collect();
        if names.is_empty() {
            "Inga (något nyckeltal saknar värde för kommunen).".to_string()
        } else {
            names.join(", ")
        }
    };
    sheet.merge_range(LIKNANDE, CODE, LIKNANDE, NAME, "Liknande kommuner", &label)?;
    sheet.merge_range(LIKNANDE, PRIORITY, LIKNANDE, REASON, "", &Format::new())?;
    sheet.write_formula(
        LIKNANDE,
        PRIORITY,
        Formula::new(format!(
            "=IFERROR(INDEX({},MATCH({val_cell},{},0)),\"\")",
            span(PRIORITY, grupp_forsta, grupp_sista),
            span(NAME, grupp_forsta, grupp_sista)
        ))
        .set_result(default_choice.map(grupp_text).unwrap_or_default()),
    )?;
    sheet.merge_range(ANTAL, CODE, ANTAL, NAME, "Indikatorer i listan", &label)?;
    let antal_cell = cell(PRIORITY, ANTAL);
    sheet.write_formula_with_format(
        ANTAL,
        PRIORITY,
        Formula::new(format!(
            "=COUNTIF({},{val_cell})",
            span(NAME, alla_forsta, alla_sista)
        ))
        .set_result(forval_rader.len().to_string()),
        &Format::new().set_align(FormatAlign::Left),
    )?;
    explain(
        &mut sheet,
        ORDER,
        2.0,
        "Ordning (Prioritet): först Att förbättra (minst ett skäl säger att kommunen ligger sämre \
         till), sedan Styrkor och Att uppmärksamma. Inom varje klass kommer de indikatorer först \
         vars skäl väger tyngst: röd eller grön färg 3, skillnad mot liknande kommuner 2, \
         utveckling över åren 2, skillnad mot kommungruppen 1, skillnad mellan kvinnor och män 1. \
         Skillnader mäts i standardavvikelser, alltså i hur mycket kommunernas värden brukar \
         skilja sig åt.",
    )?;
    explain(
        &mut sheet,
        KEY_TEXT,
        2.0,
        &format!(
            "Symboler: .. sekretess, - bortfall (uppgift saknas), . ej tillämplig, {FOR_FA} = \
             medelvärdet bygger på för få kommuner. För ja/nej-frågor visas kommunens svar som Ja \
             eller Nej och gruppernas värde som andelen kommuner som svarat ja (% ja). \
             Felmarginalen är det intervall som värdet med 95 % säkerhet ligger inom; \
             \"osäkert\" betyder att jämförelsevärdena ligger inom intervallet."
        ),
    )?;
    // The chosen kommun's code, from the table of comparable kommuner (one row per kommun).
    let kod_cell = cell(HELP, CHOICE);
    let mut code = Formula::new(format!(
        "=IFERROR(INDEX({},MATCH({val_cell},{},0)),\"\")",
        span(CODE, grupp_forsta, grupp_sista),
        span(NAME, grupp_forsta, grupp_sista)
    ));
    if let Some(k) = default_choice {
        code = code.set_result(&k.code);
    }
    sheet.write_formula(CHOICE, HELP, code)?;

    // The chosen kommun's list.
    for (col, name, bredd) in HEADINGS {
        sheet.write_string_with_format(HEADING, col, name, &heading)?;
        sheet.write_string_with_format(alla_rubrik, col, name, &heading)?;
        sheet.set_column_width(col, bredd)?;
    }
    // Up to four lines: "Liknande kommuner (medel per kommun)".
    sheet.set_row_height(HEADING, 60.0)?;
    sheet.set_row_height(alla_rubrik, 60.0)?;
    let hoger = text.clone().set_align(FormatAlign::Right);
    // Each row of the chosen kommun's list as high as the highest n-th row of any kommun, since
    // the height cannot follow the choice.
    let mut lines = vec![1_usize; mest];
    let mut position: BTreeMap<&str, usize> = BTreeMap::new();
    for rad in &rader {
        let n = position.entry(rad.kommun.code.as_str()).or_insert(0);
        if let Some(l) = lines.get_mut(*n) {
            *l = (*l).max(rad.lines());
        }
        *n += 1;
    }
    for i in 0..mest {
        let row = forsta_val + u32::try_from(i).unwrap_or(u32::MAX);
        let height = lines.get(i).copied().unwrap_or(1);
        if height > 1 {
            sheet.set_row_height(row, 15.0 * height as f64)?;
        }
        let n = i + 1;
        // The row of the kommun's n-th post in the full table, by its key.
        let hjalp = cell(HELP, row);
        let mut rad = Formula::new(format!(
            "=MATCH({kod_cell}&\" {n}\",{},0)",
            span(KEY, alla_forsta, alla_sista)
        ));
        if let Some(r) = forval_rader.get(i) {
            let position = rader
                .iter()
                .position(|x| std::ptr::eq(x, *r))
                .map_or(0, |p| p + 1);
            rad = rad.set_result(position.to_string());
        }
        sheet.write_formula(row, HELP, rad)?;
        // The code is left out: the choice is above, and a cached "0114" would read as a number.
        for (col, _, _) in HEADINGS.into_iter().filter(|(col, _, _)| *col != CODE) {
            // The value columns read the published text; the others their own column.
            let source = match col {
                VALUE => TEXT[0],
                LIKNANDE_MEAN => TEXT[1],
                KOMMUNGRUPP => TEXT[2],
                c => c,
            };
            let x = format!("INDEX({},{hjalp})", span(source, alla_forsta, alla_sista));
            let formula = Formula::new(format!(
                "=IF({antal_cell}<{n},\"\",IFERROR(IF({x}=\"\",\"\",{x}),\"\"))"
            ))
            .set_result(
                forval_rader
                    .get(i)
                    .map(|r| r.visad(col))
                    .unwrap_or_default(),
            );
            let format = match col {
                VALUE | LIKNANDE_MEAN | KOMMUNGRUPP | PRIORITY => &hoger,
                INDICATOR | REASON | INTERVAL => &wrapped,
                _ => &text,
            };
            sheet.write_formula_with_format(row, col, formula, format)?;
        }
    }
    let sista_val = forsta_val + u32::try_from(mest).unwrap_or(u32::MAX) - 1;

    // Every kommun's list.
    sheet.write_string_with_format(alla_rubrik - 1, 0, "Alla kommuner", &style::section())?;
    if rader.is_empty() {
        sheet.write_string(alla_forsta, 0, "Inga indikatorer att lyfta fram i området.")?;
    }
    for (i, rad) in rader.iter().enumerate() {
        let row = alla_forsta + u32::try_from(i).unwrap_or(u32::MAX);
        if rad.lines() > 1 {
            sheet.set_row_height(row, 15.0 * rad.lines() as f64)?;
        }
        sheet.write_string_with_format(row, CODE, &rad.kommun.code, &text)?;
        sheet.write_string_with_format(row, NAME, &rad.kommun.name, &text)?;
        sheet.write_number_with_format(row, PRIORITY, f64::from(rad.post.prioritet), &text)?;
        sheet.write_string_with_format(row, CLASS, rad.post.klass.heading(), &text)?;
        sheet.write_string_with_format(row, INDICATOR, &rad.indicator.title, &wrapped)?;
        let values = [
            (VALUE, rad.post.value, true),
            (LIKNANDE_MEAN, rad.post.liknande, false),
            (KOMMUNGRUPP, rad.post.kommungrupp, false),
        ];
        for (j, (col, value, kommun)) in values.into_iter().enumerate() {
            match value {
                Some(v) => {
                    let format = Format::new()
                        .set_num_format(number_format(rad.indicator, kommun))
                        .set_border(FormatBorder::Thin)
                        .set_align(FormatAlign::Top);
                    sheet.write_number_with_format(
                        row,
                        col,
                        published_value(v, rad.indicator.decimals),
                        &format,
                    )?;
                }
                None => {
                    let symbol = &rad.varden[j];
                    sheet.write_string_with_format(
                        row,
                        col,
                        symbol,
                        &style::symbol_format(symbol).set_align(FormatAlign::Top),
                    )?;
                }
            }
            sheet.write_string(row, TEXT[j], &rad.varden[j])?;
        }
        sheet.write_string_with_format(row, REASON, &rad.skal, &wrapped)?;
        sheet.write_string_with_format(row, INTERVAL, &rad.intervall, &wrapped)?;
        sheet.write_string(row, KEY, nyckel(&rad.kommun.code, rad.post.prioritet))?;
    }
    if !rader.is_empty() {
        // The filter covers the hidden columns too, so sorting moves them with their rows.
        sheet.autofilter(alla_rubrik, CODE, alla_sista, KEY)?;
    }

    // Every kommun's comparable kommuner.
    sheet.write_string_with_format(
        grupp_rubrik - 1,
        0,
        "Liknande kommuner (närmast först)",
        &style::section(),
    )?;
    sheet.write_string_with_format(grupp_rubrik, CODE, "Kommunkod", &heading)?;
    sheet.write_string_with_format(grupp_rubrik, NAME, "Kommun", &heading)?;
    sheet.write_string_with_format(grupp_rubrik, PRIORITY, "Liknande kommuner", &heading)?;
    for (i, kommun) in bok.kommuner.iter().enumerate() {
        let row = grupp_forsta + u32::try_from(i).unwrap_or(u32::MAX);
        sheet.write_string_with_format(row, CODE, &kommun.code, &text)?;
        sheet.write_string_with_format(row, NAME, &kommun.name, &text)?;
        sheet.write_string(row, PRIORITY, grupp_text(kommun))?;
    }

    // The class coloured as the colours say: worse red, better green, the rest grey.
    for (first, last) in [(forsta_val, sista_val), (alla_forsta, alla_sista)] {
        for (klass, fill) in [
            (Class::Weakness, style::RED),
            (Class::Strength, style::GREEN),
            (Class::Notice, style::GREY),
        ] {
            let rule = ConditionalFormatFormula::new()
                .set_rule(
                    format!(
                        "=${}{}=\"{}\"",
                        column_number_to_name(CLASS),
                        first + 1,
                        klass.heading()
                    )
                    .as_str(),
                )
                .set_format(Format::new().set_background_color(Color::RGB(fill)));
            sheet.add_conditional_format(first, CLASS, last, CLASS, &rule)?;
        }
    }

    // The chosen kommun's values are text from formulas: each symbol gets its fill by a rule, as
    // the full table's cells have theirs.
    for symbol in ["..", "-", ".", FOR_FA] {
        let rule = ConditionalFormatFormula::new()
            .set_rule(
                format!(
                    "={}{}=\"{symbol}\"",
                    column_number_to_name(VALUE),
                    forsta_val + 1
                )
                .as_str(),
            )
            .set_format(Format::new().set_background_color(Color::RGB(style::symbol_fill(symbol))));
        sheet.add_conditional_format(forsta_val, VALUE, sista_val, KOMMUNGRUPP, &rule)?;
    }

    for col in TEXT.into_iter().chain([KEY]) {
        sheet.set_column_hidden(col)?;
    }
    sheet.set_column_hidden(HELP)?;
    sheet.set_selection(CHOICE, PRIORITY, CHOICE, PRIORITY)?;
    Ok(sheet)
}
