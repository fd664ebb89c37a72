//! The worker's device commands: choose the backend (WebGPU or the CPU), check it with a small
//! computation whose answer is known, and time the calibration runs that price the time
//! estimates before Start.

use std::cell::RefCell;
use std::rc::Rc;

use super::probe;
use super::worker_state::{WorkerState, now, post};
use nda_core::train::calibration::{
    CALIBRATION_ITERATIONS, time_calibration, time_contrastive_calibration,
};
use nda_protocol::{BackendPreference, Event};

pub(super) async fn select_backend(
    state: &Rc<RefCell<WorkerState>>,
    preference: BackendPreference,
) {
    let report = |stage: &str| {
        post(&Event::BackendSelecting {
            stage: stage.to_string(),
        })
    };
    // The state is borrowed by this task alone: commands run one at a time.
    let mut backends = std::mem::take(&mut state.borrow_mut().backends);
    let selected = backends.select(preference, &report).await;
    post(&Event::BackendReady(selected.info.clone()));
    let mut state = state.borrow_mut();
    state.backends = backends;
    state.current = Some(selected);
}

pub(super) async fn run_probe(state: &Rc<RefCell<WorkerState>>, size: usize) {
    if !(1..=nda_protocol::probe::MAX_PROBE_SIZE).contains(&size) {
        post(&Event::Failed {
            message: format!(
                "the probe size must be between 1 and {}",
                nda_protocol::probe::MAX_PROBE_SIZE
            ),
        });
        return;
    }
    let Some(backend) = state.borrow().current.clone() else {
        post(&Event::Failed {
            message: "no backend is selected yet".to_string(),
        });
        return;
    };
    let started = now();
    let checksum = probe::probe_checksum(size, &backend.device)
        .into_scalar_async::<f32>()
        .await;
    match checksum {
        Ok(checksum) => post(&Event::ProbeFinished {
            size,
            checksum: f64::from(checksum),
            millis: now() - started,
            backend: backend.info.kind,
        }),
        Err(error) => post(&Event::Failed {
            message: format!(
                "the device check failed on {:?}: {error:?}",
                backend.info.kind
            ),
        }),
    }
}

/// Times the calibration GAN on the current backend (`train::calibration`).
pub(super) async fn calibrate(state: &Rc<RefCell<WorkerState>>) {
    let Some(backend) = state.borrow().current.clone() else {
        post(&Event::Failed {
            message: "no backend is selected yet".to_string(),
        });
        return;
    };
    let timed = match time_calibration(&backend.device, CALIBRATION_ITERATIONS, now).await {
        Ok(gan) => time_contrastive_calibration(&backend.device, CALIBRATION_ITERATIONS, now)
            .await
            .map(|contrastive| (gan, contrastive)),
        Err(error) => Err(error),
    };
    post(&match timed {
        Ok((seconds_per_iteration, seconds_per_contrastive_step)) => Event::Calibrated {
            backend: backend.info.kind,
            seconds_per_iteration,
            seconds_per_contrastive_step,
        },
        Err(error) => Event::Failed {
            message: format!("the calibration failed: {error}"),
        },
    });
}
