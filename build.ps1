#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests and demonstrates the OptiX.DataConnections module.
.DESCRIPTION
    Build     builds everything and lays out the importable module in out/OptiX.DataConnections.
    Test      builds, checks formatting, runs the xunit and Pester tests and (on Linux) the Mono smoke step, installing
              Mono from Debian's packages when missing; the last line is "Tests: N passed, N failed".
    Demo      builds, then runs samples/Demo.ps1 (the upload journey against a local emulator) and
              samples/Rehearse-BothVendors.ps1 (the runbook that sends one CSV to Opti-X and Monetate).
    Emulator  builds, then runs the emulator in the foreground (Ctrl+C stops it).
    Package   builds, then packs out/OptiX.DataConnections into out/packages/OptiX.DataConnections.<version>.nupkg (PSResourceGet).
    Bench     builds, then measures uploads (bench/Invoke-Benchmark.ps1): -Rows 1000000 for the full run; -LargeRows N
              runs only Send-DCData -Path against the discard endpoint at N rows (its peak memory at 10,000,000).
    Soak      builds, then runs tests/Soak/Invoke-Soak.ps1: -Minutes (10) of mixed traffic against a faulty emulator; exit 1 on a mismatch.
    Clean     removes out/ and every bin/ and obj/ folder.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Emulator', 'Bench', 'Package', 'Soak', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Demo and Bench: how many sample customers to send (Bench defaults to 1,000,000).
    [ValidateRange(0, 10000000)]
    [int] $Rows = 0,

    # Bench: run only scenario A against the discard endpoint, at this many rows (e.g. 10000000).
    [ValidateRange(0, 100000000)]
    [int] $LargeRows = 0,

    # Emulator: the loopback port (0 picks a free one).
    [ValidateRange(0, 65535)]
    [int] $Port = 5099,

    # Soak: how long to run, and the seed of its faults and choices (0: a random one, printed).
    [ValidateRange(1, 1440)]
    [int] $Minutes = 10,

    [int] $Seed = 0,

    # The repository's https address (https://host/owner/repo), from which each cmdlet's HelpUri and its help's
    # "Online Version:" link name docs/<Name>.md; '' for none. Default: the clone's origin when it is a hosted address.
    [string] $RepositoryUri
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
# In a log (CI, a file, a pipe) no colour escapes: not from PowerShell's errors, dotnet or the child processes.
if ([Console]::IsOutputRedirected) {
    $env:NO_COLOR = '1'
    if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
}

$Root = $PSScriptRoot
. (Join-Path $Root 'build/RepositoryUri.ps1')
$RepositoryUri = Resolve-RepositoryUri $RepositoryUri $PSBoundParameters.ContainsKey('RepositoryUri') $Root
$Solution = Join-Path $Root 'OptiX.DataConnections.PowerShell.sln'
$OutDir = Join-Path $Root 'out'
$ModuleDir = Join-Path $OutDir 'OptiX.DataConnections'
$ResultsDir = Join-Path $OutDir 'test-results'

# The assemblies the module cannot load without; the build fails if one is missing. The first (the cmdlets) goes beside
# the manifest; the others, the core among them, to dependencies/, which DependencyIsolation loads from.
$RequiredAssemblies = @(
    'OptiX.DataConnections.PowerShell.dll'
    'OptiX.DataConnections.dll'
    'Newtonsoft.Json.dll'
    'Polly.Core.dll'
    'CsvHelper.dll'
    'Microsoft.Bcl.AsyncInterfaces.dll'
    'Microsoft.Bcl.TimeProvider.dll'
)

# The platforms whose native SQLite the emulator ships: those PowerShell users run. Microsoft.Data.Sqlite brings about
# thirty (Android, iOS, WebAssembly, s390x...), 52 MB of the module's 60.
$EmulatorRuntimes = @('win-x64', 'win-arm64', 'linux-x64', 'linux-arm64', 'osx-x64', 'osx-arm64')

# A plain function, so that dotnet's own switches (-c, -o) pass through untouched in $args.
function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE." }
}

# A child pwsh like this one: 'dotnet pwsh.dll' when run as the local tool, else pwsh itself.
function Get-PwshCommand {
    $exe = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { return @($exe, (Join-Path $PSHOME 'pwsh.dll')) }
    return @($exe)
}

function Invoke-Pwsh {
    param([string[]] $Arguments)
    $pwsh = Get-PwshCommand
    $rest = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive') + $Arguments
    & $pwsh[0] @rest | Out-Host
    return $LASTEXITCODE
}

