"""What the frozen bundle leaves out, and what it must keep for the app to start and print.

A wrong rule shows only on a practitioner's computer (no window, no printing, no accents), so
every file the app loads is named here for each system's layout.
"""

import importlib.util
from pathlib import Path

import pytest

RULES = Path(__file__).resolve().parents[2] / "installers" / "bundle_rules.py"
spec = importlib.util.spec_from_file_location("bundle_rules", RULES)
bundle_rules = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bundle_rules)

NEEDED = [
    # Linux: X11 and Wayland windows, headless self-check, printing, the icon, typed accents
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
    "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
    "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
    "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
    "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
    "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
    "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
    "PySide6/Qt/lib/libQt6Pdf.so.6",
    "PySide6/Qt/lib/libQt6Network.so.6",  # QtPdf links it, though the app never goes online
    "PySide6/Qt/lib/libQt6Widgets.so.6",
    "PySide6/Qt/lib/libQt6PrintSupport.so.6",
    "PySide6/Qt/lib/libQt6DBus.so.6",
    "PySide6/Qt/lib/libQt6Svg.so.6",
    "PySide6/Qt/lib/libicudata.so.73",
    "PySide6/QtPdf.abi3.so",
    # Windows
    "PySide6\\plugins\\platforms\\qwindows.dll",
    "PySide6\\plugins\\styles\\qmodernwindowsstyle.dll",
    "PySide6\\Qt6Pdf.dll",
    "PySide6\\Qt6Widgets.dll",
    # macOS
    "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
    "PySide6/Qt/lib/QtPdf.framework/Versions/A/QtPdf",
    "PySide6/Qt/lib/QtGui.framework/Versions/A/Resources/Info.plist",
    # the app's own files and libraries outside Qt
    "practice_desk/resources/fonts/DejaVuSans.ttf",
    "practice_desk/resources/icons/practice-desk.svg",
    "practice_desk/storage/migrations/0001_meta.sql",
    "sqlcipher3/_sqlite3.cpython-311-x86_64-linux-gnu.so",
]

LEFT_OUT = [
    "PySide6/Qt/translations/qtbase_de.qm",
    "PySide6\\translations\\qtbase_fr.qm",
    "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
    "PySide6/Qt/lib/libQt6Qml.so.6",
    "PySide6/Qt/lib/libQt6QmlModels.so.6",
    "PySide6/Qt/lib/libQt6Quick.so.6",
    "PySide6/Qt/lib/libQt6VirtualKeyboard.so.6",
    "PySide6\\Qt6Qml.dll",
    "PySide6/Qt/lib/QtQuick.framework/Versions/A/QtQuick",
    "PySide6/Qt/plugins/tls/libqopensslbackend.so",
    "PySide6\\plugins\\tls\\qschannelbackend.dll",
    "PySide6/Qt/plugins/networkinformation/libqnetworkmanager.so",
    "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/platforms/libqvnc.so",
    "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6",
    "PySide6/Qt/plugins/imageformats/libqjpeg.so",
    "PySide6\\plugins\\imageformats\\qwebp.dll",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
]


@pytest.mark.parametrize("path", NEEDED)
def test_what_the_app_loads_stays_in_the_bundle(path):
    assert not bundle_rules.unused(path)


@pytest.mark.parametrize("path", LEFT_OUT)
def test_what_the_app_never_loads_is_left_out(path):
    assert bundle_rules.unused(path)


def test_kept_filters_a_table_of_contents_and_keeps_the_entries_whole():
    toc = [
        ("PySide6/Qt/lib/libQt6Pdf.so.6", "/site/PySide6/Qt/lib/libQt6Pdf.so.6", "BINARY"),
        ("PySide6/Qt/translations/qt_de.qm", "/site/PySide6/Qt/translations/qt_de.qm", "DATA"),
    ]
    assert bundle_rules.kept(toc) == toc[:1]


def test_the_installed_qt_has_translations_for_the_rules_to_drop():
    """The rules are written against PySide6's real layout: if it moves, this says so."""
    import PySide6

    root = Path(PySide6.__file__).parent
    translations = [
        path.relative_to(root.parent).as_posix() for path in root.rglob("translations/*.qm")
    ]
    assert translations, "PySide6 ships no translations where the rules expect them"
    assert all(bundle_rules.unused(path) for path in translations)
    platforms = [
        path.relative_to(root.parent).as_posix()
        for path in root.rglob("plugins/platforms/*")
        if "offscreen" in path.name
    ]
    assert platforms and not any(bundle_rules.unused(path) for path in platforms)


def test_libraries_copied_only_for_left_out_files_go_too():
    """The GTK theme's cairo and pango stay behind when the theme goes, unless something
    still in the bundle links them."""
    links = {
        "/site/_sqlite3.so": {"libcrypto.so.3"},
        "/site/libQt6Gui.so.6": {"libfreetype.so.6"},
        "/sys/libfreetype.so.6": {"libpng16.so.16"},
        "/sys/libpango.so.0": {"libcairo.so.2", "libfreetype.so.6"},
    }
    toc = [
        ("sqlcipher3/_sqlite3.so", "/site/_sqlite3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/site/libQt6Gui.so.6", "BINARY"),
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("libpython3.11.so.1.0", "/sys/libpython3.11.so.1.0", "BINARY"),
        ("libcrypto.so.3", "/sys/libcrypto.so.3", "BINARY"),
        ("libfreetype.so.6", "/sys/libfreetype.so.6", "BINARY"),
        ("libpng16.so.16", "/sys/libpng16.so.16", "BINARY"),  # through freetype
        ("libpango.so.0", "/sys/libpango.so.0", "BINARY"),
        ("libcairo.so.2", "/sys/libcairo.so.2", "BINARY"),
    ]

    kept = bundle_rules.without_orphans(toc, lambda path: links.get(path, set()))

    names = [dest for dest, _, _ in kept]
    assert "libpango.so.0" not in names and "libcairo.so.2" not in names
    assert {"libcrypto.so.3", "libfreetype.so.6", "libpng16.so.16"} <= set(names)
    assert "libpython3.11.so.1.0" in names, "the bootloader opens it by name"
    assert "libQt6Gui.so.6" in names


def test_links_to_left_out_files_are_dropped_and_the_others_kept():
    toc = [
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("libQt6Qml.so.6", "PySide6/Qt/lib/libQt6Qml.so.6", "SYMLINK"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/site/libQt6Gui.so.6", "BINARY"),
        ("pillow.libs/libXau.so.6", "../libXau.so.6", "SYMLINK"),
        ("libXau.so.6", "/sys/libXau.so.6", "BINARY"),
    ]
    present = {dest for dest, _, kind in toc if kind != "SYMLINK"}

    kept = bundle_rules.without_dangling_links(toc, present)

    assert [dest for dest, _, _ in kept] == [
        "libQt6Gui.so.6",
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "pillow.libs/libXau.so.6",
        "libXau.so.6",
    ]
