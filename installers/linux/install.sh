#!/bin/sh
# Installs Practice Desk for you alone: no administrator password, nothing outside your home
# folder. Run it from the unpacked folder:   ./install.sh
#
# Installing again (a newer version) replaces the program and nothing else. Your practice
# itself (~/.local/share/Practice Desk) is never touched by installing, updating or
# uninstalling.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
bin_home=$HOME/.local/bin
target=$data_home/practice-desk
app=$target/app
manifest=$target/installed-files

if [ "$(id -u)" = 0 ] && [ "${PRACTICE_DESK_ALLOW_ROOT:-}" != 1 ]; then
    echo "Please run this as yourself, without sudo: Practice Desk is installed for one person." >&2
    exit 1
fi
if [ ! -x "$here/app/practice-desk" ]; then
    echo "This folder is incomplete (app/practice-desk is missing). Please unpack the download again." >&2
    exit 1
fi

mkdir -p "$target" "$bin_home" "$data_home/applications" "$data_home/icons/hicolor"

# The new program is copied beside the old one and then swapped in, so an interrupted
# install leaves the previous version working.
rm -rf "$app.new" "$app.old"
cp -R "$here/app" "$app.new"
if [ -d "$app" ]; then mv "$app" "$app.old"; fi
mv "$app.new" "$app"
rm -rf "$app.old"

: > "$manifest.new"
desktop=$data_home/applications/practice-desk.desktop
# The Exec path is quoted: a home folder may contain spaces.
sed "s|@EXEC@|\"$app/practice-desk\"|" "$here/share/applications/practice-desk.desktop" > "$desktop"
chmod 644 "$desktop"
echo "$desktop" >> "$manifest.new"

(cd "$here/share/icons/hicolor" && find . -type f) | while read -r icon; do
    mkdir -p "$(dirname "$data_home/icons/hicolor/$icon")"
    cp "$here/share/icons/hicolor/$icon" "$data_home/icons/hicolor/$icon"
    echo "$data_home/icons/hicolor/${icon#./}" >> "$manifest.new"
done

for program in practice-desk practice-desk-cli; do
    ln -sf "$app/$program" "$bin_home/$program"
    echo "$bin_home/$program" >> "$manifest.new"
done
cp "$here/uninstall.sh" "$target/uninstall.sh"
chmod 755 "$target/uninstall.sh"
mv "$manifest.new" "$manifest"

# Menus and icon caches refresh on their own on most desktops; these make it immediate.
touch "$data_home/icons/hicolor"
if command -v update-desktop-database > /dev/null 2>&1; then
    update-desktop-database -q "$data_home/applications" 2> /dev/null || true
fi
if command -v gtk-update-icon-cache > /dev/null 2>&1; then
    gtk-update-icon-cache -q -t "$data_home/icons/hicolor" 2> /dev/null || true
fi

version=$(cat "$here/VERSION" 2> /dev/null || echo "")
echo "Practice Desk $version is installed."
echo "Start it from your applications menu, or type: practice-desk"
case ":$PATH:" in
    *":$bin_home:"*) ;;
    *) echo "(To type practice-desk in a terminal, add $bin_home to your PATH.)" ;;
esac
echo "Your practice is kept in $data_home/Practice Desk; installing and uninstalling never touch it."
echo "To uninstall: $target/uninstall.sh"
