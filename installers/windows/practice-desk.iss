; Inno Setup script for Practice Desk on Windows (64-bit).
;
; installers\windows\build.ps1 builds the PyInstaller folder first and then compiles this
; script with the version, e.g.
;
;     ISCC.exe /DAppVersion=0.1.0 installers\windows\practice-desk.iss
;
; Every path below is relative to this file's folder, so ISCC can be started from anywhere.
; Keep this file plain ASCII, so it reads the same whatever text encoding ISCC assumes.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

#define AppName "Practice Desk"
#define AppExe "practice-desk.exe"
#define CliExe "practice-desk-cli.exe"
#define BundleDir "..\..\dist\practice-desk"

; x64compatible (below) arrived in Inno Setup 6.3; an older compiler would stop with an
; unclear "unknown value" message instead of this one.
#if Ver < EncodeVer(6, 3, 0)
  #error Practice Desk's installer needs Inno Setup 6.3 or later.
#endif

; Fail while compiling, not on the practitioner's computer, if PyInstaller has not run.
#if !FileExists(AddBackslash(SourcePath) + BundleDir + "\" + AppExe)
  #error dist\practice-desk\practice-desk.exe is missing: run PyInstaller first (see build.ps1).
#endif
#if !FileExists(AddBackslash(SourcePath) + BundleDir + "\" + CliExe)
  #error dist\practice-desk\practice-desk-cli.exe is missing: the uninstaller needs it.
#endif

