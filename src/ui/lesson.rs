//! The lesson a link opened: its title and instructions above the panels, until the learner
//! closes it (a copied link keeps it for the next class).

use leptos::prelude::*;

use super::experiment_state::ExperimentsState;

/// The lesson banner.
#[component]
pub fn LessonBanner(experiments: RwSignal<ExperimentsState>) -> impl IntoView {
    let lesson = Memo::new(move |_| experiments.with(|state| state.lesson.clone()));
    view! {
        <Show when=move || lesson.with(Option::is_some)>
            <aside class="card lesson" data-testid="lesson" aria-label="Lesson">
                <h2 data-testid="lesson-title">{move || lesson.with(|lesson| lesson.as_ref().map(|lesson| format!("Lesson: {}", lesson.title)))}</h2>
                <p data-testid="lesson-text">{move || lesson.with(|lesson| lesson.as_ref().map(|lesson| lesson.text.clone()))}</p>
                <button data-testid="lesson-close" on:click=move |_| experiments.update(|state| state.lesson = None)>"Close the lesson"</button>
            </aside>
        </Show>
    }
}
