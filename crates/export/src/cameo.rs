//! CAMEO actor codes taken apart: country, known group, religion and type codes, and the
//! sectors a code names.
//!
//! A CAMEO actor code is a run of three-letter parts (`RUSGOV`, `IGOUNOKID`, `PSEREB`). The
//! GDELT export gives each part its own column; [`split`] decides which column a part belongs
//! in:
//! - a role code from [`TYPE_CODES`] (`GOV`, `MIL`, `REB`, `IGO`, `NGO`, …) fills the next free
//!   type slot (three at most);
//! - a religion code from [`RELIGION_CODES`] fills the next free religion slot (two at most);
//! - a known-group code from [`KNOWN_GROUP_CODES`] (`UNO`, `NAT`, `HMS`, …) is the known group;
//! - any other part is the country (or region: `AFR`, `WST`) when none is set yet, and is
//!   otherwise left out (CAMEO ethnic codes are not told apart from countries; we never set
//!   the ethnic column).

/// CAMEO role ("type") codes, with the sector word used in PLOVER exports.
pub const TYPE_CODES: &[(&str, &str)] = &[
    ("AGR", "agriculture"),
    ("BUS", "business"),
    ("COP", "police"),
    ("CRM", "criminal"),
    ("CVL", "civilian"),
    ("DEV", "development"),
    ("EDU", "education"),
    ("ELI", "elite"),
    ("ENV", "environment"),
    ("GOV", "government"),
    ("HLH", "health"),
    ("HRI", "human rights"),
    ("IGO", "intergovernmental organization"),
    ("IMG", "international militarized group"),
    ("INS", "insurgent"),
    ("JUD", "judiciary"),
    ("LAB", "labor"),
    ("LEG", "legislature"),
    ("MED", "media"),
    ("MIL", "military"),
    ("MOD", "moderate"),
    ("NGM", "non-governmental movement"),
    ("NGO", "non-governmental organization"),
    ("OPP", "opposition"),
    ("PKO", "peacekeepers"),
    ("PTY", "political party"),
    ("RAD", "radical"),
    ("REB", "rebel"),
    ("REF", "refugee"),
    ("REL", "religious"),
    ("SEP", "separatist"),
    ("SET", "settler"),
    ("SPY", "intelligence"),
    ("UAF", "unaligned armed forces"),
    ("UIS", "unidentified state actor"),
];

/// CAMEO religion codes.
pub const RELIGION_CODES: &[&str] = &[
    "ADR", "ALE", "ATH", "BAH", "BUD", "CHR", "CON", "CTH", "DOX", "DRZ", "HIN", "ITR", "JAN",
    "JEH", "JEW", "MOS", "MRM", "ORT", "PAG", "PRO", "SFI", "SHI", "SHN", "SIK", "SUN", "TAO",
    "ZRO",
];

/// CAMEO known-group codes sitrep's dictionaries use (international and non-governmental
/// organisations, and the armed groups CAMEO names).
pub const KNOWN_GROUP_CODES: &[&str] = &[
    "AMN", "ARL", "ASN", "CIS", "COE", "CRC", "CWN", "EEC", "FAO", "GCC", "GOE", "GOS", "GRP",
    "HCH", "HCR", "HEZ", "HMS", "HRW", "IAD", "IAE", "ICC", "ICG", "ICJ", "ILO", "IMF", "IOM",
    "IRC", "ITP", "KID", "MSF", "NAT", "OAU", "OIC", "OPC", "SAD", "SCE", "TAL", "UNO", "WAS",
    "WBK", "WCT", "WFP", "WHO", "WTO", "XFM",
];

/// The parts of a CAMEO actor code, by GDELT column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActorCode<'a> {
    /// The whole code.
    pub code: &'a str,
    /// Country or region (`RUS`, `AFR`).
    pub country: Option<&'a str>,
    /// Known group (`UNO`).
    pub known_group: Option<&'a str>,
    /// Ethnic group: never set (see the module docs).
    pub ethnic: Option<&'a str>,
    /// First religion code.
    pub religion1: Option<&'a str>,
    /// Second religion code.
    pub religion2: Option<&'a str>,
    /// Up to three role codes, in code order.
    pub types: [Option<&'a str>; 3],
}

/// Splits `code` into its parts. A code that is not a run of three-letter ASCII parts is
/// kept whole in [`ActorCode::code`] with no parts.
#[must_use]
pub fn split(code: &str) -> ActorCode<'_> {
    let mut out = ActorCode {
        code,
        ..ActorCode::default()
    };
    if code.is_empty() || code.len() % 3 != 0 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
        return out;
    }
    let mut types = 0;
    for i in (0..code.len()).step_by(3) {
        let part = &code[i..i + 3];
        if is_type(part) {
            if types < 3 {
                out.types[types] = Some(part);
                types += 1;
            }
        } else if RELIGION_CODES.contains(&part) {
            if out.religion1.is_none() {
                out.religion1 = Some(part);
            } else if out.religion2.is_none() {
                out.religion2 = Some(part);
            }
        } else if KNOWN_GROUP_CODES.contains(&part) {
            if out.known_group.is_none() {
                out.known_group = Some(part);
            }
        } else if out.country.is_none() {
            out.country = Some(part);
        }
    }
    out
}

fn is_type(part: &str) -> bool {
    TYPE_CODES.iter().any(|(c, _)| *c == part)
}

/// The sector word of a role code (`GOV` → `government`).
#[must_use]
pub fn sector(type_code: &str) -> Option<&'static str> {
    TYPE_CODES
        .iter()
        .find(|(c, _)| *c == type_code)
        .map(|(_, s)| *s)
}

/// The sectors an actor code names, in code order (`RUSGOVMIL` → government, military).
#[must_use]
pub fn sectors(code: &str) -> Vec<&'static str> {
    split(code)
        .types
        .iter()
        .flatten()
        .filter_map(|t| sector(t))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_country_type_group_and_religion() {
        let c = split("RUSGOV");
        assert_eq!((c.country, c.types[0]), (Some("RUS"), Some("GOV")));
        let c = split("CODREB");
        assert_eq!((c.country, c.types[0]), (Some("COD"), Some("REB")));
        let c = split("IGOUNOKID");
        assert_eq!(c.country, None);
        assert_eq!(c.types[0], Some("IGO"));
        assert_eq!(c.known_group, Some("UNO"));
        let c = split("IMGMOS");
        assert_eq!((c.types[0], c.religion1), (Some("IMG"), Some("MOS")));
        let c = split("ISR");
        assert_eq!(c.country, Some("ISR"));
        assert_eq!(c.types, [None, None, None]);
        let c = split("USAGOVMILREBCOP");
        assert_eq!(c.types, [Some("GOV"), Some("MIL"), Some("REB")]);
        let c = split("IGOAFROAU");
        assert_eq!((c.country, c.known_group), (Some("AFR"), Some("OAU")));
        // Not a CAMEO code: kept whole, no parts.
        let c = split("ramzan_kadyrov");
        assert_eq!(c.country, None);
        assert_eq!(c.code, "ramzan_kadyrov");
    }

    #[test]
    fn sectors_follow_the_type_codes() {
        assert_eq!(sectors("RUSGOVMIL"), ["government", "military"]);
        assert!(sectors("UKR").is_empty());
        assert_eq!(sector("MED"), Some("media"));
    }
}
