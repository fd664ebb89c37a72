//! Training a study's pairs, several seeds at once. A seed is the unit of work: its shared
//! baseline and all its arms run in order on one job, since the arms need that baseline. Each
//! job has its own rayon pool (burn's CPU kernels run on the current pool), so `--jobs 2` on two
//! cores is two one-thread runs side by side, not two runs fighting over one pool. Every run is
//! seeded and computes the same numbers whichever job or pool it lands on.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use super::driver::hide_progress_bars;
use super::study_output::unit_dir;
use super::study_pairs::{is_finished, run_gan_unit, run_unit};
use nda_core::experiment::{StudyUnit, Task};

/// The cores this machine offers (1 when it cannot say).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Trains (or keeps, when finished earlier) every pair of `units` under `out`, `jobs` seeds at
/// once; the first error that stops a job is returned once every job has stopped.
pub fn run_seeds(
    units: &[StudyUnit],
    out: &Path,
    data: Option<&Path>,
    jobs: usize,
) -> Result<(), String> {
    let mut seeds: Vec<u64> = Vec::new();
    for unit in units {
        if !seeds.contains(&unit.seed) {
            seeds.push(unit.seed);
        }
    }
    let progress = Progress {
        started: Instant::now(),
        total: units.len(),
        done: AtomicUsize::new(0),
        trained: AtomicUsize::new(0),
    };
    on_jobs(seeds, jobs, |seed| {
        let mine = units.iter().filter(|unit| unit.seed == seed);
        for unit in mine {
            run_pair(unit, out, data, &progress)?;
        }
        Ok(())
    })
}

/// Runs `work` on every seed, `jobs` seeds at once, each job on its own rayon pool of an equal
/// share of the cores; the first error that stops a job is returned once every job has stopped.
/// Any task's study uses it.
pub fn on_jobs(
    seeds: Vec<u64>,
    jobs: usize,
    work: impl Fn(u64) -> Result<(), String> + Sync,
) -> Result<(), String> {
    let jobs = jobs.clamp(1, seeds.len().max(1));
    let threads = (cores() / jobs).max(1);
    if jobs > 1 {
        hide_progress_bars();
        println!("{jobs} seeds at a time, each on {threads} thread(s)");
    }
    let queue = Mutex::new(seeds.into_iter().collect::<VecDeque<u64>>());
    let outcomes: Vec<Result<(), String>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs)
            .map(|_| {
                scope.spawn(|| {
                    let pool = rayon::ThreadPoolBuilder::new()
                        .num_threads(threads)
                        .build()
                        .map_err(|error| format!("cannot start a thread pool: {error}"))?;
                    while let Some(seed) = next(&queue) {
                        pool.install(|| work(seed))?;
                    }
                    Ok(())
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|_| Err("a study job panicked".to_string()))
            })
            .collect()
    });
    outcomes.into_iter().collect()
}

fn next(queue: &Mutex<VecDeque<u64>>) -> Option<u64> {
    queue
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .pop_front()
}

/// How far the study is, for its lines.
struct Progress {
    started: Instant,
    total: usize,
    done: AtomicUsize,
    trained: AtomicUsize,
}

/// One pair, kept when it finished earlier.
fn run_pair(
    unit: &StudyUnit,
    out: &Path,
    data: Option<&Path>,
    progress: &Progress,
) -> Result<(), String> {
    let dir = unit_dir(out, unit);
    let label = format!("{} seed {}", unit.arm, unit.seed);
    if is_finished(unit, &dir) {
        let done = progress.done.fetch_add(1, Ordering::SeqCst) + 1;
        println!(
            "[{done}/{}] {label}: kept (finished earlier)",
            progress.total
        );
        return Ok(());
    }
    match unit.config.task {
        Task::Gan => {
            println!("{label}: training NDA (the seed's baseline is shared by every arm)");
            run_gan_unit(unit, out, &dir, data)?;
        }
        Task::Contrastive => {
            println!("{label}: training NDA and baseline");
            run_unit(unit, &dir)?;
        }
        // `study::run` hands a video study to the video study's runner before any unit.
        Task::Video => return Err(format!("{label}: a video pair is not a study unit")),
    }
    let done = progress.done.fetch_add(1, Ordering::SeqCst) + 1;
    let trained = progress.trained.fetch_add(1, Ordering::SeqCst) + 1;
    let per_pair = progress.started.elapsed().as_secs_f64() / trained as f64;
    println!(
        "[{done}/{}] {label}: done · about {:.0} s of pairs left",
        progress.total,
        per_pair * (progress.total - done) as f64
    );
    Ok(())
}
