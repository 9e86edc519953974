//! Disclosure control on the result table: small manifests and result tables built by hand
//! (every kommun, län, riket and kommungrupp row, as the engine writes them), protected, and
//! the properties a reader relies on checked on the published rows.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};

use jamfor_engine::{CellKey, GeoLevel, Kon, RIKET, ResultRow, ResultTable, Status};
use jamfor_geo::Geography;
use jamfor_history::following::Following;
use jamfor_protect::{
    PrimaryRule, ProtectError, Protected, Withheld, protect_release, protect_release_following,
};
use jamfor_spec::diagnostic::Severity;
use jamfor_spec::manifest::Manifest;

const YEAR: i32 = 2023;

const SOURCES: &[(&str, &str)] = &[
    (
        "sources/reg.toml",
        r#"
[source]
id = "reg"
title = "Register"
family = "register"
[source.format]
kind = "csv"
[[source.columns]]
name = "lopnr"
type = "text"
role = "identifying"
[[source.columns]]
name = "kommun"
type = "text"
role = "kommun"
[[source.columns]]
name = "kon"
type = "code"
role = "kon"
codes = ["1", "2"]
kvinnor = "2"
man = "1"
[[source.columns]]
name = "alder"
type = "integer"
role = "alder"
[[source.columns]]
name = "insats"
type = "code"
codes = ["A", "B"]
[[source.columns]]
name = "stadsdel"
type = "code"
role = "stadsdel"
nullable = true
codes = ["018001", "018002", "018003"]
"#,
    ),
    (
        "sources/bef.toml",
        r#"
[source]
id = "bef"
title = "Befolkning"
family = "statistik"
[source.format]
kind = "csv"
[[source.columns]]
name = "kommun"
type = "text"
role = "kommun"
[[source.columns]]
name = "kon"
type = "code"
role = "kon"
codes = ["1", "2"]
kvinnor = "2"
man = "1"
[[source.columns]]
name = "antal"
type = "integer"
"#,
    ),
    (
        "policies/p.toml",
        r#"
[[policy]]
id = "standard"
method = "suppression"
min_count = 3
complement = true
min_respondents = 5
min_denominator = 10
zeros = "publish"
published_decimals = 1

[[policy]]
id = "strikt"
method = "suppression"
min_count = 5
complement = true
zeros = "publish"
published_decimals = 0
"#,
    ),
    (
        "indicators/t/area.toml",
        "[area]\nid = \"t\"\ntitle = \"T\"\n",
    ),
];

/// `antal`: persons in the register (kön, kommungrupp); `andel`: the same persons per 100
/// inhabitants (numerator `{ indicator = "antal" }`); `strikt_antal`: a count under the
/// stricter policy; `antal_a`: persons with insats A, a subset of `antal`; `antal_sd`: persons
/// with insats B per stadsdel too.
const INDICATORS: &str = r#"
[[indicator]]
id = "antal"
title = "Antal"
kind = "nyckeltal"
direction = "none"
unit = "antal"
breakdown = ["kon"]
levels = ["kommun", "lan", "riket", "kommungrupp"]
[indicator.description]
shows = "Antal."
[indicator.measure]
type = "count"
source = "reg"
distinct = "lopnr"

[[indicator]]
id = "andel"
title = "Andel"
kind = "nyckeltal"
direction = "none"
unit = "procent"
decimals = 1
breakdown = ["kon"]
levels = ["kommun", "lan", "riket", "kommungrupp"]
[indicator.description]
shows = "Andel."
[indicator.measure]
type = "share"
numerator = { indicator = "antal" }
denominator = { source = "bef", sum = "antal" }

[[indicator]]
id = "strikt_antal"
title = "Antal B"
kind = "nyckeltal"
direction = "none"
unit = "antal"
disclosure = "strikt"
[indicator.description]
shows = "Antal B."
[indicator.measure]
type = "count"
source = "reg"
distinct = "lopnr"
where = "insats = 'B'"

[[indicator]]
id = "antal_a"
title = "Antal A"
kind = "nyckeltal"
direction = "none"
unit = "antal"
breakdown = ["kon"]
[indicator.description]
shows = "Antal A."
[indicator.measure]
type = "count"
source = "reg"
distinct = "lopnr"
where = "insats = 'A'"

[[indicator]]
id = "antal_a_aldre"
title = "Antal A 65+"
kind = "nyckeltal"
direction = "none"
unit = "antal"
breakdown = ["alder"]
age_groups = ["65-79", "80+"]
[indicator.description]
shows = "Antal A 65+."
[indicator.measure]
type = "count"
source = "reg"
distinct = "lopnr"
where = "insats = 'A' AND alder >= 65"

