#!/usr/bin/env bash
# Builds the macOS disk image of Practice Desk: dist/practice-desk-<version>-macos-<arch>.dmg
#
# Needs a Mac with Python 3.11 or later from python.org and the Xcode command line tools
# (`xcode-select --install`). Run it from any folder:
#
#     installers/macos/build.sh
#
# It creates or reuses .venv in the repository root, installs Practice Desk with its build
# tools (pip install -e ".[dist]"), freezes "dist/Practice Desk.app" with PyInstaller, runs the
# app's self-check, and packs the app into a disk image. The image is built for the Mac's own
# processor (`uname -m`: arm64 on Apple silicon, x86_64 on Intel); build on one of each to
# offer both.
#
# Without the two variables below the result is unsigned (PyInstaller's ad-hoc signature
# only): fine for testing, but Gatekeeper warns the practitioner and makes them open it by
# hand. With them, the image is signed and notarised and opens without a warning.
#
# Signing and notarisation, step by step
# --------------------------------------
# 1. Membership of the Apple Developer Program (paid; individual or organisation).
#
# 2. A "Developer ID Application" certificate, made once (only the team's account holder can
#    make one): Xcode > Settings > Accounts > select the team > Manage Certificates > "+" >
#    Developer ID Application. (Or on developer.apple.com: Certificates > "+" > Developer ID
#    Application, with a certificate signing request made in Keychain Access, then
#    double-click the downloaded .cer.) Certificate and private key must be in the login
#    keychain of the Mac that builds; to build on another Mac, export both from Keychain
#    Access as a .p12 file and import it there. Check with
#        security find-identity -v -p codesigning
#    which lists it as  "Developer ID Application: Your Name (TEAMID1234)".
#
# 3. Notary credentials, stored once in the login keychain under a profile name. Make an
#    app-specific password at appleid.apple.com (Sign-In and Security > App-Specific
#    Passwords), then
#        xcrun notarytool store-credentials practice-desk-notary \
#            --apple-id you@example.com --team-id TEAMID1234
#    which asks for that password and checks it with Apple. (An App Store Connect API key
#    works too: see `xcrun notarytool store-credentials --help`.)
#
# 4. Before running this script:
#        export PRACTICE_DESK_SIGN_IDENTITY="Developer ID Application: Your Name (TEAMID1234)"
#        export PRACTICE_DESK_NOTARY_PROFILE=practice-desk-notary
#    The identity alone signs without notarising; the profile needs the identity. On a
#    build machine nobody is logged in to, unlock the keychain first
#    (`security unlock-keychain login.keychain-db`).
#
# 5. What the script then does:
#    a. signs every piece of code inside the app from the innermost outwards: each loose
#       Mach-O file (Python extensions, libraries, the command-line tool), then each nested
#       .framework (Qt, Python), then the app itself. Every signature uses the hardened
#       runtime (`--options runtime`) and a secure timestamp (`--timestamp`), both required
#       for notarisation; programs also get installers/macos/entitlements.plist. Signing one
#       piece at a time, instead of `codesign --deep`, gives each piece the right options.
#    b. runs the self-check again, since the hardened runtime can stop an app that ran
#       before signing, then checks every signature with `codesign --verify --deep --strict`.
#    c. builds the disk image (the app plus a link to Applications) and signs the image.
#    d. sends the image to Apple's notary service (`xcrun notarytool submit --wait`, usually
#       a few minutes). Apple scans it and records a "ticket" for the image and every piece
#       of code in it. If Apple refuses, the script prints Apple's log, which names each
#       problem file, and stops.
#    e. staples the ticket to the image (`xcrun stapler staple`), so a Mac without internet
#       access can check it too, and validates the staple.
#
# 6. To check a result by hand:
#        xcrun stapler validate dist/practice-desk-<version>-macos-<arch>.dmg
#        spctl --assess --type open --context context:primary-signature -vv <the .dmg>
#    should report "accepted" and "source=Notarized Developer ID". The real test: download
#    the image on another Mac (so it carries the quarantine flag), open it, drag the app to
#    Applications and start it: macOS asks once whether to open an app downloaded from the
#    internet, and shows no warning about an unidentified developer.
#    An earlier submission's log: xcrun notarytool log <submission id> --keychain-profile <profile>
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

APP_NAME="Practice Desk"
APP="dist/$APP_NAME.app"
ENTITLEMENTS="installers/macos/entitlements.plist"
SIGN_IDENTITY=${PRACTICE_DESK_SIGN_IDENTITY:-}
NOTARY_PROFILE=${PRACTICE_DESK_NOTARY_PROFILE:-}
PYTHON=${PYTHON:-python3}
PY=.venv/bin/python
TAB=$'\t'

step() { printf '\n==> %s\n' "$*"; }
die() { printf '\nerror: %s\n' "$*" >&2; exit 1; }

# --- checks that need no build --------------------------------------------------------------

