//! The page's decisions on plain cells: opening links and files, snapshots, event routing,
//! autosaves and a crashed worker.

use crate::experiment::Task;
use nda_protocol::{
    BackendInfo, BackendKind, BackendPreference, Command, Event, GanEvent, SessionCommand,
};
use std::cell::RefCell;

use super::cell::{Cell as _, Plain};
use super::{Page, PageEffect};
use crate::experiment::{DevicePreference, OpenPanel, SharedPage, decode_link};
use crate::ui::panels::Panel;
use crate::ui::shell_state::BackendStatus;
use crate::ui::test_support::summary;
use nda_protocol::gan::messages::GanStatus;
use nda_protocol::session_messages::TrainingPhase;

fn cell<T>(value: T) -> &'static RefCell<T> {
    Box::leak(Box::new(RefCell::new(value)))
}

/// A fresh page, as the browser makes it before the worker starts.
fn page() -> Page<Plain> {
    Page {
        shell: cell(Default::default()),
        data: cell(Default::default()),
        gallery: cell(Default::default()),
        gan: cell(Default::default()),
        contrastive: cell(Default::default()),
        evaluation: cell(Default::default()),
        study: cell(Default::default()),
        anomaly: cell(Default::default()),
        looking: cell(Default::default()),
        walk: cell(Default::default()),
        contrastive_walk: cell(Default::default()),
        video: cell(Default::default()),
        active: cell(Default::default()),
        experiments: cell(Default::default()),
    }
}

/// The shared page of a version 1 link fixture (`tests/fixtures/v1/`).
fn fixture(text: &str) -> SharedPage {
    let fixture: serde_json::Value = serde_json::from_str(text).expect("fixture");
    decode_link(fixture["link"].as_str().expect("link"))
        .expect("a valid link")
        .expect("a share link")
}

fn fixtures() -> Vec<(&'static str, SharedPage)> {
    vec![
        (
            "gan",
            fixture(include_str!(
                "../../../tests/fixtures/v1/gan-everything.json"
            )),
        ),
        (
            "contrastive",
            fixture(include_str!(
                "../../../tests/fixtures/v1/contrastive-everything.json"
            )),
        ),
        (
            "study",
            fixture(include_str!(
                "../../../tests/fixtures/v1/contrastive-study.json"
            )),
        ),
        (
            "teacher",
            fixture(include_str!("../../../tests/fixtures/v1/teacher.json")),
        ),
        (
            "lesson",
            fixture(include_str!("../../../tests/fixtures/v1/lesson.json")),
        ),
    ]
}

fn cpu(kind: BackendKind) -> Event {
    Event::BackendReady(BackendInfo {
        kind,
        adapter: "test".into(),
        webgpu_unavailable_because: None,
    })
}

fn status(phase: TrainingPhase) -> Event {
    Event::Gan(GanEvent::Status(Some(GanStatus {
        phase,
        runs: Vec::new(),
        total_steps: 10,
        problem: None,
        can_continue_on_cpu_from: None,
        results_unavailable_because: None,
    })))
}

#[test]
fn a_shared_page_fills_every_control_and_snapshots_back_unchanged() {
    for (name, shared) in fixtures() {
        let page = page();
        page.open_at_load(&shared);
        let again = page.snapshot();
        assert_eq!(again.config, shared.config, "{name}: the experiment");
        assert_eq!(again.hidden, shared.hidden, "{name}: the hidden controls");
        assert_eq!(again.lesson, shared.lesson, "{name}: the lesson");
        let opened = page.experiments.peek(|state| state.opened.clone());
        assert!(
            opened.is_some_and(|text| text.starts_with("Opened a shared experiment: ")),
            "{name}"
        );
    }
}

