# Sourced, not run: builds signhook for Linux targets other than the host's, linking with zig.
#
#   cross_cargo TARGET SUBCOMMAND [ARGS...]   cargo for TARGET; SUBCOMMAND is build, test, run,
#                                             check, clippy, doc or rustc
#   cross_artifact_dir TARGET                 where `cross_cargo TARGET build --release` puts
#                                             its artifacts (<target dir>/TARGET/release)
#   cross_maturin TARGET [ARGS...]            `maturin build` of a wheel for TARGET (cargo's
#                                             files in <target dir>/maturin); maturin is
#                                             $MATURIN or the one on PATH
#   cross_tools                               installs zig and cargo-zigbuild (done on sourcing)
#
# TARGET is one of
#   x86_64-unknown-linux-gnu    glibc 2.17 baseline (manylinux2014)
#   aarch64-unknown-linux-gnu   glibc 2.17 baseline (manylinux2014)
#   x86_64-unknown-linux-musl   musl 1.2 (musllinux_1_2)
#   aarch64-unknown-linux-musl  musl 1.2 (musllinux_1_2)
#
# zig (PyPI `ziglang`) and cargo-zigbuild (PyPI `cargo-zigbuild`) are installed once, pinned, in a
# virtualenv under $SIGNHOOK_CACHE (default ~/.cache/signhook). When rustup has no standard library
# for TARGET, std is built from source with Debian's rustc-web and rust-web-src (installed when
# missing, linked as the rustup toolchain `debian-web`), with RUSTC_BOOTSTRAP=1 and -Z build-std
# (std brings panic_unwind: panics unwind, which napi's and PyO3's catch_unwind need).
#
# musl: cdylibs (the Node and Python modules) are linked against musl's libc.so
# (-C target-feature=-crt-static); test and run build static executables instead, which
# also run on a glibc host. Those two kinds of std live in different target directories: static
# ones under <target dir>/musl-static. The unwinder is zig's libunwind, linked in statically: the
# outputs need neither glibc nor libgcc_s.
#
# Environment: SIGNHOOK_CACHE; CARGO_TARGET_DIR, the <target dir> (default: $SIGNHOOK_CACHE/target,
# shared by every checkout); RUSTFLAGS and RUSTDOCFLAGS, kept and extended.
# Exported on sourcing, also used by maturin --zig:
# CARGO_ZIGBUILD_ZIG_PATH, CARGO_ZIGBUILD_CACHE_DIR and ZIG_GLOBAL_CACHE_DIR (zig's own cache).
# Example: source scripts/cross-toolchain.sh; cross_cargo aarch64-unknown-linux-gnu build --release -p signhook-node

_cross_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_cross_pins="ziglang==0.15.2 cargo-zigbuild==0.24.0"

_cross_cache() { printf '%s' "${SIGNHOOK_CACHE:-$HOME/.cache/signhook}"; }

cross_tools() {
  local venv zig
  venv="$(_cross_cache)/zig-venv"
  if [ "$(cat "$venv/.stamp" 2>/dev/null)" != "$_cross_pins" ] || ! [ -x "$venv/bin/cargo-zigbuild" ]; then
    echo "cross: installing $_cross_pins into $venv" >&2
    rm -rf "$venv"
    "${PYTHON:-python3}" -m venv "$venv" &&
      "$venv/bin/python" -m pip install -q --disable-pip-version-check $_cross_pins >&2 || return
    printf '%s\n' "$_cross_pins" > "$venv/.stamp"
  fi
  zig=("$venv"/lib/python3*/site-packages/ziglang/zig)
  [ -x "${zig[0]}" ] || { echo "cross: zig not found in $venv" >&2; return 1; }
  export CARGO_ZIGBUILD_ZIG_PATH="${zig[0]}"
  export CARGO_ZIGBUILD_CACHE_DIR="$(_cross_cache)/cargo-zigbuild"
  export ZIG_GLOBAL_CACHE_DIR="${ZIG_GLOBAL_CACHE_DIR:-$(_cross_cache)/zig-cache}"
  _cross_zigbuild="$venv/bin/cargo-zigbuild"
}

# Debian's rustc-web with its standard library sources, as the rustup toolchain `debian-web`.
_cross_debian_rust() {
  if ! [ -x /usr/bin/rustc ] || ! [ -d /usr/lib/rustlib/src/rust/library ]; then
    echo "cross: installing Debian's rustc-web and rust-web-src (to build std from source)" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        rustc-web cargo-web rust-web-src; } >&2 || return
  fi
  rustup toolchain list | grep -q '^debian-web' || rustup toolchain link debian-web /usr
}