[[ $(uname -s) == Darwin ]] || die "This script builds the macOS disk image and runs only on a Mac."
if [[ -n $NOTARY_PROFILE && -z $SIGN_IDENTITY ]]; then
    die "PRACTICE_DESK_NOTARY_PROFILE is set but PRACTICE_DESK_SIGN_IDENTITY is not: Apple notarises signed apps only."
fi
if [[ -n $SIGN_IDENTITY ]]; then
    identities=$(security find-identity -v -p codesigning)
    grep -qF -- "$SIGN_IDENTITY" <<<"$identities" ||
        die "No valid signing identity \"$SIGN_IDENTITY\" in the keychain. \`security find-identity -v -p codesigning\` lists them."
fi

# --- build ------------------------------------------------------------------------------------

step "Python environment (.venv)"
if [[ ! -x $PY ]]; then
    "$PYTHON" -m venv .venv
fi
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
    die ".venv holds a Python older than 3.11. Delete .venv and run again with PYTHON=/path/to/python3.11 or later."
"$PY" -m pip install --upgrade pip
"$PY" -m pip install -e ".[dist]"
VERSION=$("$PY" -c 'import practice_desk; print(practice_desk.__version__)')
ARCH=$(uname -m)
DMG="dist/practice-desk-$VERSION-macos-$ARCH.dmg"
echo "Practice Desk $VERSION ($ARCH)"

step "Freezing with PyInstaller"
"$PY" -m PyInstaller installers/practice_desk.spec --noconfirm --clean --distpath dist --workpath build
[[ -x "$APP/Contents/MacOS/practice-desk" && -x "$APP/Contents/MacOS/practice-desk-cli" ]] ||
    die "PyInstaller did not produce $APP with both programs in it."

# Runs "$@" for at most $1 seconds. If the frozen app failed before the self-check could
# report, PyInstaller's windowed bootloader would show an error dialog and wait for a click
# forever; macOS has no `timeout` command to stop that.
with_time_limit() {
    local limit=$1 waited=0 pid
    shift
    "$@" &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        if ((waited >= limit)); then
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
            echo "Stopped after $limit seconds: $*" >&2
            return 124
        fi
        sleep 1
        waited=$((waited + 1))
    done
    wait "$pid"
}

self_check() {
    with_time_limit 600 env QT_QPA_PLATFORM=offscreen "$APP/Contents/MacOS/practice-desk" --self-check ||
        die "The self-check of the built app failed ($1); its report is above."
    # The command-line tool is frozen on its own, and removing practice data relies on it.
    local cli_version
    cli_version=$("$APP/Contents/MacOS/practice-desk-cli" --version) ||
        die "practice-desk-cli does not start ($1)."
    [[ $cli_version == "$VERSION" ]] ||
        die "practice-desk-cli --version printed \"$cli_version\", expected \"$VERSION\" ($1)."
}

step "Self-check of the built app"
self_check "as built"

# --- signing ----------------------------------------------------------------------------------

# Paths on stdin, deepest first: whatever is inside something must be signed before it.
deepest_first() {
    awk -F/ '{ print NF "\t" $0 }' | sort -t "$TAB" -k1,1nr | cut -f2-
}

