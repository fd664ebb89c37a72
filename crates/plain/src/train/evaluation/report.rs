//! An evaluation's numbers as rows `iteration,metric,value,sd` (the CLI's `evaluation.csv` and
//! the run file's copy of it), and the NDA-versus-baseline table with a difference column.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

/// Header of `evaluation.csv`.
pub const EVALUATION_CSV_HEADER: &str = "iteration,metric,value,sd";

/// One measured number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricRow {
    /// The iteration of the run it measures.
    pub iteration: usize,
    /// The metric: `kid`, `fd`, `auroc`, `auroc:noise-3`, …
    pub metric: String,
    /// Its value.
    pub value: f64,
    /// Its spread where the metric has one (KID's sd over subsets, AUROC's standard error).
    pub sd: Option<f64>,
}

/// Which way a metric improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    /// Lower is better (distances, the share of broken-looking samples).
    Lower,
    /// Higher is better (coverage, accuracy, AUROC).
    Higher,
}

/// Suffix of the rows measured in an untrained control network's features (a person's images
/// have no fresh images and no labels, so their evaluation encoder comes with its untrained twin).
pub const UNTRAINED_SUFFIX: &str = "_untrained";

/// Which way `metric` improves.
pub fn better(metric: &str) -> Better {
    let base = metric.split(':').next().unwrap_or(metric);
    let base = base.strip_suffix(UNTRAINED_SUFFIX).unwrap_or(base);
    match base {
        "kid" | "fd" | "structure" | "structure_unseen" | "density_gap" => Better::Lower,
        _ => Better::Higher,
    }
}

/// Whether a difference of `metric` says which run is better by its sign. Density does not: 1 is
/// ideal (Naeem et al. 2020), above 1 means samples crowd the dense parts of the real set, so its
/// distance from 1, `density_gap`, is what a study compares.
pub fn judged_by_sign(metric: &str) -> bool {
    let base = metric.split(':').next().unwrap_or(metric);
    base.strip_suffix(UNTRAINED_SUFFIX).unwrap_or(base) != "density"
}

/// Which run a difference NDA − baseline of `metric` favours: `"NDA"`, `"baseline"`, or `"="`
/// when they are equal (or the difference is not a number).
pub fn favours(metric: &str, difference: f64) -> &'static str {
    if !judged_by_sign(metric) {
        return "(1 is ideal)";
    }
    match (better(metric), difference.partial_cmp(&0.0)) {
        (_, Some(std::cmp::Ordering::Equal) | None) => "=",
        (Better::Lower, Some(std::cmp::Ordering::Less))
        | (Better::Higher, Some(std::cmp::Ordering::Greater)) => "NDA",
        _ => "baseline",
    }
}

/// Below this class diversity a run counts as collapsed: its samples' predicted classes hold
/// less spread than two classes evenly would on the built-in sets (ln 2 / ln 6 = 0.39 on Shapes,
/// 0.30 on Digits and Faces). Measured: a generator collapsed onto one latent vector can *win*
/// KID and FD against the generator it came from early in training (crates/cli/tests/evaluation.rs), so a
/// table must not read those rows alone.
pub const COLLAPSED_DIVERSITY: f64 = 0.25;

/// Whether `rows` have a class diversity below [`COLLAPSED_DIVERSITY`] (runs without a
/// diversity row, e.g. unlabelled uploads, are never called collapsed).
pub fn is_collapsed<'a>(rows: impl IntoIterator<Item = &'a MetricRow>) -> bool {
    rows.into_iter()
        .any(|row| row.metric == "diversity" && row.value < COLLAPSED_DIVERSITY)
}

/// Which run a difference NDA − baseline of `metric` favours, when one of the two runs is
/// collapsed and the other is not: a collapsed run never wins a sample-quality row (D's AUROCs
/// are about D, not its samples, and keep their plain reading).
pub fn favours_unless_collapsed(
    metric: &str,
    difference: f64,
    nda_collapsed: bool,
    baseline_collapsed: bool,
) -> &'static str {
    let about_samples = !metric.starts_with("auroc");
    match (about_samples, nda_collapsed, baseline_collapsed) {
        (true, true, false) => "baseline (NDA collapsed)",
        (true, false, true) => "NDA (baseline collapsed)",
        _ => favours(metric, difference),
    }
}

/// Rows as CSV, header first; a missing sd is an empty field.
pub fn to_csv(rows: &[MetricRow]) -> String {
    let mut csv = format!("{EVALUATION_CSV_HEADER}\n");
    for row in rows {
        let sd = row.sd.map(|sd| sd.to_string()).unwrap_or_default();
        let _ = writeln!(csv, "{},{},{},{sd}", row.iteration, row.metric, row.value);
    }
    csv
}

