//! Names, titles, possessives, case and diacritics; the seed expectations of issue 4.

use crate::{code, dict};
use sitrep_actors::{ActorKind, Metonymy};

#[test]
fn seed_expectations() {
    let d = dict();
    let r = d.resolve("Ramzan Kadyrov", Some("2023-06-01")).unwrap();
    assert_eq!(
        (r.actor_id.as_str(), r.code.as_str()),
        ("ramzan_kadyrov", "RUSGOV")
    );
    assert_eq!(r.kind, ActorKind::Person);
    assert!(r.role.unwrap().contains("head of the Chechen Republic"));
    assert_eq!(code("Vladimir Putin", None).as_deref(), Some("RUSGOV"));
    assert_eq!(
        code("Maria Zakharova", Some("2024-02-01")).as_deref(),
        Some("RUSGOV")
    );
    let hamas = d.resolve("Hamas", Some("2023-10-07")).unwrap();
    assert_eq!(
        (hamas.code.as_str(), hamas.kind),
        ("PSEREB", ActorKind::Group)
    );
    assert_eq!(code("Israel", None).as_deref(), Some("ISR"));
    assert_eq!(code("Israeli Army", None).as_deref(), Some("ISRMIL"));
    assert_eq!(code("Russia", None).as_deref(), Some("RUS"));
    assert_eq!(code("the West", None).as_deref(), Some("WST"));
    assert_eq!(code("UN Security Council", None).as_deref(), Some("IGOUNO"));
    assert_eq!(code("Newsweek", None).as_deref(), Some("USAMED"));
    assert_eq!(code("TASS", None).as_deref(), Some("RUSMED"));
}

#[test]
fn titles_and_possessives_are_stripped() {
    let d = dict();
    for text in [
        "President Putin",
        "Mr Putin",
        "Mr. Putin",
        "Putin's",
        "Putin’s",
        "Russian President Vladimir Putin",
        "Russian President Vladimir Putin's",
        "former President Vladimir Putin",
        "PUTIN",
        "the Russian president, Vladimir Putin",
    ] {
        let r = d.resolve(text, Some("2023-03-01"));
        assert_eq!(
            r.map(|r| r.actor_id),
            Some("vladimir_putin".to_string()),
            "{text}"
        );
    }
    let id = |t: &str| d.resolve(t, Some("2024-01-15")).map(|r| r.actor_id);
    assert_eq!(
        id("Kremlin spokesman Dmitry Peskov").as_deref(),
        Some("dmitry_peskov")
    );
    assert_eq!(
        id("Chechen leader Ramzan Kadyrov").as_deref(),
        Some("ramzan_kadyrov")
    );
    assert_eq!(
        id("Israeli Prime Minister Benjamin Netanyahu's").as_deref(),
        Some("benjamin_netanyahu")
    );
    assert_eq!(
        id("UN Secretary-General António Guterres").as_deref(),
        Some("antonio_guterres")
    );
    assert_eq!(
        id("Hamas leader Yahya Sinwar").as_deref(),
        Some("yahya_sinwar")
    );
    assert_eq!(
        id("Foreign Ministry spokeswoman Maria Zakharova").as_deref(),
        Some("maria_zakharova")
    );
    assert_eq!(
        id("Recep Tayyip Erdoğan").as_deref(),
        Some("recep_tayyip_erdogan")
    );
    assert_eq!(id("erdogan").as_deref(), Some("recep_tayyip_erdogan"));
    assert_eq!(id("Zelenskyy").as_deref(), Some("volodymyr_zelensky"));
    assert_eq!(id("Zelenskiy").as_deref(), Some("volodymyr_zelensky"));
    assert_eq!(
        id("Abdul-Malik al-Houthi").as_deref(),
        Some("abdul_malik_al_houthi")
    );
    assert_eq!(
        id("Abdul Malik al Houthi").as_deref(),
        Some("abdul_malik_al_houthi")
    );
    // Unknown words before a name are not titles.
    assert_eq!(id("Banana Putin"), None);
}

#[test]
fn acronyms_need_capitals() {
    assert_eq!(code("US", None).as_deref(), Some("USA"));
    assert_eq!(code("U.S.", None).as_deref(), Some("USA"));
    assert_eq!(code("us", None), None);
    assert_eq!(code("EU", None).as_deref(), Some("IGOEUREEC"));
    assert_eq!(code("NATO", None).as_deref(), Some("IGOWSTNAT"));
    assert_eq!(code("Nato", None).as_deref(), Some("IGOWSTNAT"));
}

#[test]
fn metonyms_are_flagged() {
    let d = dict();
    let k = d.resolve("the Kremlin", None).unwrap();
    assert_eq!(
        (k.code.as_str(), k.metonymy),
        ("RUSGOV", Some(Metonymy::Seat))
    );
    let m = d.resolve("Moscow", None).unwrap();
    assert_eq!(
        (m.code.as_str(), m.metonymy),
        ("RUSGOV", Some(Metonymy::Capital))
    );
    assert_eq!(m.country.as_deref(), Some("RUS"));
    assert_eq!(code("Washington", None).as_deref(), Some("USAGOV"));
    assert_eq!(code("Brussels", None).as_deref(), Some("IGOEUREEC"));
    assert_eq!(code("the Pentagon", None).as_deref(), Some("USAMIL"));
    assert_eq!(code("Downing Street", None).as_deref(), Some("GBRGOV"));
}

#[test]
fn stop_list_hides_names() {
    assert_eq!(code("New Mexico", None), None);
    assert_eq!(code("Mexico", None).as_deref(), Some("MEX"));
}
