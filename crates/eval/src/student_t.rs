//! The Student t distribution's CDF and quantile, for the 95 % t-interval around the mean paired
//! difference of an NDA arm and its baseline over seeds ([`super::paired`]; evaluation reference,
//! "Comparing NDA with the baseline").
//!
//! Standard library only and deterministic: the regularised incomplete beta function by its
//! continued fraction (Numerical Recipes, 3rd ed., §6.4 `betacf`, modified Lentz), ln Γ by the
//! Lanczos approximation, and bisection on the upper tail down to the last bit. The quantile agrees
//! with scipy's `t.ppf` to better than 1e-9 for the degrees of freedom a study uses (1 to a few
//! hundred; see the tests).

use super::EvalError;

/// Lanczos shift `g = 7` with its 9 coefficients (Godfrey's table, as in Numerical Recipes 2nd ed.
/// and the Wikipedia article "Lanczos approximation"): ln Γ to about 1e-15 relative.
const LANCZOS_G: f64 = 7.0;
const LANCZOS_COEFFICIENTS: [f64; 9] = [
    0.999_999_999_999_809_9,
    676.520_368_121_885_1,
    -1_259.139_216_722_402_8,
    771.323_428_777_653_1,
    -176.615_029_162_140_6,
    12.507_343_278_686_905,
    -0.138_571_095_265_720_12,
    9.984_369_578_019_572e-6,
    1.505_632_735_149_311_6e-7,
];

/// The continued fraction stops when a step changes it by less than this (relative).
const FRACTION_EPSILON: f64 = 1e-16;
/// Stand-in for zero in Lentz's method, so no step divides by zero (Numerical Recipes' `FPMIN`).
const TINY: f64 = 1e-300;
/// At most this many continued-fraction steps; it needs O(√max(a, b)) (Numerical Recipes §6.4),
/// so this covers degrees of freedom far beyond any study.
const MAX_FRACTION_STEPS: usize = 10_000;

/// The CDF P(T ≤ t) of Student's t distribution with `degrees_of_freedom` (> 0, may be fractional).
///
/// Refuses a NaN `t` and degrees of freedom that are not finite and positive.
pub fn student_t_cdf(t: f64, degrees_of_freedom: f64) -> Result<f64, EvalError> {
    validate_degrees_of_freedom(degrees_of_freedom)?;
    if t.is_nan() {
        return Err(EvalError::InvalidArgument {
            name: "t",
            value: t,
            requirement: "a number (not NaN)",
        });
    }
    let tail = upper_tail(t.abs(), degrees_of_freedom);
    Ok(if t >= 0.0 { 1.0 - tail } else { tail })
}

/// The quantile (inverse CDF) of Student's t distribution: the `t` with P(T ≤ t) = `probability`,
/// e.g. `student_t_quantile(0.975, 7.0)` ≈ 2.3646 for a 95 % interval over 8 seeds.
///
/// Refuses a probability outside the open interval (0, 1) and degrees of freedom that are not finite
/// and positive. Found by bisection on the upper tail to the last bit; saturates at `f64::MAX` for
/// probabilities too extreme to represent (only reachable with degrees of freedom far below 1).
pub fn student_t_quantile(probability: f64, degrees_of_freedom: f64) -> Result<f64, EvalError> {
    validate_degrees_of_freedom(degrees_of_freedom)?;
    if !(probability > 0.0 && probability < 1.0) {
        return Err(EvalError::InvalidArgument {
            name: "probability",
            value: probability,
            requirement: "strictly between 0 and 1",
        });
    }
    if probability == 0.5 {
        return Ok(0.0);
    }
    // Work with the smaller tail: it carries the precision.
    let tail = probability.min(1.0 - probability);
    let t = upper_tail_inverse(tail, degrees_of_freedom);
    Ok(if probability > 0.5 { t } else { -t })
}

/// Refuses degrees of freedom that are NaN, infinite, zero or negative.
fn validate_degrees_of_freedom(degrees_of_freedom: f64) -> Result<(), EvalError> {
    if degrees_of_freedom.is_finite() && degrees_of_freedom > 0.0 {
        Ok(())
    } else {
        Err(EvalError::InvalidArgument {
            name: "degrees of freedom",
            value: degrees_of_freedom,
            requirement: "finite and positive (the number of seeds minus one)",
        })
    }
}

