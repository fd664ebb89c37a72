//! A run's timeline as one animated GIF: the fixed-noise grids it wrote every `sample_every`
//! iterations (`samples_<iteration>.png`), in order, looping, so "when did the faces appear?"
//! is one file to open. Long runs are thinned evenly to at most [`MAX_FRAMES`] frames, the last
//! grid always among them; the last frame stays up longer.

use std::fs;
use std::path::{Path, PathBuf};

use image::codecs::gif::{GifEncoder, Repeat};
use image::{Delay, Frame};

/// At most this many frames (a 10,000-iteration run sampled every 10 iterations would otherwise
/// be a thousand).
pub const MAX_FRAMES: usize = 120;
const FRAME_MS: u32 = 300;
const LAST_FRAME_MS: u32 = 2_000;

/// The grids of `dir` in iteration order.
fn grids(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut found: Vec<(usize, PathBuf)> = fs::read_dir(dir)
        .map_err(|error| format!("cannot read {}: {error}", dir.display()))?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let iteration = name.strip_prefix("samples_")?.strip_suffix(".png")?;
            Some((iteration.parse().ok()?, entry.path()))
        })
        .collect();
    found.sort();
    Ok(found.into_iter().map(|(_, path)| path).collect())
}

/// Every `n`-th of `items` so that at most `max` remain, the last always kept.
fn thin<T: Clone>(items: &[T], max: usize) -> Vec<T> {
    if items.len() <= max {
        return items.to_vec();
    }
    let step = items.len().div_ceil(max - 1);
    let mut kept: Vec<T> = items.iter().step_by(step).cloned().collect();
    kept.truncate(max - 1);
    kept.extend(items.last().cloned());
    kept
}

/// Writes `dir/timeline.gif` from the grids in `dir`; returns how many frames it has (none
/// written for fewer than two grids).
pub fn write_timeline(dir: &Path) -> Result<usize, String> {
    let paths = thin(&grids(dir)?, MAX_FRAMES);
    if paths.len() < 2 {
        return Ok(0);
    }
    let mut frames = Vec::with_capacity(paths.len());
    for (index, path) in paths.iter().enumerate() {
        let grid = image::open(path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))?
            .to_rgba8();
        let ms = if index + 1 == paths.len() {
            LAST_FRAME_MS
        } else {
            FRAME_MS
        };
        frames.push(Frame::from_parts(
            grid,
            0,
            0,
            Delay::from_numer_denom_ms(ms, 1),
        ));
    }
    let path = dir.join("timeline.gif");
    let file = fs::File::create(&path)
        .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    let mut encoder = GifEncoder::new_with_speed(file, 10);
    encoder
        .set_repeat(Repeat::Infinite)
        .and_then(|()| encoder.encode_frames(frames))
        .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    Ok(paths.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::AnimationDecoder;
    use image::codecs::gif::GifDecoder;

    #[test]
    fn the_grids_become_one_looping_gif_in_iteration_order() {
        let dir = std::env::temp_dir().join(format!("nda-lab-timeline-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("folder");
        // Written out of order; iteration 10 sorts after 9 by number, not by name.
        for (iteration, shade) in [(10, 200u8), (2, 0), (9, 100)] {
            let grid = image::RgbaImage::from_pixel(6, 4, image::Rgba([shade, shade, shade, 255]));
            grid.save(dir.join(format!("samples_{iteration}.png")))
                .expect("png");
        }
        assert_eq!(write_timeline(&dir), Ok(3));
        let file = fs::File::open(dir.join("timeline.gif")).expect("gif");
        let decoder = GifDecoder::new(std::io::BufReader::new(file)).expect("decodes");
        let frames = decoder.into_frames().collect_frames().expect("frames");
        let shades: Vec<u8> = frames
            .iter()
            .map(|f| f.buffer().get_pixel(0, 0)[0])
            .collect();
        assert_eq!(frames.len(), 3);
        assert!(
            shades[0] < 20 && (90..110).contains(&shades[1]) && shades[2] > 190,
            "{shades:?}"
        );
        let (last, first) = (frames[2].delay(), frames[0].delay());
        assert!(last > first, "the last grid stays up longer");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_long_run_is_thinned_evenly_and_keeps_its_last_grid() {
        let items: Vec<usize> = (1..=1000).collect();
        let kept = thin(&items, MAX_FRAMES);
        assert!(
            kept.len() <= MAX_FRAMES && kept.len() > MAX_FRAMES / 2,
            "{}",
            kept.len()
        );
        assert_eq!((kept[0], *kept.last().expect("last")), (1, 1000));
        assert_eq!(thin(&items[..5], MAX_FRAMES), items[..5]);
    }
}
