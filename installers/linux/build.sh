#!/usr/bin/env bash
# Packs the frozen app (dist/practice-desk, made by PyInstaller) for Linux:
#   dist/practice-desk-<version>-linux-<arch>.tar.xz   per-user install, any distribution
#   dist/practice-desk_<version>_<debian arch>.deb     Debian and Ubuntu, system-wide
# `make dist` runs PyInstaller and then this. Run from anywhere.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/installers/linux
dist=$root/dist
bundle=$dist/practice-desk
icons=$root/build/icons
work=$root/build/linux
version=${1:?usage: build.sh VERSION}
arch=$(uname -m)
deb_arch=$(dpkg --print-architecture 2> /dev/null || echo amd64)
# Set PRACTICE_DESK_MAINTAINER="Name <address>" for a release; the default marks a local build.
maintainer=${PRACTICE_DESK_MAINTAINER:-Practice Desk local build <build@localhost.invalid>}

[ -x "$bundle/practice-desk" ] || { echo "No frozen app in $bundle: run PyInstaller first (make dist)." >&2; exit 1; }
[ -d "$icons/hicolor" ] || { echo "No icons in $icons: the spec renders them (make dist)." >&2; exit 1; }
# Every library a bundled file links against must be in the bundle, or be one the .deb depends
# on (the C library, OpenGL, and the X11 and Wayland connections, which must match the
# system's). PyInstaller copies only what this machine has, so a missing one shows up here,
# not on a practitioner's computer.
system_libraries='^(ld-linux.*|lib(c|dl|m|pthread|resolv|rt|util)\.so\..*|lib(GL|EGL|OpenGL|GLX)\.so\..*|libxcb\.so\.1|libwayland-(client|cursor|egl)\.so\..*)$'
needed=$(find "$bundle" -type f -name '*.so*' -exec objdump -p {} + 2> /dev/null |
    awk '/NEEDED/ {print $2}' | sort -u)
bundled=$(find "$bundle" -name '*.so*' -printf '%f\n' | sort -u)
outside=$(comm -23 <(echo "$needed") <(echo "$bundled") | grep -Ev "$system_libraries" || true)
if [ -n "$outside" ]; then
    echo "The bundle would need these libraries from the practitioner's computer:" >&2
    while read -r library; do echo "  $library"; done <<< "$outside" >&2
    echo "Install them on this machine (.ci/run names the Debian packages) and run make dist again." >&2
    exit 1
fi
rm -rf "$work"
mkdir -p "$work"

# The newest glibc symbol any bundled file asks for: the oldest system the bundle runs on.
glibc=$(find "$bundle" -type f \( -name '*.so*' -o -perm -u+x \) -exec objdump -T {} + 2> /dev/null |
    grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)

share_into() {  # the desktop entry template and every icon, under $1/share
    mkdir -p "$1/share/applications" "$1/share/icons/hicolor/scalable/apps"
    cp "$here/practice-desk.desktop" "$1/share/applications/"
    cp -R "$icons/hicolor/." "$1/share/icons/hicolor/"
    cp "$root/src/practice_desk/resources/icons/practice-desk.svg" \
        "$1/share/icons/hicolor/scalable/apps/practice-desk.svg"
}

# --- tar.xz: unpack anywhere, run ./install.sh ------------------------------------------------
name=practice-desk-$version-linux-$arch
stage=$work/$name
mkdir -p "$stage"
cp -a "$bundle" "$stage/app"
cp "$here/install.sh" "$here/uninstall.sh" "$here/copyright" "$stage/"
sed "s/@GLIBC@/$glibc/" "$here/README.txt" > "$stage/README.txt"
echo "$version" > "$stage/VERSION"
share_into "$stage"
chmod -R u=rwX,go=rX "$stage"
tar -C "$work" --owner=0 --group=0 --numeric-owner -cf - "$name" |
    xz -T0 -6 > "$dist/$name.tar.xz.part"
mv "$dist/$name.tar.xz.part" "$dist/$name.tar.xz"

# --- .deb: /opt/practice-desk, launchers in /usr/bin, menu entry and icons in /usr/share ------
package=$work/deb
mkdir -p "$package/DEBIAN" "$package/opt" "$package/usr/bin" "$package/usr/share/doc/practice-desk"
cp -a "$bundle" "$package/opt/practice-desk"
ln -s /opt/practice-desk/practice-desk "$package/usr/bin/practice-desk"
ln -s /opt/practice-desk/practice-desk-cli "$package/usr/bin/practice-desk-cli"
share_into "$package/usr"
sed -i 's|@EXEC@|/opt/practice-desk/practice-desk|' "$package/usr/share/applications/practice-desk.desktop"
cp "$here/copyright" "$package/usr/share/doc/practice-desk/copyright"
chmod -R u=rwX,go=rX "$package"
installed_kib=$(du -sk --exclude=DEBIAN "$package" | cut -f1)
# The system libraries allowed above are the dependencies; everything else is inside.
cat > "$package/DEBIAN/control" << CONTROL
Package: practice-desk
Version: $version
Architecture: $deb_arch
Maintainer: $maintainer
Installed-Size: $installed_kib
Depends: libc6 (>= $glibc), libgl1, libegl1, libxcb1
Recommends: libwayland-client0, libwayland-cursor0, libwayland-egl1, cups-client
Section: misc
Priority: optional
Description: encrypted practice records for therapy and coaching
 Practice Desk runs a private therapy and coaching practice from one computer:
 clients and contracts, bookings, a structured session timer, progress markers
 and printable session records. Everything is kept in one encrypted database on
 this computer; nothing goes to the network.
 .
 Removing the package never deletes anyone's practice data, which lives in each
 user's own folder (~/.local/share/Practice Desk).
CONTROL
deb=$dist/practice-desk_${version}_$deb_arch.deb
dpkg-deb --root-owner-group -Zxz -z6 --build "$package" "$deb" > /dev/null

echo "Built:"
for file in "$dist/$name.tar.xz" "$deb"; do
    echo "  $(basename "$file")  $(du -h --apparent-size "$file" | cut -f1)"
done
echo "  the app itself: $(du -sh "$bundle" | cut -f1) on disk; needs glibc $glibc or newer"
