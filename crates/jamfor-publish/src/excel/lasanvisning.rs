//! Läsanvisning: what the workbook is, its sheets, the colours and symbols, the sources.

use std::collections::BTreeSet;

use jamfor_engine::Status;
use jamfor_spec::manifest::Colour as Rule;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::book::Book;
use super::value::FOR_FA;
use super::{LAN_OCH_RIKET, style};

/// Writes paragraphs and headings down column B, one after the other.
struct Rows<'s> {
    sheet: &'s mut Worksheet,
    row: u32,
}

impl Rows<'_> {
    fn heading(&mut self, text: &str) -> Result<(), XlsxError> {
        self.row += 1;
        self.sheet
            .write_string_with_format(self.row, 1, text, &style::section())?;
        self.row += 1;
        Ok(())
    }

    /// A paragraph; the row is made tall enough for its wrapped lines.
    fn stycke(&mut self, text: &str) -> Result<(), XlsxError> {
        self.sheet
            .merge_range(self.row, 1, self.row, 3, text, &style::body_text())?;
        let lines = (text.chars().count() as f64 / 95.0).ceil().max(1.0);
        self.sheet.set_row_height(self.row, 15.0 * lines + 2.0)?;
        self.row += 1;
        Ok(())
    }

    /// A key (swatch, symbol or term) in B with its explanation in C.
    fn post(
        &mut self,
        key: &str,
        key_format: &rust_xlsxwriter::Format,
        text: &str,
    ) -> Result<(), XlsxError> {
        self.sheet
            .write_string_with_format(self.row, 1, key, key_format)?;
        self.sheet
            .merge_range(self.row, 2, self.row, 3, text, &style::body_text())?;
        let lines = (text.chars().count() as f64 / 80.0).ceil().max(1.0);
        self.sheet.set_row_height(self.row, 15.0 * lines + 2.0)?;
        self.row += 1;
        Ok(())
    }
}

