//! One writer per study folder: `nda-lab study` holds an exclusive lock on `DIR/study.lock` while
//! it writes `DIR`, so a second study started on the same folder (a second terminal, a
//! scheduler's retry beside the first attempt) is refused instead of training the same pairs twice
//! and interleaving their files. The lock is the operating system's (`File::try_lock`): it ends
//! with the process however the process ends, so a killed study leaves nothing to clean up. The
//! file itself stays, holding the last holder's description for the refusal message.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

/// The lock's file name inside the study folder.
pub const LOCK_FILE: &str = "study.lock";

/// The held lock; dropping it (or the process ending) releases it.
#[derive(Debug)]
pub struct StudyLock {
    _file: File,
}

impl StudyLock {
    /// Takes `dir`'s lock (creating `dir`), or says who holds it and what to do.
    pub fn acquire(dir: &Path) -> Result<Self, String> {
        fs::create_dir_all(dir)
            .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
        let path = dir.join(LOCK_FILE);
        let cannot = |error: std::io::Error| format!("cannot lock {}: {error}", path.display());
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(cannot)?;
        match file.try_lock() {
            Ok(()) => {
                let holder = format!("process {} on {}\n", std::process::id(), host());
                file.set_len(0).map_err(cannot)?;
                file.seek(SeekFrom::Start(0)).map_err(cannot)?;
                file.write_all(holder.as_bytes()).map_err(cannot)?;
                Ok(Self { _file: file })
            }
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                Err(format!(
                    "another `nda-lab study` is writing to {} ({}): wait for it to end, or give \
                     another --out",
                    dir.display(),
                    holder.trim()
                ))
            }
            Err(TryLockError::Error(error)) => Err(cannot(error)),
        }
    }
}

/// This machine's name, as far as the environment says it.
fn host() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| fs::read_to_string("/etc/hostname").ok())
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "this machine".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("nda-lab-lock-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn a_second_study_on_the_same_folder_is_refused_until_the_first_ends() {
        let dir = folder("second");
        let first = StudyLock::acquire(&dir).expect("free");
        let refused = StudyLock::acquire(&dir).expect_err("held");
        assert!(
            refused.contains("another `nda-lab study` is writing to"),
            "{refused}"
        );
        assert!(
            refused.contains(&format!("process {}", std::process::id())),
            "{refused}"
        );
        drop(first);
        StudyLock::acquire(&dir).expect("free again once the first ends");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_lock_file_left_by_a_killed_study_does_not_block() {
        let dir = folder("leftover");
        fs::create_dir_all(&dir).expect("dir");
        // What a killed study leaves: the file, without the operating system's lock.
        fs::write(dir.join(LOCK_FILE), "process 4242 on elsewhere\n").expect("leftover");
        let lock = StudyLock::acquire(&dir).expect("the leftover file is not a lock");
        let text = fs::read_to_string(dir.join(LOCK_FILE)).expect("lock file");
        assert_eq!(
            text,
            format!("process {} on {}\n", std::process::id(), host())
        );
        drop(lock);
        let _ = fs::remove_dir_all(&dir);
    }
}
