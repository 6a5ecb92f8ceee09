//! signhook for wasm (binding skeleton).
