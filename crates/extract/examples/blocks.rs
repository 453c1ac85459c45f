//! Print the blocks the extractor sees in a page and which it keeps: a tuning aid.
//!
//! `cargo run --release -p sitrep-extract --example blocks -- page.html`

use sitrep_extract::{content, decode, html};

fn main() {
    let path = std::env::args().nth(1).expect("usage: blocks PAGE.html");
    let bytes = std::fs::read(&path).expect("readable file");
    let text = decode::decode(&bytes, None).text.into_owned();
    let dom = html::parse(&text);
    if std::env::var_os("DUMP").is_some() {
        dump(&dom);
    }
    if let Ok(p) = std::env::var("FIND") {
        find(&dom, &p);
    }
    let c = content::extract_content(&dom);
    println!(
        "nodes {} container {:?} kept {} of {}",
        dom.nodes.len(),
        c.container,
        c.blocks.len(),
        c.all_blocks
    );
    if let Some(k) = c.container {
        println!(
            "container tag {:?} class {:?}",
            dom.tag(k),
            dom.attr(k, html::AttrName::Class)
        );
    }
    for b in &c.blocks {
        let t: String = b.text.chars().take(100).collect();
        println!("[{:?} ld={:.2}] {t}", b.kind, b.link_density());
    }
}

fn dump(dom: &html::Dom) {
    for i in dom.children(0) {
        println!("root child {i} {:?}", dom.nodes[i as usize].kind);
        for c in dom.children(i) {
            println!(
                "  child {c} {:?} {:?}",
                dom.tag(c),
                dom.attr(c, html::AttrName::Class)
            );
        }
    }
}

/// With `FIND=phrase`, print the element ancestors of the text node holding it.
fn find(dom: &html::Dom, phrase: &str) {
    for i in 0..dom.nodes.len() as u32 {
        if dom.text(i).contains(phrase) {
            for a in dom.ancestors(i) {
                println!(
                    "  <{:?} class={:?} id={:?}>",
                    dom.tag(a),
                    dom.attr(a, html::AttrName::Class),
                    dom.attr(a, html::AttrName::Id)
                );
            }
            return;
        }
    }
    println!("  phrase not in any text node");
}
