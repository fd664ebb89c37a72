//! Reading meaning out of an uploaded file's relative path ("pets/cats/a.png" from a folder pick
//! or a zip entry): its class is the folder it sits in, and some files are system clutter that
//! is skipped without complaint.

/// The non-empty parts of a path, split on `/` or `\` (zips made on Windows), without `.` and
/// `..` (paths are only read here, never used to write).
fn components(path: &str) -> impl Iterator<Item = &str> {
    path.split(['/', '\\'])
        .filter(|part| !part.is_empty() && *part != "." && *part != "..")
}

/// Whether a path is system clutter rather than a user's file: anything in a `__MACOSX` folder
/// (zip resource forks) or a hidden file or folder (`.DS_Store`, `._photo.jpg`, `.git/`), and
/// Windows' `Thumbs.db` and `desktop.ini`.
pub(crate) fn is_ignored(path: &str) -> bool {
    let mut parts = components(path).peekable();
    while let Some(part) = parts.next() {
        if part == "__MACOSX" || part.starts_with('.') {
            return true;
        }
        let is_file_name = parts.peek().is_none();
        if is_file_name
            && (part.eq_ignore_ascii_case("thumbs.db") || part.eq_ignore_ascii_case("desktop.ini"))
        {
            return true;
        }
    }
    false
}

/// The class of a file: the name of the folder that directly contains it, trimmed; `None` for a
/// file at the top level or in a folder whose name is blank.
pub(crate) fn class_of(path: &str) -> Option<String> {
    let parts: Vec<&str> = components(path).collect();
    let folder = parts.len().checked_sub(2).map(|i| parts[i].trim())?;
    (!folder.is_empty()).then(|| folder.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_is_the_immediate_parent_folder() {
        assert_eq!(class_of("cats/a.png").as_deref(), Some("cats"));
        assert_eq!(class_of("root/cats/a.png").as_deref(), Some("cats"));
        assert_eq!(class_of("root\\dogs\\b.jpg").as_deref(), Some("dogs"));
        assert_eq!(class_of("./birds/../birds/c.png").as_deref(), Some("birds"));
        assert_eq!(class_of(" tabby /a.png").as_deref(), Some("tabby"));
        assert_eq!(class_of("a.png"), None);
        assert_eq!(class_of("/a.png"), None);
        assert_eq!(class_of("  /a.png"), None);
    }

    #[test]
    fn clutter_is_ignored_and_ordinary_files_are_not() {
        for path in [
            "__MACOSX/cats/._a.png",
            "cats/.DS_Store",
            "._a.png",
            ".git/objects/x",
            "cats/Thumbs.db",
            "desktop.ini",
        ] {
            assert!(is_ignored(path), "{path}");
        }
        for path in ["cats/a.png", "a.png", "thumbs.db/a.png", "my.photos/b.jpg"] {
            assert!(!is_ignored(path), "{path}");
        }
    }
}