[[indicator]]
id = "antal_a_80"
title = "Antal A 80+"
kind = "nyckeltal"
direction = "none"
unit = "antal"
[indicator.description]
shows = "Antal A 80+."
[indicator.measure]
type = "count"
source = "reg"
distinct = "lopnr"
where = "insats = 'A' AND alder >= 80"

[[indicator]]
id = "antal_sd"
title = "Antal per stadsdel"
kind = "nyckeltal"
direction = "none"
unit = "antal"
breakdown = ["kon"]
levels = ["kommun", "lan", "riket", "stadsdel"]
[indicator.description]
shows = "Antal per stadsdel."
[indicator.measure]
type = "count"
source = "reg"
distinct = "lopnr"
where = "insats = 'B' AND alder >= 18"
"#;

fn manifest() -> Manifest {
    let mut files: Vec<(String, String)> = SOURCES
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    files.push(("indicators/t/i.toml".into(), INDICATORS.into()));
    files.push((
        "pipelines/test.toml".into(),
        format!(
            "[release]\nid = \"test\"\ntitle = \"Test\"\nyear = {YEAR}\npublished = 2024-11-26\n\
             disclosure = \"standard\"\n\n[inputs.reg]\nfiles = {{ \"{YEAR}\" = \"reg.csv\" }}\n\n\
             [inputs.bef]\nfiles = {{ \"{YEAR}\" = \"bef.csv\" }}\n"
        ),
    ));
    let (spec, mut diagnostics) = jamfor_spec::from_files(files);
    let (manifest, more) =
        jamfor_spec::resolve::resolve(&spec, &jamfor_spec::resolve::Options::default());
    diagnostics.extend(more);
    let errors: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    manifest.unwrap()
}

/// Kommun (K, M) values of one count; everything above is summed as the engine does.
type Values = BTreeMap<String, (u64, u64)>;

fn kommuner() -> Vec<(String, String)> {
    Geography::builtin()
        .kommuner_valid_in(YEAR as u16)
        .map(|k| (k.code.to_string(), k.lan.to_string()))
        .collect()
}

/// Register persons: moderate counts everywhere, then `small` overrides.
fn persons(small: &[(&str, (u64, u64))]) -> Values {
    let mut v: Values = kommuner()
        .into_iter()
        .map(|(k, _)| {
            let n: u64 = k.parse().unwrap();
            (k, (20 + n % 37, 18 + n % 41))
        })
        .collect();
    for (k, km) in small {
        v.insert(k.to_string(), *km);
    }
    v
}

fn population() -> Values {
    kommuner()
        .into_iter()
        .map(|(k, _)| {
            let n: u64 = k.parse().unwrap();
            (k, (4000 + n % 977, 4100 + n % 883))
        })
        .collect()
}

/// Every (level, code, kön) value, with kommungrupper.
fn cells(values: &Values, by_kon: bool) -> BTreeMap<(GeoLevel, String, Kon), u64> {
    let geo = Geography::builtin();
    let indelning = geo.kommungruppsindelning_2023();
    let mut out = BTreeMap::new();
    let kons: &[Kon] = if by_kon {
        &[Kon::T, Kon::K, Kon::M]
    } else {
        &[Kon::T]
    };
    for (k, lan) in kommuner() {
        let (kv, mv) = values[&k];
        let grupp = indelning
            .grupp(k.parse().unwrap())
            .unwrap()
            .code()
            .to_string();
        for &kon in kons {
            let v = match kon {
                Kon::T => kv + mv,
                Kon::K => kv,
                Kon::M => mv,
            };
            for place in [
                (GeoLevel::Kommun, k.clone()),
                (GeoLevel::Lan, lan.clone()),
                (GeoLevel::Riket, RIKET.to_string()),
                (GeoLevel::Kommungrupp, grupp.clone()),
            ] {
                *out.entry((place.0, place.1, kon)).or_insert(0) += v;
            }
        }
    }
    out
}

fn row(indicator: &str, level: GeoLevel, geo: &str, kon: Kon) -> ResultRow {
    ResultRow {
        indicator: indicator.to_string(),
        year: YEAR,
        key: CellKey {
            level,
            geo: geo.to_string(),
            kon,
            age_group: None,
        },
        value: None,
        numerator: None,
        denominator: None,
        units: None,
        ci_low: None,
        ci_high: None,
        status: Status::Value,
    }
}

fn count_rows(indicator: &str, values: &Values, by_kon: bool, groups: bool) -> Vec<ResultRow> {
    cells(values, by_kon)
        .into_iter()
        .filter(|((level, _, _), _)| groups || *level != GeoLevel::Kommungrupp)
        .map(|((level, geo, kon), n)| {
            let mut r = row(indicator, level, &geo, kon);
            r.value = Some(n as f64);
            r.numerator = Some(n as f64);
            r
        })
        .collect()
}

