//! The "?" beside a setting or chart: pressed, it shows the one sentence [`super::help`] has for
//! it (and hides it on a second press). Nothing is shown for a control without an explanation.

use leptos::prelude::*;

use super::help::help_text;

/// A "?" button with the explanation of the control or chart `id` (its test id).
#[component]
pub fn HelpMark(#[prop(into)] id: String) -> impl IntoView {
    let Some(text) = help_text(&id) else {
        return ().into_any();
    };
    let open = RwSignal::new(false);
    view! {
        <span class="help">
            <button
                type="button"
                class="help-mark"
                data-testid=format!("help-{id}")
                aria-label="What is this?"
                aria-expanded=move || open.get().to_string()
                on:click=move |event| {
                    // Inside a <label>, a click must not also reach the input.
                    event.prevent_default();
                    open.update(|open| *open = !*open);
                }
            >
                "?"
            </button>
            <Show when=move || open.get()>
                <span class="help-text" role="note" data-testid=format!("help-text-{id}")>{text}</span>
            </Show>
        </span>
    }
    .into_any()
}
