//! Comparison groups: SKR's kommungrupper, shown as Kolada shows groups — the unweighted mean of
//! the member kommuner's values — with the pooled numerator and denominator beside it.

use std::collections::BTreeMap;
use std::str::FromStr;

use jamfor_geo::{Geography, KommunCode};

use crate::measure::Cell;
use crate::result::{CellKey, GeoLevel, Status};

/// Adds one kommungrupp cell per group, kön and age group to `cells`, from its kommun cells.
pub(crate) fn add_kommungrupper(cells: &mut BTreeMap<CellKey, Cell>) {
    let indelning = Geography::builtin().kommungruppsindelning_2023();
    let mut groups: BTreeMap<CellKey, Vec<Cell>> = BTreeMap::new();
    for (key, cell) in cells.iter().filter(|(k, _)| k.level == GeoLevel::Kommun) {
        let Some(grupp) = KommunCode::from_str(&key.geo)
            .ok()
            .and_then(|k| indelning.grupp(k))
        else {
            continue;
        };
        let group_key = CellKey {
            level: GeoLevel::Kommungrupp,
            geo: grupp.code().to_string(),
            kon: key.kon,
            age_group: key.age_group.clone(),
        };
        groups.entry(group_key).or_default().push(cell.clone());
    }
    for (key, members) in groups {
        let values: Vec<f64> = members
            .iter()
            .filter(|c| c.status_or_value() == Status::Value)
            .filter_map(|c| c.value)
            .collect();
        let pooled = |f: fn(&Cell) -> Option<f64>| -> Option<f64> {
            let parts: Vec<f64> = members.iter().filter_map(f).collect();
            (!parts.is_empty()).then(|| parts.iter().sum())
        };
        let cell = Cell {
            value: (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64),
            numerator: pooled(|c| c.numerator),
            denominator: pooled(|c| c.denominator),
            units: pooled(|c| c.units),
            ci: None,
            status: Some(if values.is_empty() {
                Status::NotApplicable
            } else {
                Status::Value
            }),
        };
        cells.insert(key, cell);
    }
}