fn share_rows(indicator: &str, num: &Values, den: &Values) -> Vec<ResultRow> {
    let (n, d) = (cells(num, true), cells(den, true));
    let mut rows: Vec<ResultRow> = n
        .iter()
        .filter(|((level, _, _), _)| *level != GeoLevel::Kommungrupp)
        .map(|(key, &nv)| {
            let dv = d[key];
            let mut r = row(indicator, key.0, &key.1, key.2);
            r.value = Some(100.0 * nv as f64 / dv as f64);
            r.numerator = Some(nv as f64);
            r.denominator = Some(dv as f64);
            r
        })
        .collect();
    // Kommungrupp as the engine gives it: the unweighted mean of the member values, pooled
    // counts beside it (which protection does not publish).
    let geo = Geography::builtin();
    let indelning = geo.kommungruppsindelning_2023();
    let mut groups: BTreeMap<(String, Kon), Vec<f64>> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.key.level == GeoLevel::Kommun) {
        let g = indelning.grupp(r.key.geo.parse().unwrap()).unwrap().code();
        groups
            .entry((g.to_string(), r.key.kon))
            .or_default()
            .push(r.value.unwrap());
    }
    for ((g, kon), values) in groups {
        let key = (GeoLevel::Kommungrupp, g.clone(), kon);
        let mut r = row(indicator, GeoLevel::Kommungrupp, &g, kon);
        r.value = Some(values.iter().sum::<f64>() / values.len() as f64);
        r.numerator = Some(n[&key] as f64);
        r.denominator = Some(d[&key] as f64);
        rows.push(r);
    }
    rows
}

fn table(mut rows: Vec<ResultRow>) -> ResultTable {
    rows.sort_by(|a, b| (&a.indicator, a.year, &a.key).cmp(&(&b.indicator, b.year, &b.key)));
    ResultTable {
        rows,
        ..ResultTable::default()
    }
}

/// The standard case: `antal` with the given small kommuner, `andel` on it, `strikt_antal`.
fn results(small: &[(&str, (u64, u64))], strikt: &[(&str, (u64, u64))]) -> ResultTable {
    let p = persons(small);
    let mut b = persons(&[]);
    for (k, km) in strikt {
        b.insert(k.to_string(), *km);
    }
    let mut rows = count_rows("antal", &p, true, true);
    rows.extend(share_rows("andel", &p, &population()));
    rows.extend(count_rows("strikt_antal", &b, false, false));
    table(rows)
}

fn protect(results: ResultTable) -> Protected {
    let manifest = manifest();
    protect_release(
        &manifest,
        &manifest.releases[0],
        Geography::builtin(),
        results,
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn get<'t>(
    p: &'t Protected,
    indicator: &str,
    level: GeoLevel,
    geo: &str,
    kon: Kon,
) -> &'t ResultRow {
    p.results
        .get(indicator, YEAR, level, geo, kon)
        .unwrap_or_else(|| panic!("no row {indicator} {geo} {kon:?}"))
}

fn hidden(p: &Protected, indicator: &str, level: GeoLevel, geo: &str, kon: Kon) -> bool {
    get(p, indicator, level, geo, kon).status == Status::Confidential
}

#[test]
fn a_small_kommun_count_is_suppressed_with_a_secondary_in_its_lan() {
    // Upplands Väsby (0114, län 01): one woman and one man.
    let p = protect(results(&[("0114", (1, 1))], &[]));
    for kon in [Kon::T, Kon::K, Kon::M] {
        assert!(
            hidden(&p, "antal", GeoLevel::Kommun, "0114", kon),
            "{kon:?}"
        );
    }
    let k = get(&p, "antal", GeoLevel::Kommun, "0114", Kon::T);
    assert_eq!((k.value, k.numerator, k.denominator), (None, None, None));
    let qa =
        p.qa.iter()
            .find(|q| q.indicator == "antal" && q.key.geo == "0114" && q.key.kon == Kon::K)
            .unwrap();
    assert!(matches!(
        qa.reason,
        Withheld::Primary {
            rule: PrimaryRule::SmallCount,
            ..
        }
    ));
    // Another kommun of län 01 hides its T as well: otherwise län − the others gives 0114 back.
    let others: Vec<&ResultRow> = p
        .results
        .of("antal", YEAR)
        .filter(|r| {
            r.key.level == GeoLevel::Kommun
                && r.key.geo.starts_with("01")
                && r.key.geo != "0114"
                && r.key.kon == Kon::T
                && r.status == Status::Confidential
        })
        .collect();
    assert!(!others.is_empty());
    assert!(
        p.qa.iter()
            .any(|q| matches!(q.reason, Withheld::Secondary { .. }))
    );
    // Riket and the län stay published.
    assert!(!hidden(&p, "antal", GeoLevel::Riket, RIKET, Kon::T));
    assert!(!hidden(&p, "antal", GeoLevel::Lan, "01", Kon::T));
    let year = &p.summary.years[0];
    assert!(year.primary >= 2 && year.secondary >= 1, "{year:?}");
}

