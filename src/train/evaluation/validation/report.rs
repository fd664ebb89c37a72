//! The metric-validation report: per metric and feature scaling, whether every family of known
//! cases orders it the expected way in every evaluator seed, at each N; real against real; the
//! collapsed generator; the generator orders a study relies on; and every value, as Markdown and
//! CSV (`nda-lab validate-metrics`, docs/science/metric-validation/).

use std::fmt::Write;

use super::cases::{Family, VALIDATED_METRICS};
use super::measure::{CaseValues, collapsed_loses, passes, signed_rho};
use crate::train::evaluation::sample_quality::FeatureScaling;

/// Coverage of two samples of one distribution, 1 − 2^−k with k = 5 (Naeem et al. 2020, their
/// Lemma; the large-N limit).
pub const COVERAGE_IDENTICAL: f64 = 1.0 - 1.0 / 32.0;

/// The measurements of one feature scaling, N and evaluator seed.
#[derive(Debug, Clone)]
pub struct Measured {
    /// How features were scaled.
    pub scaling: FeatureScaling,
    /// Images per side.
    pub n: usize,
    /// The evaluator's seed.
    pub evaluator_seed: u64,
    /// Every case, generators included.
    pub cases: Vec<CaseValues>,
    /// The deliberately collapsed generator, when generators were trained.
    pub collapsed: Option<CaseValues>,
}

/// The name of a scaling in reports.
pub fn scaling_name(scaling: FeatureScaling) -> &'static str {
    match scaling {
        FeatureScaling::Isotropic => "isotropic (v2)",
        FeatureScaling::PerDimension => "per-dimension (v1)",
    }
}

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

/// Real against real: KID's interval, density and coverage against what the definitions predict.
fn real_vs_real(measured: &[Measured]) -> String {
    let mut text = format!(
        "\n## Real against real\n\nA second held-out sample against the reference. Expected: KID's \
         interval (mean ± 1.96 sd over half-sets) holds 0, density within 0.8–1.2, coverage near \
         1 − 2^−5 = {COVERAGE_IDENTICAL:.3} (Naeem et al.'s large-N value; lower at small N).\n\n\
         | scaling | N | evaluator seed | KID ± sd | holds 0 | precision | recall | density | \
         coverage | verdict |\n|---|---|---|---|---|---|---|---|---|---|\n"
    );
    for m in measured {
        let Some(real) = m.cases.iter().find(|c| c.family == Family::RealVsReal) else {
            continue;
        };
        let value = |metric| real.value(metric).unwrap_or(f64::NAN);
        let holds =
            (value("kid") - 1.96 * real.kid_sd..=value("kid") + 1.96 * real.kid_sd).contains(&0.0);
        let density_ok = (0.8..=1.2).contains(&value("density"));
        let _ = writeln!(
            text,
            "| {} | {} | {} | {:.4} ± {:.4} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {} |",
            scaling_name(m.scaling),
            m.n,
            m.evaluator_seed,
            value("kid"),
            real.kid_sd,
            if holds { "yes" } else { "no" },
            value("precision"),
            value("recall"),
            value("density"),
            value("coverage"),
            if holds && density_ok { "pass" } else { "fail" }
        );
    }
    text
}

/// The collapsed generator against the trained one, and the two generator orders a study needs.
fn generator_checks(measured: &[Measured]) -> String {
    let mut text = String::new();
    for m in measured {
        let generators: Vec<&CaseValues> = m
            .cases
            .iter()
            .filter(|c| c.family == Family::Generators)
            .collect();
        let (Some(collapsed), Some(healthy)) = (
            &m.collapsed,
            generators
                .iter()
                .max_by(|a, b| a.quality.total_cmp(&b.quality)),
        ) else {
            continue;
        };
        if text.is_empty() {
            text += "\n## Generators\n\nThe collapsed generator is the last one with every sample \
                     drawn from one latent vector. It must lose every row against that generator \
                     (density by its gap to 1). KID must rank the untrained generator worse than \
                     the one at 1,000 iterations, and the one at 300 worse than at 2,000.\n\n\
                     | scaling | N | evaluator seed | collapsed loses | collapsed wins or ties | \
                     KID untrained > 1,000 | KID 300 > 2,000 |\n|---|---|---|---|---|---|---|\n";
        }
        let loses = collapsed_loses(collapsed, healthy);
        let list = |lost: bool| {
            let names: Vec<&str> = loses
                .iter()
                .filter(|(_, l)| *l == lost)
                .map(|(m, _)| *m)
                .collect();
            if names.is_empty() {
                "—".to_string()
            } else {
                names.join(", ")
            }
        };
        let kid_at = |quality: f64| {
            generators
                .iter()
                .find(|c| c.quality == quality)
                .and_then(|c| c.value("kid"))
        };
        let worse = |a: f64, b: f64| match (kid_at(a), kid_at(b)) {
            (Some(a), Some(b)) => {
                if a > b {
                    "yes"
                } else {
                    "**no**"
                }
            }
            _ => "not run",
        };
        let _ = writeln!(
            text,
            "| {} | {} | {} | {} | {} | {} | {} |",
            scaling_name(m.scaling),
            m.n,
            m.evaluator_seed,
            list(true),
            list(false),
            worse(0.0, 1000.0),
            worse(300.0, 2000.0)
        );
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
