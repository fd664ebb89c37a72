//! Pure geometry of the page's small SVG charts: data ranges to view-box coordinates. Kept apart
//! from the components so it is tested natively.

/// Width of a chart's view box.
pub const CHART_WIDTH: f64 = 320.0;
/// Height of a chart's view box.
pub const CHART_HEIGHT: f64 = 150.0;
/// Room on the left for the y labels.
pub const LEFT: f64 = 40.0;
/// Room at the bottom for the x labels.
pub const BOTTOM: f64 = 16.0;

/// The smallest and largest value, widened when they are equal; `None` for no values.
pub fn range(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let (low, high) = values
        .filter(|value| value.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), value| {
            (low.min(value), high.max(value))
        });
    if !low.is_finite() {
        return None;
    }
    if high - low < 1e-9 {
        return Some((low - 0.5, high + 0.5));
    }
    Some((low, high))
}

/// `points` as an SVG `points` attribute inside the plot area, for the given ranges.
pub fn polyline(points: &[(f64, f64)], x_range: (f64, f64), y_range: (f64, f64)) -> String {
    points
        .iter()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .map(|&(x, y)| {
            let (px, py) = to_view(x, y, x_range, y_range);
            format!("{px:.1},{py:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A data point's view-box coordinates.
pub fn to_view(x: f64, y: f64, x_range: (f64, f64), y_range: (f64, f64)) -> (f64, f64) {
    let width = CHART_WIDTH - LEFT - 4.0;
    let height = CHART_HEIGHT - BOTTOM - 6.0;
    let fx = (x - x_range.0) / (x_range.1 - x_range.0).max(1e-12);
    let fy = (y - y_range.0) / (y_range.1 - y_range.0).max(1e-12);
    (LEFT + fx * width, 6.0 + (1.0 - fy) * height)
}

/// A compact label for an axis value.
pub fn label(value: f64) -> String {
    if value.abs() >= 1000.0 || value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}

/// A line chart's text alternative: per line, its points' span and its first, last, lowest and
/// highest values, the numbers the chart shows (a screen reader reads it as the image's label).
pub fn line_summary<'a>(
    title: &str,
    lines: impl Iterator<Item = (&'a str, &'a [(f64, f64)])>,
) -> String {
    let parts: Vec<String> = lines
        .filter_map(|(name, points)| {
            let (first, last) = (points.first()?, points.last()?);
            let (low, high) = range(points.iter().map(|(_, y)| *y))?;
            Some(format!(
                "{name}: {} points from {} to {}, {} at the first and {} at the last, lowest {}, \
                 highest {}",
                points.len(),
                label(first.0),
                label(last.0),
                label(first.1),
                label(last.1),
                label(low),
                label(high)
            ))
        })
        .collect();
    if parts.is_empty() {
        format!("{title}: no data yet")
    } else {
        format!("{title}. {}.", parts.join("; "))
    }
}

/// A histogram's text alternative: its span and every group's count per bin.
pub fn histogram_summary(what: &str, min: f64, max: f64, groups: &[(&str, &[u32])]) -> String {
    let counts: Vec<String> = groups
        .iter()
        .filter(|(_, counts)| !counts.is_empty())
        .map(|(name, counts)| {
            let counts: Vec<String> = counts.iter().map(u32::to_string).collect();
            format!("{name} {}", counts.join(", "))
        })
        .collect();
    format!(
        "Histogram of {what} from {} to {}, counts per bin: {}.",
        label(min),
        label(max),
        counts.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_s_label_reads_out_its_numbers() {
        let loss = [(1.0, 0.5), (2.0, 0.25), (3.0, 0.75)];
        let text = line_summary("Losses", [("L_D", &loss[..]), ("L_G", &[][..])].into_iter());
        assert_eq!(
            text,
            "Losses. L_D: 3 points from 1 to 3, 0.50 at the first and 0.75 at the last, lowest \
             0.25, highest 0.75."
        );
        assert_eq!(
            line_summary("Losses", std::iter::empty()),
            "Losses: no data yet"
        );
        let text = histogram_summary(
            "D scores",
            -1.0,
            1.0,
            &[("real", &[1, 2][..]), ("NDA", &[][..])],
        );
        assert_eq!(
            text,
            "Histogram of D scores from -1 to 1, counts per bin: real 1, 2."
        );
    }

    #[test]
    fn ranges_and_points_map_to_the_plot_area() {
        assert_eq!(range([1.0, f64::NAN, 3.0].into_iter()), Some((1.0, 3.0)));
        assert_eq!(range([2.0].into_iter()), Some((1.5, 2.5)));
        assert_eq!(range(std::iter::empty()), None);
        let (x, y) = to_view(0.0, 0.0, (0.0, 1.0), (0.0, 1.0));
        assert_eq!((x, y), (LEFT, CHART_HEIGHT - BOTTOM));
        let (x, y) = to_view(1.0, 1.0, (0.0, 1.0), (0.0, 1.0));
        assert_eq!((x, y), (CHART_WIDTH - 4.0, 6.0));
        assert_eq!(
            polyline(&[(0.0, 0.0), (1.0, f64::NAN)], (0.0, 1.0), (0.0, 1.0)),
            "40.0,134.0"
        );
        assert_eq!(
            (label(12.0), label(0.256)),
            ("12".to_string(), "0.26".to_string())
        );
    }
}
