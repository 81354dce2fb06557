<#
.SYNOPSIS
    Runs the Pester tests against a built module; build.ps1 -Task Test calls it in a fresh pwsh process.
.DESCRIPTION
    Pester comes from NuGet (the PackageDownload in the project beside this script), never from the Gallery.
    Writes {Passed, Failed} to -ResultPath so that build.ps1 can add the totals to xunit's.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ResultPath
)

$ErrorActionPreference = 'Stop'
if ($PSVersionTable.PSEdition -eq 'Core') { $PSStyle.OutputRendering = 'PlainText' }

$project = [xml](Get-Content -Raw (Join-Path $PSScriptRoot 'OptiX.DataConnections.PowerShell.Tests.csproj'))
$pesterVersion = ($project.Project.ItemGroup.PackageDownload | Where-Object Include -eq 'Pester').Version.Trim('[', ']')
$packages = $env:NUGET_PACKAGES
if (-not $packages) {
    $packages = ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
}
$pester = Join-Path $packages "pester/$pesterVersion/tools/Pester.psd1"
if (-not (Test-Path $pester)) { throw "Pester $pesterVersion was not restored to $pester; run 'dotnet restore' on the solution." }
Import-Module $pester -Force

$env:OPTIX_TEST_MODULE = (Resolve-Path $ModulePath).Path
$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
# One line per test file, the failures in full, the counts at the end.
$config.Output.Verbosity = 'Normal'
$config.Output.RenderMode = 'Plaintext'
$result = Invoke-Pester -Configuration $config

$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
@{ Passed = $result.PassedCount; Failed = $failed } | ConvertTo-Json | Set-Content -Path $ResultPath
exit ([int]($failed -gt 0))
