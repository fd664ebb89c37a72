//! Every validated metric of every known case in one evaluator's feature space, and the verdict of
//! each family: Spearman's ρ between the cases' quality and the metric, signed so that +1 is the
//! expected order, passing at [`PASS_RHO`].

use super::cases::{Family, KnownCase, VALIDATED_METRICS};
use crate::eval::{Features, spearman};
use crate::train::TrainError;
use crate::train::evaluation::sample_quality::{
    FeatureScaling, QualityReference, class_diversity, feature_quality,
};

/// A family passes for a metric when its signed ρ reaches this in every evaluator seed (the
/// issue's bar; with 4 cases one adjacent swap gives 0.8).
pub const PASS_RHO: f64 = 0.9;

/// One case's values, in [`VALIDATED_METRICS`] order, with KID's spread over half-sets.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseValues {
    /// The case's family.
    pub family: Family,
    /// What was done to it.
    pub label: String,
    /// Its place in the family.
    pub quality: f64,
    /// One value per metric of [`VALIDATED_METRICS`].
    pub values: Vec<f64>,
    /// KID's sd over random half-sets.
    pub kid_sd: f64,
}

impl CaseValues {
    /// The value of `metric`.
    pub fn value(&self, metric: &str) -> Option<f64> {
        let index = VALIDATED_METRICS.iter().position(|m| *m == metric)?;
        self.values.get(index).copied()
    }
}

/// A case's evaluator outputs: raw features and class probabilities.
pub struct CaseOutputs {
    /// The evaluator's raw (unscaled) features of the case's images.
    pub features: Features,
    /// The classifier's probabilities of each image.
    pub probabilities: Vec<Vec<f32>>,
}

/// The values of `case` against the real reference `real` (raw features) scaled by `scaling`.
pub fn measure(
    reference: &QualityReference,
    case: &KnownCase,
    outputs: &CaseOutputs,
) -> Result<CaseValues, TrainError> {
    let rows = feature_quality(reference, outputs.features.clone(), 0, "")?;
    let find = |metric: &str| rows.iter().find(|row| row.metric == metric);
    let values = VALIDATED_METRICS
        .iter()
        .map(|metric| match *metric {
            "diversity" => class_diversity(&outputs.probabilities),
            metric => find(metric).map_or(f64::NAN, |row| row.value),
        })
        .collect();
    Ok(CaseValues {
        family: case.family,
        label: case.label.clone(),
        quality: case.quality,
        values,
        kid_sd: find("kid").and_then(|row| row.sd).unwrap_or(f64::NAN),
    })
}

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
        FeatureScaling::PerBlock => "per-block",
        FeatureScaling::Pooled => "pooled",
    }
}

/// Signed ρ of `family` for `metric` (+1: the expected order exactly), or `None` where the family
/// expects nothing of the metric or the values have no order.
pub fn signed_rho(cases: &[CaseValues], family: Family, metric: &str) -> Option<f64> {
    let sign = family.expected(metric)?;
    let members: Vec<&CaseValues> = cases.iter().filter(|c| c.family == family).collect();
    let quality: Vec<f64> = members.iter().map(|c| c.quality).collect();
    let values: Vec<f64> = members
        .iter()
        .map(|c| c.value(metric).unwrap_or(f64::NAN))
        .collect();
    // Values that cannot be ranked (all equal, or not finite) fail rather than vanish.
    Some(spearman(&quality, &values).map_or(f64::NAN, |rho| sign * rho))
}

/// Whether `rho` passes.
pub fn passes(rho: f64) -> bool {
    rho >= PASS_RHO
}

/// Of a collapsed generator against the healthy one it collapsed from: for each metric whose
/// better side is known, whether the collapsed one is worse (density is judged by its gap to 1).
pub fn collapsed_loses(collapsed: &CaseValues, healthy: &CaseValues) -> Vec<(&'static str, bool)> {
    VALIDATED_METRICS
        .iter()
        .filter(|metric| **metric != "density")
        .map(|&metric| {
            let (c, h) = (
                collapsed.value(metric).unwrap_or(f64::NAN),
                healthy.value(metric).unwrap_or(f64::NAN),
            );
            let lower_is_better = matches!(metric, "kid" | "fd" | "density_gap");
            (metric, if lower_is_better { c > h } else { c < h })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(family: Family, quality: f64, kid: f64) -> CaseValues {
        let mut values = vec![0.5; VALIDATED_METRICS.len()];
        values[0] = kid;
        CaseValues {
            family,
            label: String::new(),
            quality,
            values,
            kid_sd: 0.0,
        }
    }

    #[test]
    fn rho_is_signed_by_the_expected_direction() {
        let family = Family::ModeDropping;
        let cases = [
            case(family, 1.0, 4.0),
            case(family, 2.0, 3.0),
            case(family, 5.0, 1.0),
            case(Family::Memorisation, 1.0, 0.0),
        ];
        assert_eq!(
            signed_rho(&cases, family, "kid"),
            Some(1.0),
            "KID falls as classes return"
        );
        assert_eq!(
            signed_rho(&cases, family, "precision"),
            None,
            "no expectation"
        );
        assert!(
            signed_rho(&cases, family, "coverage")
                .expect("expected")
                .is_nan(),
            "all equal"
        );
    }

    #[test]
    fn a_collapse_loses_where_it_is_worse() {
        let healthy = case(Family::Generators, 1.0, 1.0);
        let collapsed = case(Family::Generators, 0.0, 9.0);
        let loses = collapsed_loses(&collapsed, &healthy);
        assert_eq!(loses[0], ("kid", true));
        assert!(loses.iter().all(|(metric, _)| *metric != "density"));
        assert!(!loses[1].1, "equal FD is not a loss");
    }
}
