//! The Data panel's view-model: the built-in set form, the active dataset's summary, and what
//! became of the last upload.

use crate::data::{BuiltinDataset, BuiltinSpec, MAX_BUILTIN_COUNT, MIN_BUILTIN_COUNT, UploadFile};
use nda_protocol::{Command, DatasetOrigin, DatasetSummary, Event, RejectedFile};

/// State of the Data panel.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DataState {
    /// The built-in set the form describes.
    pub spec: BuiltinSpec,
    /// The active dataset, once the worker has one.
    pub summary: Option<DatasetSummary>,
    /// Whether the worker is generating or decoding.
    pub busy: bool,
    /// The last upload's outcome: images added and files refused.
    pub last_upload: Option<(usize, Vec<RejectedFile>)>,
    /// Why the form's last change was refused.
    pub form_error: Option<String>,
    /// Files the page refused without reading (too large), shown with the worker's refusals.
    pub refused_unread: Vec<RejectedFile>,
    /// Whether a built-in set was asked for and has not arrived yet.
    pub loading_builtin: bool,
}

impl DataState {
    /// The command that loads the form's built-in set; `None` with `form_error` set when a
    /// setting is out of range.
    pub fn load_builtin(&mut self) -> Option<Command> {
        match self.spec.validate() {
            Ok(()) => {
                self.form_error = None;
                self.busy = true;
                self.loading_builtin = true;
                Some(Command::LoadBuiltin { spec: self.spec })
            }
            Err(error) => {
                self.form_error = Some(error.to_string());
                None
            }
        }
    }

    /// Applies a form edit: a new dataset, size, count or seed. Text that is not a whole number
    /// in range is refused with a reason and the previous value kept.
    pub fn edit(&mut self, edit: SpecEdit) -> Option<Command> {
        let previous = self.spec;
        let parsed = match edit {
            SpecEdit::Dataset(dataset) => {
                self.spec.dataset = dataset;
                Ok(())
            }
            SpecEdit::Size(text) => {
                parse_whole(&text, "image size").map(|size| self.spec.size = size)
            }
            SpecEdit::Count(text) => parse_whole(&text, "number of images").map(|count| {
                self.spec.count = count;
            }),
            SpecEdit::Seed(text) => text
                .trim()
                .parse::<u64>()
                .map(|seed| self.spec.seed = seed)
                .map_err(|_| format!("the seed must be a whole number from 0 to {}", u64::MAX)),
        };
        if let Err(message) = parsed {
            self.form_error = Some(message);
            return None;
        }
        let command = self.load_builtin();
        if command.is_none() {
            self.spec = previous;
        }
        command
    }

    /// The command that sends read files to the worker; `refused_unread` are files the page
    /// refused before reading them.
    pub fn upload(&mut self, files: Vec<UploadFile>, refused_unread: Vec<RejectedFile>) -> Command {
        self.busy = true;
        self.refused_unread = refused_unread;
        Command::AddUploads {
            files,
            size: self.spec.size,
        }
    }

    /// One line on the last upload, e.g. "Added 12 images; 3 files could not be used:".
    pub fn upload_outcome(&self) -> Option<String> {
        let (accepted, rejected) = self.last_upload.as_ref()?;
        let added = match accepted {
            1 => "Added 1 image".to_string(),
            count => format!("Added {} images", thousands(*count)),
        };
        Some(match rejected.len() {
            0 => format!("{added}."),
            1 => format!("{added}; 1 file could not be used:"),
            count => format!("{added}; {count} files could not be used:"),
        })
    }

    /// Folds a data event into the state.
    pub fn apply(&mut self, event: &Event) {
        match event {
            Event::DatasetChanged(summary) => {
                self.busy = false;
                self.loading_builtin = false;
                self.summary = summary.clone();
            }
            Event::UploadsProcessed {
                accepted, rejected, ..
            } => {
                self.busy = false;
                let mut all = std::mem::take(&mut self.refused_unread);
                all.extend(rejected.iter().cloned());
                self.last_upload = Some((*accepted, all));
            }
            Event::Failed { .. } => {
                self.busy = false;
                self.loading_builtin = false;
            }
            _ => {}
        }
    }

    /// Whether the radio button of `dataset` is on: it is the form's choice and a built-in set
    /// is active or on its way (not the uploads).
    pub fn builtin_selected(&self, dataset: BuiltinDataset) -> bool {
        let builtin_active = self
            .summary
            .as_ref()
            .is_some_and(|summary| matches!(summary.origin, DatasetOrigin::Builtin(_)));
        self.spec.dataset == dataset && (self.loading_builtin || builtin_active)
    }

    /// The active dataset in one line, e.g. "Digits · 4,000 images · 32×32 · 10 classes ·
    /// generated in 120 ms".
    pub fn headline(&self) -> Option<String> {
        let summary = self.summary.as_ref()?;
        let (name, verb) = match &summary.origin {
            DatasetOrigin::Builtin(spec) => (spec.dataset.label().to_string(), "generated"),
            DatasetOrigin::Uploads => ("Your images".to_string(), "decoded"),
        };
        let classes = match summary.class_names.len() {
            0 => "no labels".to_string(),
            1 => "1 class".to_string(),
            count => format!("{count} classes"),
        };
        Some(format!(
            "{name} · {} images · {size}×{size} · {classes} · {verb} in {:.0} ms",
            thousands(summary.num_images),
            summary.millis,
            size = summary.size,
        ))
    }

