//! signhook for python (binding skeleton).
