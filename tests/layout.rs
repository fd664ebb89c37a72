//! What `ARCHITECTURE.md` promises and the compiler cannot see, checked on the sources of every
//! crate of the workspace (the crate graph itself keeps the core from importing the page, the
//! worker or the command line):
//! - no import circle between the files of a crate (a file that uses another never is used back,
//!   even through others), so each file can be read after the ones it uses;
//! - the core does no I/O and reads no clock, and its manifest names no browser crate; inside it,
//!   `experiment` is the top floor: nothing else in the core imports it;
//! - files stay under 300 lines outside their tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Most lines of a file outside its tests.
const MAX_LINES: usize = 300;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The page's sources: the root package.
fn src() -> PathBuf {
    root().join("src")
}

/// The core crate's folder.
fn core() -> PathBuf {
    root().join("crates/core")
}

/// The `src/` folder of every crate: the root package's and each one under `crates/`.
fn source_roots() -> Vec<PathBuf> {
    let mut roots = vec![src()];
    for entry in std::fs::read_dir(root().join("crates")).expect("crates/") {
        let source = entry.expect("entry").path().join("src");
        if source.is_dir() {
            roots.push(source);
        }
    }
    roots
}

/// Every `.rs` file under `src`, by its path relative to `src`, with its text before any
/// `#[cfg(test)]` and without comment lines.
fn sources(src: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut folders = vec![src.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                let text = std::fs::read_to_string(&path).expect("source");
                let code = strip_tests(&text);
                let code: Vec<&str> = code
                    .lines()
                    .filter(|line| !line.trim_start().starts_with("//"))
                    .collect();
                let relative = path.strip_prefix(src).expect("under src");
                files.insert(
                    relative.to_string_lossy().replace('\\', "/"),
                    code.join("\n"),
                );
            }
        }
    }
    files
}

/// `text` without its `#[cfg(test)]` items: a `mod tests;` line, or a block (`mod tests { .. }`,
/// a test helper) up to its closing brace.
fn strip_tests(text: &str) -> String {
    let mut kept = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("#[cfg(test)]") {
        kept.push_str(&rest[..start]);
        let after = &rest[start..];
        let semicolon = after.find(';');
        let brace = after.find('{');
        let end = match (semicolon, brace) {
            (Some(semicolon), Some(brace)) if semicolon < brace => semicolon + 1,
            (Some(semicolon), None) => semicolon + 1,
            (_, Some(brace)) => {
                let chars: Vec<char> = after.chars().collect();
                let open = after[..brace].chars().count();
                let close = group_end(&chars, open);
                chars[..close.min(chars.len())]
                    .iter()
                    .map(|c| c.len_utf8())
                    .sum::<usize>()
                    + 1
            }
            (None, None) => after.len(),
        };
        rest = &after[end.min(after.len())..];
    }
    kept.push_str(rest);
    kept
}

/// The module path of a file: `ui/page/mod.rs` -> `[ui, page]`.
fn module_of(file: &str) -> Vec<String> {
    let mut parts: Vec<String> = file
        .trim_end_matches(".rs")
        .split('/')
        .map(String::from)
        .collect();
    if parts
        .last()
        .is_some_and(|last| last == "mod" || last == "lib")
    {
        parts.pop();
    }
    parts
}

/// The files each file refers to by `crate::`, `super::` or `self::` paths (imports and uses).
fn references(files: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let by_module: BTreeMap<Vec<String>, String> = files
        .keys()
        .map(|file| (module_of(file), file.clone()))
        .collect();
    let resolve = |segments: &[String]| {
        (1..=segments.len())
            .rev()
            .find_map(|length| by_module.get(&segments[..length]).cloned())
    };
    let mut graph = BTreeMap::new();
    for (file, text) in files {
        let module = module_of(file);
        let folder_file = file.ends_with("mod.rs") || file == "lib.rs";
        let parent: Vec<String> = if folder_file {
            module.clone()
        } else {
            module[..module.len().saturating_sub(1)].to_vec()
        };
        let mut targets = BTreeSet::new();
        for path in paths(text) {
            let (base, rest): (Vec<String>, &[String]) = match path.first().map(String::as_str) {
                Some("crate") => (Vec::new(), &path[1..]),
                Some("self") => (module.clone(), &path[1..]),
                Some("super") => {
                    let mut base = parent.clone();
                    let mut rest = &path[1..];
                    // `super` of a folder file is the folder's parent.
                    if folder_file {
                        base.pop();
                    }
                    while rest.first().is_some_and(|segment| segment == "super") {
                        base.pop();
                        rest = &rest[1..];
                    }
                    (base, rest)
                }
                _ => continue,
            };
            let mut segments = base;
            segments.extend(rest.iter().cloned());
            if let Some(target) = resolve(&segments).filter(|target| target != file) {
                targets.insert(target);
            }
        }
        graph.insert(file.clone(), targets);
    }
    graph
}

