#!/usr/bin/env bash
# Tests the Python artifacts that bindings-python/dist.sh put in DIST (default: the repository's
# dist/), installed where users run them:
#   1. the files: `auditwheel show` confirms each wheel's tag (manylinux_2_17 / musllinux_1_2,
#      x86_64 / aarch64), one stripped abi3 module per wheel, musl's own loader resolves the musl
#      modules' imports, the sdist holds the sources (dist-tests/test_wheels.py);
#   2. the manylinux x86_64 wheel, pip-installed into a virtualenv of each CPython 3.9 to 3.13 that
#      pyenv provides (a missing one fails), passes the whole pytest suite of tests/;
#   3. the same wheel, pip-installed in a Debian 11 (glibc 2.31) userland by its own python3 and
#      pip, passes the vector and API tests;
#   4. the manylinux aarch64 wheel, pip-installed for Debian 12's arm64 CPython, passes the vector
#      and API tests in that interpreter under qemu-user;
#   5. the sdist builds and installs from source (pip, maturin from the build requirements, the Rust
#      toolchain on PATH, no zig) in a fresh CPython 3.9 virtualenv, and passes the vector and API
#      tests;
#   6. the README's Flask quick start, in a fresh virtualenv with the wheel, Flask and redis-py,
#      served on 127.0.0.1 with a real redis-server, answers a signed delivery 200, its redelivery
#      200 as a duplicate and a forged one 401 (dist-tests/test_quickstart.py).
# The suite's dependencies are requirements-dev.txt's pins, or the newest release an older CPython
# supports (dist-tests/tools.sh). The virtualenvs of step 2 are kept in $SIGNHOOK_CACHE/dist-venvs,
# one per interpreter and set of requirements (SIGNHOOK_FRESH_VENVS=1 makes them anew); the wheel
# under test is always reinstalled. Installs what it needs (scripts/userland.sh, Debian's musl).
# SIGNHOOK_DIST_STEPS runs only the steps named (files cpython debian11 arm64 sdist quickstart);
# the summary names the ones left out.
#
#   bash bindings-python/test-dist.sh [DIST]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
dist="$(cd "${1:-$repo/dist}" && pwd)"
cache="${SIGNHOOK_CACHE:-$HOME/.cache/signhook}"
tests="$here/tests"

# shellcheck source=dist-tests/tools.sh
source "$here/dist-tests/tools.sh"
# shellcheck source=../scripts/userland.sh
source "$repo/scripts/userland.sh"

all_steps="files cpython debian11 arm64 sdist quickstart"
steps="${SIGNHOOK_DIST_STEPS:-$all_steps}"
for name in $steps; do
  case " $all_steps " in *" $name "*) ;; *) echo "unknown step $name (steps: $all_steps)" >&2; exit 2 ;; esac
done
left_out=()
for name in $all_steps; do case " $steps " in *" $name "*) ;; *) left_out+=("$name") ;; esac; done
wanted() { case " $steps " in *" $1 "*) return 0 ;; esac; return 1; }

