#!/usr/bin/env bash
# Install the Debian packages the tests need, only those missing:
#
#   bash scripts/system-packages.sh               # chromium, fonts-noto-cjk (browser tests), Pango (WeasyPrint PDF)
#   bash scripts/system-packages.sh postgresql    # ... and PostgreSQL 15 (the tests on PostgreSQL)
#
# Runs apt-get as root, or through sudo. Prints one line per package installed, nothing when all are there.
set -euo pipefail

# Pango, PangoFT2 and HarfBuzz subset: the libraries WeasyPrint (annual report PDF) loads at run time.
packages=(chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
for arg in "$@"; do
    case "$arg" in
        postgresql) packages+=(postgresql) ;;
        -h | --help)
            sed -n '2,7s/^# \{0,1\}//p' "$0"
            exit 0
            ;;
        *)
            echo "system-packages: unknown argument: $arg (known: postgresql)" >&2
            exit 2
            ;;
    esac
done

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "system-packages: not a Debian system; install these yourself: ${packages[*]}" >&2
    exit 0
fi

installed() {
    [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" == "installed" ]]
}

missing=()
for pkg in "${packages[@]}"; do
    installed "$pkg" || missing+=("$pkg")
done
((${#missing[@]})) || exit 0

if [[ $EUID -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "system-packages: missing ${missing[*]}; run this script as root (no sudo here)" >&2
    exit 1
fi

log=$(mktemp "${TMPDIR:-/tmp}/fazhi-apt.XXXXXX")
trap 'rm -f "$log"' EXIT
# Wait for another apt/dpkg run (unattended upgrades, a parallel install) instead of failing on its lock.
apt_get=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=900)

echo "system-packages: installing ${missing[*]} (apt-get; this can take a few minutes)" >&2
if ! "${apt_get[@]}" update >"$log" 2>&1; then
    cat "$log" >&2
    echo "system-packages: apt-get update failed" >&2
    exit 1
fi
if ! "${apt_get[@]}" install --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
    cat "$log" >&2
    echo "system-packages: apt-get install ${missing[*]} failed" >&2
    exit 1
fi

status=0
for pkg in "${missing[@]}"; do
    if installed "$pkg"; then
        echo "installed $pkg $(dpkg-query -W -f='${Version}' "$pkg")"
    else
        echo "system-packages: $pkg is still not installed" >&2
        status=1
    fi
done
exit "$status"