    /// Whether the uploads exist but another dataset is active (offer to switch back).
    pub fn can_use_uploads(&self) -> bool {
        self.summary.as_ref().is_some_and(|summary| {
            summary.num_uploaded > 0 && summary.origin != DatasetOrigin::Uploads
        })
    }
}

/// One edit of the built-in set form, as the controls deliver it.
#[derive(Debug, Clone, PartialEq)]
pub enum SpecEdit {
    /// A dataset was chosen.
    Dataset(BuiltinDataset),
    /// The size field's text.
    Size(String),
    /// The count field's text.
    Count(String),
    /// The seed field's text.
    Seed(String),
}

fn parse_whole(text: &str, what: &str) -> Result<usize, String> {
    text.trim().parse::<usize>().map_err(|_| {
        format!(
            "the {what} must be a whole number (images: {MIN_BUILTIN_COUNT} to {MAX_BUILTIN_COUNT})"
        )
    })
}

/// `4000` → `"4,000"`.
pub fn thousands(value: usize) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::RgbaMosaic;

    fn summary(origin: DatasetOrigin, num_uploaded: usize) -> DatasetSummary {
        DatasetSummary {
            origin,
            num_images: 4000,
            size: 32,
            class_names: (0..10).map(|digit| digit.to_string()).collect(),
            counts_per_label: vec![400; 10],
            num_unlabelled: 0,
            thumbnails: RgbaMosaic {
                width: 0,
                height: 0,
                rgba: Vec::new(),
            },
            num_uploaded,
            millis: 120.4,
            fingerprint: "0123456789abcdef".into(),
        }
    }

    #[test]
    fn a_valid_edit_loads_the_set_and_an_invalid_one_is_refused_with_a_reason() {
        let mut state = DataState::default();
        let command = state.edit(SpecEdit::Dataset(BuiltinDataset::Faces));
        assert!(
            matches!(command, Some(Command::LoadBuiltin { spec }) if spec.dataset == BuiltinDataset::Faces)
        );
        assert!(state.busy);

        assert_eq!(state.edit(SpecEdit::Count("999999".into())), None);
        assert!(
            state
                .form_error
                .as_deref()
                .is_some_and(|message| !message.is_empty())
        );
        assert_eq!(
            state.spec.count,
            BuiltinSpec::default().count,
            "the old value is kept"
        );

        assert_eq!(state.edit(SpecEdit::Seed("-3".into())), None);
        assert_eq!(state.edit(SpecEdit::Size("48".into())), None);
        assert_eq!(state.spec.size, 32);

        assert!(state.edit(SpecEdit::Count(" 500 ".into())).is_some());
        assert_eq!(state.spec.count, 500);
        assert_eq!(state.form_error, None);
    }

    #[test]
    fn headline_names_the_set_and_its_numbers() {
        let mut state = DataState::default();
        state.apply(&Event::DatasetChanged(Some(summary(
            DatasetOrigin::Builtin(BuiltinSpec::default()),
            0,
        ))));
        assert_eq!(
            state.headline().as_deref(),
            Some("Digits · 4,000 images · 32×32 · 10 classes · generated in 120 ms")
        );
        assert!(!state.can_use_uploads());
        assert!(state.builtin_selected(BuiltinDataset::Digits));
        assert!(!state.builtin_selected(BuiltinDataset::Faces));
    }

    #[test]
    fn uploads_can_be_reactivated_after_switching_to_a_builtin_set() {
        let mut state = DataState::default();
        state.apply(&Event::DatasetChanged(Some(summary(
            DatasetOrigin::Builtin(BuiltinSpec::default()),
            12,
        ))));
        assert!(state.can_use_uploads());
        state.apply(&Event::DatasetChanged(Some(summary(
            DatasetOrigin::Uploads,
            12,
        ))));
        assert!(!state.can_use_uploads());
    }

    #[test]
    fn upload_outcome_lists_page_and_worker_refusals_together() {
        let mut state = DataState::default();
        let refused = |name: &str| RejectedFile {
            name: name.into(),
            reason: "too large".into(),
        };
        let command = state.upload(Vec::new(), vec![refused("huge.png")]);
        assert_eq!(
            command,
            Command::AddUploads {
                files: Vec::new(),
                size: 32
            }
        );
        state.apply(&Event::UploadsProcessed {
            accepted: 2,
            rejected: vec![refused("bad.txt")],
            millis: 1.0,
        });
        assert_eq!(
            state.upload_outcome().as_deref(),
            Some("Added 2 images; 2 files could not be used:")
        );
        let names: Vec<_> = state
            .last_upload
            .expect("an outcome")
            .1
            .into_iter()
            .map(|file| file.name)
            .collect();
        assert_eq!(names, vec!["huge.png", "bad.txt"]);
        assert!(!state.busy);
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(4000), "4,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
