//! The README is the front door and `docs/` holds the rest (issue 32), so a moved page or picture
//! must not leave a dead link behind: every relative link and image (`[text](target)`,
//! `![alt](target)`) in `README.md`, `ARCHITECTURE.md` and every Markdown file under `docs/` must
//! name an existing file or folder, relative to the Markdown file's own folder. Web addresses,
//! `mailto:` and in-page anchors are skipped; a `#fragment` or `?query` is dropped before the check;
//! fenced code blocks are not read. The README also stays a front door: at most 300 lines.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.md` file under `folder`, at any depth.
fn markdown_files(folder: &Path, found: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(folder).expect("docs/ is readable");
    for entry in entries {
        let path = entry.expect("a docs/ entry is readable").path();
        if path.is_dir() {
            markdown_files(&path, found);
        } else if path.extension().is_some_and(|extension| extension == "md") {
            found.push(path);
        }
    }
}

/// The targets of the links and images of `text`, outside fenced code blocks.
fn link_targets(text: &str) -> Vec<String> {
    let mut targets = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if in_fence {
            continue;
        }
        let mut rest = line;
        while let Some(start) = rest.find("](") {
            let after = &rest[start + 2..];
            let Some(end) = after.find(')') else { break };
            // `[text](target "title")` and `[text](<target>)` keep only the target.
            let target = after[..end].split_whitespace().next().unwrap_or("");
            targets.push(target.trim_matches(['<', '>']).to_string());
            rest = &after[end..];
        }
    }
    targets
}

#[test]
fn every_relative_link_in_the_readme_and_docs_resolves() {
    let root = root();
    let mut files = vec![root.join("README.md"), root.join("ARCHITECTURE.md")];
    markdown_files(&root.join("docs"), &mut files);
    let mut broken = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a Markdown file is readable");
        let folder = file.parent().expect("a file has a folder");
        for target in link_targets(&text) {
            let skipped = ["http://", "https://", "mailto:", "#"];
            if target.is_empty() || skipped.iter().any(|prefix| target.starts_with(prefix)) {
                continue;
            }
            let path = target.split(['#', '?']).next().unwrap_or("");
            if !folder.join(path).exists() {
                let shown = file.strip_prefix(&root).unwrap_or(file);
                broken.push(format!("{}: {target}", shown.display()));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_readme_stays_a_front_door_of_at_most_300_lines() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md is readable");
    let lines = readme.lines().count();
    assert!(lines <= 300, "README.md: {lines} lines, over 300");
}
