#Requires -Version 5.1
<#
.SYNOPSIS
    Builds the Windows installer of Practice Desk:
    dist\practice-desk-<version>-windows-x64-setup.exe

.DESCRIPTION
    Run from any folder on a 64-bit Windows build machine that has Python 3.11 or later
    (64-bit, from python.org) and Inno Setup 6.3 or later:

        powershell -ExecutionPolicy Bypass -File installers\windows\build.ps1

    Steps: create or reuse .venv in the repository root, install Practice Desk with its build
    tools (pip install -e ".[dist]"), freeze it with PyInstaller into dist\practice-desk\,
    run the frozen app's self-check, optionally sign the two programs, compile the Inno Setup
    script and optionally sign the setup program.

    Code signing is optional and driven by environment variables:

        PRACTICE_DESK_SIGN_CERT       path to the code-signing certificate (.pfx); signing
                                      happens only when this is set
        PRACTICE_DESK_SIGN_PASSWORD   the .pfx password, if it has one
        PRACTICE_DESK_TIMESTAMP_URL   RFC 3161 timestamp server
                                      (default http://timestamp.digicert.com)

    signtool.exe comes with the Windows SDK; it is looked up on PATH and then in the SDK's
    usual folder. Without signing the installer still works, but Windows SmartScreen warns
    the practitioner before running it.

.PARAMETER Python
    The Python used to create .venv when it does not exist yet. Default: the py launcher's
    newest Python 3, else python.exe on PATH.
#>
[CmdletBinding()]
param(
    [string]$Python = ''
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$RepoRoot = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '..\..')).Path
$IssFile = Join-Path $RepoRoot 'installers\windows\practice-desk.iss'
$Spec = Join-Path $RepoRoot 'installers\practice_desk.spec'
$BundleDir = Join-Path $RepoRoot 'dist\practice-desk'
$GuiExe = Join-Path $BundleDir 'practice-desk.exe'
$CliExe = Join-Path $BundleDir 'practice-desk-cli.exe'
$VenvPython = Join-Path $RepoRoot '.venv\Scripts\python.exe'

$SignCert = $env:PRACTICE_DESK_SIGN_CERT
$TimestampUrl = $env:PRACTICE_DESK_TIMESTAMP_URL
if (-not $TimestampUrl) { $TimestampUrl = 'http://timestamp.digicert.com' }

function Write-Step([string]$Message) {
    Write-Host ''
    Write-Host "==> $Message" -ForegroundColor Cyan
}

# A native program's failure shows only in its exit code, so every one goes through here.
# Inside, errors don't stop the script: some hosts turn a warning that pip writes to stderr
# into an error record, which 'Stop' would treat as a failure. The message names the program
# but never its arguments, which may hold the .pfx password.
function Invoke-Native {
    param(
        [Parameter(Mandatory = $true)] [string]$FilePath,
        [string[]]$Arguments = @()
    )
    if (-not (Get-Command $FilePath -CommandType Application -ErrorAction SilentlyContinue)) {
        throw "$FilePath was not found."
    }
    $ErrorActionPreference = 'Continue'
    & $FilePath @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "$(Split-Path -Leaf $FilePath) failed with exit code $LASTEXITCODE."
    }
}

function Find-Program {
    param(
        [Parameter(Mandatory = $true)] [string]$Name,
        [string[]]$Candidates = @()
    )
    $command = Get-Command $Name -CommandType Application -ErrorAction SilentlyContinue |
        Select-Object -First 1
    if ($command) { return $command.Path }
    foreach ($candidate in $Candidates) {
        if ($candidate -and (Test-Path -LiteralPath $candidate -PathType Leaf)) { return $candidate }
    }
    return $null
}

function Find-Iscc {
    $candidates = @(
        (Join-Path ${env:ProgramFiles(x86)} 'Inno Setup 6\ISCC.exe'),
        (Join-Path $env:ProgramFiles 'Inno Setup 6\ISCC.exe'),
        (Join-Path $env:LOCALAPPDATA 'Programs\Inno Setup 6\ISCC.exe')
    )
    $iscc = Find-Program -Name 'ISCC.exe' -Candidates $candidates
    if (-not $iscc) {
        throw 'Inno Setup 6 (ISCC.exe) was not found. Install Inno Setup 6.3 or later, or put ISCC.exe on PATH.'
    }
    return $iscc
}

