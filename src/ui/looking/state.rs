//! "What D looks at": which image to show, the command that shows it, the answer, and what a
//! person reads under each heat map.

use crate::data::UploadFile;
use crate::ui::pending::Pending;
use nda_protocol::looking_messages::{DLooked, LookSource, RunLook};
use nda_protocol::{Command, Event, GanCommand, GanEvent};

/// The kinds of image a person picks from (a dropped file is its own action).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LookChoice {
    /// A training image.
    Real,
    /// A training image, jigsawed.
    #[default]
    Jigsaw,
    /// A sample of the NDA run's generator.
    Generated,
}

impl LookChoice {
    /// Every choice, in menu order.
    pub const ALL: [LookChoice; 3] = [Self::Jigsaw, Self::Real, Self::Generated];

    /// Its value in the menu.
    pub fn key(self) -> &'static str {
        match self {
            Self::Real => "real",
            Self::Jigsaw => "jigsaw",
            Self::Generated => "generated",
        }
    }

    /// Its label in the menu.
    pub fn label(self) -> &'static str {
        match self {
            Self::Real => "a training image",
            Self::Jigsaw => "a training image, jigsawed (an NDA image)",
            Self::Generated => "a generated sample (NDA run)",
        }
    }

    /// The choice with menu value `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|choice| choice.key() == key)
    }
}

/// State of the section.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LookingState {
    /// Which kind of image.
    pub choice: LookChoice,
    /// Which one of its kind.
    pub index: usize,
    /// The last answer.
    pub result: Option<DLooked>,
    /// The request on its way, or why the last one failed.
    pub request: Pending,
}

impl LookingState {
    /// The command that shows the chosen image.
    pub fn look(&mut self) -> Command {
        let source = match self.choice {
            LookChoice::Real => LookSource::Real,
            LookChoice::Jigsaw => LookSource::Jigsaw,
            LookChoice::Generated => LookSource::Generated,
        };
        self.send(source)
    }

    /// The command that shows a dropped file.
    pub fn look_at_file(&mut self, file: UploadFile) -> Command {
        self.send(LookSource::File(file))
    }

    /// The next image of the same kind.
    pub fn look_at_another(&mut self) -> Command {
        self.index += 1;
        self.look()
    }

    fn send(&mut self, source: LookSource) -> Command {
        self.request.send();
        Command::Gan(GanCommand::Look {
            source,
            index: self.index,
        })
    }

    /// Folds a worker event into the state.
    pub fn apply(&mut self, event: &Event) {
        self.request.apply(event);
        match event {
            Event::Gan(GanEvent::Looked(looked)) => {
                self.result = Some(looked.clone());
                self.request.answered();
            }
            Event::Gan(GanEvent::Status(None)) => self.result = None,
            _ => {}
        }
    }

    /// The worker crashed: an answer on its way will never come.
    pub fn worker_lost(&mut self, message: &str) {
        self.request.worker_lost(message);
    }
}

/// The line under a run's heat map.
pub fn look_line(run: &RunLook) -> String {
    let seams = run.seam_concentration.map_or_else(
        || "hiding any square leaves its score unchanged".to_string(),
        |concentration| {
            format!(
                "hiding a square on the 2×2 seams moves its score {concentration:.2}× as much as \
                 an average square"
            )
        },
    );
    format!("{}: D scores it {:.3}; {seams}", run.label, run.score)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::RgbaMosaic;

    fn looked() -> Event {
        let heat = RgbaMosaic {
            width: 1,
            height: 1,
            rgba: vec![0, 0, 0, 255],
        };
        let run = |label: &str, concentration| RunLook {
            label: label.to_string(),
            score: -0.5,
            seam_concentration: concentration,
            heat: heat.clone(),
        };
        Event::Gan(GanEvent::Looked(DLooked {
            what: "training image 3, jigsawed (2×2)".to_string(),
            image: heat.clone(),
            iteration: 40,
            largest_change: 0.2,
            runs: vec![run("NDA", Some(1.234)), run("Baseline", None)],
        }))
    }

    #[test]
    fn looking_sends_the_choice_and_next_moves_to_another_image() {
        let mut state = LookingState::default();
        assert_eq!(
            state.look(),
            Command::Gan(GanCommand::Look {
                source: LookSource::Jigsaw,
                index: 0
            })
        );
        state.choice = LookChoice::from_key("generated").expect("a choice");
        assert_eq!(
            state.look_at_another(),
            Command::Gan(GanCommand::Look {
                source: LookSource::Generated,
                index: 1
            })
        );
        assert!(state.request.awaiting);
        state.apply(&looked());
        assert!(!state.request.awaiting);
        let runs = &state.result.as_ref().expect("answer").runs;
        assert_eq!(
            look_line(&runs[0]),
            "NDA: D scores it -0.500; hiding a square on the 2×2 seams moves its score 1.23× as \
             much as an average square"
        );
        assert!(look_line(&runs[1]).ends_with("hiding any square leaves its score unchanged"));
        state.apply(&Event::Gan(GanEvent::Status(None)));
        assert_eq!(state.result, None, "a reset forgets the old answer");
    }

    #[test]
    fn a_failure_is_shown_only_when_this_section_waits() {
        let mut state = LookingState::default();
        let failed = Event::Failed {
            message: "cannot show the image to D: there is no discriminator".to_string(),
        };
        state.apply(&failed);
        assert_eq!(state.request.error, None);
        let _ = state.look();
        state.apply(&failed);
        assert!(state.request.error.is_some());
        let _ = state.look();
        state.worker_lost("unreachable");
        assert!(!state.request.awaiting);
    }
}
