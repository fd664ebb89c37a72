//! The texts behind the Video panel's "?" marks, keyed by control or chart id (`help.rs` looks
//! them up after the other panels' `help_texts.rs`).

/// Every control and chart of the Video panel with a text of its own, by id.
pub const VIDEO_HELP: &[(&str, &str)] = &[
    (
        "video-preset",
        "The width of the clip encoder: tiny trains fastest.",
    ),
    (
        "video-batch",
        "Clips per step; each clip's blocks are the negatives of the others' predictions.",
    ),
    ("video-steps", "How many training steps each run takes."),
    (
        "video-clips",
        "Moving Shapes, or your clips from the clip gallery (two labels or more); a fifth of each label is held out to measure motion recognition by your labels.",
    ),
    (
        "video-evaluate-every",
        "How often the frozen encoders are measured on the held-out clips (and at the end).",
    ),
    (
        "video-nda-views",
        "m: how many NDA clips of each clip join that clip's denominator; the baseline has none.",
    ),
    (
        "video-negative",
        "What the NDA clips are: shuffled, jigsawed, frozen or stitched in time, or jigsawed in space; reverse, though real, raised motion accuracy most in the video study.",
    ),
    (
        "video-temperature",
        "The InfoNCE temperature: lower makes the loss care more about the hardest negatives.",
    ),
    ("video-lr", "Adam's learning rate."),
    (
        "video-seed",
        "The seed of the weights, clip order and NDA draws; the baseline shares it.",
    ),
    (
        "video-loss-chart",
        "The predictive InfoNCE loss of each run; the NDA run's has more negatives, so the two are not on the same scale.",
    ),
    (
        "video-accuracy-chart",
        "k-NN accuracy of the motion of held-out clips from the frozen encoder, and the same on one frame held still (appearance only).",
    ),
    (
        "video-measures",
        "Each run's latest measures; the study on the command line (nda-lab video-study) is what says whether NDA helps.",
    ),
    (
        "vwalk-clip",
        "Which clip of the batch to explain: its frames, its NDA clips and what the loss made of its predictions.",
    ),
    (
        "vwalk-run",
        "Which run's step the walk-through shows: the NDA run or its baseline.",
    ),
];
