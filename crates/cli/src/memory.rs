//! The process's resident memory, for `nda-lab gan --memory-every N` (`memory.csv`): a long run
//! must stay flat once its bounded stores are full, and this is how a leak would show. Resident
//! memory alone cannot tell a leak (bytes the program still holds) from an allocator that keeps
//! freed pages; the allocator here counts the bytes the program holds, so `memory.csv` reports both.

use std::fs;

/// The system allocator (glibc's `malloc` on Linux), wrapped by `cap` to count the bytes the
/// program holds (an atomic add per call: nothing a training step can measure). mimalloc was the
/// allocator until its resident memory grew 12 % from iteration 1,000 to 3,000 of a run whose bytes
/// held stayed flat; glibc's moved 1 % there, at up to 7 % more time per one-thread iteration
/// (docs/benchmarks.md, long runs).
/// Declared in the library so that `nda-lab` and the tests that drive it share one allocator.
#[global_allocator]
static ALLOCATOR: cap::Cap<std::alloc::System> = cap::Cap::new(std::alloc::System, usize::MAX);

/// KiB the program holds: allocated and not yet freed.
pub fn held_kib() -> u64 {
    (ALLOCATOR.allocated() / 1024) as u64
}

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

    #[test]
    fn the_bytes_held_count_what_the_program_allocates_until_it_frees_it() {
        let before = held_kib();
        let block = vec![1u8; 64 << 20];
        let holding = held_kib();
        drop(block);
        let after = held_kib();
        // Other tests allocate beside this one: a margin of 16 MiB either way.
        assert!(
            holding >= before + 48 * 1024,
            "{before} KiB, then {holding} KiB"
        );
        assert!(
            after + 48 * 1024 <= holding,
            "{holding} KiB, then {after} KiB"
        );
    }
}