function Get-ModuleVersion {
    $props = [xml](Get-Content -Raw (Join-Path $Root 'Directory.Build.props'))
    return ($props.Project.PropertyGroup | Where-Object { $_['Version'] } | Select-Object -First 1).Version
}

function Invoke-Build {
    Write-Host "==> Build ($Configuration)"
    Invoke-Dotnet restore $Solution
    # RepositoryUrl (the SDK's own property) makes each cmdlet's HelpUri; none given, none made up.
    $repository = @(if ($RepositoryUri) { "-p:RepositoryUrl=$RepositoryUri" })
    Write-Host "Online help: $(if ($RepositoryUri) { "docs/<Name>.md at $RepositoryUri" } else { 'none (no -RepositoryUri, and the clone has no hosted origin)' })"
    Invoke-Dotnet build $Solution -c $Configuration --no-restore -warnaserror @repository
    $publishDir = Join-Path $OutDir 'publish/module'
    Remove-Item -Recurse -Force $ModuleDir, $publishDir -ErrorAction SilentlyContinue
    Invoke-Dotnet publish (Join-Path $Root 'src/OptiX.DataConnections.PowerShell') -c $Configuration --no-build -o $publishDir
    Invoke-Dotnet publish (Join-Path $Root 'src/OptiX.DataConnections.Emulator') -c $Configuration --no-build -o (Join-Path $ModuleDir 'emulator')
    Get-ChildItem (Join-Path $ModuleDir 'emulator/runtimes') -Directory | Where-Object Name -notin $EmulatorRuntimes | Remove-Item -Recurse -Force

    foreach ($name in $RequiredAssemblies) {
        if (-not (Test-Path (Join-Path $publishDir $name))) { throw "The build did not produce $name." }
    }
    # Only the cmdlet assembly sits beside the manifest, in PowerShell's default load context; every other dll, the
    # core too, goes to dependencies/, where the default context cannot find it by itself: DependencyIsolation loads
    # the core and its dependencies into the module's own AssemblyLoadContext (LoadFrom on Windows PowerShell).
    # PowerShell itself provides System.Management.Automation; shipping it would break the module.
    $rootAssemblies = @($RequiredAssemblies[0])
    $dependencyDir = Join-Path $ModuleDir 'dependencies'
    $null = New-Item -ItemType Directory -Force $dependencyDir
    foreach ($file in Get-ChildItem $publishDir -File | Where-Object { $_.Extension -eq '.dll' -or $_.Name -like 'OptiX.*.pdb' }) {
        if ($file.Name -eq 'System.Management.Automation.dll') { continue }
        $destination = if ("$([IO.Path]::GetFileNameWithoutExtension($file.Name)).dll" -in $rootAssemblies) { $ModuleDir } else { $dependencyDir }
        Copy-Item $file.FullName -Destination $destination
    }
    foreach ($name in $RequiredAssemblies) {
        $expected = if ($name -in $rootAssemblies) { Join-Path $ModuleDir $name } else { Join-Path $dependencyDir $name }
        if (-not (Test-Path $expected)) { throw "The module layout lacks $expected." }
    }

    $manifest = Get-Content -Raw (Join-Path $Root 'OptiX.DataConnections.psd1')
    $manifest = $manifest -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion        = '$(Get-ModuleVersion)'"
    Set-Content -Path (Join-Path $ModuleDir 'OptiX.DataConnections.psd1') -Value $manifest -NoNewline
    Copy-Item (Join-Path $Root 'src/OptiX.DataConnections.PowerShell/OptiX.DataConnections.format.ps1xml') -Destination $ModuleDir
    Copy-Item (Join-Path $Root 'LICENSE') -Destination $ModuleDir
    # Build-Help imports the module to read the cmdlets (their HelpUri too), so it runs in a child pwsh: this process never loads the module's assemblies.
    $exit = Invoke-Pwsh @('-File', (Join-Path $Root 'build/Build-Help.ps1'), '-DocsPath', (Join-Path $Root 'docs'), '-ModulePath', $ModuleDir, '-OutputPath', (Join-Path $ModuleDir 'en-US'))
    if ($exit -ne 0) { throw "Building the help failed (exit code $exit): every cmdlet and parameter needs its section in docs/." }
    Write-Host "Module: $ModuleDir"
}

function Get-TrxCounts([string] $Path) {
    $counters = ([xml](Get-Content -Raw $Path)).TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted }
}

