//! signhook for node (binding skeleton).
