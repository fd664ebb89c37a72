//! The metric lines the runs write (`metrics.csv`, `accuracy.csv`): a CSV text from a header
//! and one line per point, and, reading back, a line split into its cells, counts, numbers and
//! empty cells for absent values, with messages that name the bad cell. Shared by the GAN's and
//! the contrastive encoder's points.

use std::str::FromStr;

/// A CSV text: `header`, then `row` of each item, each line ending in a newline.
pub fn csv_text<T>(header: &str, items: &[T], row: impl Fn(&T) -> String) -> String {
    let mut text = format!("{header}\n");
    for item in items {
        text.push_str(&row(item));
        text.push('\n');
    }
    text
}

/// The cells of `line`, refused unless there are `expected`.
pub fn cells(line: &str, expected: usize) -> Result<Vec<&str>, String> {
    let cells: Vec<&str> = line.trim().split(',').collect();
    if cells.len() == expected {
        Ok(cells)
    } else {
        Err(format!(
            "a metrics line has {} cells instead of {expected}",
            cells.len()
        ))
    }
}

/// A count.
pub fn whole(cell: &str) -> Result<usize, String> {
    cell.parse::<usize>()
        .map_err(|_| format!("“{cell}” is not a count"))
}

/// A number.
pub fn number<T: FromStr>(cell: &str) -> Result<T, String> {
    cell.parse::<T>()
        .map_err(|_| format!("“{cell}” is not a number"))
}

/// A number, or `None` for an empty cell.
pub fn optional<T: FromStr>(cell: &str) -> Result<Option<T>, String> {
    match cell {
        "" => Ok(None),
        cell => number(cell).map(Some),
    }
}
