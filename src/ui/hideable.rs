//! Controls a teacher can hide with a share link.

use leptos::prelude::*;

use super::experiment_state::ExperimentsState;
use crate::experiment::HiddenControl;

/// Shows its children unless `control` is hidden on this page.
#[component]
pub fn Hideable(control: HiddenControl, children: ChildrenFn) -> impl IntoView {
    let experiments = expect_context::<RwSignal<ExperimentsState>>();
    view! { <Show when=move || !experiments.with(|state| state.is_hidden(control))>{children()}</Show> }
}
