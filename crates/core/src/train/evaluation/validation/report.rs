//! The metric-validation report: per metric and feature scaling, whether every family of known
//! cases orders it the expected way in every evaluator seed, at each N; real against real; the
//! collapsed generator; the generator orders a study relies on; and every value, as Markdown and
//! CSV (`nda-lab validate-metrics`, docs/science/metric-validation/).

use std::fmt::Write;

use super::cases::{Family, VALIDATED_METRICS};
use super::checks::{generator_checks, real_vs_real};
use super::measure::{Measured, passes, scaling_name, signed_rho};
use crate::train::evaluation::sample_quality::FeatureScaling;

/// The families present, in order of first appearance.
fn families(measured: &[Measured]) -> Vec<Family> {
    let mut out: Vec<Family> = Vec::new();
    for case in measured.iter().flat_map(|m| &m.cases) {
        if case.family != Family::RealVsReal && !out.contains(&case.family) {
            out.push(case.family);
        }
    }
    out
}

/// Whether `metric` passes every family that expects something of it, in every measurement of
/// `group` (one scaling and N, all evaluator seeds), and the families that failed.
pub fn metric_verdict(group: &[&Measured], metric: &str) -> (bool, Vec<String>) {
    let mut failed = Vec::new();
    let all: Vec<Measured> = group.iter().map(|m| (*m).clone()).collect();
    for family in families(&all) {
        let rhos: Vec<f64> = group
            .iter()
            .filter_map(|m| signed_rho(&m.cases, family, metric))
            .collect();
        if rhos.iter().any(|&rho| !passes(rho)) {
            failed.push(family.name());
        }
    }
    (failed.is_empty(), failed)
}

/// The Markdown report. `setup` is the paragraph on what was measured and how.
pub fn markdown(title: &str, setup: &str, measured: &[Measured]) -> String {
    let mut text = format!("# {title}\n\n{setup}\n\n");
    let mut groups: Vec<(FeatureScaling, usize)> = Vec::new();
    for m in measured {
        if !groups.contains(&(m.scaling, m.n)) {
            groups.push((m.scaling, m.n));
        }
    }
    let group_of = |scaling, n| -> Vec<&Measured> {
        measured
            .iter()
            .filter(|m| m.scaling == scaling && m.n == n)
            .collect()
    };
    text += "## Verdict per metric\n\nA metric passes when every family of known cases that \
             should move it orders it the expected way, Spearman's ρ ≥ 0.9, in every evaluator \
             seed.\n\n| metric | scaling | N | verdict | families that failed |\n|---|---|---|---|---|\n";
    for metric in VALIDATED_METRICS {
        for &(scaling, n) in &groups {
            let (pass, failed) = metric_verdict(&group_of(scaling, n), metric);
            let _ = writeln!(
                text,
                "| {metric} | {} | {n} | {} | {} |",
                scaling_name(scaling),
                if pass { "pass" } else { "fail" },
                if failed.is_empty() {
                    "—".to_string()
                } else {
                    failed.join(", ")
                }
            );
        }
    }
    text += &rho_tables(measured, &groups, &group_of);
    text += &real_vs_real(measured);
    text += &generator_checks(measured);
    text += &value_tables(measured);
    text
}

/// Signed ρ per family and metric, the lowest over evaluator seeds, with the seeds' spread.
fn rho_tables<'a>(
    measured: &'a [Measured],
    groups: &[(FeatureScaling, usize)],
    group_of: &dyn Fn(FeatureScaling, usize) -> Vec<&'a Measured>,
) -> String {
    let mut text = String::from(
        "\n## Spearman's ρ per family\n\nSigned so that +1 is the expected order; the lowest over \
         the evaluator seeds, and in brackets the highest (their agreement). — : the family says \
         nothing about the metric.\n",
    );
    for &(scaling, n) in groups {
        let group = group_of(scaling, n);
        let _ = write!(
            text,
            "\n### {}, N = {n}\n\n| family | {} |\n|---|{}\n",
            scaling_name(scaling),
            VALIDATED_METRICS.join(" | "),
            "---|".repeat(VALIDATED_METRICS.len())
        );
        for family in families(measured) {
            let cells: Vec<String> = VALIDATED_METRICS
                .iter()
                .map(|metric| {
                    let rhos: Vec<f64> = group
                        .iter()
                        .filter_map(|m| signed_rho(&m.cases, family, metric))
                        .collect();
                    if rhos.is_empty() {
                        return "—".to_string();
                    }
                    let low = rhos.iter().copied().fold(f64::INFINITY, f64::min);
                    let high = rhos.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    let mark = if rhos.iter().all(|&rho| passes(rho)) {
                        ""
                    } else {
                        " ✗"
                    };
                    format!("{low:+.2} ({high:+.2}){mark}")
                })
                .collect();
            let _ = writeln!(text, "| {} | {} |", family.name(), cells.join(" | "));
        }
    }
    text
}

/// Every value of the first evaluator seed of each scaling and N.
fn value_tables(measured: &[Measured]) -> String {
    let mut text = String::from("\n## Values (first evaluator seed)\n");
    let mut seen: Vec<(FeatureScaling, usize)> = Vec::new();
    for m in measured {
        if seen.contains(&(m.scaling, m.n)) {
            continue;
        }
        seen.push((m.scaling, m.n));
        let _ = write!(
            text,
            "\n### {}, N = {}, evaluator seed {}\n\n| family | case | {} |\n|---|---|{}\n",
            scaling_name(m.scaling),
            m.n,
            m.evaluator_seed,
            VALIDATED_METRICS.join(" | "),
            "---|".repeat(VALIDATED_METRICS.len())
        );
        for case in m.cases.iter().chain(&m.collapsed) {
            let cells: Vec<String> = case.values.iter().map(|v| format_value(*v)).collect();
            let _ = writeln!(
                text,
                "| {} | {} | {} |",
                case.family.name(),
                case.label,
                cells.join(" | ")
            );
        }
    }
    text
}

/// Four significant digits, in scientific notation when large.
fn format_value(value: f64) -> String {
    if value.abs() >= 1e5 {
        format!("{value:.3e}")
    } else {
        format!("{value:.4}")
    }
}

/// Every value as CSV: `scaling,n,evaluator_seed,family,case,quality,metric,value`.
pub fn csv(measured: &[Measured]) -> String {
    let mut text = String::from("scaling,n,evaluator_seed,family,case,quality,metric,value\n");
    for m in measured {
        for case in m.cases.iter().chain(&m.collapsed) {
            for (metric, value) in VALIDATED_METRICS.iter().zip(&case.values) {
                let scaling = match m.scaling {
                    FeatureScaling::Isotropic => "isotropic",
                    FeatureScaling::PerDimension => "per-dimension",
                    FeatureScaling::PerBlock => "per-block",
                    FeatureScaling::Pooled => "pooled",
                };
                let _ = writeln!(
                    text,
                    "{scaling},{},{},{},{},{},{metric},{value}",
                    m.n,
                    m.evaluator_seed,
                    case.family.name(),
                    case.label,
                    case.quality
                );
            }
        }
    }
    text
}
