//! The questions later stages ask of the shipped geography.

use jamfor_geo::{CodeErrorKind, Geo, Geography, KommunCode, Kommungrupp, LanCode};

fn kommun(code: &str) -> KommunCode {
    code.parse().expect("test code is well-formed")
}

fn lan(code: &str) -> LanCode {
    code.parse().expect("test code is well-formed")
}

fn koder<'a>(kommuner: impl IntoIterator<Item = &'a jamfor_geo::Kommun>) -> Vec<String> {
    kommuner.into_iter().map(|k| k.code.to_string()).collect()
}

#[test]
fn there_are_290_kommuner_and_21_lan() {
    let geo = Geography::builtin();
    assert_eq!(geo.all_kommuner().len(), 290);
    assert_eq!(geo.kommuner_valid_in(2023).count(), 290);
    assert_eq!(geo.all_lan().len(), 21);
    let lankoder: Vec<String> = geo.all_lan().iter().map(|l| l.code.to_string()).collect();
    assert_eq!(
        lankoder,
        [
            "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18",
            "19", "20", "21", "22", "23", "24", "25"
        ]
    );
}

#[test]
fn kommuner_are_in_code_order() {
    let geo = Geography::builtin();
    let alla = geo.all_kommuner();
    assert!(alla.windows(2).all(|par| par[0].code < par[1].code));
    assert_eq!(alla[0].name, "Upplands Väsby");
    assert_eq!(alla[289].name, "Kiruna");
}

#[test]
fn a_kommun_code_starts_with_its_lan_code() {
    let geo = Geography::builtin();
    for k in geo.all_kommuner() {
        assert_eq!(k.code.lan(), k.lan, "{}", k.name);
        assert_eq!(k.code.to_string()[..2], k.lan.to_string());
        let lan = geo.lan_for_kommun(k.code).expect("every kommun has a län");
        assert_eq!(lan.code, k.lan);
        assert!(geo.kommuner_in_lan(k.lan).contains(k));
    }
    let summa: usize = geo
        .all_lan()
        .iter()
        .map(|l| geo.kommuner_in_lan(l.code).len())
        .sum();
    assert_eq!(summa, 290);
}

#[test]
fn lookups_by_code() {
    let geo = Geography::builtin();
    assert_eq!(
        geo.kommun(kommun("0180")).map(|k| k.name),
        Some("Stockholm")
    );
    assert_eq!(geo.kommun(kommun("2584")).map(|k| k.name), Some("Kiruna"));
    assert_eq!(geo.kommun(kommun("0100")), None);
    assert_eq!(
        geo.lan(lan("14")).map(|l| l.name),
        Some("Västra Götalands län")
    );
    assert_eq!(
        geo.lan(lan("14")).map(|l| l.short_name),
        Some("Västra Götaland")
    );
    assert_eq!(geo.lan(lan("02")), None);
    assert_eq!(
        geo.lan_for_kommun(kommun("1480")).map(|l| l.short_name),
        Some("Västra Götaland")
    );
    assert!(geo.kommuner_in_lan(lan("02")).is_empty());
    assert_eq!(geo.kommuner_in_lan(lan("01")).len(), 26);
    assert_eq!(
        koder(geo.kommuner_in_lan(lan("10"))),
        ["1060", "1080", "1081", "1082", "1083"]
    );
}

#[test]
fn gotland_is_the_only_single_kommun_lan() {
    let geo = Geography::builtin();
    let gotland = geo.single_kommun(lan("09")).expect("län 09 has one kommun");
    assert_eq!((gotland.code, gotland.name), (kommun("0980"), "Gotland"));
    assert_eq!(geo.single_kommun(lan("01")), None);
    let par: Vec<(String, String)> = geo
        .lan_with_one_kommun()
        .map(|(l, k)| (l.code.to_string(), k.code.to_string()))
        .collect();
    assert_eq!(par, [("09".to_owned(), "0980".to_owned())]);
}