[Setup]
; Windows recognises an installed Practice Desk by this ID, so a newer setup updates it in
; place. Never change it, or an update would install a second copy beside the first.
AppId={{0E7EF3E9-AAB8-4493-8A8A-79D479A1E490}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Practice Desk
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
SetupIconFile=..\..\build\icons\practice-desk.ico

; A per-user install: no administrator password is needed, and the program belongs to the
; same account as the practice data, which is private to that account anyway. With
; PrivilegesRequired=lowest, {autopf} is Inno Setup's standard per-user program folder,
; %LOCALAPPDATA%\Programs, where other per-user installers put their programs too. An
; all-users install is not offered: its uninstaller would run as an administrator, whose data
; folder is not the practitioner's.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes

; The bundled Python and Qt are 64-bit builds. Qt 6 runs on Windows 10 1809 or later only.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763

; Before files are replaced, Restart Manager asks a running Practice Desk to close, with the
; same request Windows sends at sign-out; Practice Desk locks the practice and closes its
; database cleanly when asked to close. The finish page offers to start it again, so Setup
; does not restart it by itself (the app does not register for restarts in any case).
CloseApplications=yes
RestartApplications=no

WizardStyle=modern
OutputDir=..\..\dist
OutputBaseFilename=practice-desk-{#AppVersion}-windows-x64-setup
Compression=lzma2
SolidCompression=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; A newer build can drop or rename files (a Python upgrade renames python3XX.dll and every
; extension module; a Qt plugin may go). Left beside the new files, an old one could still be
; loaded, so the bundle folder is emptied first. Practice data lives elsewhere.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: postinstall nowait skipifsilent

[Code]
var
  { Set at usUninstall, acted on at usPostUninstall: the questions must be asked, and the
    remembered key forgotten, while practice-desk-cli.exe still exists. }
  DeleteDataChosen: Boolean;

{ Must stay the folder the app itself uses: platformdirs' user data folder for "Practice Desk"
  with no app author, not roaming. }
function PracticeDataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\{#AppName}');
end;

{ WMI is asked rather than a mutex, which the app does not create. Only this user's own copy
  matches: other accounts' processes show no executable path to a standard user. Any failure
  counts as "not running", so a broken WMI never blocks an uninstall. }
function IsPracticeDeskRunning(): Boolean;
var
  Locator, Service, Processes: Variant;
  ExePath: String;
begin
  Result := False;
  ExePath := ExpandConstant('{app}\{#AppExe}');
  StringChangeEx(ExePath, '\', '\\', True);
  try
    Locator := CreateOleObject('WbemScripting.SWbemLocator');
    Service := Locator.ConnectServer('', 'root\CIMV2', '', '');
    Processes := Service.ExecQuery(
      'SELECT ProcessId FROM Win32_Process WHERE ExecutablePath = "' + ExePath + '"');
    Result := Processes.Count > 0;
  except
    Log('Could not ask Windows whether Practice Desk is running: ' + GetExceptionMessage);
  end;
end;

{ An open Practice Desk keeps its program files and database in use: the uninstaller could
  then neither remove the program completely nor delete the data the user may ask it to. }
function InitializeUninstall(): Boolean;
begin
  Result := True;
  DeleteDataChosen := False;
  if UninstallSilent then
    Exit;
  while IsPracticeDeskRunning() do
  begin
    if MsgBox('Practice Desk is still open.' + #13#10#13#10 +
              'Please close it first. As it closes, it saves your work and locks your ' +
              'practice. Then choose Retry.',
              mbInformation, MB_RETRYCANCEL) = IDCANCEL then
    begin
      Result := False;
      Exit;
    end;
  end;
end;

{ Two questions, each with No as the default button, so pressing Enter keeps the data:
  deleting client records is the one step here that nobody can undo. }
function UserWantsDataDeleted(): Boolean;
var
  Dir: String;
begin
  Result := False;
  Dir := PracticeDataDir();
  if MsgBox('Do you also want to delete your practice data from this computer?' + #13#10#13#10 +
            'Practice Desk keeps all your client records, and everything else you entered, ' +
            'in this folder:' + #13#10 +
            Dir + #13#10#13#10 +
            'Deleting it removes every client record on this computer, together with the ' +
            'automatic backups kept in that folder. This cannot be undone.' + #13#10#13#10 +
            'Backups you saved to another folder or disk, such as a USB stick, are not ' +
            'touched.' + #13#10#13#10 +
            'Choose No to keep everything. If you install Practice Desk again later, your ' +
            'practice will be there just as you left it.',
            mbConfirmation, MB_YESNO or MB_DEFBUTTON2) <> IDYES then
    Exit;
  Result := MsgBox('Please confirm once more.' + #13#10#13#10 +
                   'All client records on this computer will be deleted for good. Only a ' +
                   'backup saved elsewhere, opened with your passphrase or recovery code, ' +
                   'could bring them back.' + #13#10#13#10 +
                   'Delete the practice data now?',
                   mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
end;

{ "Remember on this computer" keeps the key in Windows Credential Locker, outside the data
  folder; without this it would outlive the practice it opens. Passing the folder keeps the
  key that is forgotten and the folder that is deleted the same one. The outcome is only
  logged: a key that cannot be forgotten must not stop the uninstall. }
procedure ForgetRememberedKey();
var
  Cli: String;
  ResultCode: Integer;
begin
  Cli := ExpandConstant('{app}\{#CliExe}');
  if not FileExists(Cli) then
  begin
    Log('practice-desk-cli.exe is missing; no remembered key was forgotten.');
    Exit;
  end;
  if Exec(Cli, '--home "' + PracticeDataDir() + '" forget-key', '', SW_HIDE,
          ewWaitUntilTerminated, ResultCode) then
    Log(Format('practice-desk-cli forget-key exited with code %d.', [ResultCode]))
  else
    Log('practice-desk-cli forget-key could not start: ' + SysErrorMessage(ResultCode));
end;

procedure DeletePracticeData();
var
  Dir: String;
begin
  Dir := PracticeDataDir();
  DelTree(Dir, True, True, True);
  if DirExists(Dir) then
    MsgBox('Some of your practice data could not be deleted, perhaps because a file in it ' +
           'was still open.' + #13#10#13#10 +
           'You can delete this folder yourself, for example after restarting the computer:' +
           #13#10 + Dir,
           mbError, MB_OK)
  else
    Log('Practice data folder deleted: ' + Dir);
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  case CurUninstallStep of
    usUninstall:
      begin
        { A silent uninstall (/SILENT, /VERYSILENT) never deletes practice data. }
        if (not UninstallSilent) and DirExists(PracticeDataDir()) then
          DeleteDataChosen := UserWantsDataDeleted();
        if DeleteDataChosen then
          ForgetRememberedKey();
      end;
    usPostUninstall:
      begin
        if DeleteDataChosen then
          DeletePracticeData();
      end;
  end;
end;