started=$SECONDS
step_start=$SECONDS
step() {
  printf '\n== python: %s\n' "$*"
  step_start=$SECONDS
}
took() { echo "-- $((SECONDS - step_start)) s"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

one() { # one PATTERN...: the single file the glob matches
  local files=()
  for f in "$@"; do [ -e "$f" ] && files+=("$f"); done
  [ "${#files[@]}" = 1 ] || fail "expected one file matching $1, found ${#files[@]}"
  printf '%s\n' "${files[0]}"
}

wheel_x64="$(one "$dist"/signhook-*manylinux_2_17_x86_64.whl)"
wheel_arm64="$(one "$dist"/signhook-*manylinux_2_17_aarch64.whl)"
sdist="$(one "$dist"/signhook-[0-9]*.tar.gz)"

dist_tools
reqs="$(mktemp)"
work="$(mktemp -d)"
trap 'rm -rf "$reqs" "$work"' EXIT
suite_requirements > "$reqs"
mapfile -t req_lines < "$reqs"
req() { grep -E "^$1[<=>]" "$reqs"; } # the suite's requirement line for a package
export PYTHONDONTWRITEBYTECODE=1

# The floor test.sh sets for the whole suite (it fails if fewer tests passed), and one for the
# vector and API tests: every vector case runs twice.
floor="$(sed -n 's/.*SIGNHOOK_MIN_TESTS=\([0-9][0-9]*\).*/\1/p' "$here/test.sh" | head -1)"
floor="${floor:-500}"
vector_floor=400

# CPython X.Y from pyenv: its newest X.Y.Z build (free-threaded and other variants left out).
pyenv_python() {
  local root version
  root="$(pyenv root 2>/dev/null)" || fail "pyenv is not installed: CPython $1 is missing"
  version="$(ls "$root/versions" 2>/dev/null | grep -E "^${1//./\\.}\.[0-9]+$" | sort -V | tail -1)"
  [ -n "$version" ] && [ -x "$root/versions/$version/bin/python$1" ] ||
    fail "pyenv has no CPython $1 (pyenv install $1)"
  printf '%s\n' "$root/versions/$version/bin/python$1"
}

# A virtualenv of PY with the suite's requirements, cached by interpreter and requirements (the
# caller holds the interpreter's lock).
suite_venv() {
  local py=$1 minor key venv
  minor="$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  key="$({ "$py" -VV; readlink -f "$py"; cat "$reqs"; echo v1; } | sha256sum | cut -c1-16)"
  venv="$cache/dist-venvs/py$minor-$key"
  if [ -n "${SIGNHOOK_FRESH_VENVS:-}" ] || ! [ -f "$venv/.complete" ]; then
    rm -rf "$cache/dist-venvs/py$minor-"*
    "$py" -m venv "$venv" >&2
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$reqs" >&2
    touch "$venv/.complete"
  fi
  printf '%s\n' "$venv"
}

# Which versions of the suite's requirements PY has, and where they differ from the pins.
suite_versions() {
  "$1" - "$reqs" <<'EOF'
import re, sys
from importlib.metadata import version
out = []
for line in open(sys.argv[1]):
    name, pin = re.match(r"([A-Za-z0-9_.-]+)(?:\[.*\])?<=(\S+)", line).groups()
    have = version(name)
    out.append(f"{name} {have}" + ("" if have == pin else f" (not {pin}: needs a newer Python)"))
print("   " + ", ".join(out))
EOF
}

# Debian's musl 1.2 for amd64 and arm64, unpacked (not installed) under the cache, for its loader.
debian_musl() {
  local base="$cache/debian-musl"
  mkdir -p "$cache"
  (
    flock 9
    local key="bookworm musl amd64 arm64 v1" apt_dir="$base/apt"
    [ "$(cat "$base/.stamp" 2>/dev/null)" = "$key" ] && exit 0
    echo "python: fetching Debian's musl for amd64 and arm64 into $base" >&2
    rm -rf "$base"
    mkdir -p "$base/debs"
    local -a arches=(-o APT::Architecture=amd64 -o APT::Architectures::=amd64 -o APT::Architectures::=arm64)
    debian_apt "$apt_dir" apt-get "${arches[@]}" update -qq >&2
    (cd "$base/debs" && debian_apt "$apt_dir" apt-get "${arches[@]}" download -qq musl:amd64 musl:arm64 >&2)
    dpkg-deb -x "$(one "$base"/debs/musl_*_amd64.deb)" "$base/x86_64"
    dpkg-deb -x "$(one "$base"/debs/musl_*_arm64.deb)" "$base/aarch64"
    rm -rf "$apt_dir" "$base/debs"
    printf '%s\n' "$key" > "$base/.stamp"
  ) 9> "$base.lock"
  export SIGNHOOK_MUSL_X86_64="$base/x86_64" SIGNHOOK_MUSL_AARCH64="$base/aarch64"
}

run_files() {
  step "the artifacts: auditwheel tags, stripped modules, musl's loader, the sdist's files"
  debian_musl
  command -v qemu-aarch64 >/dev/null ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends qemu-user; } >&2
  (cd "$here/dist-tests" && SIGNHOOK_DIST="$dist" "$DIST_PY" -m pytest -q -p no:cacheprovider test_wheels.py)
  took
}

run_cpython() {
  step "${wheel_x64##*/}: the whole suite on CPython 3.9, 3.10, 3.11, 3.12 and 3.13 (at least $floor tests each)"
  mkdir -p "$cache/dist-venvs"
  for minor in 3.9 3.10 3.11 3.12 3.13; do
    py="$(pyenv_python "$minor")"
    # One run at a time per interpreter: the cached virtualenv holds the wheel under test.
    (
      flock 9
      venv="$(suite_venv "$py")"
      "$venv/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$wheel_x64"
      echo "-- $("$venv/bin/python" -V) in ${venv#"$cache"/}"
      suite_versions "$venv/bin/python"
      cd "$tests"
      SIGNHOOK_MIN_TESTS="$floor" "$venv/bin/python" -m pytest -q -p no:cacheprovider
    ) 9> "$cache/dist-venvs/py$minor.lock"
  done
  took
}

run_debian11() {
  step "${wheel_x64##*/}: Debian 11 (glibc 2.31), its own python3 and pip, vector and API tests"
  userland_bullseye >/dev/null
  # The wheel goes in on standard input: the chroot sees the project, not necessarily DIST.
  in_bullseye env SIGNHOOK_MIN_TESTS="$vector_floor" PYTHONDONTWRITEBYTECODE=1 sh -c '
    set -e
    mkdir /tmp/wheel && cat > "/tmp/wheel/$1"
    echo "$(. /etc/os-release && echo "$PRETTY_NAME"), $(ldd --version | head -1), $(python3 -V), $(python3 -m pip -V | cut -d" " -f1-2)"
    python3 -m venv /tmp/venv
    wheel=$1 tests=$2
    shift 2
    /tmp/venv/bin/python -m pip install -q "/tmp/wheel/$wheel" "$@"
    cd "$tests" && /tmp/venv/bin/python -m pytest -q -p no:cacheprovider test_vectors.py test_api.py
  ' sh "${wheel_x64##*/}" "$tests" "${req_lines[@]}" < "$wheel_x64"
  took
}

run_arm64() {
  step "${wheel_arm64##*/}: Debian 12's arm64 python3 under qemu-user, vector and API tests"
  userland_arm64 >/dev/null
  arm_py="$(in_arm64 /usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  # A process under qemu-user cannot start another arm64 program, so nothing is installed by the
  # arm64 pip: the host's pip installs for that interpreter's platform into directories on
  # PYTHONPATH (the suite's requirements, cached; the wheel, fresh each run), checking the tags.
  arm_pip=(--platform manylinux2014_aarch64 --python-version "$arm_py" --implementation cp --only-binary=:all:)
  mkdir -p "$cache/dist-arm64"
  (
    flock 9
    deps="$cache/dist-arm64/deps-$({ cat "$reqs"; echo "$arm_py v1"; } | sha256sum | cut -c1-16)"
    if ! [ -f "$deps/.complete" ]; then
      rm -rf "$cache"/dist-arm64/deps-*
      "$DIST_PY" -m pip install -q --disable-pip-version-check --target "$deps" "${arm_pip[@]}" \
        -r "$reqs"
      touch "$deps/.complete"
    fi
    "$DIST_PY" -m pip install -q --disable-pip-version-check --no-deps --target "$work/arm64" \
      "${arm_pip[@]}" "$wheel_arm64"
    export PYTHONPATH="$work/arm64:$deps"
    in_arm64 /usr/bin/python3 -c 'if True:
      import platform, signhook._signhook as native
      assert platform.machine() == "aarch64", platform.machine()
      print(f"Python {platform.python_version()} on {platform.machine()}: {native.__file__}")'
    cd "$tests"
    SIGNHOOK_MIN_TESTS="$vector_floor" in_arm64 /usr/bin/python3 -m pytest -q -p no:cacheprovider \
      test_vectors.py test_api.py
  ) 9> "$cache/dist-arm64.lock"
  took
}

run_sdist() {
  step "${sdist##*/}: built from source in a fresh CPython 3.9 virtualenv, vector and API tests"
  py39="$(pyenv_python 3.9)"
  "$py39" -m venv "$work/sdist-venv"
  command -v cargo >/dev/null || fail "the sdist needs a Rust toolchain: no cargo on PATH"
  # Nothing of the cross toolchain: pip's isolated build gets maturin from the build requirements and
  # finds cargo on PATH, as on a user's machine.
  if ! env -u CARGO_ZIGBUILD_ZIG_PATH -u CARGO_ZIGBUILD_CACHE_DIR -u ZIG_GLOBAL_CACHE_DIR \
    -u CARGO_TARGET_DIR -u RUSTUP_TOOLCHAIN -u RUSTC_BOOTSTRAP -u RUSTFLAGS -u MATURIN \
    -u CARGO_PROFILE_RELEASE_STRIP \
    "$work/sdist-venv/bin/python" -m pip install --disable-pip-version-check --no-cache-dir \
    --no-binary signhook "$sdist" > "$work/sdist.log" 2>&1; then
    cat "$work/sdist.log"
    fail "pip could not build and install ${sdist##*/}"
  fi
  grep -E 'Building wheel for signhook|Successfully installed' "$work/sdist.log" || true
  grep -q 'Building wheel for signhook' "$work/sdist.log" || fail "pip did not build signhook from ${sdist##*/}"
  "$work/sdist-venv/bin/python" -m pip install -q --disable-pip-version-check -r "$reqs"
  (cd "$tests" && SIGNHOOK_MIN_TESTS="$vector_floor" "$work/sdist-venv/bin/python" -m pytest -q \
    -p no:cacheprovider test_vectors.py test_api.py)
  took
}

run_quickstart() {
  step "the README's Flask quick start: a fresh virtualenv, pip install the wheel, Flask and redis, a real server"
  (cd "$here/dist-tests" && SIGNHOOK_DIST="$dist" SIGNHOOK_QUICKSTART_PYTHON="$(pyenv_python 3.13)" \
    SIGNHOOK_QUICKSTART_FLASK="$(req flask)" SIGNHOOK_QUICKSTART_REDIS="$(req redis)" \
    "$DIST_PY" -m pytest -q -p no:cacheprovider test_quickstart.py)
  took
}

for name in $all_steps; do
  if wanted "$name"; then "run_$name"; fi
done

echo
if [ "${#left_out[@]}" -gt 0 ]; then
  echo "python: the steps run passed in $((SECONDS - started)) s; left out by SIGNHOOK_DIST_STEPS: ${left_out[*]}"
else
  echo "python: every artifact test passed in $((SECONDS - started)) s"
fi
