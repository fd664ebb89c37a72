//! Panel tabs: a keyboard-reachable tab list and the panel bodies it shows and hides.

use leptos::prelude::*;

use super::panels::Panel;

/// The row of tabs.
#[component]
pub fn PanelTabs(active: RwSignal<Panel>) -> impl IntoView {
    view! {
        <nav class="tabs" role="tablist" aria-label="Panels">
            {Panel::ALL
                .into_iter()
                .map(|panel| {
                    view! {
                        <button
                            role="tab"
                            id=format!("tab-{}", panel.slug())
                            aria-controls=format!("panel-{}", panel.slug())
                            aria-selected=move || (active.get() == panel).to_string()
                            data-testid=format!("tab-{}", panel.slug())
                            on:click=move |_| active.set(panel)
                        >
                            {panel.label()}
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// One panel; hidden unless it is the active tab.
#[component]
pub fn PanelBody(
    panel: Panel,
    active: RwSignal<Panel>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <section
            class="panel"
            role="tabpanel"
            id=format!("panel-{}", panel.slug())
            aria-labelledby=format!("tab-{}", panel.slug())
            data-testid=format!("panel-{}", panel.slug())
            hidden=move || active.get() != panel
        >
            <h2>{panel.label()}</h2>
            <p class="purpose">{panel.purpose()}</p>
            {panel.coming().map(|coming| view! { <p class="coming">{coming}</p> })}
            {children.map(|children| children())}
        </section>
    }
}