#[test]
fn opening_a_link_switches_device_loads_its_data_and_opens_its_panel() {
    let page = page();
    let mut shared = fixtures().remove(1).1;
    shared.config.device = DevicePreference::Cpu;
    let commands = page.open_shared(&shared, "Opened a file");
    assert!(commands.contains(&Command::SelectBackend {
        preference: BackendPreference::Cpu
    }));
    assert!(
        commands
            .iter()
            .any(|command| matches!(command, Command::LoadBuiltin { .. })),
        "{commands:?}"
    );
    assert_eq!(page.active.peek(|panel| *panel), Panel::Contrastive);
    assert!(page.shell.peek(|shell| shell.settings_given));
}

#[test]
fn without_webgpu_only_untouched_forms_are_fitted_to_the_cpu() {
    let fresh = page();
    let before = fresh.snapshot().config;
    let reaction = fresh.apply(cpu(BackendKind::Cpu), 0.0);
    assert!(
        reaction
            .commands
            .iter()
            .any(|command| matches!(command, Command::LoadBuiltin { .. })),
        "the first backend loads the default data set"
    );
    assert!(fresh.shell.peek(|shell| shell.cpu_sized));
    assert_ne!(fresh.snapshot().config.gan, before.gan, "CPU-sized GAN");

    let linked = page();
    let (_, shared) = fixtures().remove(0);
    linked.open_at_load(&shared);
    linked.apply(cpu(BackendKind::Cpu), 0.0);
    assert!(!linked.shell.peek(|shell| shell.cpu_sized));
    assert_eq!(
        linked.snapshot().config,
        shared.config,
        "a link is never changed"
    );
}

#[test]
fn a_new_data_set_renders_the_gallery_and_events_reach_only_their_section() {
    let page = page();
    let reaction = page.apply(Event::DatasetChanged(Some(summary(32, 10))), 0.0);
    assert!(
        reaction
            .commands
            .iter()
            .any(|command| matches!(command, Command::RenderGallery { .. })),
        "{:?}",
        reaction.commands
    );
    assert!(page.data.peek(|data| data.summary.is_some()));
    page.apply(status(TrainingPhase::Running), 0.0);
    assert!(page.gan.peek(|gan| gan.status.is_some()));
    assert!(
        page.contrastive.peek(|state| state.status.is_none()),
        "a GAN event leaves the contrastive panel alone"
    );
}

#[test]
fn runs_are_autosaved_on_pause_and_every_half_minute_with_the_page_settings() {
    let page = page();
    page.apply(status(TrainingPhase::Running), 1_000.0);
    let reaction = page.apply(status(TrainingPhase::Paused), 2_000.0);
    let expected = page.snapshot().config;
    match reaction.commands.as_slice() {
        [
            Command::Session {
                task: Task::Gan,
                command: SessionCommand::Export { config, save: true },
            },
        ] => assert_eq!(**config, expected),
        other => panic!("one saving export, not {other:?}"),
    }
    let too_soon = page.apply(status(TrainingPhase::Running), 3_000.0);
    assert!(too_soon.commands.is_empty());
}

#[test]
fn a_paused_video_session_is_exported_to_the_saved_runs() {
    let page = page();
    let video = |phase| {
        Event::Video(nda_protocol::VideoEvent::Status(Some(
            crate::ui::autosave::test_status(phase, None),
        )))
    };
    assert!(
        page.apply(video(TrainingPhase::Running), 1_000.0)
            .commands
            .is_empty()
    );
    let paused = page.apply(video(TrainingPhase::Paused), 2_000.0);
    assert!(matches!(
        paused.commands.as_slice(),
        [Command::Video(nda_protocol::VideoCommand::Export {
            save: true
        })]
    ));
    assert!(
        page.gan.peek(|gan| gan.saving.run_id.is_none()),
        "the GAN panel saves nothing for it"
    );
}

#[test]
fn exports_become_downloads_or_saved_runs() {
    let page = page();
    let exported = |save| Event::Exported {
        task: Task::Gan,
        file_name: "run.zip".into(),
        bytes: vec![1, 2, 3],
        save,
        step: 7,
    };
    let download = page.apply(exported(false), 0.0);
    assert!(matches!(
        download.effects.as_slice(),
        [PageEffect::Download { file_name, .. }] if file_name == "run.zip"
    ));
    let saved = page.apply(exported(true), 0.0);
    assert!(matches!(
        saved.effects.as_slice(),
        [PageEffect::SaveRun { step: 7, .. }]
    ));
}