# A bundle's main program is signed together with its bundle; codesign refuses to sign it
# alone ("bundle format is ambiguous"). True for Foo.framework/Versions/<v>/Foo and for the
# program an .app's Info.plist names.
is_bundle_main_program() {
    local path=$1 framework_re='/([^/]+)\.framework/Versions/[^/]+/([^/]+)$'
    local app_re='/Contents/MacOS/([^/]+)$' name main
    if [[ $path =~ $framework_re ]]; then
        [[ ${BASH_REMATCH[1]} == "${BASH_REMATCH[2]}" ]]
        return
    fi
    if [[ $path =~ $app_re && ${path%/Contents/MacOS/*} == *.app ]]; then
        name=${BASH_REMATCH[1]}
        main=$(/usr/libexec/PlistBuddy -c 'Print :CFBundleExecutable' \
            "${path%/Contents/MacOS/*}/Contents/Info.plist" 2>/dev/null || true)
        [[ $name == "$main" ]]
        return
    fi
    return 1
}

# Entitlements only mean something for a program (and an app's main program); libraries and
# frameworks are signed without them.
sign_code() {
    local path=$1 kind=$2
    if [[ $kind == program ]]; then
        codesign --force --options runtime --timestamp --entitlements "$ENTITLEMENTS" \
            --sign "$SIGN_IDENTITY" "$path"
    else
        codesign --force --options runtime --timestamp --sign "$SIGN_IDENTITY" "$path"
    fi
}

sign_app() {
    local list path description
    list=$(mktemp -t practice-desk-sign)
    # Finder information or a resource fork makes codesign refuse a file. Some attributes
    # (com.apple.provenance) cannot be removed and do not matter, so a refusal here is no
    # reason to stop: codesign names any file it still objects to.
    xattr -cr "$APP" || true

    echo "Signing the Mach-O files (one secure timestamp each, so this takes a while)"
    find "$APP" -type f \( -name '*.so' -o -name '*.dylib' -o -perm -111 \) -print |
        while IFS= read -r path; do
            case $(file -b "$path") in *Mach-O*) printf '%s\n' "$path" ;; esac
        done | deepest_first >"$list"
    while IFS= read -r path; do
        is_bundle_main_program "$path" && continue
        description=$(file -b "$path")
        if [[ $description == *executable* ]]; then
            sign_code "$path" program
        else
            sign_code "$path" library
        fi
    done <"$list"

    echo "Signing the nested bundles"
    find "$APP/Contents" -type d \( -name '*.framework' -o -name '*.app' \) -print |
        deepest_first >"$list"
    while IFS= read -r path; do
        if [[ $path == *.app ]]; then
            sign_code "$path" program
        else
            sign_code "$path" library
        fi
    done <"$list"
    rm -f "$list"

    echo "Signing the app"
    sign_code "$APP" program
}

if [[ -n $SIGN_IDENTITY ]]; then
    step "Signing with \"$SIGN_IDENTITY\""
    sign_app
    # The hardened runtime can stop an app that ran before signing. The check runs before
    # the verification, which would also notice anything the run left inside the app.
    step "Self-check of the signed app (hardened runtime)"
    self_check "after signing"
    step "Verifying the signatures"
    codesign --verify --deep --strict --verbose=2 "$APP"
fi

# --- disk image -------------------------------------------------------------------------------

step "Building the disk image"
staging=build/dmg
rm -rf "$staging" "$DMG"
mkdir -p "$staging"
# ditto keeps the symbolic links, extended attributes and signatures inside the app intact.
ditto "$APP" "$staging/$APP_NAME.app"
ln -s /Applications "$staging/Applications"
# hdiutil now and then fails with "Resource busy" while Spotlight or an antivirus looks at the
# new image; a second try then works.
for attempt in 1 2 3; do
    if hdiutil create -volname "$APP_NAME" -srcfolder "$staging" -ov -format UDZO -fs HFS+ "$DMG"; then
        break
    fi
    [[ $attempt == 3 ]] && die "hdiutil could not create $DMG."
    echo "hdiutil failed; trying again in 5 seconds"
    sleep 5
done
rm -rf "$staging"

if [[ -n $SIGN_IDENTITY ]]; then
    step "Signing the disk image"
    codesign --force --timestamp --sign "$SIGN_IDENTITY" "$DMG"
    codesign --verify --verbose=2 "$DMG"
fi

# --- notarisation -----------------------------------------------------------------------------

json_field() {
    "$PY" -c 'import json, sys; print(json.load(sys.stdin).get(sys.argv[1], ""))' "$1"
}

notarise() {
    local result id status
    # The status in notarytool's JSON answer decides, not its exit code, so that a refusal
    # always ends with Apple's log on screen.
    result=$(xcrun notarytool submit "$DMG" --keychain-profile "$NOTARY_PROFILE" --wait \
        --output-format json) || true
    id=$(json_field id <<<"$result" 2>/dev/null || true)
    status=$(json_field status <<<"$result" 2>/dev/null || true)
    if [[ -z $id ]]; then
        printf '%s\n' "$result"
        die "The notary service did not take the disk image; notarytool's message is above."
    fi
    echo "Submission $id: ${status:-no status}"
    if [[ $status != Accepted ]]; then
        xcrun notarytool log "$id" --keychain-profile "$NOTARY_PROFILE" || true
        die "Apple did not notarise the disk image (status \"${status:-unknown}\"); the log above names each problem."
    fi
    xcrun stapler staple "$DMG"
    xcrun stapler validate "$DMG"
    spctl --assess --type open --context context:primary-signature -vv "$DMG"
    spctl --assess --type execute -vv "$APP"
}

if [[ -n $NOTARY_PROFILE ]]; then
    step "Notarising (Apple's notary service; usually a few minutes)"
    notarise
fi

# --- summary ----------------------------------------------------------------------------------

step "Done"
echo "Disk image: $DMG"
if [[ -z $SIGN_IDENTITY ]]; then
    cat <<'EOF'
The disk image is NOT signed and NOT notarised (PRACTICE_DESK_SIGN_IDENTITY is not set).
Gatekeeper will warn when the app is first opened, and the practitioner has to allow it by
hand. Fine for testing; for release, see the steps at the top of this script.
EOF
elif [[ -z $NOTARY_PROFILE ]]; then
    cat <<'EOF'
The disk image is signed but NOT notarised (PRACTICE_DESK_NOTARY_PROFILE is not set).
Gatekeeper will still warn when the app is first opened from a download. For release, see
the steps at the top of this script.
EOF
    echo "Gatekeeper's present verdict on the app (a refusal is expected before notarisation):"
    spctl --assess --type execute -vv "$APP" || true
fi
