#!/usr/bin/env bash
# Does the shipped build cost speed? Runs bindings-python/bench.py on the manylinux2014 x86_64
# wheel from DIST (zig's linker, glibc 2.17 baseline, stripped) and on a wheel built from the same
# checkout the way setup.sh builds it (`maturin build --release`, the host's linker and glibc), in
# two virtualenvs of the same interpreter, taking turns for ROUNDS rounds (default 2) so that a
# busy machine slows both alike. Not part of test-dist.sh: timings are for reading, not asserting.
#
#   bash bindings-python/dist-tests/bench.sh [DIST] [bench.py arguments, e.g. --payload]
# Environment: PYTHON (default python3), ROUNDS, SIGNHOOK_CACHE.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
repo="$(cd "$here/.." && pwd)"
dist="$(cd "${1:-$repo/dist}" && pwd)"
shift $(($# > 0 ? 1 : 0))
cache="${SIGNHOOK_CACHE:-$HOME/.cache/signhook}"

# shellcheck source=tools.sh
source "$here/dist-tests/tools.sh"
dist_tools

shipped=("$dist"/signhook-*manylinux_2_17_x86_64.whl)
[ -f "${shipped[0]}" ] || { echo "no manylinux_2_17_x86_64 wheel in $dist (bindings-python/dist.sh)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "bench: building the host-linked wheel (maturin build --release)" >&2
(cd "$here" && CARGO_TARGET_DIR="$cache/target/bench-host" "$MATURIN" build --release --quiet \
  --manifest-path Cargo.toml --out "$work/host") >&2
host=("$work"/host/signhook-*.whl)

newest_glibc() {
  python3 -m zipfile -e "$1" "$work/unpacked" >/dev/null
  objdump -T "$work"/unpacked/signhook/_signhook.abi3.so | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1
  rm -rf "$work/unpacked"
}

declare -A wheel=([shipped]="${shipped[0]}" [host]="${host[0]}")
for kind in shipped host; do
  "${PYTHON:-python3}" -m venv "$work/$kind"
  "$work/$kind/bin/python" -m pip install -q --disable-pip-version-check "${wheel[$kind]}"
done
echo "python: $("$work/shipped/bin/python" -VV | head -1)"
for kind in shipped host; do
  echo "$kind: ${wheel[$kind]##*/} ($(stat -c %s "${wheel[$kind]}") bytes, needs $(newest_glibc "${wheel[$kind]}"))"
done
for round in $(seq "${ROUNDS:-2}"); do
  for kind in shipped host; do
    printf '\n-- %s, round %s\n' "$kind" "$round"
    "$work/$kind/bin/python" "$here/bench.py" "$@" | tee -a "$work/$kind.out"
  done
done

# Each timing at its best over the rounds, shipped beside host (< 1.00x: the shipped wheel is faster).
printf '\n-- best of %s rounds: shipped (zig, glibc 2.17) / host-linked\n' "${ROUNDS:-2}"
python3 - "$work/shipped.out" "$work/host.out" <<'EOF'
import re, sys

def best(path):
    columns, rows = [], {}
    for line in open(path, encoding="utf-8"):
        if line.strip().startswith("size"):
            columns = re.split(r"\s{2,}", line.strip())[1:]
            continue
        tokens = line.split()
        if len(tokens) < 2 + len(columns) or not columns:
            continue
        size = " ".join(tokens[:2])
        for name, value in zip(columns, tokens[2:]):
            if name != "ratio" and not value.endswith("x"):
                key = (size, name)
                rows[key] = min(rows.get(key, float("inf")), float(value))
    return rows

shipped, host = best(sys.argv[1]), best(sys.argv[2])
print(f"{'size':>7} {'timing':>18} {'shipped':>10} {'host':>10} {'shipped/host':>13}")
for (size, name), value in shipped.items():
    other = host[(size, name)]
    print(f"{size:>7} {name:>18} {value:10.1f} {other:10.1f} {value / other:12.2f}x")
EOF
