//! Clips as the tensors the clip encoder reads, `[n, 3T, S, S]` in `[-1, 1]` (frame after frame,
//! each frame's three planes), and the NDA clips of a batch, drawn and applied on the host: a
//! plan is a few numbers and applying it moves bytes (`augment/video/plan.rs`), so the device
//! sees one upload per batch and the plans are the very ones the gallery shows.

use burn::tensor::{Device, Tensor, TensorData};
use rand::rngs::ChaCha8Rng;

use crate::augment::video::{TemporalNegative, apply_plan, draw_plan};
use crate::data::ImageSet;
use crate::data::video::ClipSet;
use crate::train::TrainError;
use crate::train::draws::pick_by_weight;

/// The clips of `clips` at `indices`, `[n, 3T, S, S]`.
pub fn clip_batch(clips: &ClipSet, indices: &[usize], device: &Device) -> Tensor<4> {
    let frames = clips.frames();
    let frame_indices: Vec<usize> = indices
        .iter()
        .flat_map(|&clip| clip * frames..(clip + 1) * frames)
        .collect();
    let values = clips.images().to_nchw_floats(&frame_indices);
    let side = clips.size();
    Tensor::from_data(
        TensorData::new(values, [indices.len(), 3 * frames, side, side]),
        device,
    )
}

/// Clips given as bytes (each `frames` frames of side `size`), `[n, 3T, S, S]`.
pub fn bytes_batch(
    clips: &[Vec<u8>],
    frames: usize,
    size: usize,
    device: &Device,
) -> Result<Tensor<4>, TrainError> {
    let count = clips.len() * frames;
    let set = ImageSet::from_parts(size, clips.concat(), vec![None; count], Vec::new())
        .map_err(|error| TrainError::Dataset(error.to_string()))?;
    let values = set.to_nchw_floats(&(0..count).collect::<Vec<_>>());
    Ok(Tensor::from_data(
        TensorData::new(values, [clips.len(), 3 * frames, size, size]),
        device,
    ))
}

/// `views` NDA clips of each clip at `indices`, view-major (all clips' first NDA clip, then
/// their second, ..): each draws its kind by weight and its plan from `rng`, and a stitched clip
/// takes its second half from the next clip of the batch.
pub fn nda_clips(
    clips: &ClipSet,
    indices: &[usize],
    negatives: &[(TemporalNegative, f64)],
    views: usize,
    rng: &mut ChaCha8Rng,
) -> Result<Vec<Vec<u8>>, TrainError> {
    let mut broken = Vec::with_capacity(views * indices.len());
    for _ in 0..views {
        for (slot, &index) in indices.iter().enumerate() {
            let kind = *pick_by_weight(negatives, rng)?;
            let plan = draw_plan(kind, clips.frames(), rng);
            let partner = clips.clip(indices[(slot + 1) % indices.len()]);
            broken.push(apply_plan(
                &plan,
                clips.clip(index),
                partner,
                clips.frames(),
                clips.size(),
            ));
        }
    }
    Ok(broken)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::video::{ClipSpec, generate_clips};
    use rand::SeedableRng;

    fn clips() -> ClipSet {
        generate_clips(&ClipSpec {
            count: 4,
            ..ClipSpec::default()
        })
        .expect("clips")
    }

    #[test]
    fn a_batch_is_its_clips_frames_stacked_as_channels() {
        let clips = clips();
        let device = Device::flex();
        let batch = clip_batch(&clips, &[2, 0], &device);
        assert_eq!(batch.dims(), [2, 24, 32, 32]);
        let values: Vec<f32> = batch.into_data().try_to_vec::<f32>().expect("f");
        let frames_of_two: Vec<usize> = (16..24).collect();
        let expected = clips.images().to_nchw_floats(&frames_of_two);
        assert_eq!(&values[..expected.len()], &expected[..]);
        let bytes = bytes_batch(&[clips.clip(2).to_vec()], 8, 32, &device).expect("bytes");
        let from_bytes: Vec<f32> = bytes.into_data().try_to_vec::<f32>().expect("f");
        assert_eq!(from_bytes, expected);
    }

    #[test]
    fn nda_clips_reorder_their_own_frames_and_stitch_with_the_next_clip() {
        let clips = clips();
        let shuffle = [(TemporalNegative::FrameShuffle, 1.0)];
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let broken = nda_clips(&clips, &[0, 1, 2, 3], &shuffle, 1, &mut rng).expect("drawn");
        assert_eq!(broken.len(), 4);
        for (clip, negative) in broken.iter().enumerate() {
            assert_ne!(
                negative.as_slice(),
                clips.clip(clip),
                "shuffle moved clip {clip}"
            );
            let mut frames: Vec<&[u8]> = negative.chunks(32 * 32 * 3).collect();
            let mut original: Vec<&[u8]> = clips.clip(clip).chunks(32 * 32 * 3).collect();
            frames.sort();
            original.sort();
            assert_eq!(frames, original, "the same frames, reordered");
        }
        let stitch = [(TemporalNegative::TemporalStitch, 1.0)];
        let stitched = nda_clips(&clips, &[3, 1], &stitch, 2, &mut rng).expect("drawn");
        assert_eq!(stitched.len(), 4);
        let half = 4 * 32 * 32 * 3;
        assert_eq!(&stitched[0][..half], &clips.clip(3)[..half]);
        assert_eq!(&stitched[0][half..], &clips.clip(1)[half..]);
        assert_eq!(&stitched[1][half..], &clips.clip(3)[half..]);
    }
}
