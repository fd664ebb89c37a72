//! A study's statistics and its `report.md`: per arm and metric, the mean paired difference
//! NDA − baseline with its 95 % t-interval, wins k/S, the exact sign-flip p (Holm-adjusted for the
//! secondary metrics), d_z and the diverged seeds, plus one plain sentence per metric that never
//! overstates ([`crate::eval::paired_sentence`]).

use std::fmt::Write;

use crate::eval::{Direction, PairedComparison, compare_paired, holm, paired_sentence};
use crate::train::evaluation::MetricRow;
use crate::train::evaluation::report::{Better, better};

/// One seed's final evaluation of an arm's NDA run and its baseline; `None` for a pair that
/// failed (it is reported as diverged, never dropped).
#[derive(Debug, Clone, PartialEq)]
pub struct SeedResult {
    /// The run seed.
    pub seed: u64,
    /// The NDA run's rows at the evaluated iteration.
    pub nda: Option<Vec<MetricRow>>,
    /// The baseline's rows at the same iteration.
    pub baseline: Option<Vec<MetricRow>>,
}

/// One metric of one arm.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricComparison {
    /// The metric's name in `evaluation.csv`.
    pub metric: String,
    /// Whether it is the study's declared primary metric.
    pub primary: bool,
    /// `(seed, nda, baseline)`; NaN where a run has no finite value.
    pub per_seed: Vec<(u64, f64, f64)>,
    /// The paired statistics, or why there are none.
    pub comparison: Result<PairedComparison, String>,
    /// Holm-adjusted p for a secondary metric.
    pub holm_p: Option<f64>,
}

impl MetricComparison {
    /// The report's sentence for this metric.
    pub fn sentence(&self) -> String {
        match &self.comparison {
            Ok(comparison) => paired_sentence(&self.metric, comparison, self.holm_p),
            Err(reason) => format!("{}: no comparison ({reason}).", self.metric),
        }
    }
}

/// The comparisons of one arm, primary metric first, secondary ones Holm-corrected together.
pub fn compare_arm(
    primary: &str,
    secondary: &[String],
    seeds: &[SeedResult],
) -> Vec<MetricComparison> {
    let mut comparisons: Vec<MetricComparison> = std::iter::once(primary)
        .chain(
            secondary
                .iter()
                .map(String::as_str)
                .filter(|metric| *metric != primary),
        )
        .map(|metric| {
            let per_seed: Vec<(u64, f64, f64)> = seeds
                .iter()
                .map(|seed| {
                    (
                        seed.seed,
                        value(&seed.nda, metric),
                        value(&seed.baseline, metric),
                    )
                })
                .collect();
            let pairs: Vec<(f64, f64)> = per_seed.iter().map(|&(_, a, b)| (a, b)).collect();
            let direction = match better(metric) {
                Better::Lower => Direction::LowerIsBetter,
                Better::Higher => Direction::HigherIsBetter,
            };
            MetricComparison {
                metric: metric.to_string(),
                primary: metric == primary,
                per_seed,
                comparison: compare_paired(&pairs, direction).map_err(|error| error.to_string()),
                holm_p: None,
            }
        })
        .collect();
    let secondary_p: Vec<f64> = comparisons[1..]
        .iter()
        .map(|c| c.comparison.as_ref().map_or(f64::NAN, |c| c.p_value))
        .collect();
    for (comparison, adjusted) in comparisons[1..].iter_mut().zip(holm(&secondary_p)) {
        comparison.holm_p = comparison.comparison.is_ok().then_some(adjusted);
    }
    comparisons
}

fn value(rows: &Option<Vec<MetricRow>>, metric: &str) -> f64 {
    rows.as_ref()
        .and_then(|rows| rows.iter().find(|row| row.metric == metric))
        .map_or(f64::NAN, |row| row.value)
}

/// The per-metric table of one arm in Markdown.
pub fn markdown_table(comparisons: &[MetricComparison]) -> String {
    let mut table = String::from(
        "| metric | better | Δ = NDA − baseline [95 % CI] | wins | p | p (Holm) | d_z | diverged |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for c in comparisons {
        let name = if c.primary {
            format!("**{}** (primary)", c.metric)
        } else {
            c.metric.clone()
        };
        let direction = match better(&c.metric) {
            Better::Lower => "lower",
            Better::Higher => "higher",
        };
        let _ = match &c.comparison {
            Ok(s) => writeln!(
                table,
                "| {name} | {direction} | {:+.4} [{:+.4}, {:+.4}] | {}/{} | {:.4} | {} | {} | {} |",
                s.mean_difference,
                s.interval.low,
                s.interval.high,
                s.num_wins,
                s.num_pairs,
                s.p_value,
                c.holm_p.map_or("—".to_string(), |p| format!("{p:.4}")),
                s.effect_size
                    .map_or("—".to_string(), |d| format!("{d:+.2}")),
                s.num_diverged
            ),
            Err(reason) => writeln!(table, "| {name} | {direction} | — ({reason}) | | | | | |"),
        };
    }
    table
}

/// `study.csv`: `arm,seed,metric,nda,baseline,difference`, one row per seed and metric.
pub fn study_csv(arms: &[(String, Vec<MetricComparison>)]) -> String {
    let mut csv = String::from("arm,seed,metric,nda,baseline,difference\n");
    for (arm, comparisons) in arms {
        for c in comparisons {
            for &(seed, nda, baseline) in &c.per_seed {
                let _ = writeln!(
                    csv,
                    "{arm},{seed},{},{nda},{baseline},{}",
                    c.metric,
                    nda - baseline
                );
            }
        }
    }
    csv
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;
