<#
.SYNOPSIS
    The main journey, rehearsed against the local emulator: connect, create a Data Connection, pipe customers in,
    read a few back. build.ps1 -Task Demo runs it; it works the same against production after Connect-DCService.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/OptiX.DataConnections'),
    [int] $Rows = 20000
)

$ErrorActionPreference = 'Stop'
Import-Module (Resolve-Path $ModulePath).Path

$work = Join-Path ([IO.Path]::GetTempPath()) "optix-demo-$PID"
$null = New-Item -ItemType Directory -Force $work
try {
    $csv = Join-Path $work 'customers.csv'
    & (Join-Path $PSScriptRoot 'New-SampleCustomers.ps1') -Path $csv -Rows $Rows
    Write-Host "Sample: $Rows customers in $csv"

    # Starts the emulator on a free loopback port with a temporary SQLite file and connects to it.
    $emulator = Start-DCEmulator -DataPath (Join-Path $work 'emulator.db') -PassThru
    Write-Host "Emulator: $($emulator.BaseUri)"

    $connection = New-DataConnection -Name 'Demo customers' -PrimaryKey customer_id -Description 'Loyalty data for the demo'
    $connection | Format-List ConnectionId, Name, PrimaryKey, Description | Out-Host

    $summary = Import-Csv $csv | Send-DCData -ConnectionId $connection.ConnectionId -TtlSeconds 86400 -PassThru
    $summary | Format-List | Out-Host

    Write-Host 'A few records back:'
    '100001', '100002', "$(100000 + $Rows)" | Invoke-DCQuery -ConnectionId $connection.ConnectionId |
        Format-Table customer_id, first_name, last_name, loyalty_tier, lifetime_value | Out-Host

    Write-Host ('Sent {0:N0} records in {1} requests in {2:N1} s: {3:N0} records per second.' -f
        $summary.RecordsSent, $summary.Requests, $summary.Elapsed.TotalSeconds, $summary.RecordsPerSecond)
    if (-not $summary.BatchCompleted -or $summary.RecordsSent -ne $Rows) { throw 'The demo upload did not complete.' }
}
finally {
    Stop-DCEmulator
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
