//! The page's root component: it mounts the page, lays out the header, tabs and panels, and wires
//! the worker to the page's decisions ([`Page`](super::page::Page), natively tested).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::bridge::{Commands, WorkerBridge};
use super::contrastive::anomaly::state::ContrastiveAnomalyState;
use super::contrastive::panel::ContrastivePanel;
use super::contrastive::state::ContrastiveState;
use super::contrastive::walk::state::ContrastiveWalkState;
use super::data_panel::DataPanel;
use super::data_state::DataState;
use super::evaluation::state::EvaluationState;
use super::evaluator_store;
use super::experiment_state::ExperimentsState;
use super::experiments_panel::ExperimentsPanel;
use super::gallery_panel::GalleryPanel;
use super::gallery_state::GalleryState;
use super::gan::panel::GanPanel;
use super::gan::state::GanState;
use super::header::Header;
use super::lesson::LessonBanner;
use super::looking::state::LookingState;
use super::page::{Page, PageSignals};
use super::panels::Panel;
use super::share::read_fragment;
use super::shell_state::ShellState;
use super::step_walk::state::WalkState;
use super::study::state::StudyState;
use super::study::store as study_store;
use super::tabs::{PanelBody, PanelTabs};
use super::video::training_panel::VideoPanel;
use super::video::training_state::VideoTrainingState;
use crate::experiment::decode_link;
use nda_protocol::Event;

/// Mounts the page on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    let signals: PageSignals = Page {
        shell: RwSignal::new(ShellState::default()),
        data: RwSignal::new(DataState::default()),
        gallery: RwSignal::new(GalleryState::default()),
        gan: RwSignal::new(GanState::default()),
        contrastive: RwSignal::new(ContrastiveState::default()),
        evaluation: RwSignal::new(EvaluationState::default()),
        anomaly: RwSignal::new(ContrastiveAnomalyState::default()),
        looking: RwSignal::new(LookingState::default()),
        walk: RwSignal::new(WalkState::default()),
        contrastive_walk: RwSignal::new(ContrastiveWalkState::default()),
        video: RwSignal::new(VideoTrainingState::default()),
        study: RwSignal::new(StudyState {
            // A study that was running when the page closed can be resumed.
            study: study_store::load(),
            ..StudyState::default()
        }),
        active: RwSignal::new(Panel::default()),
        experiments: RwSignal::new(ExperimentsState::default()),
    };
    // A share link opens its experiment before the worker starts, so the first data set loaded
    // is the shared one. A bad link says what is wrong and leaves the defaults.
    match decode_link(&read_fragment()) {
        Ok(Some(page)) => signals.open_at_load(&page),
        Ok(None) => {}
        Err(error) => signals.experiments.update(|state| {
            state.error = Some(format!(
                "This link could not be opened: {error} The page opened with its defaults."
            ));
        }),
    }
    let shell = signals.shell;
    let commands = Commands::default();
    let on_event = move |event: Event| {
        evaluator_store::on_worker_event(&event, commands, signals.evaluation);
        let reaction = signals.apply(event, js_sys::Date::now());
        for effect in reaction.effects {
            signals.carry_out(effect);
        }
        commands.send(reaction.commands);
    };
    // A crashed worker leaves no panel claiming to train.
    let on_crash = move |message: String| signals.worker_lost(&message);
    match WorkerBridge::spawn(on_event, on_crash) {
        Ok(bridge) => commands.connect(bridge),
        Err(message) => shell.update(|state| state.worker_failed(message)),
    }
    provide_context(commands);
    provide_context(signals);
    provide_context(signals.experiments);
    spawn_local(signals.refresh_saved_runs(None));
    let active = signals.active;
    let experiments = signals.experiments;
    Effect::new(move |_| signals.remember_panel(active.get()));

    view! {
        <Header shell=shell />
        <main class="workspace">
            <Show when=move || experiments.with(|state| state.opened.is_some())>
                <p class="banner" role="status" data-testid="share-banner">{move || experiments.with(|state| state.opened.clone().unwrap_or_default())}</p>
            </Show>
            <Show when=move || experiments.with(|state| state.error.is_some())>
                <p class="banner error" role="alert" data-testid="share-error">{move || experiments.with(|state| state.error.clone().unwrap_or_default())}</p>
            </Show>
            <LessonBanner experiments=experiments />
            <PanelTabs active=active />
            <PanelBody panel=Panel::Data active=active>
                <DataPanel data=signals.data />
            </PanelBody>
            <PanelBody panel=Panel::Augmentations active=active>
                <GalleryPanel gallery=signals.gallery />
            </PanelBody>
            <PanelBody panel=Panel::Gan active=active>
                <GanPanel gan=signals.gan gallery=signals.gallery data=signals.data shell=signals.shell />
            </PanelBody>
            <PanelBody panel=Panel::Contrastive active=active>
                <ContrastivePanel contrastive=signals.contrastive gallery=signals.gallery data=signals.data shell=signals.shell />
            </PanelBody>
            <PanelBody panel=Panel::Video active=active>
                <VideoPanel video=signals.video gallery=signals.gallery shell=signals.shell />
            </PanelBody>
            <PanelBody panel=Panel::Experiments active=active>
                <ExperimentsPanel />
            </PanelBody>
        </main>
        <footer class="site-footer">
            <p>
                "Your images never leave this browser: everything is computed on your device. "
                "Method: Sinha et al., " <cite>"Negative Data Augmentation"</cite> ", ICLR 2021."
            </p>
        </footer>
    }
}
