//! The SPA writes HTML strings into the page in one module only
//! (crates/web-spa/src/html_sink.rs), which accepts nothing but the server's
//! sanitised HTML (issue 12, item 7). This walks the SPA's sources and fails
//! on any HTML sink elsewhere, naming file and line.

use std::path::{Path, PathBuf};

/// The only file allowed to hold an HTML sink.
const SINK_MODULE: &str = "html_sink.rs";

/// Ways to turn a string into markup (compared in lower case).
const SINKS: &[&str] = &[
    "inner_html",
    "innerhtml",
    "outer_html",
    "outerhtml",
    "insert_adjacent_html",
    "insertadjacenthtml",
    "inserthtml",
    "srcdoc",
    "document.write",
    "write_with_str",
    "writeln_with_str",
    "create_contextual_fragment",
    "parse_from_string",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `file:line: text` of every sink outside the sink module.
fn sinks_outside(src: &Path) -> Vec<String> {
    let mut files = vec![];
    rust_files(src, &mut files);
    files.sort();
    let mut found = vec![];
    for f in files {
        if f.file_name().is_some_and(|n| n == SINK_MODULE) && f.parent() == Some(src) {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("").to_lowercase();
            if SINKS.iter().any(|s| code.contains(s)) {
                found.push(format!("{}:{}: {}", f.display(), i + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn html_sinks_live_only_in_the_sink_module() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../web-spa/src");
    assert!(src.join(SINK_MODULE).is_file(), "{SINK_MODULE} is missing");
    let found = sinks_outside(&src);
    assert!(
        found.is_empty(),
        "HTML sinks outside crates/web-spa/src/{SINK_MODULE} (render text, or add a \
         component there that takes SanitizedHtml):\n{}",
        found.join("\n")
    );
    // The SPA cannot make a SanitizedHtml itself: the server-side ways are
    // behind a feature it does not enable, and it must not name them.
    let spa_toml = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../web-spa/Cargo.toml"),
    )
    .unwrap();
    assert!(!spa_toml.contains("sanitize"), "the SPA enables `sanitize`");
}

#[test]
fn the_walk_finds_a_sink() {
    // A test that cannot fail is no test: a sink in another file is found.
    let dir = std::env::temp_dir().join(crate::helpers::unique("yass-sinks-"));
    std::fs::create_dir_all(dir.join("views")).unwrap();
    std::fs::write(dir.join(SINK_MODULE), "el.set_inner_html(x);").unwrap();
    std::fs::write(
        dir.join("views/home.rs"),
        "// inner_html in a comment is fine\nview! { <div inner_html=a.body></div> }\nlet _ = el.innerHTML;\n",
    )
    .unwrap();
    let found = sinks_outside(&dir);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].contains("home.rs:2:"), "{found:?}");
    assert!(found[1].contains("home.rs:3:"), "{found:?}");
}
