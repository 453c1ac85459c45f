//! A country, region or demonym with an agent.

use crate::{code, dict};
use sitrep_actors::ActorKind;

#[test]
fn country_and_agent_compose() {
    let d = dict();
    let r = d
        .resolve_phrase("Russian foreign ministry", Some("2023-01-01"))
        .unwrap();
    assert_eq!((r.code.as_str(), r.kind), ("RUSGOV", ActorKind::Agent));
    assert_eq!(r.actor_id, "RUS");
    assert_eq!(r.agent.as_deref(), Some("agent:foreign_ministry"));
    for (text, want) in [
        ("the Russian Foreign Ministry", "RUSGOV"),
        ("Russia's foreign ministry", "RUSGOV"),
        ("the foreign ministry of Russia", "RUSGOV"),
        ("the ministry of foreign affairs of Russia", "RUSGOV"),
        ("Israeli Army", "ISRMIL"),
        ("Israeli soldiers", "ISRMIL"),
        ("the Palestinian militants", "PSEREB"),
        ("Palestinian gunmen", "PSE"),
        ("Western diplomats", "WSTGOV"),
        ("Ukrainian forces", "UKRMIL"),
        ("Chinese defence ministry", "CHNMIL"),
        ("Iranian state media", "IRNGOVMED"),
        ("French police", "FRACOP"),
        ("Syrian refugees", "SYRREF"),
        ("Sudanese civilians", "SDNCVL"),
        ("Turkish lawmakers", "TURLEG"),
        ("Brazilian protesters", "BRAOPP"),
        ("senior US officials", "USAGOV"),
        ("US intelligence officials", "USASPY"),
        ("Iraqi health ministry", "IRQGOVHLH"),
        ("Kremlin", "RUSGOV"),
    ] {
        let got = code(text, Some("2024-01-01"));
        if want == "PSE" {
            // "gunmen" is no agent: the demonym alone is not a phrase match.
            assert!(
                got.is_none() || got.as_deref() == Some("PSE"),
                "{text}: {got:?}"
            );
        } else {
            assert_eq!(got.as_deref(), Some(want), "{text}");
        }
    }
}

#[test]
fn organisations_keep_their_code_and_agents_stand_alone() {
    let d = dict();
    assert_eq!(code("Hamas militants", None).as_deref(), Some("PSEREB"));
    let p = d.resolve_phrase("the protesters", None).unwrap();
    assert_eq!(
        (p.code.as_str(), p.kind, p.country.as_deref()),
        ("OPP", ActorKind::Agent, None)
    );
    assert_eq!(code("police", None).as_deref(), Some("COP"));
    assert_eq!(code("spokesmen", None).as_deref(), Some("GOV"));
    assert_eq!(code("foreign ministries", None).as_deref(), Some("GOV"));
}
