; Inno Setup 6 script: a per-user Windows installer around the PyInstaller one-folder build.
;
;   1. On Windows, build dist\mygo-desktop\ (see installer\README.md):
;        py -3.11 -m venv .venv
;        .venv\Scripts\python -m pip install -e ".[bundle]"
;        .venv\Scripts\python -m PyInstaller --noconfirm --clean installer\mygo-desktop.spec
;   2. iscc /DAppVersion=0.1.0 installer\windows\mygo-desktop.iss
;      -> dist\mygo-desktop-0.1.0-setup.exe
;
; Installs for the current user without admin rights (the user may choose "all users" in the
; first dialog), adds a Start menu entry, optionally starts at login, and registers an
; uninstaller in Settings > Apps. Settings, cache and downloaded stickers under
; %LOCALAPPDATA%\mygo-desktop are kept on uninstall, as on Linux.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "mygo-desktop"
#define AppExe "mygo-desktop.exe"
; The value name the app's own "start at login" setting uses (mygo_desktop/core/autostart.py).
#define RunKey "Software\Microsoft\Windows\CurrentVersion\Run"

[Setup]
; Never change AppId: upgrades and the uninstaller find the installed copy by it.
AppId={{6F1C2B7E-4A53-4C8E-9B0D-2E7A5D3C9F41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=mygo-desktop contributors
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=mygo-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Close a running tray app before files are replaced or removed (Restart Manager).
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
; Inno Setup ships no Traditional Chinese file; add an unofficial ChineseTraditional.isl
; (jrsoftware.org/files/istrans/) here to offer it.

[Tasks]
Name: "startatlogin"; Description: "Start mygo-desktop when I sign in / 登入時啟動"; Flags: unchecked

[Files]
; The whole PyInstaller folder: mygo-desktop.exe (no console), mygo-desktop-cli.exe, _internal\.
Source: "..\..\dist\mygo-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Answer chat messages with MyGO!!!!! stickers"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"

[Registry]
Root: HKCU; Subkey: "{#RunKey}"; ValueType: string; ValueName: "{#AppName}"; \
  ValueData: """{app}\{#AppExe}"""; Tasks: startatlogin; Flags: uninsdeletevalue

[Run]
Filename: "{app}\{#AppExe}"; Description: "Start mygo-desktop now"; Flags: nowait postinstall skipifsilent

[Code]
// The app's settings dialog can turn "start at login" on after installing; that Run value
// would point at a removed program, so the uninstaller removes it too.
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usPostUninstall then
    RegDeleteValue(HKEY_CURRENT_USER, '{#RunKey}', '{#AppName}');
end;
