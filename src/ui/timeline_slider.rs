//! The timeline slider a task's panel puts above its runs: one position per kept result, the
//! last one following the latest, and a sentence saying what is shown (`timeline.rs`).

use leptos::prelude::*;

use crate::ui::help_mark::HelpMark;
use crate::ui::timeline::{caption, selected_at, shown_text, slider_position};

/// A slider over `steps`; `selected` is the step shown (`None`: the latest), and `on_select`
/// gets the step a move picks; `thinned_to` is the spacing of the kept steps once older ones were
/// thinned out. `unit` names a step ("iteration", "step"); `testid` prefixes the slider's,
/// caption's and "Latest" button's test ids.
#[component]
pub fn TimelineSlider(
    #[prop(into)] steps: Signal<Vec<usize>>,
    #[prop(into)] selected: Signal<Option<usize>>,
    #[prop(into)] thinned_to: Signal<Option<usize>>,
    on_select: Callback<Option<usize>>,
    unit: &'static str,
    testid: &'static str,
) -> impl IntoView {
    let position = move || steps.with(|steps| slider_position(steps, selected.get()));
    let last = move || steps.with(|steps| steps.len().saturating_sub(1));
    let shown = move || steps.with(|steps| shown_text(steps, selected.get(), unit));
    let pick = move |text: String| {
        if let Ok(position) = text.parse::<usize>() {
            on_select.run(steps.with_untracked(|steps| selected_at(steps, position)));
        }
    };
    view! {
        <Show when=move || steps.with(|steps| !steps.is_empty())>
            <fieldset class="card timeline" data-testid=testid>
                <legend>"Timeline"<HelpMark id=testid /></legend>
                <div class="fields">
                    <input
                        type="range"
                        min="0"
                        step="1"
                        prop:max=move || last().to_string()
                        prop:value=move || position().to_string()
                        aria-label=format!("Timeline: the {unit} shown")
                        aria-valuetext=shown
                        data-testid=format!("{testid}-slider")
                        data-shown=move || steps.with(|steps| steps.get(slider_position(steps, selected.get())).copied())
                        on:input=move |event| pick(event_target_value(&event))
                    />
                    <button
                        data-testid=format!("{testid}-latest")
                        disabled=move || selected.get().is_none()
                        on:click=move |_| on_select.run(None)
                    >
                        "Latest"
                    </button>
                </div>
                <p class="hint" data-testid=format!("{testid}-caption") aria-live="polite">
                    {move || steps.with(|steps| caption(steps, selected.get(), unit, thinned_to.get()))}
                </p>
            </fieldset>
        </Show>
    }
}