/// The `t ≥ 0` with P(T > t) = `tail` (0 < tail < 0.5), by doubling a bracket and then bisecting
/// until the midpoint equals an end (the last bit).
fn upper_tail_inverse(tail: f64, degrees_of_freedom: f64) -> f64 {
    let (mut low, mut high) = (0.0, 1.0);
    while upper_tail(high, degrees_of_freedom) > tail {
        if high == f64::MAX {
            return f64::MAX;
        }
        low = high;
        high = (high * 2.0).min(f64::MAX);
    }
    loop {
        let middle = low + (high - low) / 2.0;
        if middle <= low || middle >= high {
            return middle;
        }
        if upper_tail(middle, degrees_of_freedom) > tail {
            low = middle;
        } else {
            high = middle;
        }
    }
}

/// P(T > t) for `t ≥ 0`: ½ I_x(ν/2, ½) with x = ν / (ν + t²), and 1 − x computed directly so
/// neither small `t` nor huge `t` loses precision.
fn upper_tail(t: f64, degrees_of_freedom: f64) -> f64 {
    if t == f64::INFINITY {
        return 0.0;
    }
    let (x, one_minus_x) = if t * t <= degrees_of_freedom {
        let denominator = degrees_of_freedom + t * t;
        (degrees_of_freedom / denominator, t * t / denominator)
    } else {
        let ratio = degrees_of_freedom / (t * t);
        (ratio / (1.0 + ratio), 1.0 / (1.0 + ratio))
    };
    0.5 * regularised_incomplete_beta(degrees_of_freedom / 2.0, 0.5, x, one_minus_x)
}

/// The regularised incomplete beta function I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1, given x and
/// 1 − x separately (Numerical Recipes §6.4 `betai`: the continued fraction where it converges
/// fast, the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) elsewhere).
fn regularised_incomplete_beta(a: f64, b: f64, x: f64, one_minus_x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if one_minus_x <= 0.0 {
        return 1.0;
    }
    let ln_front = a * x.ln() + b * one_minus_x.ln() - ln_beta(a, b);
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_front.exp() * beta_continued_fraction(a, b, x) / a
    } else {
        1.0 - ln_front.exp() * beta_continued_fraction(b, a, one_minus_x) / b
    }
}

/// The continued fraction of I_x(a, b) (Numerical Recipes §6.4 `betacf`, modified Lentz).
fn beta_continued_fraction(a: f64, b: f64, x: f64) -> f64 {
    let away_from_zero = |value: f64| if value.abs() < TINY { TINY } else { value };
    let (a_plus_b, a_plus_1, a_minus_1) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / away_from_zero(1.0 - a_plus_b * x / a_plus_1);
    let mut fraction = d;
    for step in 1..=MAX_FRACTION_STEPS {
        let m = step as f64;
        let two_m = 2.0 * m;
        // The even step of the recurrence.
        let even = m * (b - m) * x / ((a_minus_1 + two_m) * (a + two_m));
        d = 1.0 / away_from_zero(1.0 + even * d);
        c = away_from_zero(1.0 + even / c);
        fraction *= d * c;
        // The odd step.
        let odd = -(a + m) * (a_plus_b + m) * x / ((a + two_m) * (a_plus_1 + two_m));
        d = 1.0 / away_from_zero(1.0 + odd * d);
        c = away_from_zero(1.0 + odd / c);
        let change = d * c;
        fraction *= change;
        if (change - 1.0).abs() <= FRACTION_EPSILON {
            break;
        }
    }
    fraction
}

/// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b).
fn ln_beta(a: f64, b: f64) -> f64 {
    ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b)
}