#[test]
fn a_shared_numerator_has_one_status_and_its_share_follows_it() {
    let p = protect(results(&[("0114", (1, 1)), ("2584", (2, 40))], &[]));
    let mut checked = 0;
    for r in p.results.of("antal", YEAR) {
        if r.key.level == GeoLevel::Kommungrupp {
            continue;
        }
        let share = get(&p, "andel", r.key.level, &r.key.geo, r.key.kon);
        assert_eq!(r.status, share.status, "{}", r);
        if share.status == Status::Confidential {
            assert_eq!(
                (share.value, share.numerator, share.denominator),
                (None, None, None)
            );
            checked += 1;
        }
    }
    assert!(checked >= 4, "{checked}");
}

#[test]
fn no_equation_has_exactly_one_hidden_cell() {
    let p = protect(results(
        &[
            ("0114", (1, 1)),
            ("2584", (2, 40)),
            ("0980", (1, 30)),
            ("1440", (0, 2)),
        ],
        &[],
    ));
    let status: BTreeMap<(GeoLevel, String, Kon), bool> = p
        .results
        .of("antal", YEAR)
        .map(|r| {
            (
                (r.key.level, r.key.geo.clone(), r.key.kon),
                r.status == Status::Confidential,
            )
        })
        .collect();
    let h = |l: GeoLevel, g: &str, k: Kon| status[&(l, g.to_string(), k)];
    // T = K + M everywhere.
    for (l, g, _) in status.keys().filter(|(_, _, k)| *k == Kon::T) {
        let n = [Kon::T, Kon::K, Kon::M]
            .iter()
            .filter(|&&k| h(*l, g, k))
            .count();
        assert_ne!(n, 1, "{} {g}: one hidden cell in T = K + M", l.code());
    }
    // län = Σ kommuner, per kön (Gotland is one cell: its län row is its kommun row).
    let mut by_lan: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, l) in kommuner() {
        by_lan.entry(l).or_default().push(k);
    }
    for (lan, ks) in &by_lan {
        if ks.len() == 1 {
            continue;
        }
        for kon in [Kon::T, Kon::K, Kon::M] {
            let n = ks.iter().filter(|k| h(GeoLevel::Kommun, k, kon)).count()
                + usize::from(h(GeoLevel::Lan, lan, kon));
            assert_ne!(n, 1, "län {lan} {kon:?}: one hidden cell");
        }
    }
}

#[test]
fn gotland_kommun_and_lan_share_a_status() {
    let p = protect(results(&[("0980", (1, 30))], &[]));
    for ind in ["antal", "andel"] {
        for kon in [Kon::T, Kon::K, Kon::M] {
            assert_eq!(
                hidden(&p, ind, GeoLevel::Kommun, "0980", kon),
                hidden(&p, ind, GeoLevel::Lan, "09", kon),
                "{ind} {kon:?}"
            );
        }
    }
    assert!(hidden(&p, "antal", GeoLevel::Lan, "09", Kon::K));
    assert!(
        !hidden(&p, "antal", GeoLevel::Lan, "09", Kon::M)
            || hidden(&p, "antal", GeoLevel::Kommun, "0980", Kon::M)
    );
}

#[test]
fn a_kommungrupp_cannot_give_a_confidential_kommun_back() {
    // Two small kommuner; each is in some kommungrupp whose mean is published.
    let p = protect(results(&[("0114", (1, 1)), ("2584", (2, 40))], &[]));
    let geo = Geography::builtin();
    let indelning = geo.kommungruppsindelning_2023();
    let group_of = |k: &str| {
        indelning
            .grupp(k.parse().unwrap())
            .unwrap()
            .code()
            .to_string()
    };
    for ind in ["antal", "andel"] {
        let rows: Vec<&ResultRow> = p.results.of(ind, YEAR).collect();
        for g in rows.iter().filter(|r| r.key.level == GeoLevel::Kommungrupp) {
            let members: Vec<&&ResultRow> = rows
                .iter()
                .filter(|r| {
                    r.key.level == GeoLevel::Kommun
                        && r.key.kon == g.key.kon
                        && group_of(&r.key.geo) == g.key.geo
                })
                .collect();
            let hidden_members = members
                .iter()
                .filter(|r| r.status == Status::Confidential)
                .count();
            // The mean is over published members only: it is computable from them.
            let published: Vec<f64> = members.iter().filter_map(|r| r.value).collect();
            if g.status == Status::Value {
                let mean = published.iter().sum::<f64>() / published.len() as f64;
                assert!((g.value.unwrap() - mean).abs() < 1e-9, "{g}");
            }
            // No pooled counts: the pool minus the published members would be the hidden ones.
            assert!(
                g.numerator.is_none() && g.denominator.is_none(),
                "{ind} {} {:?} publishes counts with {hidden_members} hidden member(s)",
                g.key.geo,
                g.key.kon
            );
            // Only the number of published members behind the mean.
            assert_eq!(g.units, Some(published.len() as f64), "{g}");
        }
    }
    // And the suppressed kommun's group is published without it: the test exercised the rule.
    let g = group_of("0114");
    assert!(hidden(&p, "antal", GeoLevel::Kommun, "0114", Kon::K));
    let group = get(&p, "antal", GeoLevel::Kommungrupp, &g, Kon::K);
    assert_eq!(group.status, Status::Value);
}