/// The paths in `text` that start with `crate`, `super` or `self`, including each name of a
/// `use x::{a, b::c}` group.
fn paths(text: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let words: Vec<char> = text.chars().collect();
    let mut index = 0;
    while index < words.len() {
        let starts = ["crate::", "super::", "self::"]
            .iter()
            .any(|start| text_at(&words, index, start))
            && (index == 0 || !is_ident(words[index - 1]));
        if !starts {
            index += 1;
            continue;
        }
        let mut end = index;
        while end < words.len() && (is_ident(words[end]) || words[end] == ':') {
            end += 1;
        }
        let path: String = words[index..end].iter().collect();
        let segments: Vec<String> = path
            .split("::")
            .filter(|segment| !segment.is_empty())
            .map(String::from)
            .collect();
        if end < words.len() && words[end] == '{' {
            let close = group_end(&words, end);
            let group: String = words[end + 1..close].iter().collect();
            for item in group.split(',') {
                let item: Vec<String> = item
                    .split("::")
                    .map(|segment| {
                        segment
                            .trim()
                            .trim_matches(|c: char| !is_ident(c))
                            .to_string()
                    })
                    .filter(|segment| !segment.is_empty())
                    .collect();
                let mut full = segments.clone();
                full.extend(item);
                found.push(full);
            }
            index = close;
        } else {
            found.push(segments);
            index = end;
        }
    }
    found
}

fn text_at(words: &[char], index: usize, text: &str) -> bool {
    text.chars()
        .enumerate()
        .all(|(offset, c)| words.get(index + offset) == Some(&c))
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The index of the `}` closing the `{` at `open`.
fn group_end(words: &[char], open: usize) -> usize {
    let mut depth = 0;
    for (index, c) in words.iter().enumerate().skip(open) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return index;
                }
            }
            _ => {}
        }
    }
    words.len()
}

/// The groups of files that reach each other (Tarjan's strongly connected components).
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        found: Vec<Vec<String>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, file: &'a str) {
            let order = self.index.len();
            self.index.insert(file, order);
            self.low.insert(file, order);
            self.stack.push(file);
            for target in self.graph.get(file).into_iter().flatten() {
                let target = target.as_str();
                if !self.index.contains_key(target) {
                    self.visit(target);
                    let low = self.low[file].min(self.low[target]);
                    self.low.insert(file, low);
                } else if self.stack.contains(&target) {
                    let low = self.low[file].min(self.index[target]);
                    self.low.insert(file, low);
                }
            }
            if self.low[file] == self.index[file] {
                let mut group = Vec::new();
                while let Some(member) = self.stack.pop() {
                    group.push(member.to_string());
                    if member == file {
                        break;
                    }
                }
                if group.len() > 1 {
                    self.found.push(group);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for file in graph.keys() {
        if !walk.index.contains_key(file.as_str()) {
            walk.visit(file);
        }
    }
    walk.found
}

#[test]
fn no_file_imports_a_file_that_imports_it_back() {
    let page = references(&sources(&src()));
    assert!(
        page.get("ui/page/mod.rs")
            .is_some_and(|targets| targets.contains("ui/experiment_state.rs")),
        "the reader sees imports: {:?}",
        page.get("ui/page/mod.rs")
    );
    for source in source_roots() {
        let graph = references(&sources(&source));
        assert_eq!(
            circles(&graph),
            Vec::<Vec<String>>::new(),
            "in {}",
            source.display()
        );
    }
}

#[test]
fn a_circle_is_found() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a.rs", vec!["b.rs"]),
        ("b.rs", vec!["c.rs"]),
        ("c.rs", vec!["a.rs"]),
        ("d.rs", vec!["a.rs"]),
    ]
    .into_iter()
    .map(|(file, targets)| {
        (
            file.to_string(),
            targets.into_iter().map(String::from).collect(),
        )
    })
    .collect();
    let found = circles(&graph);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].iter().collect::<BTreeSet<_>>().len(), 3);
}

