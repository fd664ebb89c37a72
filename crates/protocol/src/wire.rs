//! The one place where protocol messages become `postMessage` payloads and back.
//!
//! `serde-wasm-bindgen` turns the enums into plain JavaScript objects (byte buffers become
//! `Uint8Array`s), which structured cloning copies cheaply between the threads.

use serde::{Serialize, de::DeserializeOwned};
use wasm_bindgen::JsValue;

/// Turns a protocol message into a value `postMessage` can carry.
pub fn encode<T: Serialize>(message: &T) -> Result<JsValue, String> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    message
        .serialize(&serializer)
        .map_err(|error| format!("could not encode a message for the worker: {error}"))
}

/// Reads a protocol message out of a `MessageEvent`'s data.
pub fn decode<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(value)
        .map_err(|error| format!("received a message that is not part of the protocol: {error}"))
}
