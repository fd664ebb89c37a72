//! The study section of the Experiments panel: the form and the plan before it runs, the
//! runner's controls and progress, each arm's results ([`super::results`]), and `report.md` and
//! `study.csv` to download.

use crate::ui::help_mark::HelpMark;
use leptos::prelude::*;

use super::plan::plan_time;
use super::results::ArmResults;
use super::split_view::{MergeResults, PartLinks, download_results};
use super::state::StudyState;
use super::state::primary_metrics;
use crate::experiment::{Task, encode_link, study_markdown};
use crate::train::study::study_csv;
use crate::ui::bridge::Commands;
use crate::ui::device_speed::duration;
use crate::ui::download::download_bytes;
use crate::ui::number_field::NumberField;
use crate::ui::page::PageSignals;
use crate::ui::share::page_url;

fn task_value(task: Task) -> &'static str {
    match task {
        Task::Gan => "gan",
        Task::Contrastive => "contrastive",
        Task::Video => "video",
    }
}

/// The study section.
#[component]
pub fn StudySection() -> impl IntoView {
    let page = expect_context::<PageSignals>();
    let commands = expect_context::<Commands>();
    let study = page.study;
    let plan = Memo::new(move |_| {
        // The plan follows every setting it is made of.
        page.gan.track();
        page.contrastive.track();
        page.data.track();
        page.evaluation.track();
        page.gallery.track();
        study.with(|state| state.plan(&page.snapshot().config))
    });
    let run = move |_| {
        let config = page.snapshot().config;
        let command = study.try_update(|state| state.start(&config)).flatten();
        if command.is_some() {
            page.save_study();
        }
        commands.send(command.into_iter().collect());
    };
    let resume = move |_| {
        commands.send(
            study
                .try_update(StudyState::resume)
                .flatten()
                .into_iter()
                .collect(),
        )
    };
    let stop = move |_| commands.send(study.try_update(StudyState::stop).into_iter().collect());
    let running = move || study.with(|state| state.running);
    let time = move || {
        study.with(|state| match state.seconds_left() {
            Some(left) if state.running => format!(
                "About {} left at the pace of the finished pairs.",
                duration(left)
            ),
            _ => plan.with(|plan| {
                plan.as_ref()
                    .map(|plan| plan_time(plan, page.device_rate(plan.config.task)))
                    .unwrap_or_default()
            }),
        })
    };
    let progress = move || study.with(StudyState::progress_line);
    let done_line = move || study.with(StudyState::done_line);
    let arms = Memo::new(move |_| study.with(StudyState::comparisons));
    view! {
        <section class="card study" data-testid="study">
            <h3>"Study: does NDA help?"</h3>
            <p class="hint">
                "Runs this page's GAN or contrastive settings as NDA/baseline pairs over several seeds (same initial weights, data and noise within a pair), evaluates both runs of each pair at its end, and compares them with paired statistics: "
                "mean difference with a 95 % t-interval, wins, the exact sign-flip p and d_z, Holm-corrected over the secondary metrics. Failed pairs are counted, never dropped."
            </p>
            <StudyForm />
            <Show when=move || study.with(|state| state.opened.is_some())>
                <p class="hint" data-testid="study-opened">
                    "This study comes from the opened link or file, with its own arms and seeds; editing the form above replaces it. "
                    <button data-testid="study-use-form" on:click=move |_| study.update(|state| state.opened = None)>"Use the form instead"</button>
                </p>
            </Show>
            <Show when=move || study.with(|state| state.form_error.is_some())>
                <p class="error" role="alert" data-testid="study-form-error">{move || study.with(|state| state.form_error.clone().unwrap_or_default())}</p>
            </Show>
            <p data-testid="study-plan">{move || plan.with(|plan| match plan { Ok(plan) => plan.description.clone(), Err(message) => message.clone() })}</p>
            <Show when=move || plan.with(|plan| plan.as_ref().is_ok_and(|plan| plan.warning.is_some()))>
                <p class="error" data-testid="study-warning">{move || plan.with(|plan| plan.as_ref().ok().and_then(|plan| plan.warning.clone()).unwrap_or_default())}</p>
            </Show>
            <PartLinks />
            <p class="hint" data-testid="study-time">{time}</p>
            <div class="fields">
                <button data-testid="study-run" disabled=move || running() || plan.with(Result::is_err) on:click=run>"Run study"</button>
                <Show when=move || study.with(StudyState::can_resume)>
                    <button data-testid="study-resume" on:click=resume>"Resume study"</button>
                </Show>
                <button data-testid="study-stop" disabled=move || !running() on:click=stop>"Stop"</button>
            </div>
            <Show when=move || study.with(|state| state.study.is_some())>
                <p class="hint" data-testid="study-current">{move || study.with(|state| state.study.as_ref().map(|stored| format!("The study below: {}", stored.description)).unwrap_or_default())}</p>
            </Show>
            <p data-testid="study-done">{done_line}</p>
            <Show when=move || progress().is_some()>
                <p data-testid="study-progress">{progress}</p>
            </Show>
            <Show when=move || study.with(|state| state.error.is_some())>
                <p class="error" role="alert" data-testid="study-error">{move || study.with(|state| state.error.clone().unwrap_or_default())}</p>
            </Show>
            {move || arms.get().into_iter().map(|(arm, comparisons)| view! { <ArmResults arm=arm comparisons=comparisons /> }).collect_view()}
            <Show when=move || !arms.with(Vec::is_empty)>
                <div class="fields">
                    <button data-testid="study-report" on:click=move |_| download_report(page)>"Download report.md"</button>
                    <button data-testid="study-csv" on:click=move |_| download_csv(page)>"Download study.csv"</button>
                    <button data-testid="study-results" on:click=move |_| download_results(page)>"Download results file"</button>
                </div>
            </Show>
            <div class="fields">
                <MergeResults />
            </div>
        </section>
    }
}