/// A file that exists only for tests: a `tests.rs`, `*_tests.rs` or `tests/` module.
fn is_test_file(file: &str) -> bool {
    file.ends_with("tests.rs") || file.contains("tests/")
}

#[test]
fn the_core_does_no_io_reads_no_clock_and_names_no_browser_crate() {
    // The core and the crates below it (the plain half, the evaluation maths).
    for folder in [
        core(),
        root().join("crates/plain"),
        root().join("crates/eval"),
    ] {
        let shown = folder
            .strip_prefix(root())
            .expect("in the workspace")
            .display();
        let manifest = std::fs::read_to_string(folder.join("Cargo.toml")).expect("manifest");
        for name in ["leptos", "web-sys", "wasm-bindgen", "js-sys", "clap"] {
            assert!(!manifest.contains(name), "{shown}/Cargo.toml names {name}");
        }
        for (file, text) in sources(&folder.join("src")) {
            if is_test_file(&file) {
                continue;
            }
            for name in ["std::fs", "std::time", "Instant", "SystemTime", "println!"] {
                assert!(!text.contains(name), "{shown}/src/{file} uses {name}");
            }
        }
    }
    for folder in ["crates/core", "crates/plain"] {
        let files = sources(&root().join(folder).join("src"));
        assert!(files.contains_key("train/mod.rs"), "{folder} holds train/");
        for (file, text) in files {
            if !is_test_file(&file) && !file.starts_with("experiment/") {
                assert!(
                    !text.contains("crate::experiment"),
                    "{folder}/src/{file} uses crate::experiment"
                );
            }
        }
    }
    // The plain half is what the page may build on without linking the trainers.
    let plain = std::fs::read_to_string(root().join("crates/plain/Cargo.toml")).expect("manifest");
    let names = dependencies_in(&plain, |section| section.ends_with("dependencies]"));
    for name in ["burn", "nda-core"] {
        assert!(
            !names.iter().any(|found| found.starts_with(name)),
            "crates/plain/Cargo.toml depends on {name}"
        );
    }
}

/// The names a manifest's section depends on: the first word of each entry line.
fn dependencies_in(manifest: &str, wanted: impl Fn(&str) -> bool) -> Vec<String> {
    let mut section = String::new();
    let mut names = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line.to_string();
        } else if wanted(&section) && !line.is_empty() && !line.starts_with('#') {
            let name = line.split(['.', '=', ' ']).next().unwrap_or_default();
            names.push(name.to_string());
        }
    }
    names
}

#[test]
fn the_page_and_the_messages_do_not_link_burn() {
    // What the page's WebAssembly module links: the root package's dependencies, on every target
    // and in the browser (its dev-dependencies serve a native test only), and the protocol's.
    let is_linked = |section: &str| {
        section == "[dependencies]"
            || section == "[target.'cfg(target_arch = \"wasm32\")'.dependencies]"
    };
    for manifest in ["Cargo.toml", "crates/protocol/Cargo.toml"] {
        let text = std::fs::read_to_string(root().join(manifest)).expect("manifest");
        let names = dependencies_in(&text, is_linked);
        assert!(
            names.iter().any(|name| name == "nda-plain"),
            "{manifest}: {names:?}"
        );
        for name in ["burn", "nda-core", "nda-worker", "nda-cli"] {
            assert!(
                !names.iter().any(|found| found.starts_with(name)),
                "{manifest} depends on {name}"
            );
        }
    }
}

#[test]
fn files_stay_under_300_lines_outside_their_tests() {
    for entry in source_roots().iter().flat_map(|source| walk(source)) {
        let relative = entry
            .strip_prefix(root())
            .expect("under the workspace")
            .to_string_lossy()
            .replace('\\', "/");
        if relative.ends_with("tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&entry).expect("source");
        let lines = strip_tests(&text).lines().count();
        assert!(
            lines <= MAX_LINES,
            "{relative} has {lines} lines outside its tests (at most {MAX_LINES})"
        );
    }
}

fn walk(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(folder).expect("folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            found.push(path);
        }
    }
    found
}
