//! A data set's fingerprint: what a share link to uploaded images carries, so the recipient's page
//! can tell whether they uploaded the same files.

use super::image_set::ImageSet;

impl ImageSet {
    /// 16 hex digits that identify the images, their order, labels and class names: FNV-1a
    /// (64 bit) over all of them. Not a cryptographic hash: it tells a recipient of a shared
    /// experiment whether they uploaded the same files, it does not defend against forgery.
    pub fn fingerprint(&self) -> String {
        const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
        const PRIME: u64 = 0x0100_0000_01b3;
        let mut hash = OFFSET;
        let mut feed = |bytes: &[u8]| {
            for &byte in bytes {
                hash = (hash ^ u64::from(byte)).wrapping_mul(PRIME);
            }
        };
        feed(&(self.size() as u64).to_le_bytes());
        feed(self.pixels());
        for label in self.labels() {
            feed(&label.map_or(u64::MAX, u64::from).to_le_bytes());
        }
        for name in self.class_names() {
            feed(name.as_bytes());
            feed(&[0]);
        }
        format!("{hash:016x}")
    }
}
