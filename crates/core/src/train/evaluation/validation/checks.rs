//! The two checks of the metric-validation report that are not orders: a second real sample
//! against the reference (KID's interval holds 0, density near 1, coverage near what Naeem et al.
//! derive), and the generators (a collapsed one loses, and KID orders untrained < 1,000 and
//! 300 < 2,000 iterations, the orders a study relies on).

use std::fmt::Write;

use super::cases::Family;
use super::measure::{CaseValues, Measured, collapsed_loses, scaling_name};

/// Coverage of two samples of one distribution, 1 − 2^−k with k = 5 (Naeem et al. 2020, their
/// Lemma; the large-N limit).
pub const COVERAGE_IDENTICAL: f64 = 1.0 - 1.0 / 32.0;

/// Real against real: KID's interval, density and coverage against what the definitions predict.
pub(super) fn real_vs_real(measured: &[Measured]) -> String {
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
pub(super) fn generator_checks(measured: &[Measured]) -> String {
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