/// ln Γ(x) for x > 0: the Lanczos approximation, with the reflection formula below ½.
fn ln_gamma(x: f64) -> f64 {
    if x < 0.5 {
        // Γ(x) Γ(1 − x) = π / sin(πx), and sin(πx) > 0 for 0 < x < ½.
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let shifted = x - 1.0;
    let mut series = LANCZOS_COEFFICIENTS[0];
    for (index, coefficient) in LANCZOS_COEFFICIENTS.iter().enumerate().skip(1) {
        series += coefficient / (shifted + index as f64);
    }
    let base = shifted + LANCZOS_G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (shifted + 0.5) * base.ln() - base + series.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quantile(probability: f64, degrees_of_freedom: f64) -> f64 {
        student_t_quantile(probability, degrees_of_freedom).expect("valid arguments")
    }

    fn cdf(t: f64, degrees_of_freedom: f64) -> f64 {
        student_t_cdf(t, degrees_of_freedom).expect("valid arguments")
    }

    /// scipy 1.17.1, run once and pasted here:
    /// `from scipy.stats import t; [repr(t.ppf(0.975, df)) for df in (1, 2, 4, 7, 30)]`
    #[test]
    fn quantiles_at_0975_match_scipy() {
        let scipy = [
            (1.0, 12.706204736174694),
            (2.0, 4.302652729749462),
            (4.0, 2.7764451051977934),
            (7.0, 2.364624251592784),
            (30.0, 2.0422724563012378),
        ];
        for (degrees_of_freedom, expected) in scipy {
            let found = quantile(0.975, degrees_of_freedom);
            assert!(
                (found - expected).abs() < 1e-9,
                "df {degrees_of_freedom}: {found} vs scipy {expected}"
            );
        }
    }

    #[test]
    fn quantiles_match_the_closed_forms_for_one_and_two_degrees_of_freedom() {
        for probability in [0.001, 0.025, 0.3, 0.6, 0.9, 0.975, 0.9999] {
            // ν = 1 is the Cauchy distribution: t = tan(π (p − ½)).
            let cauchy = (std::f64::consts::PI * (probability - 0.5)).tan();
            assert!((quantile(probability, 1.0) - cauchy).abs() < 1e-9 * cauchy.abs().max(1.0));
            // ν = 2: t = (2p − 1) / √(2 p (1 − p)).
            let two = (2.0 * probability - 1.0) / (2.0 * probability * (1.0 - probability)).sqrt();
            assert!((quantile(probability, 2.0) - two).abs() < 1e-9 * two.abs().max(1.0));
        }
    }

    #[test]
    fn quantile_is_antisymmetric_and_inverts_the_cdf() {
        assert_eq!(quantile(0.5, 3.0), 0.0);
        assert_eq!(quantile(0.25, 3.0), -quantile(0.75, 3.0));
        for degrees_of_freedom in [0.5, 1.0, 3.0, 9.5, 200.0, 1e5] {
            for probability in [1e-6, 0.01, 0.2, 0.49, 0.75, 0.975] {
                let t = quantile(probability, degrees_of_freedom);
                // 1 − p is rounded, so the mirror image agrees to rounding, not to the bit.
                let mirror = quantile(1.0 - probability, degrees_of_freedom);
                assert!(
                    (mirror + t).abs() <= 1e-9 * t.abs().max(1.0),
                    "{mirror} vs {t}"
                );
                assert!((cdf(t, degrees_of_freedom) - probability).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn many_degrees_of_freedom_approach_the_normal_quantile() {
        // Φ⁻¹(0.975) = 1.959963984540054; t_{0.975, ν} − Φ⁻¹ ≈ 2.4 / ν for large ν.
        let t = quantile(0.975, 1e6);
        assert!(t > 1.959963984540054 && t < 1.959963984540054 + 1e-5, "{t}");
    }

    #[test]
    fn cdf_has_the_right_ends_and_centre() {
        assert_eq!(cdf(0.0, 4.0), 0.5);
        assert_eq!(cdf(f64::INFINITY, 4.0), 1.0);
        assert_eq!(cdf(f64::NEG_INFINITY, 4.0), 0.0);
        // ν = 1: P(T ≤ 1) = ¾ exactly.
        assert!((cdf(1.0, 1.0) - 0.75).abs() < 1e-15);
        assert!((cdf(-1.0, 1.0) - 0.25).abs() < 1e-15);
    }

    #[test]
    fn incomplete_beta_matches_its_closed_forms() {
        for x in [0.01, 0.3, 0.5, 0.77, 0.99] {
            // I_x(a, 1) = x^a and I_x(1, b) = 1 − (1 − x)^b.
            let first = regularised_incomplete_beta(3.5, 1.0, x, 1.0 - x);
            assert!((first - x.powf(3.5)).abs() < 1e-14, "{x}");
            let second = regularised_incomplete_beta(1.0, 2.5, x, 1.0 - x);
            assert!((second - (1.0 - (1.0 - x).powf(2.5))).abs() < 1e-14, "{x}");
        }
    }

    #[test]
    fn ln_gamma_matches_factorials_and_root_pi() {
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-14);
        assert!(ln_gamma(1.0).abs() < 1e-14);
        assert!((ln_gamma(10.0) - 362_880f64.ln()).abs() < 1e-12);
        assert!((ln_gamma(0.25) - 3.625_609_908_221_908_7f64.ln()).abs() < 1e-13);
    }

    #[test]
    fn invalid_arguments_are_refused() {
        for probability in [0.0, 1.0, -0.1, f64::NAN] {
            assert!(
                student_t_quantile(probability, 3.0).is_err(),
                "{probability}"
            );
        }
        for degrees_of_freedom in [0.0, -1.0, f64::INFINITY, f64::NAN] {
            assert!(student_t_quantile(0.9, degrees_of_freedom).is_err());
            assert!(student_t_cdf(0.3, degrees_of_freedom).is_err());
        }
        assert!(student_t_cdf(f64::NAN, 3.0).is_err());
    }
}
