//! The study kept in the browser's local storage, so a reload (or a closed tab) resumes it:
//! small JSON (the settings and a few dozen rows per pair), written after every finished pair.

use super::state::StoredStudy;

/// The storage key; a new format gets a new key, and an unreadable old entry is ignored.
const KEY: &str = "nda-lab-study-v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Saves `study`; says why not when the browser refuses (private mode, full quota).
pub fn save(study: &StoredStudy) -> Result<(), String> {
    let text = serde_json::to_string(study).map_err(|error| error.to_string())?;
    storage()
        .ok_or("this browser offers no local storage")?
        .set_item(KEY, &text)
        .map_err(|_| "the browser refused to store the study (is its storage full?)".to_string())
}

/// The stored study, if there is a readable one.
pub fn load() -> Option<StoredStudy> {
    let text = storage()?.get_item(KEY).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

/// Forgets the stored study.
pub fn clear() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(KEY);
    }
}
