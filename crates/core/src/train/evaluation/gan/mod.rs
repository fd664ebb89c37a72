//! The GAN task's evaluation: one prepared suite over either kind of dataset (`suite`). The
//! metrics, evaluators and reports it uses are shared, in `train/evaluation/`.

pub mod suite;
