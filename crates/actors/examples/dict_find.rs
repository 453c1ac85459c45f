//! Prints every dictionary name found in a text file:
//! `cargo run -p sitrep-actors --example dict_find -- FILE [YYYY-MM-DD]`.

use sitrep_actors::Dictionary;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: dict_find FILE [YYYY-MM-DD]")?;
    let date = args.next();
    let text = std::fs::read_to_string(&path)?;
    let dict = Dictionary::builtin()?;
    for m in dict.find_all_at(&text, date.as_deref()) {
        println!(
            "{:>7}..{:<7} {:<40} {:<28} {:<10} {:?}",
            m.start,
            m.end,
            text[m.start..m.end].replace('\n', " "),
            m.actor_id,
            m.code.as_deref().unwrap_or("-"),
            m.kind
        );
    }
    Ok(())
}