_cross_has_rustup_target() {
  case " $_cross_rustup_targets " in *" $1 "*) return 0 ;; esac
  return 1
}

# _cross_setup TARGET SUBCOMMAND: sets _cross_toolchain, _cross_target (with the glibc suffix),
# _cross_flags (extra cargo args), _cross_rustflags, _cross_rustdocflags and _cross_target_dir.
_cross_setup() {
  local target=$1 sub=$2
  _cross_toolchain=
  _cross_flags=()
  _cross_rustflags="${RUSTFLAGS:-}"
  _cross_rustdocflags="${RUSTDOCFLAGS:-}"
  _cross_target_dir="${CARGO_TARGET_DIR:-$(_cross_cache)/target}"
  case "$target" in
    x86_64-unknown-linux-gnu | aarch64-unknown-linux-gnu) _cross_target="$target.2.17" ;;
    x86_64-unknown-linux-musl | aarch64-unknown-linux-musl)
      _cross_target="$target"
      case "$sub" in
        test | run) # static; zig brings the C runtime objects rustc would look for in its sysroot
          _cross_target_dir="$_cross_target_dir/musl-static"
          _cross_rustflags="${_cross_rustflags:+$_cross_rustflags }-C link-self-contained=no"
          _cross_rustdocflags="${_cross_rustdocflags:+$_cross_rustdocflags }-C link-self-contained=no" ;;
        *) _cross_rustflags="${_cross_rustflags:+$_cross_rustflags }-C target-feature=-crt-static" ;;
      esac ;;
    *) echo "cross: unsupported target $target" >&2; return 2 ;;
  esac
  if ! _cross_has_rustup_target "$target"; then
    _cross_debian_rust || return
    _cross_toolchain=debian-web
    _cross_flags=(-Z build-std=std)
  fi
}

cross_cargo() {
  [ $# -ge 2 ] || { echo "usage: cross_cargo TARGET SUBCOMMAND [ARGS...]" >&2; return 2; }
  local target=$1 sub=$2
  _cross_setup "$target" "$sub" || return
  case "$sub" in
    build) sub=zigbuild ;;
    test | run | check | clippy | doc | rustc) ;;
    *) echo "cross_cargo: unsupported subcommand $sub" >&2; return 2 ;;
  esac
  (
    [ -n "$_cross_toolchain" ] && export RUSTUP_TOOLCHAIN="$_cross_toolchain" RUSTC_BOOTSTRAP=1
    export RUSTFLAGS="$_cross_rustflags" RUSTDOCFLAGS="$_cross_rustdocflags" CARGO_TARGET_DIR="$_cross_target_dir"
    [ -n "$RUSTFLAGS" ] || unset RUSTFLAGS
    [ -n "$RUSTDOCFLAGS" ] || unset RUSTDOCFLAGS
    "$_cross_zigbuild" "$sub" --target "$_cross_target" "${_cross_flags[@]}" "${@:3}"
  )
}

cross_artifact_dir() {
  printf '%s/%s/release\n' "${CARGO_TARGET_DIR:-$(_cross_cache)/target}" "$1"
}

cross_maturin() {
  [ $# -ge 1 ] || { echo "usage: cross_maturin TARGET [MATURIN_BUILD_ARGS...]" >&2; return 2; }
  local target=$1 compat
  _cross_setup "$target" build || return
  case "$target" in *-gnu) compat=manylinux2014 ;; *) compat=musllinux_1_2 ;; esac
  (
    [ -n "$_cross_toolchain" ] && export RUSTUP_TOOLCHAIN="$_cross_toolchain" RUSTC_BOOTSTRAP=1
    # maturin passes flags of its own: a target directory of its own keeps cross_cargo's std
    # from being rebuilt after every wheel.
    export RUSTFLAGS="$_cross_rustflags" CARGO_TARGET_DIR="$_cross_target_dir/maturin"
    [ -n "$RUSTFLAGS" ] || unset RUSTFLAGS
    "${MATURIN:-maturin}" build --target "$target" --zig --compatibility "$compat" \
      "${_cross_flags[@]}" "${@:2}"
  )
}

cross_tools || return
_cross_rustup_targets="$(rustup target list --installed 2>/dev/null | tr '\n' ' ')"
