#!/bin/sh
# Removes the Practice Desk program that install.sh put in your home folder.
#
#   uninstall.sh                          removes the program; your practice stays
#   uninstall.sh --remove-practice-data   also deletes your practice on this computer, after
#                                         you type DELETE to confirm
#
# Backups in folders you chose yourself (a USB disk, say) are never touched.
set -eu

data_home=${XDG_DATA_HOME:-$HOME/.local/share}
target=$data_home/practice-desk
app=$target/app
manifest=$target/installed-files
practice="$data_home/Practice Desk"

remove_data=no
case "${1:-}" in
    "") ;;
    --remove-practice-data) remove_data=yes ;;
    *)
        echo "usage: uninstall.sh [--remove-practice-data]" >&2
        exit 2
        ;;
esac

if [ "$remove_data" = yes ] && [ -d "$practice" ]; then
    if [ ! -t 0 ]; then
        echo "Deleting your practice needs you to confirm at the keyboard; nothing was removed." >&2
        exit 1
    fi
    echo "This deletes every client record in $practice."
    echo "It can't be undone. Backups in other folders are not touched."
    printf "Type DELETE to delete your practice, or press Enter to keep it: "
    read -r answer
    if [ "$answer" != DELETE ]; then
        echo "Your practice was kept. Nothing was removed."
        exit 1
    fi
    # The key that "Remember on this computer" put in the system keychain goes first, while
    # the program that knows where it is still exists.
    if [ -x "$app/practice-desk-cli" ]; then
        "$app/practice-desk-cli" forget-key > /dev/null 2>&1 || true
    fi
    rm -rf "$practice"
    echo "Your practice on this computer was deleted."
fi

if [ -f "$manifest" ]; then
    while read -r installed; do
        # Only what install.sh put there, and a link only while it still points at this app.
        if [ -L "$installed" ]; then
            case "$(readlink "$installed")" in "$app"/*) rm -f "$installed" ;; esac
        elif [ -f "$installed" ]; then
            rm -f "$installed"
        fi
    done < "$manifest"
fi
rm -rf "$app" "$manifest" "$target/uninstall.sh"
rmdir "$target" 2> /dev/null || true
if command -v update-desktop-database > /dev/null 2>&1; then
    update-desktop-database -q "$data_home/applications" 2> /dev/null || true
fi

echo "Practice Desk was uninstalled."
if [ -d "$practice" ]; then
    echo "Your practice is still in $practice; a new install will open it again."
fi
