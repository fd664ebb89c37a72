//! A forest plot of one arm's comparisons as SVG: one row per metric with the 95 % interval of
//! NDA − baseline and its mean. Metrics have different units, so each row has its own scale
//! (its widest bound at the row's edge), and each row is turned so that right of the zero line
//! means better for NDA. SVG rather than PNG: it is text (labels without a font file), scales
//! with the page, and opens in any browser or Markdown viewer.

use std::fmt::Write;

use super::report::MetricComparison;
use crate::train::evaluation::report::{Better, better};

const ROW_HEIGHT: usize = 28;
const LABEL_WIDTH: usize = 170;
const PLOT_HALF: f64 = 140.0;
const TEXT_WIDTH: usize = 340;

/// The forest plot of `comparisons` (primary first) titled `title`.
pub fn forest_svg(title: &str, comparisons: &[MetricComparison]) -> String {
    let width = LABEL_WIDTH + 2 * PLOT_HALF as usize + 20 + TEXT_WIDTH;
    let height = (comparisons.len() + 2) * ROW_HEIGHT + 10;
    let center = LABEL_WIDTH as f64 + 10.0 + PLOT_HALF;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         font-family=\"sans-serif\" font-size=\"13\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
         <text x=\"8\" y=\"18\" font-weight=\"bold\">{}</text>\n\
         <text x=\"{center}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">← baseline better · NDA better →</text>\n\
         <line x1=\"{center}\" y1=\"{}\" x2=\"{center}\" y2=\"{}\" stroke=\"#999\"/>\n",
        escape(title),
        height - 8,
        ROW_HEIGHT,
        height - 24
    );
    for (index, comparison) in comparisons.iter().enumerate() {
        let y = (index + 1) as f64 * ROW_HEIGHT as f64 + 16.0;
        let label = if comparison.primary {
            format!("{} (primary)", comparison.metric)
        } else {
            comparison.metric.clone()
        };
        let _ = writeln!(
            svg,
            "<text x=\"8\" y=\"{}\">{}</text>",
            y + 4.0,
            escape(&label)
        );
        let Ok(stats) = &comparison.comparison else {
            let _ = writeln!(
                svg,
                "<text x=\"{center}\" y=\"{}\" text-anchor=\"middle\" fill=\"#999\">no comparison</text>",
                y + 4.0
            );
            continue;
        };
        let sign = match better(&comparison.metric) {
            Better::Higher => 1.0,
            Better::Lower => -1.0,
        };
        let (low, high) = ordered(sign * stats.interval.low, sign * stats.interval.high);
        let mean = sign * stats.mean_difference;
        let scale = low.abs().max(high.abs()).max(mean.abs());
        let x = |value: f64| {
            if scale > 0.0 {
                center + value / scale * PLOT_HALF
            } else {
                center
            }
        };
        let p = comparison.holm_p.unwrap_or(stats.p_value);
        let colour = match (p < 0.05, mean > 0.0) {
            (true, true) => "#1a7f37",
            (true, false) => "#cf222e",
            _ => "#57606a",
        };
        let _ = writeln!(
            svg,
            "<line x1=\"{:.1}\" y1=\"{y}\" x2=\"{:.1}\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"2\"/>\n\
             <circle cx=\"{:.1}\" cy=\"{y}\" r=\"4\" fill=\"{colour}\"/>\n\
             <text x=\"{}\" y=\"{}\">Δ {:+.4} [{:+.4}, {:+.4}] · {}/{} · p {:.3}</text>",
            x(low),
            x(high),
            x(mean),
            LABEL_WIDTH + 2 * PLOT_HALF as usize + 30,
            y + 4.0,
            stats.mean_difference,
            stats.interval.low,
            stats.interval.high,
            stats.num_wins,
            stats.num_pairs,
            p
        );
    }
    svg.push_str("</svg>\n");
    svg
}

fn ordered(a: f64, b: f64) -> (f64, f64) {
    if a <= b { (a, b) } else { (b, a) }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::evaluation::MetricRow;
    use crate::train::study::{SeedResult, compare_arm};

    #[test]
    fn each_metric_is_a_row_turned_so_that_right_is_better_for_nda() {
        let row = |metric: &str, value: f64| MetricRow {
            iteration: 1,
            metric: metric.into(),
            value,
            sd: None,
        };
        let seeds: Vec<SeedResult> = (1..=8)
            .map(|seed| SeedResult {
                seed,
                nda: Some(vec![
                    row("kid", 0.5 - 0.01 * seed as f64),
                    row("coverage", 0.2),
                ]),
                baseline: Some(vec![
                    row("kid", 0.6),
                    row("coverage", 0.3 + 0.01 * seed as f64),
                ]),
            })
            .collect();
        let svg = forest_svg(
            "Arm <nda>",
            &compare_arm("kid", &["coverage".into(), "auroc".into()], &seeds),
        );
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("Arm &lt;nda&gt;") && svg.contains("kid (primary)"));
        // KID lower for NDA in 8 of 8: better for NDA, drawn right of zero in green.
        assert!(svg.contains("stroke=\"#1a7f37\""), "{svg}");
        // Coverage lower for NDA in 8 of 8: better for the baseline, in red.
        assert!(svg.contains("stroke=\"#cf222e\""), "{svg}");
        assert!(svg.contains("no comparison"), "auroc has no values");
    }
}
