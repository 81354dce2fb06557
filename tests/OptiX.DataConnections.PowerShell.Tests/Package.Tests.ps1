# The module as users receive it: packed from the built folder with PSResourceGet (as build.ps1 -Task Package does),
# saved from a temporary local folder repository into a temporary folder, and imported from there in a new process.
# PSResourceGet runs only in child processes; the user's module path is never touched, and the temporary repository
# (a unique name) is unregistered in AfterAll. No network: the repository is a folder.
BeforeAll {
    $ModulePath = $env:OPTIX_TEST_MODULE
    $Manifest = Import-PowerShellDataFile (Join-Path $ModulePath 'OptiX.DataConnections.psd1')
    $Version = $Manifest.ModuleVersion
    $Work = Join-Path ([IO.Path]::GetTempPath()) "optix-package-$([guid]::NewGuid().ToString('N'))"
    $RepositoryPath = Join-Path $Work 'repository'
    $SavePath = Join-Path $Work 'modules'
    $RepositoryName = "OptiXDataConnectionsTest$([guid]::NewGuid().ToString('N'))"
    $null = New-Item -ItemType Directory -Force $RepositoryPath, $SavePath

    . (Join-Path $PSScriptRoot 'Invoke-ChildPwsh.ps1')

    function Read-ZipEntry([string] $Path, [string] $Name) {
        $zip = [IO.Compression.ZipFile]::OpenRead($Path)
        try {
            $reader = [IO.StreamReader]::new(($zip.Entries | Where-Object FullName -eq $Name).Open())
            try { $reader.ReadToEnd() } finally { $reader.Dispose() }
        }
        finally { $zip.Dispose() }
    }

    Add-Type -AssemblyName System.IO.Compression.FileSystem

    # Pack the way build.ps1 -Task Package does, into the folder that becomes the repository, then save from it.
    $Saved = Invoke-ChildPwsh -ArgumentList $ModulePath, $RepositoryPath, $RepositoryName, $SavePath -Script {
        param([string] $ModulePath, [string] $RepositoryPath, [string] $RepositoryName, [string] $SavePath)
        $ErrorActionPreference = 'Stop'
        $ProgressPreference = 'SilentlyContinue'
        Import-Module Microsoft.PowerShell.PSResourceGet
        Register-PSResourceRepository -Name $RepositoryName -Uri $RepositoryPath -Trusted
        if (Get-Command Compress-PSResource -ErrorAction SilentlyContinue) {
            Compress-PSResource -Path $ModulePath -DestinationPath $RepositoryPath
        }
        else {
            Publish-PSResource -Path $ModulePath -Repository $RepositoryName
        }
        Save-PSResource -Repository $RepositoryName -Name OptiX.DataConnections -Path $SavePath -TrustRepository
    }
    $Package = Join-Path $RepositoryPath "OptiX.DataConnections.$Version.nupkg"
    $SavedModule = Join-Path $SavePath "OptiX.DataConnections/$Version"
}

AfterAll {
    $null = Invoke-ChildPwsh -ArgumentList $RepositoryName -Script {
        param([string] $RepositoryName)
        Import-Module Microsoft.PowerShell.PSResourceGet
        Unregister-PSResourceRepository -Name $RepositoryName -ErrorAction SilentlyContinue
    }
    Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue
}