function Find-SignTool {
    $signTool = Find-Program -Name 'signtool.exe'
    if ($signTool) { return $signTool }
    # The SDK keeps one folder per version (bin\10.0.22621.0\x64\signtool.exe); take the newest.
    $kits = Join-Path ${env:ProgramFiles(x86)} 'Windows Kits\10\bin'
    if (Test-Path -LiteralPath $kits) {
        $newest = Get-ChildItem -LiteralPath $kits -Filter 'signtool.exe' -Recurse -ErrorAction SilentlyContinue |
            Where-Object { $_.Directory.Name -eq 'x64' } |
            Sort-Object -Descending -Property {
                $parsed = $null
                if ([version]::TryParse($_.Directory.Parent.Name, [ref]$parsed)) { $parsed } else { [version]'0.0' }
            } |
            Select-Object -First 1
        if ($newest) { return $newest.FullName }
    }
    throw 'signtool.exe was not found. Install the Windows SDK (its "Signing Tools" part) or put signtool.exe on PATH.'
}

function Invoke-Sign {
    param([Parameter(Mandatory = $true)] [string[]]$Files)
    $signTool = Find-SignTool
    $arguments = @('sign', '/fd', 'SHA256', '/tr', $TimestampUrl, '/td', 'SHA256', '/f', $SignCert)
    if ($env:PRACTICE_DESK_SIGN_PASSWORD) {
        $arguments += @('/p', $env:PRACTICE_DESK_SIGN_PASSWORD)
    }
    Invoke-Native -FilePath $signTool -Arguments ($arguments + $Files)
    Invoke-Native -FilePath $signTool -Arguments (@('verify', '/pa') + $Files)
}

