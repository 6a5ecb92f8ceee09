#!/usr/bin/env bash
# A real redis-server for the tests that need one. `bash scripts/redis.sh` prints the absolute
# path of a working redis-server on stdout (progress on stderr), or fails with a message; sourced,
# it defines `redis_server`, which does the same.
#
# Which one: SIGNHOOK_REDIS_SERVER if set, else redis-server on PATH, else Debian's redis-server
# and redis-tools packages for this machine's release (from its apt sources), downloaded once
# with apt-get download and unpacked, not installed, under $SIGNHOOK_CACHE/redis (default
# ~/.cache/signhook), with whichever of the shared libraries they need this machine lacks.
# Later calls only check that the unpacked binary runs. SIGNHOOK_REDIS_DOWNLOAD=1 ignores a
# redis-server on PATH.

# shellcheck source=scripts/userland.sh
source "$(dirname "${BASH_SOURCE[0]}")/userland.sh"

_redis_key="redis-server redis-tools v1"

_redis_fail() { echo "redis: $*" >&2; return 1; }

_redis_runs() { "$1" --version >/dev/null 2>&1; }

# The directories of the shared libraries unpacked under ROOT, joined by colons.
_redis_libdirs() { find "$1" -name 'lib*.so*' -printf '%h\n' 2>/dev/null | sort -u | paste -sd:; }

# The shared libraries the redis-server under ROOT needs and finds neither there nor on the machine.
_redis_missing() {
  LD_LIBRARY_PATH="$(_redis_libdirs "$1")" ldd "$1/usr/bin/redis-server" |
    sed -n 's/^[[:space:]]*\([^[:space:]]*\) => not found$/\1/p'
}

# Downloads and unpacks into DIR (a scratch directory) and writes DIR/bin/redis-server, a
# wrapper that runs the unpacked binary from FINAL, where DIR is moved afterwards.
_redis_fetch() {
  local dir=$1 final=$2 apt=$1/apt root=$1/root pkg deb wanted libdirs
  local -a seen=(redis-server redis-tools) new missing
  command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null ||
    _redis_fail "no redis-server on PATH, and no apt-get and dpkg-deb to fetch Debian's" || return
  mkdir -p "$dir/debs" "$root" "$dir/bin" || return
  debian_apt "$apt" apt-get update -qq >&2 || return
  (cd "$dir/debs" && debian_apt "$apt" apt-get download -qq "${seen[@]}") >&2 || return
  for deb in "$dir"/debs/redis-*.deb; do dpkg-deb -x "$deb" "$root" || return; done
  # Libraries the machine lacks come from the library packages that the downloaded ones depend
  # on (libc6 aside): each round downloads the next level and unpacks the ones that provide one.
  while mapfile -t missing < <(_redis_missing "$root") && [ ${#missing[@]} -gt 0 ]; do
    mapfile -t new < <(debian_apt "$apt" apt-cache depends "${seen[@]}" |
      sed -n 's/^  |\{0,1\}Depends: \(lib[^:[:space:]<>]*\).*/\1/p' | sort -u |
      grep -vxF -e libc6 "${seen[@]/#/-e}")
    [ ${#new[@]} -gt 0 ] || _redis_fail "no Debian package here provides ${missing[*]}" || return
    echo "redis: this machine lacks ${missing[*]}; looking in ${new[*]}" >&2
    (cd "$dir/debs" && debian_apt "$apt" apt-get download -qq "${new[@]}") >&2 || return
    wanted="$(IFS='|'; echo "${missing[*]//./\\.}")"
    for pkg in "${new[@]}"; do
      deb="$(echo "$dir/debs/${pkg}_"*.deb)"
      if dpkg-deb -c "$deb" | grep -E "/($wanted)( ->|\$)" >/dev/null; then
        echo "redis: unpacking $pkg" >&2
        dpkg-deb -x "$deb" "$root" || return
      fi
    done
    seen+=("${new[@]}")
  done
  libdirs="$(_redis_libdirs "$root")"
  libdirs="${libdirs//"$root"/$final/root}"
  # exec: the wrapper's process becomes redis-server, so signals sent to it reach redis.
  {
    echo '#!/bin/sh'
    [ -z "$libdirs" ] || echo "export LD_LIBRARY_PATH=\"$libdirs\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}\""
    echo "exec \"$final/root/usr/bin/redis-server\" \"\$@\""
  } > "$dir/bin/redis-server" && chmod +x "$dir/bin/redis-server" || return
  rm -rf "${dir:?}/apt" "$dir/debs" "$dir/root/usr/share" "$dir/root/etc" "$dir/root/lib/systemd"
}

redis_server() {
  local bin base
  if [ -n "${SIGNHOOK_REDIS_SERVER:-}" ]; then
    _redis_runs "$SIGNHOOK_REDIS_SERVER" || _redis_fail "SIGNHOOK_REDIS_SERVER=$SIGNHOOK_REDIS_SERVER does not run" || return
    printf '%s\n' "$SIGNHOOK_REDIS_SERVER"
    return
  fi
  if [ -z "${SIGNHOOK_REDIS_DOWNLOAD:-}" ] && bin="$(command -v redis-server)" && _redis_runs "$bin"; then
    realpath -s "$bin"
    return
  fi
  base="${SIGNHOOK_CACHE:-$HOME/.cache/signhook}/redis"
  bin="$base/bin/redis-server"
  mkdir -p "$(dirname "$base")" || return
  (
    flock 9
    [ "$(cat "$base/.stamp" 2>/dev/null)" = "$_redis_key" ] && _redis_runs "$bin" && exit 0
    local start=$SECONDS
    echo "redis: fetching Debian's redis-server into $base (once; later runs reuse it)" >&2
    rm -rf "$base" "$base.tmp"
    _redis_fetch "$base.tmp" "$base" || { rm -rf "$base.tmp"; exit 1; }
    mv "$base.tmp" "$base" && printf '%s\n' "$_redis_key" > "$base/.stamp" || exit
    echo "redis: $("$bin" --version | cut -d' ' -f1-3) ready in $((SECONDS - start)) s, $(du -sh "$base" | cut -f1)" >&2
  ) 9> "$base.lock" && _redis_runs "$bin" ||
    _redis_fail "could not get a working redis-server from Debian's packages (see above)" || return
  printf '%s\n' "$bin"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -o pipefail
  redis_server
fi
