//! The process's resident memory, for `nda-lab gan --memory-every N` (`memory.csv`): a long run
//! must stay flat once its bounded stores are full, and this is how a leak would show.

use std::fs;

/// Resident set size in KiB (Linux's `/proc/self/status`); `None` where there is none.
pub fn resident_kib() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resident_memory_grows_with_what_the_process_touches() {
        let Some(before) = resident_kib() else {
            return; // not Linux: nothing to read
        };
        let block = vec![1u8; 64 << 20];
        let after = resident_kib().expect("still readable");
        assert!(
            after >= before + 32 * 1024,
            "{before} KiB, then {after} KiB"
        );
        drop(block);
    }
}