#[test]
fn a_kommungrupp_mean_on_fewer_than_three_published_members_is_not_shown() {
    // A1 (storstäder) is Stockholm, Göteborg and Malmö; two of them small for kvinnor.
    let p = protect(results(&[("0180", (1, 40)), ("1480", (2, 40))], &[]));
    assert!(hidden(&p, "antal", GeoLevel::Kommun, "0180", Kon::K));
    assert!(hidden(&p, "antal", GeoLevel::Kommun, "1480", Kon::K));
    let published = ["0180", "1480", "1280"]
        .into_iter()
        .filter(|k| !hidden(&p, "antal", GeoLevel::Kommun, k, Kon::K))
        .count();
    assert!(published < 3);
    let thin = get(&p, "antal", GeoLevel::Kommungrupp, "A1", Kon::K);
    assert_eq!(
        (thin.status, thin.value, thin.units),
        (Status::Confidential, None, Some(published as f64))
    );
    if published > 0 {
        assert!(p.qa.iter().any(|q| q.key == thin.key
            && q.indicator == "antal"
            && matches!(q.reason, Withheld::FewMembers { minimum: 3, .. })));
    }
    // In every kön the mean is shown exactly when three members are published.
    for kon in [Kon::T, Kon::K, Kon::M] {
        let published = ["0180", "1480", "1280"]
            .into_iter()
            .filter(|k| !hidden(&p, "antal", GeoLevel::Kommun, k, kon))
            .count();
        let group = get(&p, "antal", GeoLevel::Kommungrupp, "A1", kon);
        assert_eq!(group.units, Some(published as f64), "{kon:?}");
        assert_eq!(group.status == Status::Value, published == 3, "{kon:?}");
    }
    assert_eq!(
        get(&p, "antal", GeoLevel::Kommungrupp, "A1", Kon::T).status,
        Status::Value,
        "the totals of all three are published"
    );
}

#[test]
fn the_stricter_policy_applies_to_its_own_indicator_only() {
    // 4 persons: published under min_count 3, confidential under min_count 5.
    let p = protect(results(&[("1440", (2, 2))], &[("1440", (2, 2))]));
    assert!(hidden(&p, "strikt_antal", GeoLevel::Kommun, "1440", Kon::T));
    assert!(!hidden(&p, "antal", GeoLevel::Kommun, "1440", Kon::T));
    assert!(hidden(&p, "antal", GeoLevel::Kommun, "1440", Kon::K));
}

#[test]
fn the_complement_of_a_share_is_protected() {
    // Nearly everyone in a kommun: population minus persons is 2 (< 3).
    let mut pop = population();
    pop.insert("0114".into(), (40, 35));
    let p_vals = persons(&[("0114", (39, 34))]);
    let mut rows = count_rows("antal", &p_vals, true, true);
    rows.extend(share_rows("andel", &p_vals, &pop));
    rows.extend(count_rows("strikt_antal", &persons(&[]), false, false));
    let p = protect(table(rows));
    assert!(hidden(&p, "andel", GeoLevel::Kommun, "0114", Kon::T));
    assert!(p.qa.iter().any(|q| q.key.geo == "0114"
        && matches!(
            q.reason,
            Withheld::Primary {
                rule: PrimaryRule::Complement,
                ..
            }
        )));
}

#[test]
fn the_quality_rule_withholds_the_share_but_causes_no_secondary() {
    let mut pop = population();
    pop.insert("0114".into(), (4, 4));
    let p_vals = persons(&[("0114", (0, 0))]);
    let mut rows = count_rows("antal", &p_vals, true, true);
    rows.extend(share_rows("andel", &p_vals, &pop));
    rows.extend(count_rows("strikt_antal", &persons(&[]), false, false));
    let p = protect(table(rows));
    assert!(hidden(&p, "andel", GeoLevel::Kommun, "0114", Kon::T));
    assert!(!hidden(&p, "antal", GeoLevel::Kommun, "0114", Kon::T));
    let year = &p.summary.years[0];
    assert_eq!((year.primary, year.secondary), (0, 0), "{year:?}");
    assert!(year.quality_rows >= 3);
}