#[test]
fn validity_follows_the_years_in_statistics() {
    let geo = Geography::builtin();
    // Nykvarn was split from Södertälje in 1999, Knivsta from Uppsala in 2003; SCB reports
    // their population from 31 December of the year before.
    for (code, fran) in [("0140", 1998), ("0330", 2002)] {
        assert!(!geo.is_valid_in(kommun(code), fran - 1), "{code}");
        assert!(geo.is_valid_in(kommun(code), fran), "{code}");
        assert!(geo.is_valid_in(kommun(code), 2023), "{code}");
    }
    assert!(geo.is_valid_in(kommun("0180"), 1994));
    assert!(!geo.is_valid_in(kommun("0100"), 2023));
    assert_eq!(geo.kommuner_valid_in(1994).count(), 288);
    assert_eq!(geo.kommuner_valid_in(2001).count(), 289);
    assert_eq!(geo.kommuner_valid_in(2002).count(), 290);
    let ar_1997 = koder(geo.kommuner_valid_in(1997));
    assert!(!ar_1997.contains(&"0140".to_owned()));
    assert!(ar_1997.windows(2).all(|par| par[0] < par[1]));
}

#[test]
fn kommungrupper_2023() {
    let geo = Geography::builtin();
    let indelning = geo.kommungruppsindelning_2023();
    assert_eq!(indelning.ar(), 2023);
    let stockholm = geo.kommungrupp_2023(kommun("0180")).expect("has a group");
    assert_eq!(stockholm.grupp, Kommungrupp::A1);
    assert_eq!(stockholm.name, "Storstäder");
    assert_eq!(
        stockholm.main_group,
        "Storstäder och storstadsnära kommuner"
    );
    assert_eq!(
        koder(
            indelning
                .kommuner(Kommungrupp::A1)
                .filter_map(|k| geo.kommun(k))
        ),
        ["0180", "1280", "1480"]
    );
    assert_eq!(geo.kommungrupp_2023(kommun("0100")), None);
    assert_eq!(indelning.definitions().len(), 9);
    assert_eq!(
        indelning.definition(Kommungrupp::C9).name,
        "Landsbygdskommun med besöksnäring"
    );
}

#[test]
fn suggestions_for_names() {
    let geo = Geography::builtin();
    let name = |text: &str| -> Vec<&str> { geo.suggest(text).iter().map(|k| k.name).collect() };
    assert_eq!(name("Stokholm"), ["Stockholm"]);
    assert_eq!(name("goteborg"), ["Göteborg"]);
    assert_eq!(name("Malmö kommun"), ["Malmö"]);
    assert_eq!(name("Upplands"), ["Upplands Väsby", "Upplands-Bro"]);
    assert!(name("Xyzzy").is_empty());
    assert!(name("  ").is_empty());
}

#[test]
fn suggestions_for_codes() {
    let geo = Geography::builtin();
    let forslag = |text: &str| koder(geo.suggest(text));
    // A code that lost its leading zero comes first.
    assert_eq!(forslag("980")[0], "0980");
    assert_eq!(forslag("114")[0], "0114");
    // 0100 is no kommun; the nearest codes differ in one digit, ties in code order.
    assert_eq!(forslag("0100"), ["0120", "0140", "0160"]);
    assert!(forslag("9999").is_empty());
}

#[test]
fn finding_a_kommun_from_typed_text() {
    let geo = Geography::builtin();
    let hitta = |text: &str| geo.find_kommun(text).map(|k| k.code.to_string());
    assert_eq!(hitta("0180"), Ok("0180".to_owned()));
    assert_eq!(hitta(" stockholm "), Ok("0180".to_owned()));
    assert_eq!(hitta("Upplands-Bro"), Ok("0139".to_owned()));

    let fel = geo.find_kommun("Stokholm").expect_err("misspelt");
    assert_eq!(
        fel.to_string(),
        "no kommun has the code or name `Stokholm`; did you mean 0180 (Stockholm)?"
    );
    let fel = geo.find_kommun("980").expect_err("lost zero");
    assert_eq!(
        fel.kodfel.as_ref().map(|f| f.orsak),
        Some(CodeErrorKind::WrongLength)
    );
    assert!(
        fel.to_string().starts_with(
            "kommun code `980` has 3 digits, expected 4; was a leading zero lost? try `0980`; \
             did you mean 0980 (Gotland)"
        ),
        "{fel}"
    );
    let fel = geo.find_kommun("Upplands").expect_err("ambiguous");
    assert_eq!(
        fel.to_string(),
        "no kommun has the code or name `Upplands`; \
         did you mean 0114 (Upplands Väsby) or 0139 (Upplands-Bro)?"
    );
}

#[test]
fn geo_levels_follow_the_codes() {
    let geo = Geography::builtin();
    for k in geo.all_kommuner() {
        assert_eq!(Geo::Kommun(k.code).parent(), Some(Geo::Lan(k.lan)));
    }
}
