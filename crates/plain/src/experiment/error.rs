//! Why a config file or a share link cannot be opened.

use thiserror::Error;

/// Longest excerpt of a parser message shown to the user (the message can quote the input).
const MAX_DETAIL_CHARS: usize = 160;

/// A config or link that cannot be used, with what to do about it.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ConfigError {
    /// The text is not the JSON of a config (wrong type, unknown field, bad syntax).
    #[error("the experiment settings are not valid: {0}")]
    Invalid(String),
    /// A setting is out of range.
    #[error("a setting is out of range: {0}")]
    OutOfRange(String),
    /// Written by a newer NDA Lab.
    #[error(
        "these settings are version {found}, made by a newer NDA Lab (this page reads up to \
         version {supported}): reload the page to get the latest version"
    )]
    Newer {
        /// The version in the file.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// A task this build cannot run yet.
    #[error("this experiment is for {0}, which this version of NDA Lab does not offer yet")]
    Unsupported(&'static str),
    /// The link's payload is damaged.
    #[error("the link is damaged ({0}): was it cut off when it was copied?")]
    Corrupt(&'static str),
    /// The link is longer than any link this page makes.
    #[error(
        "the link is {0} characters long, more than any link NDA Lab makes ({1}): it was not made here"
    )]
    TooLong(usize, usize),
    /// The link's format version is unknown.
    #[error("the link has format version {0}, which this page does not know")]
    UnknownLinkVersion(String),
}

impl ConfigError {
    /// An [`ConfigError::Invalid`] whose detail is cut to a readable length.
    pub fn invalid(detail: impl ToString) -> Self {
        let detail = detail.to_string();
        let mut short: String = detail.chars().take(MAX_DETAIL_CHARS).collect();
        if short.len() < detail.len() {
            short.push('…');
        }
        Self::Invalid(short)
    }
}
