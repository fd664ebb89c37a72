//! Trained evaluators kept in the browser (IndexedDB, next to the saved runs): a built-in set's
//! evaluators take minutes to train on a CPU and are a pure function of set, side, steps and
//! version, so a later visit reads them instead (the worker still measures and shows their own
//! accuracy). Files of another evaluator version are never read: the name carries it.

use js_sys::Uint8Array;
use leptos::prelude::{RwSignal, Update};
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::JsValue;
use web_sys::IdbTransactionMode;

use super::bridge::Commands;
use super::evaluation::state::EvaluationState;
use super::run_store::{EVALUATORS, answered, describe, finished, open};
use nda_protocol::evaluation_messages::StoredEvaluators;
use nda_protocol::{Command, Event};

/// The page's side of keeping evaluators: when the worker is ready it gets the kept files; when
/// it trained evaluators their file is kept (a refusal is shown in the evaluation section).
pub fn on_worker_event(event: &Event, commands: Commands, evaluation: RwSignal<EvaluationState>) {
    match event {
        Event::Ready => spawn_local(async move {
            if let Ok(files) = load_all().await
                && !files.is_empty()
            {
                commands.send(vec![Command::OfferEvaluators { files }]);
            }
        }),
        Event::EvaluatorsTrained(file) => {
            let file = file.clone();
            spawn_local(async move {
                if let Err(message) = save(&file).await {
                    evaluation.update(|state| {
                        state.error = Some(format!(
                            "The evaluators could not be kept in this browser ({message}); a \
                             later visit trains them again."
                        ));
                    });
                }
            });
        }
        _ => {}
    }
}

/// Keeps (or replaces) one evaluator file.
pub async fn save(file: &StoredEvaluators) -> Result<(), String> {
    let transaction = open()
        .await?
        .transaction_with_str_and_mode(EVALUATORS, IdbTransactionMode::Readwrite)
        .map_err(describe)?;
    transaction
        .object_store(EVALUATORS)
        .and_then(|store| {
            store.put_with_key(
                &Uint8Array::from(file.bytes.as_slice()),
                &JsValue::from_str(&file.name),
            )
        })
        .map_err(describe)?;
    finished(&transaction).await
}

/// Every kept evaluator file.
pub async fn load_all() -> Result<Vec<StoredEvaluators>, String> {
    let database = open().await?;
    let transaction = database
        .transaction_with_str(EVALUATORS)
        .map_err(describe)?;
    let store = transaction.object_store(EVALUATORS).map_err(describe)?;
    let keys: js_sys::Array = answered(&store.get_all_keys().map_err(describe)?)
        .await?
        .unchecked_into();
    let values: js_sys::Array = answered(&store.get_all().map_err(describe)?)
        .await?
        .unchecked_into();
    Ok(keys
        .iter()
        .zip(values.iter())
        .filter_map(|(name, bytes)| {
            Some(StoredEvaluators {
                name: name.as_string()?,
                bytes: bytes.dyn_into::<Uint8Array>().ok()?.to_vec(),
            })
        })
        .collect())
}
