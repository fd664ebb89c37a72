//! Rectangular pixel regions, shared by stitching, cutout, cutmix and the positive views' crops
//! (their masks on the device are `ops/region.rs`).

use serde::{Deserialize, Serialize};

/// An axis-aligned box of pixels: rows `top..top + height`, columns `left..left + width`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PixelBox {
    /// First row inside the box.
    pub top: usize,
    /// First column inside the box.
    pub left: usize,
    /// Number of rows.
    pub height: usize,
    /// Number of columns.
    pub width: usize,
}

impl PixelBox {
    /// Whether pixel `(row, column)` lies inside the box.
    pub fn contains(&self, row: usize, column: usize) -> bool {
        (self.top..self.top + self.height).contains(&row)
            && (self.left..self.left + self.width).contains(&column)
    }

    /// Number of pixels in the box.
    pub fn area(&self) -> usize {
        self.height * self.width
    }

    /// Whether the box lies fully inside a `height x width` image.
    pub fn fits_in(&self, height: usize, width: usize) -> bool {
        self.top + self.height <= height && self.left + self.width <= width
    }
}
