#!/usr/bin/env bash
# A short fuzz run of each target (FUZZ_SECONDS each, default 30), starting from the
# committed seed corpus. Fuzzing needs nightly Rust: without it this says so and skips.
# Longer runs: FUZZ_SECONDS=600 bash scripts/fuzz-smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-30}"

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "fuzz smoke run skipped: no nightly Rust toolchain on this machine"
  exit 0
fi
if ! command -v cargo-fuzz >/dev/null; then
  echo "installing cargo-fuzz"
  cargo install -q cargo-fuzz
fi
cd core
cargo +nightly fuzz build -O --target-dir ../target/fuzz 2>&1 | tail -1
for target in parse verify json_oracle; do
  work="../target/fuzz-corpus/$target"
  mkdir -p "$work"
  cargo +nightly fuzz run -O --target-dir ../target/fuzz "$target" "$work" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 2>&1 |
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done )|cov:' | tail -3
  echo "fuzz $target: ${seconds}s without a crash"
done
