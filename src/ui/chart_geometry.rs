//! Pure geometry of the page's small SVG charts: data ranges to view-box coordinates, and each
//! chart's text alternative. Kept apart from the components so it is tested natively.

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

/// An embedding map's text alternative: how many images at which step, and per class where its
/// images gather (their centre, as a share of each axis, 0 % left and bottom) and how many lie
/// nearer their own class's centre than any other's: how well the encoder separates the classes.
/// `names` are the class names by label.
pub fn map_summary(
    step: usize,
    points: &[[f32; 2]],
    labels: &[Option<u32>],
    names: &[String],
) -> String {
    let head = format!(
        "Embedding map at step {step} of {} held-out images on the first two principal components.",
        points.len()
    );
    let x_range = range(points.iter().map(|point| f64::from(point[0])));
    let y_range = range(points.iter().map(|point| f64::from(point[1])));
    let (Some(x_range), Some(y_range)) = (x_range, y_range) else {
        return head;
    };
    let share = |value: f32, (low, high): (f64, f64)| (f64::from(value) - low) / (high - low);
    // The labelled images with a finite position, as shares of each axis (a diverged encoder's
    // NaN points have no place on the map).
    let placed: Vec<(u32, f64, f64)> = points
        .iter()
        .zip(labels)
        .filter(|(point, _)| point.iter().all(|value| value.is_finite()))
        .filter_map(|(point, label)| {
            label.map(|label| (label, share(point[0], x_range), share(point[1], y_range)))
        })
        .collect();
    let mut classes: Vec<u32> = placed.iter().map(|&(label, _, _)| label).collect();
    classes.sort_unstable();
    classes.dedup();
    if classes.is_empty() {
        return format!("{head} The images have no labels, so there are no classes to compare.");
    }
    // Every class here has at least one member, so no mean divides by zero.
    let centres: Vec<(u32, f64, f64)> = classes
        .iter()
        .map(|&class| {
            let members: Vec<&(u32, f64, f64)> = placed
                .iter()
                .filter(|(label, _, _)| *label == class)
                .collect();
            let count = members.len() as f64;
            let x = members.iter().map(|(_, x, _)| x).sum::<f64>() / count;
            let y = members.iter().map(|(_, _, y)| y).sum::<f64>() / count;
            (class, x, y)
        })
        .collect();
    let nearest = |x: f64, y: f64| {
        centres
            .iter()
            .min_by(|a, b| {
                let da = (a.1 - x).powi(2) + (a.2 - y).powi(2);
                let db = (b.1 - x).powi(2) + (b.2 - y).powi(2);
                da.total_cmp(&db)
            })
            .map(|(class, _, _)| *class)
    };
    let mut parts = Vec::new();
    let mut own_total = 0;
    for &(class, cx, cy) in &centres {
        let members: Vec<&(u32, f64, f64)> = placed
            .iter()
            .filter(|(label, _, _)| *label == class)
            .collect();
        let own = members
            .iter()
            .filter(|(_, x, y)| nearest(*x, *y) == Some(class))
            .count();
        own_total += own;
        let name = names
            .get(class as usize)
            .cloned()
            .unwrap_or_else(|| format!("class {class}"));
        parts.push(format!(
            "{name}: {} images centred {:.0} % across and {:.0} % up, {own} nearest their own \
             centre",
            members.len(),
            cx * 100.0,
            cy * 100.0
        ));
    }
    format!(
        "{head} {}. In all, {:.0} % of the labelled images lie nearer their own class's centre \
         than any other's.",
        parts.join("; "),
        100.0 * own_total as f64 / placed.len() as f64
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

    #[test]
    fn an_embedding_map_reads_out_where_each_class_gathers() {
        let points = [[0.0, 0.0], [0.1, 0.0], [1.0, 1.0], [0.9, 1.0], [0.2, 0.1]];
        let labels = [Some(0), Some(0), Some(1), Some(1), Some(1)];
        let names = ["zero".to_string(), "one".to_string()];
        let text = map_summary(4, &points, &labels, &names);
        assert!(
            text.starts_with("Embedding map at step 4 of 5 held-out images"),
            "{text}"
        );
        assert!(
            text.contains(
                "zero: 2 images centred 5 % across and 0 % up, 2 nearest their own centre"
            ),
            "{text}"
        );
        // The third "one" sits among the zeros: it is nearer their centre.
        assert!(text.contains("one: 3 images"), "{text}");
        assert!(
            text.contains("2 nearest their own centre. In all, 80 %"),
            "{text}"
        );
        // A NaN point and labels beyond the points are left out, never read as NaN %.
        let odd = map_summary(
            4,
            &[[0.0, 0.0], [f32::NAN, 1.0], [1.0, 1.0]],
            &[Some(0), Some(1), Some(1), Some(2)],
            &[],
        );
        assert!(!odd.contains("NaN"), "{odd}");
        assert!(odd.contains("class 1: 1 images"), "{odd}");
        assert!(!odd.contains("class 2"), "{odd}");
        let unlabelled = map_summary(4, &points, &[None; 5], &[]);
        assert!(
            unlabelled.ends_with("no classes to compare."),
            "{unlabelled}"
        );
        assert_eq!(
            map_summary(0, &[], &[], &[]),
            "Embedding map at step 0 of 0 held-out images on the first two principal components."
        );
    }
}