Describe 'The package' {
    It 'is packed and saved without an error' {
        $Saved.ExitCode | Should -Be 0 -Because $Saved.Output
    }

    It 'is under 20 MB, shipping native SQLite only for the platforms PowerShell users run' {
        (Get-Item $Package).Length | Should -BeLessThan 20MB
        $zip = [IO.Compression.ZipFile]::OpenRead($Package)
        try { $runtimes = @($zip.Entries.FullName -match '^emulator/runtimes/' | ForEach-Object { ($_ -split '/')[2] } | Sort-Object -Unique) }
        finally { $zip.Dispose() }
        $runtimes | Should -Be @('linux-arm64', 'linux-x64', 'osx-arm64', 'osx-x64', 'win-arm64', 'win-x64')
    }

    It 'is named OptiX.DataConnections.<Version>.nupkg' {
        $Package | Should -Exist
    }

    It 'carries the manifest metadata in its nuspec' {
        $metadata = ([xml](Read-ZipEntry $Package 'OptiX.DataConnections.nuspec')).package.metadata
        $data = $Manifest.PrivateData.PSData
        $metadata.id | Should -Be 'OptiX.DataConnections'
        $metadata.version | Should -Be $Version
        $metadata.authors | Should -Be $Manifest.Author
        $metadata.description | Should -Be $Manifest.Description
        $metadata.copyright | Should -Be $Manifest.Copyright
        $metadata.releaseNotes | Should -Be $data.ReleaseNotes
        $tags = -split $metadata.tags
        foreach ($tag in $data.Tags) { $tags | Should -Contain $tag }
        $tags | Should -Contain 'PSModule'
        if ($data.ProjectUri) { $metadata.projectUrl | Should -Be $data.ProjectUri }
        if ($data.LicenseUri) { $metadata.licenseUrl | Should -Be $data.LicenseUri }
    }

    It 'holds every file of the built module: manifest, assemblies, formats, help and the emulator' {
        $zip = [IO.Compression.ZipFile]::OpenRead($Package)
        try { $entries = @($zip.Entries.FullName | ForEach-Object { [Uri]::UnescapeDataString($_) }) }
        finally { $zip.Dispose() }
        $root = (Resolve-Path $ModulePath).Path
        $files = Get-ChildItem $root -Recurse -File | ForEach-Object { $_.FullName.Substring($root.Length).TrimStart('\', '/') -replace '\\', '/' }
        $missing = @($files | Where-Object { $_ -notin $entries })
        $missing | Should -BeNullOrEmpty -Because 'the package must install the module exactly as it was built'
        $entries | Should -Contain 'OptiX.DataConnections.psd1'
        $entries | Should -Contain $Manifest.RootModule
        foreach ($format in $Manifest.FormatsToProcess) { $entries | Should -Contain $format }
        $entries | Should -Contain 'en-US/OptiX.DataConnections.PowerShell.dll-Help.xml'
        $entries | Should -Contain 'en-US/about_OptiX_DataConnections.help.txt'
        $entries | Should -Contain 'emulator/OptiX.DataConnections.Emulator.dll'
        $entries | Should -Not -Contain 'System.Management.Automation.dll'
    }
}

Describe 'Saved from a local repository' {
    It 'lands in OptiX.DataConnections/<Version> under the save path' {
        Join-Path $SavedModule 'OptiX.DataConnections.psd1' | Should -Exist
        Join-Path $SavedModule $Manifest.RootModule | Should -Exist
    }

    It 'imports in a new process, with every cmdlet, its formats and its help' {
        $result = Invoke-ChildPwsh -ArgumentList $SavePath -Script {
            param([string] $SavePath)
            $ErrorActionPreference = 'Stop'
            $module = Import-Module (Join-Path $SavePath 'OptiX.DataConnections') -PassThru
            $commands = Get-Command -Module OptiX.DataConnections
            $help = Get-Help Send-DCData -Examples
            [pscustomobject]@{
                ModuleBase  = $module.ModuleBase
                Commands    = @($commands.Name | Sort-Object)
                FormatFiles = @($module.ExportedFormatFiles)
                HelpFile    = (Get-Command Send-DCData).HelpFile
                Examples    = @($help.examples.example | ForEach-Object { $_.code })
            } | ConvertTo-Json -Compress -Depth 3 | Write-Output
        }
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $json = ($result.Output -split '\r?\n' | Where-Object { $_.StartsWith('{') } | Select-Object -Last 1)
        $json | Should -Not -BeNullOrEmpty -Because $result.Output
        $imported = $json | ConvertFrom-Json

        $savedRoot = (Resolve-Path $SavedModule).Path
        $imported.ModuleBase | Should -Be $savedRoot
        $imported.Commands | Should -Be @($Manifest.CmdletsToExport | Sort-Object)
        @($imported.FormatFiles).Count | Should -Be @($Manifest.FormatsToProcess).Count
        foreach ($file in $imported.FormatFiles) { $file | Should -BeLike "$savedRoot*" }
        $imported.HelpFile | Should -BeLike "$savedRoot*" -Because 'the help must come from the package'
        $imported.HelpFile | Should -Match 'en-US[\\/]OptiX\.DataConnections\.PowerShell\.dll-Help\.xml$'
        @($imported.Examples).Count | Should -BeGreaterThan 0
        ($imported.Examples -join "`n") | Should -Match 'Send-DCData'
    }
}
