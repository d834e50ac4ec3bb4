; Inno Setup script for ShopDesk. Built by installer/build.py on Windows:
;   ISCC /DAppVersion=0.1.0 /DBundleDir=dist\ShopDesk /DIconFile=build\shopdesk.ico /Odist installer\shopdesk.iss
; The uninstaller removes the program only: the shop's database, backups and logs in
; %LOCALAPPDATA%\ShopDesk are never touched.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\dist\ShopDesk"
#endif
#ifndef IconFile
  #define IconFile "..\build\shopdesk.ico"
#endif

[Setup]
AppId={{6B1C2F0E-5D3A-4E47-9C55-3F1D2B8A9E10}
AppName=ShopDesk
AppVersion={#AppVersion}
AppVerName=ShopDesk {#AppVersion}
AppPublisher=ShopDesk
DefaultDirName={autopf}\ShopDesk
DefaultGroupName=ShopDesk
DisableProgramGroupPage=yes
OutputBaseFilename=ShopDesk-{#AppVersion}-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\ShopDesk.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog
VersionInfoVersion={#AppVersion}

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\ShopDesk"; Filename: "{app}\ShopDesk.exe"
Name: "{group}\Uninstall ShopDesk"; Filename: "{uninstallexe}"
Name: "{autodesktop}\ShopDesk"; Filename: "{app}\ShopDesk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\ShopDesk.exe"; Description: "{cm:LaunchProgram,ShopDesk}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only files the program itself wrote inside its own folder; user data lives elsewhere.
Type: filesandordirs; Name: "{app}\__pycache__"
