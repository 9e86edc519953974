//! Helpers shared by the regression tests: policies, reference CSVs, two-way tables.
#![allow(dead_code, clippy::unwrap_used, clippy::print_stdout, unreachable_pub)]

use jamfor_disclosure::{
    CellId, DisclosurePolicy, Method, SuppressionPolicy, SystemBuilder, ZeroHandling,
};

pub fn policy(min_count: u64, zeros: ZeroHandling) -> DisclosurePolicy {
    DisclosurePolicy {
        name: format!("test-min{min_count}-{zeros:?}"),
        method: Method::Suppression(SuppressionPolicy {
            min_count,
            complement: true,
            min_respondents: None,
            min_denominator: None,
            zeros,
            published_decimals: 1,
            protection_percent: None,
        }),
    }
}

pub fn rules(p: &DisclosurePolicy) -> &SuppressionPolicy {
    p.suppression().unwrap()
}

/// Rows of a reference CSV (header dropped), or `None` with a printed note when the shared
/// folder is not next to the workspace. Callers then use their inline transcription.
pub fn reference_rows(file: &str) -> Option<Vec<Vec<String>>> {
    let path = format!(
        "{}/../../../shared/reference/sdc/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(
            text.lines()
                .skip(1)
                .filter(|l| !l.trim().is_empty())
                .map(|l| l.split(',').map(|s| s.trim().to_owned()).collect())
                .collect(),
        ),
        Err(_) => {
            println!("note: {path} not found; using the inline transcription");
            None
        }
    }
}

/// A rows × columns table with row totals, column totals and a grand total.
pub struct TwoWay {
    pub inner: Vec<Vec<CellId>>,
    pub row_totals: Vec<CellId>,
    pub col_totals: Vec<CellId>,
    pub grand: CellId,
}

pub fn two_way(
    b: &mut SystemBuilder,
    table: &str,
    rows: &[&str],
    cols: &[&str],
    values: &[Vec<u64>],
) -> TwoWay {
    let mut inner = Vec::new();
    for (r, row) in rows.iter().zip(values) {
        let ids: Vec<CellId> = cols
            .iter()
            .zip(row)
            .map(|(c, &v)| b.add_cell(table, format!("{r}|{c}"), v).unwrap())
            .collect();
        inner.push(ids);
    }
    let row_totals: Vec<CellId> = rows
        .iter()
        .zip(values)
        .map(|(r, row)| {
            b.add_cell(table, format!("{r}|Total"), row.iter().sum())
                .unwrap()
        })
        .collect();
    let col_totals: Vec<CellId> = cols
        .iter()
        .enumerate()
        .map(|(j, c)| {
            let v = values.iter().map(|row| row[j]).sum();
            b.add_cell(table, format!("Total|{c}"), v).unwrap()
        })
        .collect();
    let grand_value = values.iter().flatten().sum();
    let grand = b.add_cell(table, "Total|Total", grand_value).unwrap();
    for (t, ids) in row_totals.iter().zip(&inner) {
        b.add_equation(*t, ids).unwrap();
    }
    for (j, t) in col_totals.iter().enumerate() {
        let parts: Vec<CellId> = inner.iter().map(|ids| ids[j]).collect();
        b.add_equation(*t, &parts).unwrap();
    }
    b.add_equation(grand, &row_totals).unwrap();
    b.add_equation(grand, &col_totals).unwrap();
    // Margins are kept published before inner cells.
    for &t in row_totals.iter().chain(&col_totals) {
        b.set_priority(t, 0).unwrap();
    }
    for ids in &inner {
        for &c in ids {
            b.set_priority(c, 1).unwrap();
        }
    }
    TwoWay {
        inner,
        row_totals,
        col_totals,
        grand,
    }
}