# A windowed program has no console: PowerShell would neither wait for it nor see its output,
# so it runs through Start-Process with its output sent to files. It is waited for with a time
# limit rather than with -Wait: if the frozen app crashed before the self-check could report,
# PyInstaller's windowed bootloader would show an error dialog and wait for a click forever.
function Invoke-SelfCheck {
    param([int]$TimeoutSeconds = 600)
    $reportDir = Join-Path $RepoRoot 'build'
    $null = New-Item -ItemType Directory -Force -Path $reportDir
    $stdout = Join-Path $reportDir 'self-check-report.txt'
    $stderr = Join-Path $reportDir 'self-check-errors.txt'
    $previous = $env:QT_QPA_PLATFORM
    $env:QT_QPA_PLATFORM = 'offscreen'
    try {
        $process = Start-Process -FilePath $GuiExe -ArgumentList '--self-check' -PassThru -NoNewWindow `
            -RedirectStandardOutput $stdout -RedirectStandardError $stderr
    }
    finally {
        $env:QT_QPA_PLATFORM = $previous
    }
    # Without a handle taken while it runs, PowerShell 5.1 may report no exit code at all.
    $null = $process.Handle
    if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
        $process.Kill()
        throw "The self-check did not finish within $TimeoutSeconds seconds; the frozen app may have stopped at an error dialog."
    }
    $process.WaitForExit()
    foreach ($file in @($stdout, $stderr)) {
        if (Test-Path -LiteralPath $file) {
            Get-Content -LiteralPath $file | ForEach-Object { Write-Host $_ }
        }
    }
    if ($null -eq $process.ExitCode) {
        throw 'The self-check ran, but its exit code could not be read.'
    }
    if ($process.ExitCode -ne 0) {
        throw "The self-check of the frozen app failed with exit code $($process.ExitCode); see its report above ($stdout)."
    }
}

# Resolved before changing folder, so a path relative to where the script was started works.
if ($SignCert) {
    if (-not (Test-Path -LiteralPath $SignCert -PathType Leaf)) {
        throw "PRACTICE_DESK_SIGN_CERT points to '$SignCert', which does not exist."
    }
    $SignCert = (Resolve-Path -LiteralPath $SignCert).Path
}

Push-Location -LiteralPath $RepoRoot
try {
    # Look for the tools before the long build, not after it.
    $iscc = Find-Iscc
    if ($SignCert) { $null = Find-SignTool }

    Write-Step 'Python environment (.venv)'
    if (-not (Test-Path -LiteralPath $VenvPython -PathType Leaf)) {
        if ($Python) {
            Invoke-Native -FilePath $Python -Arguments @('-m', 'venv', '.venv')
        }
        elseif (Get-Command 'py.exe' -CommandType Application -ErrorAction SilentlyContinue) {
            Invoke-Native -FilePath 'py.exe' -Arguments @('-3', '-m', 'venv', '.venv')
        }
        elseif (Get-Command 'python.exe' -CommandType Application -ErrorAction SilentlyContinue) {
            Invoke-Native -FilePath 'python.exe' -Arguments @('-m', 'venv', '.venv')
        }
        else {
            throw 'Python was not found. Install 64-bit Python 3.11 or later from python.org, or pass -Python C:\path\to\python.exe.'
        }
    }
    # The installer is declared x64-only, so a 32-bit or ARM64 Python must not build it.
    & $VenvPython -c 'import sys, sysconfig; sys.exit(0 if sys.version_info >= (3, 11) and sysconfig.get_platform() == ''win-amd64'' else 1)'
    if ($LASTEXITCODE -ne 0) {
        throw '.venv does not hold a 64-bit (x64) Python 3.11 or later. Delete .venv and run again, with -Python pointing to such a python.exe if needed.'
    }
    Invoke-Native -FilePath $VenvPython -Arguments @('-m', 'pip', 'install', '--upgrade', 'pip')
    Invoke-Native -FilePath $VenvPython -Arguments @('-m', 'pip', 'install', '-e', '.[dist]')

    $version = (& $VenvPython -c 'import practice_desk; print(practice_desk.__version__)' | Out-String).Trim()
    if ($LASTEXITCODE -ne 0 -or -not $version) {
        throw 'Could not read the version of Practice Desk.'
    }
    Write-Host "Practice Desk $version"

    Write-Step 'Freezing with PyInstaller'
    Invoke-Native -FilePath $VenvPython -Arguments @(
        '-m', 'PyInstaller', $Spec, '--noconfirm', '--clean', '--distpath', 'dist', '--workpath', 'build')
    foreach ($exe in @($GuiExe, $CliExe)) {
        if (-not (Test-Path -LiteralPath $exe -PathType Leaf)) { throw "PyInstaller did not produce $exe." }
    }

    Write-Step 'Self-check of the frozen app'
    Invoke-SelfCheck
    # The uninstaller relies on the command-line tool, which is frozen separately: make sure it starts.
    $cliVersion = (& $CliExe --version | Out-String).Trim()
    if ($LASTEXITCODE -ne 0 -or $cliVersion -ne $version) {
        throw "practice-desk-cli.exe --version printed '$cliVersion' (exit code $LASTEXITCODE), expected '$version'."
    }

    if ($SignCert) {
        Write-Step 'Signing the programs'
        Invoke-Sign -Files @($GuiExe, $CliExe)
    }

    Write-Step 'Compiling the installer with Inno Setup'
    Invoke-Native -FilePath $iscc -Arguments @("/DAppVersion=$version", $IssFile)
    $setupExe = Join-Path $RepoRoot "dist\practice-desk-$version-windows-x64-setup.exe"
    if (-not (Test-Path -LiteralPath $setupExe -PathType Leaf)) {
        throw "Inno Setup did not produce $setupExe."
    }

    if ($SignCert) {
        Write-Step 'Signing the installer'
        Invoke-Sign -Files @($setupExe)
    }

    Write-Step 'Done'
    Write-Host "Installer: $setupExe"
    if (-not $SignCert) {
        Write-Host 'The installer is NOT signed (PRACTICE_DESK_SIGN_CERT is not set): Windows SmartScreen will warn before it runs.' -ForegroundColor Yellow
    }
}
finally {
    Pop-Location
}
