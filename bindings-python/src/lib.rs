//! The Python binding of signhook: the native module `signhook._signhook`.
//!
//! It converts Python values to the core's types and back, and nothing more: every decision
//! (signature, size, client id, time window, payload shape, option ranges) is the core's.
//! The pure-Python package around it (`python/signhook`) adds the error class and the
//! framework helpers.

mod body;
mod dedupe;
mod errors;
mod event;
mod headers;
mod reply;
mod webhook;

use pyo3::prelude::*;

/// The native half of the `signhook` package.
#[pymodule]
#[pyo3(name = "_signhook")]
fn signhook_native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<webhook::Webhook>()?;
    m.add_class::<event::Event>()?;
    m.add_class::<event::Document>()?;
    m.add_class::<event::Signer>()?;
    m.add_class::<reply::Reply>()?;
    m.add_class::<dedupe::DedupeRules>()?;
    m.add_function(wrap_pyfunction!(errors::error_family, m)?)?;
    m.add_function(wrap_pyfunction!(errors::failure, m)?)?;
    Ok(())
}
