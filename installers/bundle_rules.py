"""What the PyInstaller spec leaves out of the bundle, kept apart so the rules can be tested.

The bundle must still hold everything the app loads (the X11 and Wayland platforms, printing,
the SVG icon engine, the compose and IBus input methods); tests/installers check both sides.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

# Modules nothing in the app imports, which PyInstaller would otherwise follow from optional
# imports of the libraries: Qt's web engine, QML and Quick (and the on-screen keyboard, whose
# plugin pulls QML in), tkinter, and Pillow's format plugins that reportlab never asks for
# (Pillow itself stays: reportlab imports it).
EXCLUDED_MODULES = [
    "tkinter",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebChannel",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtNetwork",
    "PIL._avif",
    "PIL.AvifImagePlugin",
    "PIL._webp",
    "PIL.WebPImagePlugin",
    "PIL._imagingtk",
    "PIL.ImageTk",
    "PIL._imagingcms",
    "PIL.ImageCms",
]

# Qt files the hooks collect that the app never loads. Matched by folder and by name without
# the "lib" prefix or suffix, so the same rules fit the Linux, Windows and macOS layouts.
# - translations: the app is in English and loads no Qt translation.
# - tls, networkinformation: the app never goes on the network.
# - egldeviceintegrations, generic and the platforms named: embedded devices, not desktops.
# - the virtual keyboard input context loads QML; compose and IBus stay, for accents and CJK.
# - image formats: Qt reads PNG by itself, the SVG plugin draws the icon, nothing else is read.
# - the GTK 3 theme: it would load the system's GTK against the cairo and pango copied into the
#   bundle, a known source of crashes; the app draws its own look, and file dialogs go through
#   the desktop portal (xdgdesktopportal) or Qt's own.
UNUSED_QT_FOLDERS = {"translations"}
UNUSED_PLUGIN_FOLDERS = {"tls", "networkinformation", "egldeviceintegrations", "generic"}
UNUSED_PLUGINS = {
    "platforms": {"qeglfs", "qlinuxfb", "qminimalegl", "qvnc", "qvkkhrdisplay"},
    "platforminputcontexts": {"qtvirtualkeyboardplugin"},
    "imageformats": {"qgif", "qjpeg", "qtga", "qtiff", "qwbmp", "qwebp", "qpdf"},
    "platformthemes": {"qgtk3"},
}

# The libraries only the excluded plugins load: QML, Quick and the virtual keyboard (whose
# plugin is the one that needs QML), and the eglfs platform's own. Named as on macOS
# (QtQml.framework); Linux and Windows say Qt6Qml.
UNUSED_QT_LIBRARIES = ("QtQml", "QtQuick", "QtVirtualKeyboard", "QtEglFS", "QtEglFs")


def unused(destination: str) -> bool:
    """Whether a file PyInstaller collected, by its path in the bundle, is left out."""
    parts = destination.replace("\\", "/").split("/")
    if parts[0] != "PySide6":
        return False
    if UNUSED_QT_FOLDERS.intersection(parts):
        return True
    name = parts[-1].removeprefix("lib").split(".")[0]
    if "plugins" in parts[:-1]:
        folder = parts[parts.index("plugins") + 1]
        return folder in UNUSED_PLUGIN_FOLDERS or name in UNUSED_PLUGINS.get(folder, ())
    frameworks = [part.removesuffix(".framework") for part in parts if part.endswith(".framework")]
    return any(
        library.replace("Qt6", "Qt", 1).startswith(UNUSED_QT_LIBRARIES)
        for library in [name, *frameworks]
    )


def kept(toc: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    return [entry for entry in toc if not unused(entry[0])]


def without_orphans(
    toc: list[tuple[str, str, str]], needs: Callable[[str], set[str]]
) -> list[tuple[str, str, str]]:
    """Drop the shared libraries that were copied only for files now left out.

    PyInstaller copies each collected file's libraries beside it (at the top of the bundle,
    type BINARY) before the rules above remove that file, so the GTK theme's cairo, pango and
    friends would stay behind unused. Everything else (extensions, Qt's own libraries and
    plugins) is a root; a top-level library stays if a root needs it, directly or through
    another library. `needs(source_path)` names the libraries a file links against.
    The interpreter's own library is a root too: the bootloader opens it by name.
    """
    libraries = {
        dest: src
        for dest, src, kind in toc
        if kind == "BINARY" and "/" not in dest.replace("\\", "/")
    }
    reachable = {dest for dest in libraries if dest.startswith(("libpython", "python3"))}
    pending = [src for dest, src, kind in toc if dest not in libraries and kind != "SYMLINK"]
    pending += [libraries[dest] for dest in reachable]
    while pending:
        for name in needs(pending.pop()):
            if name in libraries and name not in reachable:
                reachable.add(name)
                pending.append(libraries[name])
    return [entry for entry in toc if entry[0] not in libraries or entry[0] in reachable]


def without_dangling_links(
    toc: list[tuple[str, str, str]], present: set[str]
) -> list[tuple[str, str, str]]:
    """Drop the links PyInstaller made to files that were left out (`present`: every path
    still in the bundle, with forward slashes). A SYMLINK entry's source is its target,
    relative to the link's folder."""

    def target(dest: str, src: str) -> str:
        folder = posixpath.dirname(dest.replace("\\", "/"))
        return posixpath.normpath(posixpath.join(folder, src.replace("\\", "/")))

    return [
        (dest, src, kind)
        for dest, src, kind in toc
        if kind != "SYMLINK" or target(dest, src) in present
    ]
