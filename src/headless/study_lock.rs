//! One writer per study folder: `nda-lab study` holds `DIR/study.lock` while it writes `DIR`, so a
//! second study started on the same folder (a second terminal, a scheduler's retry beside the
//! first attempt) is refused instead of training the same pairs twice and interleaving their
//! files. A lock left by a study that was killed on this machine is taken over (its process is
//! gone); one from another machine is left for the user to judge.

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

/// The lock's file name inside the study folder.
pub const LOCK_FILE: &str = "study.lock";

/// The held lock; dropping it removes the file.
#[derive(Debug)]
pub struct StudyLock {
    path: PathBuf,
}

impl StudyLock {
    /// Takes `dir`'s lock (creating `dir`), or says who holds it and what to do.
    pub fn acquire(dir: &Path) -> Result<Self, String> {
        fs::create_dir_all(dir)
            .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
        let path = dir.join(LOCK_FILE);
        for _ in 0..2 {
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut file) => {
                    let holder = format!("process {} on {}\n", std::process::id(), host());
                    file.write_all(holder.as_bytes())
                        .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
                    return Ok(Self { path });
                }
                Err(error) if error.kind() == ErrorKind::AlreadyExists => {
                    let holder = fs::read_to_string(&path).unwrap_or_default();
                    if !is_stale(&holder) {
                        return Err(format!(
                            "another `nda-lab study` is writing to {} ({}): wait for it to end, \
                             or give another --out; if no study is running there any more, \
                             delete {}",
                            dir.display(),
                            holder.trim(),
                            path.display()
                        ));
                    }
                    // The process that took it is gone: the lock is a leftover of a killed run.
                    let _ = fs::remove_file(&path);
                }
                Err(error) => return Err(format!("cannot create {}: {error}", path.display())),
            }
        }
        Err(format!(
            "cannot take {}: it keeps reappearing",
            path.display()
        ))
    }
}

impl Drop for StudyLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
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

/// Whether a lock reading `holder` was taken on this machine by a process that no longer runs.
/// Only where `/proc` lists processes (Linux); elsewhere a lock is never judged stale.
fn is_stale(holder: &str) -> bool {
    let Some((pid, on)) = holder
        .trim()
        .strip_prefix("process ")
        .and_then(|rest| rest.split_once(" on "))
    else {
        return false;
    };
    let Ok(pid) = pid.parse::<u32>() else {
        return false;
    };
    on == host() && Path::new("/proc/self").exists() && !Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> PathBuf {
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
        assert!(
            !dir.join(LOCK_FILE).exists(),
            "dropping the lock removes its file"
        );
        StudyLock::acquire(&dir).expect("free again");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_lock_left_by_a_killed_study_on_this_machine_is_taken_over() {
        let dir = folder("stale");
        fs::create_dir_all(&dir).expect("dir");
        // No process has this id (Linux's pid_max is at most 2^22).
        let leftover = format!("process 4294967000 on {}\n", host());
        fs::write(dir.join(LOCK_FILE), &leftover).expect("leftover");
        if Path::new("/proc/self").exists() {
            let lock = StudyLock::acquire(&dir).expect("a leftover is taken over");
            drop(lock);
        }
        // Another machine's lock is never judged stale from here.
        fs::write(
            dir.join(LOCK_FILE),
            "process 4294967000 on elsewhere-node-7\n",
        )
        .expect("lock");
        let refused = StudyLock::acquire(&dir).expect_err("another machine's lock");
        assert!(refused.contains("elsewhere-node-7"), "{refused}");
        let _ = fs::remove_dir_all(&dir);
    }
}