#[test]
fn a_crashed_worker_leaves_no_panel_training_and_says_so() {
    let page = page();
    page.apply(status(TrainingPhase::Running), 0.0);
    page.worker_lost("RuntimeError: unreachable");
    assert!(page.gan.peek(|gan| {
        gan.status
            .as_ref()
            .is_none_or(|status| status.phase != TrainingPhase::Running)
    }));
    assert!(
        page.shell
            .peek(|shell| matches!(shell.backend, BackendStatus::WorkerFailed(_)))
    );
}

#[test]
fn a_settings_file_opens_on_the_open_panel_and_keeps_the_hidden_controls() {
    let page = page();
    let (_, teacher) = fixtures().remove(3);
    page.open_at_load(&teacher);
    page.active.change(|active| *active = Panel::Gan);
    let (_, shared) = fixtures().remove(1);
    let commands = page.open_file(shared.config.clone(), "Opened settings.json");
    assert!(
        commands
            .iter()
            .any(|command| matches!(command, Command::LoadBuiltin { .. }))
    );
    let again = page.snapshot();
    // A file carries no panel: it opens on the open one, whose task the snapshot takes.
    assert_eq!(again.config.contrastive, shared.config.contrastive);
    assert_eq!(again.config.gan, shared.config.gan);
    assert_eq!(
        again.hidden, teacher.hidden,
        "the teacher's hidden controls stay"
    );
    assert_eq!(page.active.peek(|panel| *panel), Panel::Gan);
}

#[test]
fn the_video_panel_s_settings_travel_in_links_and_its_run_file_downloads() {
    let page = page();
    page.active.change(|active| *active = Panel::Video);
    page.remember_panel(Panel::Video);
    page.video.change(|video| {
        video.experiment.steps = 40;
        video.experiment.config.seed = 11;
    });
    let shared = page.snapshot();
    assert_eq!(shared.panel, OpenPanel::Video);
    assert_eq!(shared.config.video.steps, 40);
    let fresh = self::page();
    fresh.open_at_load(&shared);
    assert_eq!(fresh.active.peek(|panel| *panel), Panel::Video);
    assert_eq!(
        fresh.video.peek(|video| video.experiment.clone()),
        shared.config.video
    );
    assert_eq!(
        shared.config.task,
        Task::Video,
        "a link made on the Video panel"
    );
    let exported = |save| Event::Exported {
        task: Task::Video,
        file_name: "nda-lab-video-step-4.zip".into(),
        bytes: vec![1, 2],
        save,
        step: 4,
    };
    let download = fresh.apply(exported(false), 0.0);
    assert!(matches!(
        download.effects.as_slice(),
        [PageEffect::Download { task: Task::Video, file_name, .. }] if file_name == "nda-lab-video-step-4.zip"
    ));
    let saved = fresh.apply(exported(true), 0.0);
    assert!(matches!(
        saved.effects.as_slice(),
        [PageEffect::SaveRun {
            task: Task::Video,
            step: 4,
            ..
        }]
    ));
}

#[test]
fn each_task_s_panel_is_reached_by_its_task_and_no_other() {
    let page = page();
    for task in Task::ALL {
        page.change_panel(task, |panel| panel.refuse(format!("{task:?}")));
    }
    assert_eq!(
        page.gan.peek(|gan| gan.error.clone()).as_deref(),
        Some("Gan")
    );
    assert_eq!(
        page.contrastive
            .peek(|state| state.error.clone())
            .as_deref(),
        Some("Contrastive")
    );
    assert_eq!(
        page.video.peek(|state| state.error.clone()).as_deref(),
        Some("Video")
    );
    for task in Task::ALL {
        assert_eq!(
            crate::experiment::OpenPanel::of_task(task).task(),
            Some(task)
        );
    }
}
