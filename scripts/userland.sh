# Sourced, not run: older and foreign Debian userlands for testing the built bindings.
#
#   userland_bullseye     prints the path of a Debian 11 (glibc 2.31) amd64 tree with python3,
#                         python3-venv, python3-pip, and the host's node and npm copied in
#   in_bullseye CMD...    runs CMD chrooted in that tree (needs root), with /proc, /dev,
#                         /etc/ssl/certs, /etc/resolv.conf and the project directory mounted
#                         in a private mount namespace (gone when CMD ends, whatever its status)
#   userland_arm64        prints the path of a Debian 12 arm64 tree with nodejs and python3
#   in_arm64 CMD...       runs the tree's arm64 CMD under qemu-aarch64 (a user-mode emulator:
#                         CMD cannot start other arm64 programs itself)
#   debian_apt DIR CMD... runs apt-get or apt-cache with its own lists, downloads and status in
#                         DIR, from this machine's apt sources (to download packages, not install)
#
# Trees are built once with debootstrap from Debian's packages and kept under
# $SIGNHOOK_CACHE/userland (default ~/.cache/signhook); later calls only check a stamp file.
# Environment:
#   SIGNHOOK_CACHE            cache directory
#   SIGNHOOK_DEBIAN_MIRROR    Debian mirror (default: the one this machine's apt uses)
#   SIGNHOOK_USERLAND_PROJECT directory mounted at the same path in the chroot (default: this repo)
# Inside the chroot the environment is clean (PATH, HOME=/root, LANG=C.UTF-8) plus CI, TERM,
# proxy and CA-bundle variables; pass more with `in_bullseye env NAME=value CMD...`.
# Example: source scripts/userland.sh; in_bullseye python3 -m venv /tmp/venv

_userland_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_userland_bullseye_key="bullseye amd64 minbase python3,python3-venv,python3-pip v1"
_userland_arm64_key="bookworm arm64 minbase nodejs,python3 v1"

_userland_dir() { printf '%s/userland' "${SIGNHOOK_CACHE:-$HOME/.cache/signhook}"; }

# The Debian mirror: SIGNHOOK_DEBIAN_MIRROR, else the first one this machine's apt sources name.
_userland_mirror() {
  if [ -n "${SIGNHOOK_DEBIAN_MIRROR:-}" ]; then
    printf '%s' "$SIGNHOOK_DEBIAN_MIRROR"
    return
  fi
  local uri
  uri="$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' | grep -E '/debian/?$' | head -1)"
  [ -n "$uri" ] || uri="$(sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]*\).*/\2/p' /etc/apt/sources.list 2>/dev/null | grep -E '/debian/?$' | head -1)"
  [ -n "$uri" ] || { echo "userland: no Debian mirror in the apt sources; set SIGNHOOK_DEBIAN_MIRROR" >&2; return 1; }
  printf '%s' "$uri"
}

# debian_apt DIR apt-get|apt-cache ARGS...: runs apt with its package lists, downloads and (empty)
# dpkg status in DIR, from this machine's apt sources; nothing of the machine's own apt state is
# read or changed. For downloading Debian's packages (apt-get download) without installing them.
debian_apt() {
  local dir=$1 tool=$2
  shift 2
  mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" || return
  [ -f "$dir/status" ] || : > "$dir/status"
  "$tool" -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache" -o "Dir::State::status=$dir/status" \
    -o Debug::NoLocking=1 -o APT::Sandbox::User=root -o Acquire::Languages=none "$@"
}

_userland_need() { # _userland_need COMMAND DEBIAN_PACKAGE: installs the package when COMMAND is missing
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "userland: installing Debian's $2" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2"; } >&2
}

# _userland_build NAME KEY BUILDER: runs BUILDER DIR (into a scratch directory) unless the tree NAME
# is stamped with KEY, then moves it into place and stamps it. Serialised by a lock file.
_userland_build() {
  local base name=$1 key=$2 builder=$3
  base="$(_userland_dir)"
  mkdir -p "$base" || return
  (
    flock 9
    [ -d "$base/$name" ] && [ "$(cat "$base/$name.stamp" 2>/dev/null)" = "$key" ] && exit 0
    rm -f "$base/$name.stamp"
    rm -rf --one-file-system "$base/$name" "$base/$name.tmp"
    local start=$SECONDS
    echo "userland: building $name in $base (once; later runs reuse it)" >&2
    "$builder" "$base/$name.tmp" || { echo "userland: building $name failed" >&2; exit 1; }
    mv "$base/$name.tmp" "$base/$name" && printf '%s\n' "$key" > "$base/$name.stamp" || exit 1
    echo "userland: $name ready in $((SECONDS - start)) s, $(du -sh --one-file-system "$base/$name" | cut -f1)" >&2
  ) 9> "$base/$name.lock" || return
  printf '%s\n' "$base/$name"
}

