# Sourced, not run: defines `wasm_cargo`, a cargo that builds for wasm32-unknown-unknown.
#
# Prefers the rustup target when the machine has it; otherwise installs Debian's
# rustc-web with its standard library sources (idempotently) and builds std from source.
# Usage: source scripts/wasm-toolchain.sh; wasm_cargo build --release -p signhook

if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  wasm_cargo() { cargo "$1" --target wasm32-unknown-unknown "${@:2}"; }
else
  if ! [ -x /usr/bin/rustc ] || ! [ -d /usr/lib/rustlib/src/rust/library ] || ! [ -x /usr/lib/llvm-19/bin/wasm-ld ]; then
    echo "wasm: installing Debian's rustc-web, rust-web-src and lld-19 (the rustup target is not installed)" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      rustc-web cargo-web rust-web-src lld-19 >&2
  fi
  rustup toolchain list | grep -q '^debian-web' || rustup toolchain link debian-web /usr
  wasm_cargo() {
    RUSTC_BOOTSTRAP=1 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=/usr/lib/llvm-19/bin/wasm-ld \
      cargo +debian-web "$1" --target wasm32-unknown-unknown -Z build-std=std,panic_abort "${@:2}"
  }
fi
