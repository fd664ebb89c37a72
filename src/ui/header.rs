//! The header: the project's purpose, the honest backend badge, the CPU switch and the device check.

use super::help_mark::HelpMark;
use leptos::prelude::*;

use super::bridge::Commands;
use super::hideable::Hideable;
use super::shell_state::ShellState;
use crate::experiment::HiddenControl;
use nda_protocol::BackendPreference;

/// The page header.
#[component]
pub fn Header(shell: RwSignal<ShellState>) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let on_force_cpu = move |event: leptos::ev::Event| {
        let force_cpu = event_target_checked(&event);
        commands.send(
            shell
                .try_update(|state| state.set_force_cpu(force_cpu))
                .unwrap_or_default(),
        );
    };
    let check = move || shell.with(|state| state.device_check.clone());

    view! {
        <header class="site-header">
            <div class="brand">
                <h1>"NDA Lab"</h1>
                <p class="tagline">
                    "Teach a model what your data is " <em>"not"</em>
                    ": negative data augmentation for GANs and contrastive learning, on your own GPU."
                </p>
            </div>
            <div class="backend">
                <span
                    class=move || format!("badge badge-{}", shell.with(|state| state.badge_kind()))
                    data-testid="backend-badge"
                    role="status"
                    aria-live="polite"
                >
                    {move || shell.with(|state| state.badge_text())}
                </span>
                <Hideable control=HiddenControl::BackendSwitch>
                    <label class="switch">
                        <input
                            type="checkbox"
                            data-testid="force-cpu"
                            prop:checked=move || shell.with(|state| state.preference == BackendPreference::Cpu)
                            on:change=on_force_cpu
                        />
                        " Use the CPU only"
                        <HelpMark id="force-cpu" />
                    </label>
                </Hideable>
                <p
                    class="device-check"
                    data-testid="device-check"
                    data-checksum=move || check().map(|check| check.checksum.to_string())
                    data-correct=move || check().map(|check| check.is_correct().to_string())
                >
                    {move || {
                        check()
                            .map(|check| check.summary())
                            .unwrap_or_else(|| "Checking the device…".to_string())
                    }}
                </p>
                <Show when=move || shell.with(|state| state.last_error.is_some())>
                    <p class="error" role="alert" data-testid="worker-error">
                        {move || shell.with(|state| state.last_error.clone().unwrap_or_default())}
                    </p>
                </Show>
            </div>
        </header>
    }
}
