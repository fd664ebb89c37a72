//! "What D looks at" under the GAN runs: pick an image (a training image, its jigsaw, a sample,
//! or a file), and see each discriminator's score and where hiding a square moves it, as heat
//! maps on one scale.

use leptos::prelude::*;

use super::state::{LookChoice, LookingState, look_line};
use crate::ui::bridge::Commands;
use crate::ui::canvas::MosaicCanvas;
use crate::ui::gan::state::GanState;
use crate::ui::help_mark::HelpMark;
use crate::ui::upload_reader::pick_one;
use crate::ui::widgets::ErrorLine;

/// The "What D looks at" section of the GAN panel.
#[component]
pub fn LookingSection(
    /// The section's view-model.
    looking: RwSignal<LookingState>,
    /// The GAN panel's view-model (is there a discriminator?).
    gan: RwSignal<GanState>,
) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let has_session = move || gan.with(|state| state.phase().is_some());
    let busy = move || looking.with(|state| state.request.awaiting);
    let send = move |action: fn(&mut LookingState) -> nda_protocol::Command| {
        commands.send(looking.try_update(action).into_iter().collect());
    };
    let picked = move |event: leptos::ev::Event| {
        pick_one(
            &event_target(&event),
            move |name, reason| {
                let message = format!("{name} cannot be shown to D: {reason}");
                looking.update(|state| state.request.error = Some(message));
            },
            move |file| {
                let command = looking.try_update(|state| state.look_at_file(file));
                commands.send(command.into_iter().collect());
            },
        );
    };
    let result = Memo::new(move |_| looking.with(|state| state.result.clone()));
    view! {
        <section class="card looking" data-testid="looking">
            <h3>"What D looks at"</h3>
            <p class="hint">
                "A grey square slides over the image; where hiding it moves D's score most is where D looks (occlusion sensitivity). "
                "On a jigsawed image an NDA discriminator should look at the seams between the swapped quarters: the number under each map says how much."
            </p>
            <div class="fields">
                <label>
                    "Image "
                    <select data-testid="look-source" on:change=move |event| {
                        if let Some(choice) = LookChoice::from_key(&event_target_value(&event)) {
                            looking.update(|state| state.choice = choice);
                        }
                    }>
                        {LookChoice::ALL.into_iter().map(|choice| view! {
                            <option value=choice.key() selected=move || looking.with(|state| state.choice == choice)>{choice.label()}</option>
                        }).collect_view()}
                    </select>
                    <HelpMark id="look-source" />
                </label>
                <button data-testid="look-now" disabled=move || !has_session() || busy() on:click=move |_| send(LookingState::look)>"Show it to D"</button>
                <button data-testid="look-next" disabled=move || !has_session() || busy() on:click=move |_| send(LookingState::look_at_another)>"Another one"</button>
                <label class="button-like">
                    "Or your own image"
                    <input type="file" accept="image/*" data-testid="look-file" disabled=move || !has_session() || busy() on:change=picked />
                </label>
            </div>
            <ErrorLine error=Signal::derive(move || looking.with(|state| state.request.error.clone())) testid="look-error" />
            <Show when=move || result.with(Option::is_some)>
                <p data-testid="look-what">{move || result.with(|result| result.as_ref().map(|looked| format!("{} at iteration {} (white: a score change of {:.3})", looked.what, looked.iteration, looked.largest_change)).unwrap_or_default())}</p>
                <div class="chart-row" data-testid="look-result">
                    <figure>
                        <MosaicCanvas mosaic=Signal::derive(move || result.get().map(|looked| looked.image)) testid="look-image" label="The image as D sees it" scale=4 />
                        <figcaption>"The image"</figcaption>
                    </figure>
                    {move || result.get().map(|looked| looked.runs.into_iter().enumerate().map(|(index, run)| {
                        let line = look_line(&run);
                        let heat = run.heat.clone();
                        view! {
                            <figure data-testid=format!("look-run-{index}")>
                                <MosaicCanvas mosaic=Signal::derive(move || Some(heat.clone())) testid=format!("look-heat-{index}") label=format!("Where {} looks", run.label) scale=4 />
                                <figcaption>{line}</figcaption>
                            </figure>
                        }
                    }).collect_view())}
                </div>
            </Show>
        </section>
    }
}