#[test]
fn protection_is_deterministic_and_audited() {
    let small: &[(&str, (u64, u64))] = &[
        ("0114", (1, 1)),
        ("2584", (2, 40)),
        ("0980", (1, 30)),
        ("1440", (0, 2)),
        ("2521", (1, 0)),
    ];
    let a = protect(results(small, &[("0114", (3, 1))]));
    let b = protect(results(small, &[("0114", (3, 1))]));
    assert_eq!(a, b);
    let year = &a.summary.years[0];
    assert!(year.audit_checked >= year.primary, "{year:?}");
    let confidential: BTreeSet<_> = a
        .results
        .rows
        .iter()
        .filter(|r| r.status == Status::Confidential)
        .map(|r| (r.indicator.clone(), r.key.clone()))
        .collect();
    let qa: BTreeSet<_> =
        a.qa.iter()
            .map(|q| (q.indicator.clone(), q.key.clone()))
            .collect();
    assert_eq!(confidential, qa, "every confidential row has its QA reason");
}

#[test]
fn a_count_that_is_not_whole_is_refused_with_its_cell() {
    let mut t = results(&[], &[]);
    let r = t
        .rows
        .iter_mut()
        .find(|r| r.indicator == "antal" && r.key.geo == "0180" && r.key.kon == Kon::K)
        .unwrap();
    r.numerator = Some(2.5);
    let manifest = manifest();
    let e = protect_release(&manifest, &manifest.releases[0], Geography::builtin(), t).unwrap_err();
    assert!(matches!(e, ProtectError::NotACount { .. }));
    let text = e.to_string();
    assert!(
        text.contains("antal") && text.contains("2023") && text.contains("kommun 0180 K"),
        "{text}"
    );
    assert!(!text.contains("2.5"), "{text}");
}

