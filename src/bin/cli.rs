//! `nda-lab`: the native command-line runner.
fn main() {}
