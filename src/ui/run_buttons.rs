//! The run buttons of the panels whose sessions are measured on a schedule (Contrastive and
//! Video): start next to the baseline or alone, pause, resume, one step, evaluate now, stop and
//! reset, each enabled only when it can act, with test ids `<prefix>-compare` and so on.

use leptos::prelude::*;

use nda_protocol::SessionControl;
use nda_protocol::session_messages::{MeasuredControl, TrainingPhase};

/// The eight buttons; a panel adds its own (run files, continue on the CPU) after them.
#[component]
pub fn RunButtons(
    /// The test ids' prefix ("contrastive", "video").
    prefix: &'static str,
    /// The session's phase, `None` before Start.
    phase: Memo<Option<TrainingPhase>>,
    /// Whether one step can be taken now.
    #[prop(into)]
    can_step: Signal<bool>,
    /// Start: next to the baseline (`true`) or alone.
    #[prop(into)]
    start: Callback<bool>,
    /// Pause, resume, stop or reset.
    #[prop(into)]
    session: Callback<SessionControl>,
    /// One step or an evaluation.
    #[prop(into)]
    control: Callback<MeasuredControl>,
) -> impl IntoView {
    let is = move |wanted: TrainingPhase| phase.get() == Some(wanted);
    let none = move || phase.get().is_none();
    let id = move |name: &str| format!("{prefix}-{name}");
    view! {
        <button data-testid=id("compare") on:click=move |_| start.run(true)>"Baseline vs NDA"</button>
        <button data-testid=id("start") on:click=move |_| start.run(false)>"NDA only"</button>
        <button data-testid=id("pause") disabled=move || !is(TrainingPhase::Running) on:click=move |_| session.run(SessionControl::Pause)>"Pause"</button>
        <button data-testid=id("resume") disabled=move || !is(TrainingPhase::Paused) on:click=move |_| session.run(SessionControl::Resume)>"Resume"</button>
        <button data-testid=id("step") disabled=move || !can_step.get() on:click=move |_| control.run(MeasuredControl::Step)>"One step"</button>
        <button data-testid=id("evaluate") disabled=none on:click=move |_| control.run(MeasuredControl::Evaluate)>"Evaluate now"</button>
        <button data-testid=id("stop") disabled=none on:click=move |_| session.run(SessionControl::Stop)>"Stop"</button>
        <button data-testid=id("reset") disabled=none on:click=move |_| session.run(SessionControl::Reset)>"Reset"</button>
    }
}