/// Reads rows written by [`to_csv`].
pub fn from_csv(text: &str) -> Result<Vec<MetricRow>, String> {
    let mut lines = text.lines();
    if lines.next().map(str::trim) != Some(EVALUATION_CSV_HEADER) {
        return Err(format!(
            "an evaluation file starts with \"{EVALUATION_CSV_HEADER}\""
        ));
    }
    lines
        .filter(|line| !line.trim().is_empty())
        .enumerate()
        .map(|(index, line)| {
            let fields: Vec<&str> = line.trim().split(',').collect();
            let bad = || {
                format!(
                    "evaluation row {}: \"{line}\" is not iteration,metric,value,sd",
                    index + 1
                )
            };
            let [iteration, metric, value, sd] = fields.as_slice() else {
                return Err(bad());
            };
            Ok(MetricRow {
                iteration: iteration.parse().map_err(|_| bad())?,
                metric: metric.to_string(),
                value: value.parse().map_err(|_| bad())?,
                sd: if sd.is_empty() {
                    None
                } else {
                    Some(sd.parse().map_err(|_| bad())?)
                },
            })
        })
        .collect()
}

/// A plain-text table of the NDA run's and the baseline's metrics at `iteration`, with the
/// difference NDA − baseline and which run each metric favours (`=` when equal).
pub fn comparison_table(nda: &[MetricRow], baseline: &[MetricRow], iteration: usize) -> String {
    let mut table = format!(
        "{:<22} {:>12} {:>12} {:>12}  better\n",
        "metric", "NDA", "baseline", "NDA − base"
    );
    let at = |rows: &'_ [MetricRow]| -> bool {
        is_collapsed(rows.iter().filter(|row| row.iteration == iteration))
    };
    let (nda_collapsed, baseline_collapsed) = (at(nda), at(baseline));
    for row in nda.iter().filter(|row| row.iteration == iteration) {
        let Some(other) = baseline
            .iter()
            .find(|other| other.iteration == iteration && other.metric == row.metric)
        else {
            continue;
        };
        let difference = row.value - other.value;
        let favours =
            favours_unless_collapsed(&row.metric, difference, nda_collapsed, baseline_collapsed);
        let _ = writeln!(
            table,
            "{:<22} {:>12.5} {:>12.5} {:>+12.5}  {favours}",
            row.metric, row.value, other.value, difference
        );
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(iteration: usize, metric: &str, value: f64, sd: Option<f64>) -> MetricRow {
        MetricRow {
            iteration,
            metric: metric.to_string(),
            value,
            sd,
        }
    }

    #[test]
    fn a_collapsed_run_never_wins_a_sample_quality_row() {
        let nda = vec![
            row(5, "kid", 1.0, None),
            row(5, "diversity", 0.02, None),
            row(5, "auroc", 0.9, None),
        ];
        let baseline = vec![
            row(5, "kid", 9.0, None),
            row(5, "diversity", 0.9, None),
            row(5, "auroc", 0.6, None),
        ];
        let table = comparison_table(&nda, &baseline, 5);
        let line = |metric: &str| {
            table
                .lines()
                .find(|line| line.starts_with(metric))
                .unwrap_or_default()
                .to_string()
        };
        assert!(
            line("kid ").ends_with("baseline (NDA collapsed)"),
            "{table}"
        );
        assert!(
            line("auroc").ends_with("NDA"),
            "D's AUROC keeps its reading: {table}"
        );
        assert!(!is_collapsed(&baseline));
    }

    #[test]
    fn rows_round_trip_through_csv() {
        let rows = vec![
            row(50, "kid", 0.012, Some(0.003)),
            row(50, "auroc:noise-3", 0.75, None),
        ];
        let csv = to_csv(&rows);
        assert!(csv.starts_with("iteration,metric,value,sd\n50,kid,0.012,0.003\n"));
        assert_eq!(from_csv(&csv).expect("parses"), rows);
        assert!(from_csv("a,b\n").is_err());
        assert!(from_csv("iteration,metric,value,sd\n1,kid,x,\n").is_err());
    }

    #[test]
    fn the_table_says_which_run_each_metric_favours() {
        let nda = vec![
            row(10, "kid", 0.01, None),
            row(10, "auroc", 0.8, None),
            row(5, "kid", 1.0, None),
        ];
        let baseline = vec![row(10, "kid", 0.02, None), row(10, "auroc", 0.9, None)];
        let table = comparison_table(&nda, &baseline, 10);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 3, "{table}");
        assert!(
            lines[1].starts_with("kid") && lines[1].ends_with("NDA"),
            "{table}"
        );
        assert!(
            lines[2].contains("-0.10000") && lines[2].ends_with("baseline"),
            "{table}"
        );
    }
}