function Invoke-Test {
    Invoke-Build
    Remove-Item -Recurse -Force $ResultsDir -ErrorAction SilentlyContinue
    $null = New-Item -ItemType Directory -Force $ResultsDir
    $passed = 0
    $failed = 0

    Write-Host '==> Formatting (dotnet format --verify-no-changes)'
    & dotnet format $Solution --verify-no-changes --no-restore --verbosity quiet
    if ($LASTEXITCODE -ne 0) {
        Write-Host 'Formatting differs from .editorconfig: run "dotnet format OptiX.DataConnections.PowerShell.sln".'
        $failed++
    }

    foreach ($project in Get-ChildItem (Join-Path $Root 'tests') -Recurse -Filter '*.Tests.csproj' | Where-Object { (Get-Content -Raw $_.FullName) -match '<IsTestProject>true' }) {
        Write-Host "==> xunit: $($project.BaseName)"
        $trx = "$($project.BaseName).trx"
        & dotnet test $project.FullName -c $Configuration --no-build --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal' --results-directory $ResultsDir
        $trxPath = Join-Path $ResultsDir $trx
        if (Test-Path $trxPath) {
            $counts = Get-TrxCounts $trxPath
            $passed += $counts.Passed
            $failed += $counts.Failed
        }
        if ($LASTEXITCODE -ne 0 -and -not (Test-Path $trxPath)) { $failed++ }
    }

    Write-Host '==> Pester (against the built module)'
    $pesterResult = Join-Path $ResultsDir 'pester.json'
    $runner = Join-Path $Root 'tests/OptiX.DataConnections.PowerShell.Tests/Invoke-PesterTests.ps1'
    $exit = Invoke-Pwsh @('-File', $runner, '-ModulePath', $ModuleDir, '-ResultPath', $pesterResult)
    if (Test-Path $pesterResult) {
        $counts = Get-Content -Raw $pesterResult | ConvertFrom-Json
        $passed += $counts.Passed
        $failed += $counts.Failed
    }
    elseif ($exit -ne 0) { $failed++ }

    $mono = Invoke-MonoSmoke
    $passed += $mono.Passed
    $failed += $mono.Failed

    Write-Host ''
    Write-Host "Tests: $passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

# The Debian packages the Mono step needs (mono-runtime and the class libraries the core's dependencies use), and the
# two facades .NET Framework 4.7.2 has in the box (netstandard, System.Runtime), which Debian ships only inside
# mono-devel (146 packages, 116 MB): that one package is downloaded and the two files taken from it, nothing installed.
$MonoPackages = @('mono-runtime', 'libmono-system-net-http4.0-cil', 'libmono-system-runtime-serialization4.0-cil', 'libmono-system-data4.0-cil')
$MonoFacades = @('netstandard.dll', 'System.Runtime.dll')

function Test-DebianPackage([string] $Name) {
    $status = & dpkg-query -W -f '${Status}' $Name 2>$null
    return $LASTEXITCODE -eq 0 -and "$status" -eq 'install ok installed'
}

# Runs tests/OptiX.DataConnections.MonoSmoke on Mono (Linux only), installing Mono from Debian's packages when it is
# missing. Returns the counts it adds to the Test task's; a Mono that cannot be had counts as one failure, never as a pass.
function Invoke-MonoSmoke {
    Write-Host '==> Mono: the core and its dependencies on a .NET Framework-style runtime (tests/OptiX.DataConnections.MonoSmoke)'
    if ($env:OPTIX_MONO -eq 'skip') {
        Write-Host 'Mono step SKIPPED: OPTIX_MONO=skip is set (it counts neither as passed nor as failed).'
        return [pscustomobject]@{ Passed = 0; Failed = 0 }
    }
    if (-not $IsLinux) {
        Write-Host 'Mono step skipped: it runs on Linux (Debian packages); Windows runs Windows PowerShell itself (.github/workflows/windows.yml).'
        return [pscustomobject]@{ Passed = 0; Failed = 0 }
    }
    $failure = { param([string] $Why) Write-Host "Mono step FAILED: $Why (counted as 1 failed test; OPTIX_MONO=skip skips the step)."; [pscustomobject]@{ Passed = 0; Failed = 1 } }
    try {
        $missing = @($MonoPackages | Where-Object { -not (Test-DebianPackage $_) })
        if ($missing -or -not (Get-Command mono -ErrorAction SilentlyContinue)) {
            if (-not (Get-Command apt-get -ErrorAction SilentlyContinue)) { return & $failure "Mono is not installed and this Linux has no apt-get; install $($MonoPackages -join ', ') or Mono 6.8+" }
            if ((& id -u) -ne '0') { return & $failure "Mono is not installed; run: sudo apt-get install --no-install-recommends $($missing -join ' ')" }
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $env:DEBIAN_FRONTEND = 'noninteractive'
            $null = New-Item -ItemType Directory -Force (Join-Path $OutDir 'mono')
            $aptLog = Join-Path $OutDir 'mono/apt.log'
            Write-Host "Installing $($missing -join ', ') (apt-get; its output goes to $aptLog)..."
            & apt-get update -qq *> $aptLog
            & apt-get install -y -qq --no-install-recommends @missing *>> $aptLog
            if ($LASTEXITCODE -ne 0) {
                Get-Content $aptLog -Tail 20 | Out-Host
                return & $failure "apt-get could not install $($missing -join ', ') (exit code $LASTEXITCODE)"
            }
            Write-Host ("Installed {0} in {1:0.0} s." -f ($missing -join ', '), $watch.Elapsed.TotalSeconds)
        }

        $facadeDir = Join-Path $OutDir 'mono/facades'
        if (@($MonoFacades | Where-Object { -not (Test-Path (Join-Path $facadeDir $_)) })) {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $download = Join-Path $OutDir 'mono/download'
            Remove-Item -Recurse -Force $download -ErrorAction SilentlyContinue
            $null = New-Item -ItemType Directory -Force $download, $facadeDir
            Push-Location $download
            try {
                & apt-get download -qq mono-devel *> (Join-Path $download 'download.log')
                # Package lists may be gone on a machine where Mono was installed earlier: refresh them once.
                if ($LASTEXITCODE -ne 0 -and (& id -u) -eq '0') {
                    & apt-get update -qq *> (Join-Path $download 'update.log')
                    & apt-get download -qq mono-devel *> (Join-Path $download 'download.log')
                }
            }
            finally { Pop-Location }
            $deb = Get-ChildItem $download -Filter 'mono-devel_*.deb' | Select-Object -First 1
            if (-not $deb) { return & $failure 'apt-get download mono-devel (for the netstandard and System.Runtime facades) failed' }
            & dpkg-deb -x $deb.FullName (Join-Path $download 'x')
            foreach ($name in $MonoFacades) { Copy-Item (Join-Path $download "x/usr/lib/mono/4.5/Facades/$name") -Destination $facadeDir }
            Remove-Item -Recurse -Force $download
            Write-Host ("Facades {0} taken from mono-devel in {1:0.0} s." -f ($MonoFacades -join ', '), $watch.Elapsed.TotalSeconds)
        }

        $program = Join-Path $Root "tests/OptiX.DataConnections.MonoSmoke/bin/$Configuration/net472/OptiX.DataConnections.MonoSmoke.exe"
        $result = Join-Path $ResultsDir 'mono-smoke.json'
        Remove-Item -Force $result -ErrorAction SilentlyContinue
        $env:MONO_PATH = $facadeDir
        try { & mono $program --module $ModuleDir --dotnet (Get-Command dotnet).Source --result $result | Out-Host }
        finally { Remove-Item Env:MONO_PATH }
        if (-not (Test-Path $result)) { return & $failure "the smoke program wrote no result (exit code $LASTEXITCODE)" }
        $counts = Get-Content -Raw $result | ConvertFrom-Json
        return [pscustomobject]@{ Passed = [int]$counts.Passed; Failed = [int]$counts.Failed }
    }
    catch {
        return & $failure "$_"
    }
}

function Invoke-Demo {
    Invoke-Build
    Write-Host '==> Demo'
    $exit = Invoke-Pwsh @('-File', (Join-Path $Root 'samples/Demo.ps1'), '-ModulePath', $ModuleDir, '-Rows', $(if ($Rows) { $Rows } else { 20000 }))
    if ($exit -ne 0) { throw "The demo failed (exit code $exit)." }
    Write-Host '==> Demo: one CSV, two vendors (samples/Send-ToBothVendors.ps1 rehearsed on the emulator)'
    $exit = Invoke-Pwsh @('-File', (Join-Path $Root 'samples/Rehearse-BothVendors.ps1'), '-ModulePath', $ModuleDir, '-Rows', $(if ($Rows) { $Rows } else { 20000 }))
    if ($exit -ne 0) { throw "The two-vendor rehearsal failed (exit code $exit)." }
}

function Invoke-Bench {
    Invoke-Build
    Write-Host '==> Bench'
    $benchDll = Join-Path $Root "bench/OptiX.DataConnections.Bench/bin/$Configuration/net10.0/OptiX.DataConnections.Bench.dll"
    $benchArgs = @('-File', (Join-Path $Root 'bench/Invoke-Benchmark.ps1'), '-ModulePath', $ModuleDir, '-BenchDll', $benchDll, '-Rows', $(if ($Rows) { $Rows } else { 1000000 }))
    if ($LargeRows) { $benchArgs += @('-LargeRows', $LargeRows) }
    $exit = Invoke-Pwsh $benchArgs
    if ($exit -ne 0) { throw "The benchmark failed (exit code $exit)." }
}

# Packs the built module with PSResourceGet in a child pwsh, so that this process never loads it: Compress-PSResource
# where it exists (PSResourceGet 1.1+), else Publish-PSResource to a temporary folder repository, unregistered afterwards.
# The nuspec comes from the manifest (id, version, authors, description, copyright, tags, release notes).
function Invoke-Package {
    Invoke-Build
    Write-Host '==> Package'
    $packageDir = Join-Path $OutDir 'packages'
    $version = (Import-PowerShellDataFile (Join-Path $ModuleDir 'OptiX.DataConnections.psd1')).ModuleVersion
    $package = Join-Path $packageDir "OptiX.DataConnections.$version.nupkg"
    $null = New-Item -ItemType Directory -Force $packageDir
    Remove-Item -Force $package -ErrorAction SilentlyContinue

    $pack = {
        param([string] $ModuleDir, [string] $PackageDir)
        $ErrorActionPreference = 'Stop'
        Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction SilentlyContinue
        if (-not (Get-Module Microsoft.PowerShell.PSResourceGet)) { throw 'Packaging needs Microsoft.PowerShell.PSResourceGet (shipped with PowerShell 7.4 and later).' }
        if (Get-Command Compress-PSResource -ErrorAction SilentlyContinue) {
            Compress-PSResource -Path $ModuleDir -DestinationPath $PackageDir
            return
        }
        $name = "OptiXDataConnectionsPackage$([guid]::NewGuid().ToString('N'))"
        $repository = Join-Path ([IO.Path]::GetTempPath()) $name
        $null = New-Item -ItemType Directory $repository
        try {
            Register-PSResourceRepository -Name $name -Uri $repository -Trusted
            Publish-PSResource -Path $ModuleDir -Repository $name
            Get-ChildItem $repository -Filter '*.nupkg' | Move-Item -Destination $PackageDir -Force
        }
        finally {
            Unregister-PSResourceRepository -Name $name -ErrorAction SilentlyContinue
            Remove-Item -Recurse -Force $repository -ErrorAction SilentlyContinue
        }
    }
    $quoted = @($ModuleDir, $packageDir) | ForEach-Object { "'" + ($_ -replace "'", "''") + "'" }
    $command = "& {$pack} $($quoted -join ' ')"
    $exit = Invoke-Pwsh @('-EncodedCommand', [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($command)))
    if ($exit -ne 0 -or -not (Test-Path $package)) { throw "Packaging failed (exit code $exit): $package was not written." }

    # The nuspec must say what the manifest says.
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $zip = [IO.Compression.ZipFile]::OpenRead($package)
    try {
        $nuspec = $zip.Entries | Where-Object FullName -eq 'OptiX.DataConnections.nuspec'
        if (-not $nuspec) { throw "$package holds no OptiX.DataConnections.nuspec." }
        $reader = [IO.StreamReader]::new($nuspec.Open())
        $metadata = ([xml]$reader.ReadToEnd()).package.metadata
        $reader.Dispose()
    }
    finally { $zip.Dispose() }
    if ($metadata.id -ne 'OptiX.DataConnections' -or $metadata.version -ne $version) {
        throw "The package says $($metadata.id) $($metadata.version), the manifest OptiX.DataConnections $version."
    }
    Write-Host "Package: $package ($([math]::Round((Get-Item $package).Length / 1MB, 1)) MB)"
}

function Invoke-Soak {
    Invoke-Build
    Write-Host '==> Soak'
    $soakArgs = @('-File', (Join-Path $Root 'tests/Soak/Invoke-Soak.ps1'), '-ModulePath', $ModuleDir, '-Minutes', $Minutes)
    if ($Seed) { $soakArgs += @('-Seed', $Seed) }
    $exit = Invoke-Pwsh $soakArgs
    if ($exit -ne 0) { throw "The soak found mismatches or stopped (exit code $exit)." }
}

function Invoke-Emulator {
    Invoke-Build
    & dotnet (Join-Path $ModuleDir 'emulator/OptiX.DataConnections.Emulator.dll') --port $Port
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Emulator' { Invoke-Emulator }
    'Bench' { Invoke-Bench }
    'Soak' { Invoke-Soak }
    'Package' { Invoke-Package }
    'Clean' {
        Remove-Item -Recurse -Force $OutDir -ErrorAction SilentlyContinue
        Get-ChildItem $Root -Recurse -Directory -Include bin, obj | Remove-Item -Recurse -Force
    }
}