_userland_make_bullseye() {
  local root=$1
  _userland_need debootstrap debootstrap || return
  # A private mount namespace: whatever debootstrap mounts goes away with it.
  unshare --mount --propagation private -- debootstrap --variant=minbase \
    --include=python3,python3-venv,python3-pip \
    bullseye "$root" "$(_userland_mirror)" >&2 || return
  rm -f "$root"/var/cache/apt/archives/*.deb
}

# Node does not come from bullseye (its nodejs is 12): the host's node (it needs glibc >= 2.28)
# and npm are copied in, and refreshed when the host's change.
_userland_bullseye_node() {
  local root=$1 node npm_dir
  node="$(command -v node 2>/dev/null)" || return 0
  node="$(readlink -f "$node")"
  if [ "$(stat -c %s.%Y "$node")" != "$(stat -c %s.%Y "$root/usr/local/bin/node" 2>/dev/null)" ]; then
    cp -p "$node" "$root/usr/local/bin/node" || return
  fi
  npm_dir="$(dirname "$node")/../lib/node_modules/npm"
  if [ -f "$npm_dir/package.json" ] && ! cmp -s "$npm_dir/package.json" "$root/usr/local/lib/node_modules/npm/package.json"; then
    mkdir -p "$root/usr/local/lib/node_modules" &&
      rm -rf "$root/usr/local/lib/node_modules/npm" &&
      cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm" &&
      ln -sfn ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm" &&
      ln -sfn ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx" || return
  fi
}

userland_bullseye() {
  local root
  root="$(_userland_build bullseye-amd64 "$_userland_bullseye_key" _userland_make_bullseye)" || return
  _userland_bullseye_node "$root" || return
  printf '%s\n' "$root"
}

in_bullseye() {
  [ $# -gt 0 ] || { echo "usage: in_bullseye CMD [ARGS...]" >&2; return 2; }
  local root project cwd var
  root="$(userland_bullseye)" || return
  project="$(cd "${SIGNHOOK_USERLAND_PROJECT:-$_userland_repo}" && pwd)" || return
  cwd="$PWD"
  case "$cwd/" in "$project"/*) ;; *) cwd="$project" ;; esac
  local -a envs=(HOME=/root LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)
  for var in CI TERM http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY \
    SSL_CERT_FILE SSL_CERT_DIR REQUESTS_CA_BUNDLE CURL_CA_BUNDLE NODE_EXTRA_CA_CERTS PIP_CERT \
    PIP_INDEX_URL PIP_DEFAULT_TIMEOUT PIP_DISABLE_PIP_VERSION_CHECK npm_config_registry; do
    [ -n "${!var+x}" ] && envs+=("$var=${!var}")
  done
  # The mounts live in a private namespace: the host never sees them, and they are gone when
  # the command ends, even if it fails or is killed.
  unshare --mount --propagation private -- /bin/sh -c '
    set -e
    root=$1 project=$2; shift 2
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
    if [ -d /etc/ssl/certs ]; then mkdir -p "$root/etc/ssl/certs"; mount --rbind -o ro /etc/ssl/certs "$root/etc/ssl/certs"; fi
    if [ -f /etc/resolv.conf ]; then [ -f "$root/etc/resolv.conf" ] && ! [ -L "$root/etc/resolv.conf" ] || { rm -f "$root/etc/resolv.conf"; : > "$root/etc/resolv.conf"; }; mount --bind -o ro /etc/resolv.conf "$root/etc/resolv.conf"; fi
    mkdir -p "$root$project"
    mount --rbind "$project" "$root$project"
    exec chroot "$root" /usr/bin/env -i "$@"
  ' in_bullseye "$root" "$project" \
    "${envs[@]}" /bin/sh -c 'cd "$0" && exec "$@"' "$cwd" "$@"
}

_userland_make_arm64() {
  local root=$1 deb
  _userland_need debootstrap debootstrap || return
  _userland_need dpkg-deb dpkg || return
  # --foreign only unpacks the base; the second stage would need to run arm64 programs. The
  # downloaded packages (nodejs, python3 and their dependencies) are unpacked instead.
  debootstrap --arch arm64 --foreign --variant=minbase --include=nodejs,python3 \
    bookworm "$root" "$(_userland_mirror)" >&2 || return
  for deb in "$root"/var/cache/apt/archives/*.deb; do
    dpkg-deb --fsys-tarfile "$deb" | tar -x --keep-directory-symlink -C "$root" || return
  done
  rm -f "$root"/var/cache/apt/archives/*.deb
}

userland_arm64() {
  _userland_build bookworm-arm64 "$_userland_arm64_key" _userland_make_arm64
}

in_arm64() {
  [ $# -gt 0 ] || { echo "usage: in_arm64 CMD [ARGS...]" >&2; return 2; }
  local root cmd=$1 dir exe=
  root="$(userland_arm64)" || return
  _userland_need qemu-aarch64 qemu-user || return
  case "$cmd" in
    /*) if [ -e "$root$cmd" ]; then exe="$root$cmd"; else exe="$cmd"; fi ;; # the tree's, else the host's
    */*) exe="$cmd" ;;
    *) for dir in /usr/local/bin /usr/bin /bin /usr/sbin /sbin; do
         [ -x "$root$dir/$cmd" ] && { exe="$root$dir/$cmd"; break; }
       done ;;
  esac
  [ -n "$exe" ] && [ -e "$exe" ] || { echo "in_arm64: $cmd not found" >&2; return 127; }
  # -L: the guest's own paths (its loader, libraries, /usr/lib/python3...) resolve in the tree
  # first, then on the host, so files of the project are reachable at their usual paths.
  qemu-aarch64 -L "$root" "$exe" "${@:2}"
}
