#!/usr/bin/env bash
# `make dist-check`: install the built packages as a practitioner would, in a throwaway home
# folder, and run the installed app's self-check headless (a new practice, unlocked, a client
# written and read back, a protected PDF rendered and read by Qt, the window at the unlock
# screen). Then uninstall and make sure the practice data was kept. Exits non-zero on any
# failure. Never touches the real home folder, keychain or screen.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
version=${1:?usage: check.sh VERSION}
dist=$root/dist
name=practice-desk-$version-linux-$(uname -m)
tarball=$dist/$name.tar.xz
deb=$dist/practice-desk_${version}_$(dpkg --print-architecture 2> /dev/null || echo amd64).deb
size_limit_mib=250

scratch=$(mktemp -d -t practice-desk-dist-check.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "dist-check FAILED: $*" >&2; exit 1; }

# A home with nothing in it, and no session services: the self-check must need none.
export HOME=$scratch/home
unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_RUNTIME_DIR DBUS_SESSION_BUS_ADDRESS \
    PRACTICE_DESK_HOME DISPLAY WAYLAND_DISPLAY
export QT_QPA_PLATFORM=offscreen
export PRACTICE_DESK_ALLOW_ROOT=1  # CI runs as root; a practitioner's install refuses sudo
mkdir -p "$HOME"

echo "== tar.xz: $(basename "$tarball")"
[ -f "$tarball" ] || fail "no $tarball (run make dist)"
mkdir "$scratch/unpacked"
tar -C "$scratch/unpacked" -xJf "$tarball"
"$scratch/unpacked/$name/install.sh"
installed=$HOME/.local/share/practice-desk/app
[ -L "$HOME/.local/bin/practice-desk" ] || fail "no practice-desk launcher in ~/.local/bin"
grep -q "^Exec=\"$installed/practice-desk\"$" "$HOME/.local/share/applications/practice-desk.desktop" ||
    fail "the menu entry does not start the installed app"
[ -f "$HOME/.local/share/icons/hicolor/256x256/apps/practice-desk.png" ] || fail "no icon"
if command -v desktop-file-validate > /dev/null 2>&1; then
    desktop-file-validate "$HOME/.local/share/applications/practice-desk.desktop"
fi

"$HOME/.local/bin/practice-desk" --self-check || fail "the installed app's self-check"
"$HOME/.local/bin/practice-desk-cli" --version

dangling=$(find "$installed" -xtype l)
[ -z "$dangling" ] || fail "links to files that were left out: $dangling"

size_mib=$(du -sm "$installed" | cut -f1)
echo "installed size: $size_mib MiB on disk (target <= $size_limit_mib MiB)"
[ "$size_mib" -le "$size_limit_mib" ] || fail "the installed app takes $size_mib MiB"

# Uninstalling keeps the practice: plant a file where the practice lives and look for it after.
practice="$HOME/.local/share/Practice Desk"
mkdir -p "$practice"
echo kept > "$practice/marker"
"$HOME/.local/share/practice-desk/uninstall.sh" < /dev/null
[ ! -e "$installed" ] || fail "uninstall left the app behind"
[ ! -e "$HOME/.local/bin/practice-desk" ] || fail "uninstall left the launcher behind"
[ ! -e "$HOME/.local/share/applications/practice-desk.desktop" ] || fail "uninstall left the menu entry"
[ "$(cat "$practice/marker")" = kept ] || fail "uninstall touched the practice data"
"$scratch/unpacked/$name/uninstall.sh" --remove-practice-data < /dev/null && fail "deleted data without a typed DELETE"
[ -f "$practice/marker" ] || fail "the practice data went without confirmation"

echo "== deb: $(basename "$deb")"
[ -f "$deb" ] || fail "no $deb (run make dist)"
dpkg-deb --info "$deb" | sed -n 's/^ \(Package\|Version\|Architecture\|Installed-Size\|Depends\):/  &/p'
dpkg-deb -x "$deb" "$scratch/deb"
[ -L "$scratch/deb/usr/bin/practice-desk" ] || fail "the .deb has no /usr/bin/practice-desk"
grep -q '^Exec=/opt/practice-desk/practice-desk$' "$scratch/deb/usr/share/applications/practice-desk.desktop" ||
    fail "the .deb's menu entry does not start /opt/practice-desk/practice-desk"
"$scratch/deb/opt/practice-desk/practice-desk" --self-check || fail "the .deb's app self-check"

echo "dist-check passed."