pub(crate) fn write(bok: &Book<'_>) -> Result<Worksheet, XlsxError> {
    let release = bok.p.release;
    let mut sheet = Worksheet::new();
    sheet.set_name(super::LASANVISNING)?;
    sheet.set_column_width(0, 2.0)?;
    sheet.set_column_width(1, 20.0)?;
    sheet.set_column_width(2, 60.0)?;
    sheet.set_column_width(3, 30.0)?;
    sheet.write_string_with_format(
        0,
        1,
        format!("{} – {}", release.title, bok.area.title),
        &style::title(),
    )?;
    let mut r = Rows {
        sheet: &mut sheet,
        row: 2,
    };
    let key = style::text().set_bold();
    r.post("Publicerad", &key, &release.published)?;
    r.post("Statistikår", &key, &release.year.to_string())?;
    let years = release.years();
    if let (Some(first), Some(last)) = (years.first(), years.last()) {
        r.post("Tidsserie", &key, &format!("{first}–{last}"))?;
    }

    r.heading("Om arbetsboken")?;
    r.stycke(&format!(
        "Arbetsboken redovisar Öppna jämförelser för området {} för alla kommuner, län, riket och \
         SKR:s kommungrupper. Den visar hur kommunerna ligger till jämfört med varandra och över tid, \
         och skillnader mellan kvinnor och män där uppgifterna är personbaserade.",
        bok.area.title.to_lowercase()
    ))?;
    if let Some(description) = &bok.area.description {
        r.stycke(description)?;
    }

    r.heading("Flikar")?;
    let mut flikar = vec![(
        super::JAMFOR,
        "Välj en kommun i listan och se dess resultat bredvid länets, rikets, kommungruppens och \
         de liknande kommunernas, och diagram över tid för en indikator du väljer.",
    )];
    if bok.p.analysis.is_some() {
        flikar.push((
            super::ANALYSSTOD,
            "Välj en kommun och se vilka indikatorer den bör titta på först, och varför: färg, \
             jämfört med liknande kommuner och kommungruppen, utveckling över tid och skillnader \
             mellan kvinnor och män.",
        ));
    }
    flikar.extend([
        (
            super::KOMMUNER,
            "Alla kommuner, en rad per kommun, med totalt, kvinnor och män per indikator. Använd \
             filterpilarna för att välja kommuner eller sortera.",
        ),
        (
            LAN_OCH_RIKET,
            "Riket, de 21 länen och SKR:s nio kommungrupper (kommungruppens värde är det ovägda \
             medelvärdet av kommunernas värden).",
        ),
    ]);
    let liknande = !bok.liknande.is_empty();
    if liknande {
        flikar.push((
            super::LIKNANDE,
            "För varje kommun: det ovägda medelvärdet för kommunens liknande kommuner.",
        ));
    }
    if !bok.delar.is_empty() {
        flikar.push((
            super::DELAR,
            "Indikatorer som redovisas per stadsdel eller enhet: en rad per stadsdel eller enhet \
             med dess kod, dess namn när uppgiftslämnaren har angett det och, för en stadsdel, \
             dess kommun (enhetens kommun framgår inte av enhetens kod).",
        ));
    }
    flikar.extend([
        (
            super::TIDSSERIER,
            "Värdet för varje år i tidsserien, totalt och för kvinnor och män, per kommun, län, \
             riket, kommungrupp och liknande kommuner: en rad per indikator och plats, så att en \
             kommuns utveckling läses längs raden.",
        ),
        (
            super::BORTFALL,
            "Var uppgifter saknas (bortfall), per indikator och år, och för varje kommun hur \
             många indikatorer som har bortfall varje år och hur många svarande eller enheter som \
             ligger bakom värdena.",
        ),
        (
            super::INDIKATORER,
            "Beskrivning av varje indikator: vad den visar, täljare, nämnare, källa, tolkning och \
             färgregel.",
        ),
    ]);
    for (name, text) in flikar {
        r.post(name, &key, text)?;
    }

    r.heading("Jämförelsegrupper")?;
    r.post(
        "Kommungrupp",
        &key,
        "SKR:s kommungruppsindelning 2023 (nio grupper efter storlek, pendling och närhet till \
         större städer). Gruppens värde är det ovägda medelvärdet av kommunernas värden, så varje \
         kommun väger lika. För en indikator som räknar antal (till exempel invånare) är gruppens \
         värde alltså medelvärdet per kommun, inte gruppens summa; därför står det \
         \"medel per kommun\" vid gruppens värden.",
    )?;
    r.stycke(&format!(
        "Ett gruppvärde (kommungrupp eller liknande kommuner) som vilar på färre än {} kommuner \
         med publicerade värden visas inte utan som \"{FOR_FA}\" (se Symboler).",
        bok.area.min_group_members
    ))?;
    if liknande {
        r.post(
            "Liknande kommuner",
            &key,
            "Kommunerna som mest liknar kommunen i de bakgrundsmått (nyckeltal) som området anger, \
             till exempel befolkningens storlek och ålder. Värdet är det ovägda medelvärdet av de \
             liknande kommunernas publicerade värden; kommunen själv ingår inte, och värden med \
             sekretess eller bortfall räknas inte med.",
        )?;
        if bok.p.analysis.is_some() {
            r.stycke("Vilka kommunerna är visas längst ned på fliken Analysstöd.")?;
        }
    }

    r.heading("Färger")?;
    r.stycke(
        "Färgen visar hur resultatet står sig enligt indikatorns färgregel (se fliken Indikatorer). \
         Värdena jämförs avrundade, så som de visas.",
    )?;
    let rules: BTreeSet<&'static str> = bok
        .indicators
        .iter()
        .filter_map(|i| match i.colour {
            Rule::Relative { .. } => Some("relative"),
            Rule::Thresholds { .. } => Some("thresholds"),
            Rule::YesNo => Some("yes_no"),
            Rule::None => None,
        })
        .collect();
    r.post(
        "Grön",
        &style::swatch(style::GREEN),
        "Bland de bästa kommunerna, uppnår målnivån eller har svarat ja.",
    )?;
    r.post(
        "Gul",
        &style::swatch(style::YELLOW),
        "Mellan grönt och rött.",
    )?;
    r.post(
        "Röd",
        &style::swatch(style::RED),
        "Bland de sämsta kommunerna, under den lägre gränsen eller har svarat nej.",
    )?;
    r.post(
        "Symbol",
        &style::symbol_format(Status::Confidential.symbol()),
        "Inget värde: cellen visar en symbol i symbolens egen färg, som säger varför (se \
         Symboler nedan).",
    )?;
    r.post(
        "Ofärgad",
        &style::text(),
        "Indikatorn färgsätts inte (nyckeltal och bakgrundsmått).",
    )?;
    if rules.contains("relative") {
        r.stycke(
            "Relativ färgsättning: kommunerna med värde rangordnas efter önskad riktning. En kommun är \
             grön när färre än den angivna andelen kommuner har ett bättre värde och röd när färre än \
             den angivna andelen har ett sämre. Lika värden får samma färg; har alla kommuner samma \
             värde är alla gula. Län, riket och kommungrupper färgas efter samma gränsvärden som \
             kommunerna. Värden som omfattas av sekretess, bortfall eller inte är tillämpliga ingår \
             inte i rangordningen.",
        )?;
    }
    if rules.contains("thresholds") {
        r.stycke(
            "Fasta gränser: färgen bestäms av indikatorns gränsvärden, lika för alla nivåer.",
        )?;
    }
    if bok.indicators.iter().any(|i| {
        matches!(
            i.colour,
            Rule::Relative { interval: true, .. } | Rule::Thresholds { interval: true, .. }
        )
    }) {
        r.stycke(
            "Färg som tar hänsyn till osäkerheten: för indikatorer vars färgregel säger det (se fliken \
             Indikatorer) blir ett värde med konfidensintervall grönt eller rött bara när hela det \
             95-procentiga intervallet ligger på den sidan av gränsen. Annars är det gult: skillnaden \
             är inte säker, till exempel när få har svarat.",
        )?;
    }
    if super::intervall::Intervall::av(bok).is_some() {
        r.stycke(
            "Osäkerhet: på fliken Jämför står kommunens 95-procentiga intervall bredvid dess \
             färg, och för brukarundersökningar hur många som svarat. Värdet ligger med 95 % \
             säkerhet inom intervallet. Ett brett intervall är markerat \"brett\" (mer än 20 \
             procentenheter för en andel, annars bredare än värdet självt): skillnader mot andra \
             kommuner är då osäkra, oftast för att få har svarat.",
        )?;
    }
    if rules.contains("yes_no") {
        r.stycke(
            "Ja/nej-frågor: kommunens svar visas som Ja eller Nej. För län, riket och kommungrupper \
             visas andelen svarande kommuner som svarat ja; grönt när alla svarat ja, rött när ingen gjort det.",
        )?;
    }

    r.heading("Symboler")?;
    r.stycke("Varje symbol har sin egen färg, så att de går att skilja åt i tabellerna.")?;
    for (symbol, text) in [
        (
            Status::Confidential.symbol(),
            "Sekretess: uppgiften visas inte för att ingen enskild person ska kunna \
             identifieras, direkt eller genom att räkna baklänges från andra uppgifter."
                .to_string(),
        ),
        (
            Status::Bortfall.symbol(),
            "Bortfall: det finns något att mäta men uppgiften kom inte in, till exempel när \
             kommunen inte har besvarat enkäten eller frågan, när ingen av de tillfrågade har \
             svarat, eller när kommunen inte har rapporterat uppgiften till registret. Bortfallet \
             räknas på fliken Bortfall."
                .to_string(),
        ),
        (
            Status::NotApplicable.symbol(),
            "Ej tillämplig: indikatorn kan inte gälla, eftersom det inte finns något att mäta, \
             till exempel när kommunen inte har den verksamheten och nämnaren är noll."
                .to_string(),
        ),
        (
            FOR_FA,
            format!(
                "För få kommuner: ett gruppvärde (kommungrupp eller liknande kommuner) visas inte \
                 när färre än {} av gruppens kommuner har publicerade värden, eftersom \
                 medelvärdet då säger för lite om gruppen. Det är inte sekretess.",
                bok.area.min_group_members
            ),
        ),
    ] {
        r.post(symbol, &style::symbol_format(symbol), &text)?;
    }

    r.heading("Kön")?;
    r.stycke(
        "Totalt avser alla, Kvinnor och Män visas för indikatorer som bygger på uppgifter om personer. \
         Kvinnor och män kan ha sekretess även när totalen visas.",
    )?;

    perturbed_counts(&mut r, bok)?;

    r.heading("Källor")?;
    r.stycke(
        "Uppgifterna kommer från källorna nedan. Vilken källa varje indikator bygger på står på \
         fliken Indikatorer, i kolumnen Källa.",
    )?;
    let mut sources: BTreeSet<&str> = BTreeSet::new();
    for indicator in &bok.indicators {
        for id in indicator.sources() {
            sources.insert(id);
        }
    }
    for id in sources {
        if let Some(source) = bok.p.manifest.source(id) {
            let mut text = source.title.clone();
            // The title and the provider only: a source's description tells the statistician
            // how its file is laid out ("en rad per person och månad"), not the reader anything.
            if let Some(provider) = &source.provider {
                text.push_str(&format!(" ({provider})"));
            }
            r.stycke(&text)?;
        }
    }
    sheet.set_active(true);
    style::print_setup(&mut sheet, false, true, None, None)?;
    Ok(sheet)
}

