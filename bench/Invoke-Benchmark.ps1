<#
.SYNOPSIS
    Measures uploads side by side, as records per second and peak working set, against the emulator and against a
    discard-only endpoint that isolates the client's own cost:
      A  Send-DCData -Path file.csv
      B  Import-Csv file.csv | Send-DCData
      C  the hand-written loop (Import-Csv, chunks of 5000, ConvertTo-Json, Invoke-RestMethod, sequential)
      D  the limit: the same bodies pre-serialized in memory, posted by a bare HttpClient with the same concurrency
      M  Send-MonetateData -Path file.csv into a Monetate schema on the emulator (rows converted to the schema's types)
    and query-by-key latency on the loaded emulator connection. build.ps1 -Task Bench runs it.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $BenchDll,
    [int] $Rows = 1000000,
    [int] $ThrottleLimit = 4,
    [switch] $SkipHandWritten
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module $ModulePath
$work = Join-Path ([IO.Path]::GetTempPath()) "optix-bench-$PID"
$null = New-Item -ItemType Directory -Force $work
$dotnet = (Get-Command dotnet).Source

function Get-PwshCommand {
    $exe = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { return @($exe, (Join-Path $PSHOME 'pwsh.dll')) }
    @($exe)
}

function Invoke-Scenario([string] $Scenario, [string] $BaseUri, [string] $ConnectionId, [string] $Csv, [string[]] $More = @()) {
    $pwsh = Get-PwshCommand
    $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Scenario.ps1'),
        '-Scenario', $Scenario, '-ModulePath', $ModulePath, '-BaseUri', $BaseUri, '-ConnectionId', $ConnectionId, '-Csv', $Csv, '-ThrottleLimit', $ThrottleLimit) + $More
    $line = & $pwsh[0] @arguments | Select-Object -Last 1
    if ($LASTEXITCODE -ne 0) { throw "Scenario $Scenario failed." }
    $line | ConvertFrom-Json
}

function Invoke-Raw([string] $BaseUri, [string] $ConnectionId, [string] $Csv) {
    $line = & $dotnet $BenchDll raw --base-uri $BaseUri --connection $ConnectionId --csv $Csv --concurrency $ThrottleLimit | Select-Object -Last 1
    if ($LASTEXITCODE -ne 0) { throw 'Scenario D failed.' }
    $line | ConvertFrom-Json
}

function Start-Discard {
    $info = [Diagnostics.ProcessStartInfo]::new($dotnet)
    $info.ArgumentList.Add($BenchDll); $info.ArgumentList.Add('discard')
    $info.RedirectStandardOutput = $true
    $process = [Diagnostics.Process]::Start($info)
    while ($null -ne ($line = $process.StandardOutput.ReadLine())) {
        if ($line -match '^Base URI: (\S+)') { return [pscustomobject]@{ Process = $process; BaseUri = $Matches[1] } }
    }
    throw 'The discard server did not start.'
}

$results = [Collections.Generic.List[object]]::new()
function Add-Result([string] $Scenario, [string] $Target, [int] $RowCount, $Measure) {
    $results.Add([pscustomobject]@{
            Scenario      = $Scenario
            Target        = $Target
            Rows          = $RowCount
            Seconds       = [math]::Round($Measure.seconds, 2)
            RecordsPerSec = [math]::Round($Measure.records / $Measure.seconds)
            PeakMB        = [math]::Round($Measure.peakWorkingSet / 1MB)
        })
}

