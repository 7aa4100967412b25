//! wasm32 only