/// Protects `results` as a release following an earlier one, which computed `earlier_truth`
/// and published `earlier`.
fn protect_following(
    results: ResultTable,
    earlier_truth: &ResultTable,
    earlier: &Protected,
) -> Protected {
    let manifest = manifest();
    let following = Following {
        release: "earlier".into(),
        years: vec![YEAR],
        published: earlier.results.rows.clone(),
        truth: earlier_truth.rows.clone(),
        ..Following::default()
    };
    protect_release_following(
        &manifest,
        &manifest.releases[0],
        Geography::builtin(),
        results,
        Some(&following),
        &mut |_| {},
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// The `antal` T cells of the kommuner of län 01 but `except`, withheld by `then` and published
/// by `now`.
fn withheld_then_published(then: &Protected, now: &Protected, except: &str) -> Vec<String> {
    kommuner()
        .into_iter()
        .filter(|(k, lan)| lan == "01" && k != except)
        .filter(|(k, _)| {
            hidden(then, "antal", GeoLevel::Kommun, k, Kon::T)
                && !hidden(now, "antal", GeoLevel::Kommun, k, Kon::T)
        })
        .map(|(k, _)| k)
        .collect()
}

#[test]
fn a_following_release_keeps_the_earlier_pattern_and_cannot_be_differenced_against_it() {
    // The earlier release withheld Upplands Väsby (0114: one woman, one man) and another
    // kommun of län 01 beside it. Its data has been revised since: five women and six men.
    let earlier_truth = results(&[("0114", (1, 1))], &[]);
    let earlier = protect(earlier_truth.clone());
    let revised = results(&[("0114", (5, 6))], &[]);

    // Nothing changed: the earlier pattern is taken over whole, row for row.
    let same = protect_following(earlier_truth.clone(), &earlier_truth, &earlier);
    assert_eq!(same.results, earlier.results);
    let summary = same.summary.years[0].follows.expect("the year is followed");
    assert!(summary.carried, "{summary:?}");
    assert_eq!(same.summary.years[0].audit_checked, 0, "nothing is solved");

    // Protected afresh, the revised year publishes the kommun withheld beside 0114: with the
    // earlier release's län total it gives 0114's earlier count (2) back.
    let afresh = protect(revised.clone());
    assert!(!withheld_then_published(&earlier, &afresh, "0114").is_empty());

    // Following, it stays withheld, and the revised 0114 is withheld too: published with the
    // new län total it would pin that kommun, and through it 0114's earlier count.
    let followed = protect_following(revised, &earlier_truth, &earlier);
    assert!(withheld_then_published(&earlier, &followed, "0114").is_empty());
    assert!(hidden(&followed, "antal", GeoLevel::Kommun, "0114", Kon::T));
    let summary = followed.summary.years[0]
        .follows
        .expect("the year is followed");
    assert!(!summary.carried && summary.changed > 0, "{summary:?}");
    assert!(summary.earlier_only > 0, "{summary:?}");
    assert_eq!(summary.published_before, 0, "{summary:?}");
    // Everything published then, outside the revised kommun, its län and riket, is published
    // now, and the reverse.
    let moved: Vec<&ResultRow> = followed
        .results
        .rows
        .iter()
        .filter(|r| {
            r.key.level == GeoLevel::Kommun
                && r.key.geo != "0114"
                && (r.status == Status::Confidential)
                    != hidden(&earlier, &r.indicator, r.key.level, &r.key.geo, r.key.kon)
        })
        .collect();
    assert!(moved.is_empty(), "{moved:?}");
}

/// The earlier release's rows in another order than this release's: the year is not
/// recognised row by row, so its cells are gathered apart and compared cell by cell. Nothing
/// changed, so the earlier pattern is still taken over whole.
#[test]
fn an_unchanged_year_is_carried_when_its_rows_come_in_another_order() {
    let earlier_truth = results(&[("0114", (1, 1))], &[]);
    let earlier = protect(earlier_truth.clone());
    let mut shuffled_truth = earlier_truth.clone();
    shuffled_truth.rows.reverse();
    let mut shuffled = earlier.clone();
    shuffled.results.rows.reverse();
    let same = protect_following(earlier_truth, &shuffled_truth, &shuffled);
    assert_eq!(same.results, earlier.results);
    let summary = same.summary.years[0].follows.expect("the year is followed");
    assert!(summary.carried, "{summary:?}");
    assert!(
        summary.kept_withheld > 0 && summary.kept_published > 0,
        "{summary:?}"
    );
    assert_eq!(same.summary.years[0].audit_checked, 0, "nothing is solved");
}

/// The same rows as the earlier release, which published a cell that is primary now (as
/// under a stricter policy joined since): the pattern cannot be taken over whole, so the year
/// is protected beside the earlier figures, and the cell is counted as published before.
#[test]
fn an_unchanged_year_whose_earlier_release_published_a_primary_cell_is_protected_again() {
    let earlier_truth = results(&[("0114", (1, 1))], &[]);
    let mut earlier = protect(earlier_truth.clone());
    let single_woman = |r: &ResultRow| {
        r.indicator == "antal"
            && r.key.level == GeoLevel::Kommun
            && r.key.geo == "0114"
            && r.key.kon == Kon::K
    };
    let truth = earlier_truth.rows.iter().find(|r| single_woman(r)).unwrap();
    for r in earlier.results.rows.iter_mut().filter(|r| single_woman(r)) {
        *r = truth.clone();
    }
    let followed = protect_following(earlier_truth.clone(), &earlier_truth, &earlier);
    assert!(hidden(&followed, "antal", GeoLevel::Kommun, "0114", Kon::K));
    let summary = followed.summary.years[0]
        .follows
        .expect("the year is followed");
    assert!(!summary.carried, "{summary:?}");
    assert!(summary.published_before > 0, "{summary:?}");
}

/// Stockholm's stadsdelar beside the kommun: one has a single woman. Its count is withheld and
/// so is a second stadsdel's (else the kommun minus the others gives it back); the rest of the
/// stadsdelar are published, and the pattern holds whatever the reader subtracts.
#[test]
fn stadsdelar_are_protected_as_parts_of_their_kommun_not_withheld_whole() {
    let stadsdelar: [(&str, (u64, u64)); 3] = [
        ("018001", (10, 12)),
        ("018002", (1, 9)),
        ("018003", (15, 14)),
    ];
    let mut values = persons(&[]);
    let kommun = stadsdelar
        .iter()
        .fold((0, 0), |(k, m), (_, (a, b))| (k + a, m + b));
    values.insert("0180".to_string(), kommun);
    let mut rows = count_rows("antal_sd", &values, true, false);
    for (code, (k, m)) in stadsdelar {
        for (kon, n) in [(Kon::T, k + m), (Kon::K, k), (Kon::M, m)] {
            let mut r = row("antal_sd", GeoLevel::Stadsdel, code, kon);
            r.value = Some(n as f64);
            r.numerator = Some(n as f64);
            rows.push(r);
        }
    }
    let p = protect(table(rows));
    let shown = |geo: &str, kon: Kon| !hidden(&p, "antal_sd", GeoLevel::Stadsdel, geo, kon);
    assert!(!shown("018002", Kon::K), "the single woman");
    let kommun_k = !hidden(&p, "antal_sd", GeoLevel::Kommun, "0180", Kon::K);
    let others_k = ["018001", "018003"]
        .iter()
        .filter(|g| shown(g, Kon::K))
        .count();
    assert!(
        !(kommun_k && others_k == 2),
        "kommun K minus the other stadsdelar's K would give her away"
    );
    // Not everything is withheld: the large stadsdelar's totals are published.
    assert!(shown("018001", Kon::T) && shown("018003", Kon::T));
    assert!(
        !p.qa
            .iter()
            .any(|q| matches!(q.reason, Withheld::UnitLevel { .. }))
    );
}

/// Persons with insats A are among the persons registered. In län 01, Upplands Väsby (0114)
/// has 2 registered, both with insats A; Vallentuna (0115) 6, all with A; Österåker (0117) 3
/// with A. Protecting each count by its own equations withholds 0114 and the smallest other
/// kommun in each (0115 registered, 0117 with A) and publishes 0115's A-count 6, so the reader
/// knows 0115 has at least 6 registered, and 0114 at most the län minus everything else: 2.
#[test]
fn a_count_is_protected_beside_the_count_it_is_part_of() {
    let registered = persons(&[("0114", (1, 1)), ("0115", (3, 3))]);
    let mut with_a: Values = registered
        .iter()
        .map(|(k, &(w, m))| (k.clone(), (w / 2, m / 2)))
        .collect();
    with_a.insert("0114".to_string(), (1, 1));
    with_a.insert("0115".to_string(), (3, 3));
    with_a.insert("0117".to_string(), (1, 2));
    let mut rows = count_rows("antal", &registered, false, false);
    rows.extend(count_rows("antal_a", &with_a, false, false));
    let p = protect(table(rows));
    assert!(p.summary.years[0].relations > 0, "{:?}", p.summary.years[0]);
    let value = |indicator: &str, level: GeoLevel, geo: &str| -> Option<u64> {
        let r = get(&p, indicator, level, geo, Kon::T);
        (r.status != Status::Confidential).then(|| r.value.unwrap() as u64)
    };
    assert_eq!(value("antal", GeoLevel::Kommun, "0114"), None);
    // The reader's upper bound for 0114's registered: the län minus every other kommun, each
    // withheld one at least 1 and at least its published A-count.
    let lan = value("antal", GeoLevel::Lan, "01").expect("the län is published");
    let others: u64 = kommuner()
        .iter()
        .filter(|(k, l)| l == "01" && k != "0114")
        .map(|(k, _)| {
            value("antal", GeoLevel::Kommun, k)
                .unwrap_or_else(|| value("antal_a", GeoLevel::Kommun, k).unwrap_or(1).max(1))
        })
        .sum();
    let upper = lan - others;
    assert!(upper >= 3, "the reader knows 0114 has at most {upper}");
}

/// The 80+ group of persons 65+ with insats A and persons 80+ with insats A counted on their
/// own are the same persons: tied both ways, so one cannot be withheld while the other shows it.
#[test]
fn an_age_group_and_the_same_count_written_on_its_own_are_one_number() {
    let aldre = persons(&[("0114", (1, 1))]);
    let mut rows: Vec<ResultRow> = Vec::new();
    for (indicator, age) in [("antal_a_aldre", Some("80+")), ("antal_a_80", None)] {
        for mut r in count_rows(indicator, &aldre, false, false) {
            r.key.age_group = age.map(str::to_string);
            rows.push(r);
        }
    }
    // The 65–79 group and the 65+ total: 80+ plus ten in every place.
    for mut r in count_rows("antal_a_aldre", &aldre, false, false) {
        let n = r.value.unwrap() + 10.0;
        r.key.age_group = Some("65-79".to_string());
        r.value = Some(10.0);
        r.numerator = Some(10.0);
        rows.push(r.clone());
        r.key.age_group = None;
        r.value = Some(n);
        r.numerator = Some(n);
        rows.push(r);
    }
    let places = rows.iter().filter(|r| r.indicator == "antal_a_80").count();
    let p = protect(table(rows));
    // In every place (Gotland's län and kommun are one): 80 ≤ 65+, 80 ≤ 80+ and 80+ ≤ 80.
    let relations = p.summary.years[0].relations;
    assert!(
        relations >= 3 * (places - 1),
        "{relations} for {places} places"
    );
    let status = |indicator: &str, age: Option<&str>| {
        p.results
            .rows
            .iter()
            .find(|r| {
                r.indicator == indicator
                    && r.key.level == GeoLevel::Kommun
                    && r.key.geo == "0114"
                    && r.key.age_group.as_deref() == age
            })
            .unwrap()
            .status
    };
    assert_eq!(status("antal_a_80", None), Status::Confidential);
    assert_eq!(status("antal_a_aldre", Some("80+")), Status::Confidential);
}

#[test]
fn a_subset_under_another_policy_is_counted_as_not_modelled() {
    let p = protect(results(&[], &[]));
    assert!(p.summary.years[0].relations_across > 0);
}
