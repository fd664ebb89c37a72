//! Small pieces the page's sections share: the menu that picks which run a section shows, the
//! menu of a model's width preset, and the line that says why a section's last request failed.

use leptos::prelude::*;

use super::help_mark::HelpMark;

/// "Run [NDA | Baseline]", shown only when there are two runs or more; test id and "?" by `id`.
#[component]
pub fn RunPicker(
    /// The runs' labels, NDA first.
    labels: Memo<Vec<String>>,
    /// The run shown.
    #[prop(into)]
    selected: Signal<usize>,
    /// Receives the picked run.
    #[prop(into)]
    on_pick: Callback<usize>,
    /// Its test id and help entry.
    id: &'static str,
) -> impl IntoView {
    view! {
        <Show when=move || labels.with(|labels| labels.len() > 1)>
            <label>
                "Run "
                <select data-testid=id on:change=move |event| {
                    if let Ok(run) = event_target_value(&event).parse::<usize>() {
                        on_pick.run(run);
                    }
                }>
                    {move || labels.get().into_iter().enumerate().map(|(index, label)| view! {
                        <option value=index.to_string() selected=move || selected.get() == index>{label}</option>
                    }).collect_view()}
                </select>
                <HelpMark id=id />
            </label>
        </Show>
    }
}

/// The reason the section's last request failed, when it did.
#[component]
pub fn ErrorLine(
    /// The reason, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Its test id.
    testid: &'static str,
) -> impl IntoView {
    view! {
        <Show when=move || error.with(Option::is_some)>
            <p class="error" role="alert" data-testid=testid>{move || error.get().unwrap_or_default()}</p>
        </Show>
    }
}

/// "<label> [tiny | small | medium]": a task form's model width preset; test id and "?" by `id`.
#[component]
pub fn PresetSelect(
    /// The words before the menu ("Model ", "Encoder ").
    label: &'static str,
    /// The preset shown, as the form's field parses it ("tiny", "small", "medium").
    #[prop(into)]
    value: Signal<String>,
    /// Receives the picked preset's text.
    #[prop(into)]
    on_pick: Callback<String>,
    /// Its test id and help entry.
    id: &'static str,
) -> impl IntoView {
    view! {
        <label>
            {label}
            <select
                data-testid=id
                prop:value=move || value.get()
                on:change=move |event| on_pick.run(event_target_value(&event))
            >
                <option value="tiny" selected>"tiny (width 16)"</option>
                <option value="small">"small (width 32)"</option>
                <option value="medium">"medium (width 64)"</option>
            </select>
            <HelpMark id=id />
        </label>
    }
}
