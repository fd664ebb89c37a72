//! Runs saved in the browser (IndexedDB), so a reload or a later visit finds them again. A saved
//! run is the same zip as an exported one (`RunArchive`), stored with a small description; the
//! descriptions live in their own store, so listing runs never reads the weights.
//!
//! web-sys exposes IndexedDB's callback API; each request is wrapped in a promise here.

use super::experiment_state::SavedRun;
use js_sys::{Function, Promise, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::{Closure, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

const DATABASE: &str = "nda-lab";
/// 2 added [`EVALUATORS`]; opening creates whichever store is missing, so version 1 databases
/// keep their runs.
const VERSION: u32 = 2;
const DESCRIPTIONS: &str = "run-descriptions";
const FILES: &str = "run-files";
/// Trained evaluators (see `evaluator_store`), in the same database.
pub(super) const EVALUATORS: &str = "evaluators";

/// Saves (or replaces) a run.
pub async fn save(run: &SavedRun, file: &[u8]) -> Result<(), String> {
    let transaction = writing_both().await?;
    let description = serde_json::to_string(run).map_err(|error| error.to_string())?;
    let key = JsValue::from_str(&run.id);
    let store = |name: &str| transaction.object_store(name).map_err(describe);
    store(DESCRIPTIONS)?
        .put_with_key(&JsValue::from_str(&description), &key)
        .map_err(describe)?;
    store(FILES)?
        .put_with_key(&Uint8Array::from(file), &key)
        .map_err(describe)?;
    finished(&transaction).await
}

/// Every saved run's description, newest first.
pub async fn list() -> Result<Vec<SavedRun>, String> {
    let database = open().await?;
    let transaction = database
        .transaction_with_str(DESCRIPTIONS)
        .map_err(describe)?;
    let request = transaction
        .object_store(DESCRIPTIONS)
        .and_then(|store| store.get_all())
        .map_err(describe)?;
    let all: js_sys::Array = answered(&request).await?.unchecked_into();
    let mut runs: Vec<SavedRun> = all
        .iter()
        .filter_map(|value| value.as_string())
        .filter_map(|text| serde_json::from_str(&text).ok())
        .collect();
    runs.sort_by(|a, b| b.saved_at.total_cmp(&a.saved_at));
    Ok(runs)
}

/// The stored file of run `id`.
pub async fn load(id: &str) -> Result<Vec<u8>, String> {
    let database = open().await?;
    let transaction = database.transaction_with_str(FILES).map_err(describe)?;
    let request = transaction
        .object_store(FILES)
        .and_then(|store| store.get(&JsValue::from_str(id)))
        .map_err(describe)?;
    let value = answered(&request).await?;
    if value.is_undefined() {
        return Err("this run is no longer saved".into());
    }
    Ok(value.unchecked_into::<Uint8Array>().to_vec())
}

/// Deletes run `id`.
pub async fn delete(id: &str) -> Result<(), String> {
    let transaction = writing_both().await?;
    for name in [DESCRIPTIONS, FILES] {
        transaction
            .object_store(name)
            .and_then(|store| store.delete(&JsValue::from_str(id)))
            .map_err(describe)?;
    }
    finished(&transaction).await
}

/// A read-write transaction over both stores (a run's description and file change together).
async fn writing_both() -> Result<IdbTransaction, String> {
    open()
        .await?
        .transaction_with_str_sequence_and_mode(
            &js_sys::Array::of2(&DESCRIPTIONS.into(), &FILES.into()),
            IdbTransactionMode::Readwrite,
        )
        .map_err(describe)
}

/// The page's database, created or upgraded as needed.
pub(super) async fn open() -> Result<IdbDatabase, String> {
    let factory = leptos::prelude::window()
        .indexed_db()
        .map_err(describe)?
        .ok_or("this browser offers no storage for saved runs (IndexedDB is off, e.g. in a private window)")?;
    let request: IdbOpenDbRequest = factory.open_with_u32(DATABASE, VERSION).map_err(describe)?;
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let Some(request) = event
            .target()
            .and_then(|target| target.dyn_into::<IdbOpenDbRequest>().ok())
        else {
            return;
        };
        if let Ok(database) = request.result().map(JsCast::unchecked_into::<IdbDatabase>) {
            for name in [DESCRIPTIONS, FILES, EVALUATORS] {
                if !database.object_store_names().contains(name) {
                    let _ = database.create_object_store(name);
                }
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    // A tab of an older version that holds the database open blocks the upgrade: say so rather
    // than wait for ever.
    let blocked = JsFuture::from(Promise::new(&mut |_, reject: Function| {
        let on_blocked = Closure::once_into_js(move || {
            let _ = reject.call1(
                &JsValue::NULL,
                &JsValue::from_str(
                    "another NDA Lab tab of an older version keeps the browser's storage open: \
                     close it and reload",
                ),
            );
        });
        request.set_onblocked(Some(on_blocked.unchecked_ref()));
    }));
    let blocked = async move { blocked.await.map_err(describe) };
    let database = futures::future::select(Box::pin(answered(&request)), Box::pin(blocked))
        .await
        .factor_first()
        .0;
    drop(upgrade);
    let database: IdbDatabase = database?.unchecked_into();
    // Let a newer version of the page upgrade the database: this tab lets go of it.
    let closing = database.clone();
    let on_version_change = Closure::once_into_js(move || closing.close());
    database.set_onversionchange(Some(on_version_change.unchecked_ref()));
    Ok(database)
}

/// The result of `request` once it succeeds.
pub(super) async fn answered(request: &IdbRequest) -> Result<JsValue, String> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let succeeded = request.clone();
        let on_success = Closure::once_into_js(move || {
            let _ = resolve.call1(
                &JsValue::NULL,
                &succeeded.result().unwrap_or(JsValue::UNDEFINED),
            );
        });
        let failed = request.clone();
        let on_error = Closure::once_into_js(move || {
            let reason = failed.error().ok().flatten().map_or_else(
                || JsValue::from_str("the storage request failed"),
                JsValue::from,
            );
            let _ = reject.call1(&JsValue::NULL, &reason);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await.map_err(describe)
}

/// Resolves when `transaction` is committed; a full disk or quota is reported here.
pub(super) async fn finished(transaction: &IdbTransaction) -> Result<(), String> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let on_complete = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let failed = transaction.clone();
        let on_error = Closure::once_into_js(move || {
            let reason = failed.error().map_or_else(
                || JsValue::from_str("the browser cancelled the save"),
                JsValue::from,
            );
            let _ = reject.call1(&JsValue::NULL, &reason);
        });
        transaction.set_oncomplete(Some(on_complete.unchecked_ref()));
        transaction.set_onerror(Some(on_error.unchecked_ref()));
        transaction.set_onabort(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await.map(|_| ()).map_err(describe)
}

/// A storage error in words; a full quota says what to do.
pub(super) fn describe(error: JsValue) -> String {
    if let Some(exception) = error.dyn_ref::<web_sys::DomException>() {
        if exception.name() == "QuotaExceededError" {
            return "the browser's storage for this page is full: delete saved runs you no longer need, \
                    or export runs as files"
                .into();
        }
        return format!("{}: {}", exception.name(), exception.message());
    }
    error
        .as_string()
        .unwrap_or_else(|| format!("the browser's storage failed ({error:?})"))
}
