//! Trained evaluators kept in the browser (IndexedDB, next to the saved runs): a built-in set's
//! evaluators take minutes to train on a CPU and are a pure function of set, side, steps and
//! version, so a later visit reads them instead (the worker still measures and shows their own
//! accuracy). Files of another evaluator version are never read: the name carries it.

use js_sys::Uint8Array;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::JsValue;
use web_sys::IdbTransactionMode;

use super::run_store::{EVALUATORS, answered, describe, finished, open};
use crate::worker::evaluation_messages::StoredEvaluators;

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