/// The study's form: task, seeds, primary metric and the control arm.
#[component]
fn StudyForm() -> impl IntoView {
    let page = expect_context::<PageSignals>();
    let study = page.study;
    view! {
            <div class="fields">
                <label>
                    "Task "
                    <select
                        data-testid="study-task"
                        prop:value=move || study.with(|state| task_value(state.task))
                        on:change=move |event| {
                            let task = match event_target_value(&event).as_str() {
                                "contrastive" => Task::Contrastive,
                                "video" => Task::Video,
                                _ => Task::Gan,
                            };
                            study.update(|state| state.set_task(task));
                        }
                    >
                        <option value="gan">"GAN"</option>
                        <option value="contrastive">"Contrastive"</option>
                        <option value="video">"Video"</option>
                    </select>
                    <HelpMark id="study-task" />
                </label>
                <NumberField
                    label="Seeds"
                    testid="study-seeds"
                    step="1"
                    value=Memo::new(move |_| study.with(|state| state.seeds.to_string()))
                    on_change=move |text: String| study.update(|state| state.edit_seeds(&text))
                />
                <NumberField
                    label="Split across browsers"
                    testid="study-split"
                    step="1"
                    min="1"
                    value=Memo::new(move |_| study.with(|state| state.split.to_string()))
                    on_change=move |text: String| {
                        let config = page.snapshot().config;
                        study.update(|state| state.edit_split(&text, &config));
                    }
                />
                <label>
                    "Primary metric "
                    <select
                        data-testid="study-primary"
                        prop:value=move || study.with(|state| state.primary.clone())
                        on:change=move |event| study.update(|state| state.set_primary(&event_target_value(&event)))
                    >
                        {move || primary_metrics(study.with(|state| state.task)).iter().map(|metric| view! { <option value=*metric>{*metric}</option> }).collect_view()}
                    </select>
                    <HelpMark id="study-primary" />
                </label>
                <Show when=move || study.with(|state| state.task == Task::Gan)>
                <label class="choice">
                    <input
                        type="checkbox"
                        data-testid="study-control"
                        prop:checked=move || study.with(|state| state.control_arm)
                        on:change=move |event| study.update(|state| state.set_control_arm(event_target_checked(&event)))
                    />
                    "Add a control arm: the same α without the NDA term (β 0), to tell NDA's effect from the smaller weight on generated images"
                    <HelpMark id="study-control" />
                </label>
                </Show>
            </div>
    }
}

fn download_report(page: PageSignals) {
    let Some((config, arms)) = page.study.with_untracked(|state| {
        state
            .study
            .as_ref()
            .map(|study| (study.config.clone(), state.comparisons()))
    }) else {
        return;
    };
    let shared = crate::experiment::SharedPage {
        config: config.clone(),
        panel: crate::experiment::OpenPanel::of_task(config.task),
        ..crate::experiment::SharedPage::default()
    };
    let link = format!("{}#{}", page_url(), encode_link(&shared));
    let text = study_markdown(&config, &arms, &link);
    if let Err(message) = download_bytes(text.as_bytes(), "text/markdown", "report.md") {
        page.study.update(|state| state.error = Some(message));
    }
}

/// `study.csv`: every arm, seed and metric with NDA, baseline and their difference.
fn download_csv(page: PageSignals) {
    let text = study_csv(&page.study.with_untracked(StudyState::comparisons));
    if let Err(message) = download_bytes(text.as_bytes(), "text/csv", "study.csv") {
        page.study.update(|state| state.error = Some(message));
    }
}