/// Under the cell key method, the reader is told that counts carry noise, how much, and what
/// that means for sums; suppression needs no such paragraph (its `..` is explained above).
fn perturbed_counts(r: &mut Rows<'_>, bok: &Book<'_>) -> Result<(), XlsxError> {
    let manifest = bok.p.manifest;
    let release = bok.p.release;
    let mut largest: Option<(u64, u64)> = None;
    for indicator in &bok.indicators {
        let id = indicator
            .disclosure
            .as_deref()
            .unwrap_or(release.disclosure.as_str());
        if let Some(rules) = manifest.policy(id).and_then(|p| {
            p.cell_key
                .as_ref()
                .map(|c| (c.table.max_change(), p.min_count))
        }) {
            largest = Some(largest.map_or(rules, |l| (l.0.max(rules.0), l.1.max(rules.1))));
        }
    }
    let Some((change, min_count)) = largest else {
        return Ok(());
    };
    r.heading("Störda antal")?;
    let small = if min_count > 2 {
        format!(" Antal från 1 till {} visas aldrig.", min_count - 1)
    } else {
        String::new()
    };
    r.stycke(&format!(
        "För att ingen enskild person ska kunna identifieras är antalen i registeruppgifterna \
         slumpmässigt störda med högst {change} uppåt eller nedåt (cellnyckelmetoden), i stället \
         för att döljas.{small} Samma uppgift har alltid samma störning, var den än visas. \
         Andelar och kvoter är beräknade från de störda antalen, och delarna summerar inte alltid \
         exakt till totalen: kvinnor och män till totalt, kommunerna till länet."
    ))
}