try {
    $csv = Join-Path $work "customers-$Rows.csv"
    $smallRows = [math]::Max(10000, [int]($Rows / 10))
    $small = Join-Path $work "customers-$smallRows.csv"
    & $dotnet $BenchDll generate --rows $Rows --path $csv
    & $dotnet $BenchDll generate --rows $smallRows --path $small
    Write-Host "Data: $Rows rows, $([math]::Round((Get-Item $csv).Length / 1MB)) MiB"

    # A Monetate API user for scenario M, and a schema for the sample customers.
    $rsa = [System.Security.Cryptography.RSA]::Create(2048)
    $keyPath = Join-Path $work 'bench.pem'
    Set-Content $keyPath $rsa.ExportPkcs8PrivateKeyPem()
    $emulator = Start-DCEmulator -DataPath (Join-Path $work 'bench.db') -MonetateUser @{ bench = $rsa.ExportSubjectPublicKeyInfoPem() } -Retailer bench -PassThru
    Connect-MonetateService -ApiUser bench -PrivateKeyPath $keyPath -Retailer bench -BaseUri $emulator.MonetateBaseUri
    $null = New-MonetateSchema -Name bench -Identifier customer_id -UniqueKey customer_id -NamedIdentifier customer_id -Field ([ordered]@{
            customer_id = 'STRING'; first_name = 'STRING'; last_name = 'STRING'; email = 'STRING'; country = 'STRING'
            loyalty_tier = 'STRING'; lifetime_value = 'NUMBER'; last_purchase_date = 'DATETIME'; product_url = 'STRING'
        })
    $monetate = @('-MonetateBaseUri', "$($emulator.MonetateBaseUri)", '-KeyPath', $keyPath)
    $discard = Start-Discard
    $scenarios = @('A', 'B') + $(if ($SkipHandWritten) { @() } else { @('C') })
    foreach ($target in @(@{ Name = 'discard'; Uri = $discard.BaseUri }, @{ Name = 'emulator'; Uri = "$($emulator.BaseUri)" })) {
        foreach ($scenario in $scenarios) {
            $id = if ($target.Name -eq 'emulator') { (New-DataConnection -Name "bench $scenario" -PrimaryKey customer_id).ConnectionId } else { [guid]::NewGuid() }
            if ($scenario -eq 'A' -and $target.Name -eq 'emulator') { $loaded = $id }
            Write-Host "Running $scenario against $($target.Name)..."
            Add-Result $scenario $target.Name $Rows (Invoke-Scenario $scenario $target.Uri $id $csv)
        }
        $id = if ($target.Name -eq 'emulator') { (New-DataConnection -Name 'bench D' -PrimaryKey customer_id).ConnectionId } else { [guid]::NewGuid() }
        Write-Host "Running D against $($target.Name)..."
        Add-Result 'D' $target.Name $Rows (Invoke-Raw $target.Uri $id $csv)
    }
    Write-Host "Running A at $smallRows rows against discard (memory at a tenth of the size)..."
    Add-Result 'A (1/10)' 'discard' $smallRows (Invoke-Scenario 'A' $discard.BaseUri ([guid]::NewGuid()) $small)
    Write-Host 'Running M (Monetate) against emulator, at full size and at a tenth...'
    Add-Result 'M' 'emulator' $Rows (Invoke-Scenario 'M' "$($emulator.BaseUri)" ([guid]::NewGuid()) $csv $monetate)
    Add-Result 'M (1/10)' 'emulator' $smallRows (Invoke-Scenario 'M' "$($emulator.BaseUri)" ([guid]::NewGuid()) $small $monetate)

    $latency = & $dotnet $BenchDll query --base-uri "$($emulator.BaseUri)" --connection $loaded --max-key $Rows --count 2000 | ConvertFrom-Json

    Write-Host ''
    Write-Host "Upload benchmark: $Rows rows, ThrottleLimit $ThrottleLimit, $([Environment]::ProcessorCount) cores"
    $results | Format-Table -AutoSize | Out-String -Width 120 | Write-Host
    function Rate([string] $s, [string] $t) { ($results | Where-Object { $_.Scenario -eq $s -and $_.Target -eq $t }).RecordsPerSec }
    foreach ($t in 'discard', 'emulator') {
        $line = "{0,-8} A/D {1:N2}" -f $t, ((Rate A $t) / (Rate D $t))
        if (-not $SkipHandWritten) { $line += "   A/C {0:N1}   B/C {1:N1}" -f ((Rate A $t) / (Rate C $t)), ((Rate B $t) / (Rate C $t)) }
        Write-Host $line
    }
    $aBig = ($results | Where-Object { $_.Scenario -eq 'A' -and $_.Target -eq 'discard' }).PeakMB
    $aSmall = ($results | Where-Object { $_.Scenario -eq 'A (1/10)' }).PeakMB
    Write-Host ("A peak working set: {0} MB at {1:N0} rows, {2} MB at {3:N0} rows (x{4:N2})" -f $aBig, $Rows, $aSmall, $smallRows, ($aBig / $aSmall))
    $mBig = ($results | Where-Object { $_.Scenario -eq 'M' }).PeakMB
    $mSmall = ($results | Where-Object { $_.Scenario -eq 'M (1/10)' }).PeakMB
    Write-Host ("M (Monetate) peak working set: {0} MB at {1:N0} rows, {2} MB at {3:N0} rows (x{4:N2})" -f $mBig, $Rows, $mSmall, $smallRows, ($mBig / $mSmall))
    Write-Host ("Query by key on the {0:N0}-record connection: p50 {1:N2} ms, p99 {2:N2} ms ({3} queries)" -f $Rows, $latency.p50, $latency.p99, $latency.count)
}
finally {
    Disconnect-MonetateService
    Stop-DCEmulator
    if ($discard) { $discard.Process.Kill(); $discard.Process.WaitForExit() }
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
