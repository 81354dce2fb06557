<#
.SYNOPSIS
    Measures uploads side by side against the emulator and against a discard-only endpoint (which parses every body
    and answers with its count, so it isolates the client's own cost):
      A  Send-DCData -Path file.csv
      B  Import-Csv file.csv | Send-DCData
      C  the hand-written loop (Import-Csv, chunks of 5000, ConvertTo-Json, Invoke-RestMethod, sequential)
      D  the limit: the same bodies pre-serialized in memory, posted by a bare HttpClient with the same concurrency
      I  Import-Csv file.csv | Out-Null alone (no module)
      S  the vendor's walkthrough script (bench/upload_data_to_dc.py) with the machine's python3 and requests
      M  Send-MonetateData -Path file.csv into a Monetate schema on the emulator (rows converted to the schema's types)
    Every scenario is measured as a whole process from outside (bench measure): wall time from start to exit, the
    runtime's and PowerShell's start-up and Import-Module included, and the process's peak memory; the ratios use
    those. Then query-by-key latency on the loaded emulator connection, right after A's batch completed and at the
    end, and the stage-by-stage profile of A (bench profile). Targets are printed beside the figures; a missed
    target never fails the run. build.ps1 -Task Bench runs it.
.PARAMETER LargeRows
    Runs only A against the discard endpoint at that many rows (e.g. 10000000, a 1.1 GB CSV written as a stream),
    for the peak-memory figure at that size.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $BenchDll,
    [int] $Rows = 1000000,
    [int] $ThrottleLimit = 4,
    [int] $LargeRows = 0,
    [switch] $SkipHandWritten,
    [switch] $SkipProfile
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module $ModulePath
$work = Join-Path ([IO.Path]::GetTempPath()) "optix-bench-$PID"
$null = New-Item -ItemType Directory -Force $work
$dotnet = (Get-Command dotnet).Source
$apiKey = 'optix-emulator-dev-api-key'
$brandKey = '11111111-1111-4111-8111-111111111111'

function Get-PwshCommand {
    $exe = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { return @($exe, (Join-Path $PSHOME 'pwsh.dll')) }
    @($exe)
}

# Runs a program as a whole process under 'bench measure'; returns the measurement and the program's output lines.
function Measure-Process([string] $Name, [string[]] $Command) {
    $stdout = Join-Path $work "$Name.out"
    $line = & $dotnet $BenchDll measure --stdout $stdout -- @Command | Select-Object -Last 1
    if ($LASTEXITCODE -ne 0) { throw "Measuring $Name failed." }
    $measured = $line | ConvertFrom-Json
    $output = @(Get-Content $stdout)
    Remove-Item $stdout
    if ($measured.exitCode -ne 0) { throw "$Name exited with $($measured.exitCode): $($output | Select-Object -Last 5)" }
    [pscustomobject]@{ Wall = $measured.wall; Peak = $measured.peakBytes; Cpu = $measured.cpu; Output = $output }
}

function Invoke-Scenario([string] $Scenario, [string] $BaseUri, [string] $ConnectionId, [string] $Csv, [string[]] $More = @()) {
    $command = @(Get-PwshCommand) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Scenario.ps1'),
        '-Scenario', $Scenario, '-ModulePath', $ModulePath, '-BaseUri', $BaseUri, '-ConnectionId', $ConnectionId, '-Csv', $Csv, '-ThrottleLimit', $ThrottleLimit) + $More
    $measured = Measure-Process "scenario-$Scenario" $command
    $inner = $measured.Output | Select-Object -Last 1 | ConvertFrom-Json
    $measured | Add-Member Inner $inner.seconds
    $measured | Add-Member Records $inner.records -PassThru
}

function Invoke-Raw([string] $BaseUri, [string] $ConnectionId, [string] $Csv) {
    $measured = Measure-Process 'raw' @($dotnet, $BenchDll, 'raw', '--base-uri', $BaseUri, '--connection', $ConnectionId, '--csv', $Csv, '--concurrency', $ThrottleLimit)
    $inner = $measured.Output | Select-Object -Last 1 | ConvertFrom-Json
    $measured | Add-Member Inner $inner.seconds
    $measured | Add-Member Records $inner.records -PassThru
}

# python3 (or a Python 3 named python) with requests, or null.
function Find-Python {
    foreach ($name in 'python3', 'python') {
        $python = Get-Command $name -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if (-not $python) { continue }
        # The interpreter itself, not a launcher in front of it (a pyenv shim, say), whose start-up would count against S.
        $found = & $python.Source -c 'import sys, requests; print(sys.version_info[0], requests.__version__, sys.version.split()[0], sys.executable)' 2>$null
        if ($LASTEXITCODE -eq 0 -and "$found" -match '^3 (\S+) (\S+) (.+)$') { return [pscustomobject]@{ Path = $Matches[3]; Requests = $Matches[1]; Version = $Matches[2] } }
    }
    $null
}

# The vendor's script: its requests' answers are only printed, so the records it got acknowledged are counted from its output.
function Invoke-Script([string] $Python, [string] $BaseUri, [string] $ConnectionId, [string] $Csv) {
    $env:API_BASE = $BaseUri; $env:API_KEY = $apiKey; $env:BRAND_KEY = $brandKey; $env:DC_ID = $ConnectionId
    try { $measured = Measure-Process 'script' @($Python, (Join-Path $PSScriptRoot 'upload_data_to_dc.py'), $Csv) }
    finally { Remove-Item Env:API_BASE, Env:API_KEY, Env:BRAND_KEY, Env:DC_ID }
    $acknowledged = 0
    foreach ($line in $measured.Output) {
        if ($line -match '^Successfully uploaded batch of (\d+) records') { $acknowledged += [int]$Matches[1] }
    }
    $failed = @($measured.Output | Where-Object { $_ -like 'Failed to upload*' })
    if ($failed) { Write-Warning "S: $($failed.Count) request(s) failed: $($measured.Output | Where-Object { $_ -like 'Response:*' } | Select-Object -First 1)" }
    $measured | Add-Member Inner $null
    $measured | Add-Member Records $acknowledged -PassThru
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

function Get-QueryLatency([string] $BaseUri, [string] $ConnectionId, [int] $MaxKey) {
    & $dotnet $BenchDll query --base-uri $BaseUri --connection $ConnectionId --max-key $MaxKey --count 2000 | ConvertFrom-Json
}

$results = [Collections.Generic.List[object]]::new()
function Add-Result([string] $Scenario, [string] $Target, [int] $RowCount, $Measure) {
    if ($null -ne $Measure.Records -and $Measure.Records -ne $RowCount) {
        Write-Warning "$Scenario against ${Target}: $($Measure.Records) of $RowCount records acknowledged."
    }
    $results.Add([pscustomobject]@{
            Scenario      = $Scenario
            Target        = $Target
            Rows          = $RowCount
            Wall          = [math]::Round($Measure.Wall, 2)
            RecordsPerSec = [long]($RowCount / $Measure.Wall)
            PeakMB        = [long]($Measure.Peak / 1MB)
            CpuSeconds    = if ($null -ne $Measure.Cpu) { [math]::Round($Measure.Cpu, 2) } else { $null }
            InnerSeconds  = if ($null -ne $Measure.Inner) { [math]::Round($Measure.Inner, 2) } else { $null }
        })
}
function Get-Result([string] $Scenario, [string] $Target) { $results | Where-Object { $_.Scenario -eq $Scenario -and $_.Target -eq $Target } | Select-Object -First 1 }
function Format-Target([string] $What, $Value, [string] $Target, [bool] $Met) {
    if ($null -eq $Value) { return ('{0,-58} {1,10}   target {2}' -f $What, 'not run', $Target) }
    '{0,-58} {1,10}   target {2}   {3}' -f $What, $Value, $Target, $(if ($Met) { 'met' } else { 'MISSED' })
}

try {
    if ($LargeRows -gt 0) {
        $csv = Join-Path $work "customers-$LargeRows.csv"
        & $dotnet $BenchDll generate --rows $LargeRows --path $csv
        Write-Host "Data: $LargeRows rows, $([math]::Round((Get-Item $csv).Length / 1MB)) MiB; only A against discard"
        $discard = Start-Discard
        Add-Result 'A' 'discard' $LargeRows (Invoke-Scenario 'A' $discard.BaseUri ([guid]::NewGuid()) $csv)
        $results | Format-Table -AutoSize | Out-String -Width 140 | Write-Host
        $a = Get-Result 'A' 'discard'
        Write-Host (Format-Target "A peak memory at $($LargeRows.ToString('N0')) rows (MB)" $a.PeakMB '< 250 MB at 10,000,000' ($a.PeakMB -lt 250))
        return
    }

    $csv = Join-Path $work "customers-$Rows.csv"
    $smallRows = [math]::Max(10000, [int]($Rows / 10))
    $small = Join-Path $work "customers-$smallRows.csv"
    & $dotnet $BenchDll generate --rows $Rows --path $csv
    & $dotnet $BenchDll generate --rows $smallRows --path $small
    Write-Host "Data: $Rows rows, $([math]::Round((Get-Item $csv).Length / 1MB)) MiB"
    $python = Find-Python
    if ($python) { Write-Host "Scenario S: $($python.Path) (Python $($python.Version)) with requests $($python.Requests)" }
    else { Write-Host 'Scenario S skipped: it needs python3 with the requests package (Debian/Ubuntu: apt-get install python3 python3-requests; Fedora/RHEL: dnf install python3-requests; Windows/macOS: python3 -m pip install requests).' }

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

    Write-Host 'Running I (Import-Csv | Out-Null, no endpoint)...'
    Add-Result 'I' '-' $Rows (Invoke-Scenario 'I' $discard.BaseUri ([guid]::NewGuid()) $csv)
    $scenarios = @('A', 'B') + $(if ($SkipHandWritten) { @() } else { @('C') })
    foreach ($target in @(@{ Name = 'discard'; Uri = $discard.BaseUri }, @{ Name = 'emulator'; Uri = "$($emulator.BaseUri)" })) {
        $newId = { param([string] $Name) if ($target.Name -eq 'emulator') { (New-DataConnection -Name "bench $Name" -PrimaryKey customer_id).ConnectionId } else { [guid]::NewGuid() } }
        foreach ($scenario in $scenarios) {
            $id = & $newId $scenario
            Write-Host "Running $scenario against $($target.Name)..."
            Add-Result $scenario $target.Name $Rows (Invoke-Scenario $scenario $target.Uri $id $csv)
            if ($scenario -eq 'A' -and $target.Name -eq 'emulator') {
                # Right after A's batch of $Rows records completed: what a campaign meets while an upload lands.
                $loaded = $id
                $latencyAfterA = Get-QueryLatency "$($emulator.BaseUri)" $loaded $Rows
            }
        }
        if ($python) {
            Write-Host "Running S (the vendor's script) against $($target.Name)..."
            Add-Result 'S' $target.Name $Rows (Invoke-Script $python.Path $target.Uri (& $newId 'S') $csv)
        }
        Write-Host "Running D against $($target.Name)..."
        Add-Result 'D' $target.Name $Rows (Invoke-Raw $target.Uri (& $newId 'D') $csv)
    }
    Write-Host "Running A at $smallRows rows against discard (memory at a tenth of the size)..."
    Add-Result 'A (1/10)' 'discard' $smallRows (Invoke-Scenario 'A' $discard.BaseUri ([guid]::NewGuid()) $small)
    Write-Host 'Running M (Monetate) against emulator, at full size and at a tenth...'
    Add-Result 'M' 'emulator' $Rows (Invoke-Scenario 'M' "$($emulator.BaseUri)" ([guid]::NewGuid()) $csv $monetate)
    Add-Result 'M (1/10)' 'emulator' $smallRows (Invoke-Scenario 'M' "$($emulator.BaseUri)" ([guid]::NewGuid()) $small $monetate)
    $latencyEnd = Get-QueryLatency "$($emulator.BaseUri)" $loaded $Rows

    if (-not $SkipProfile) {
        Write-Host ''
        $pwsh = @(Get-PwshCommand)
        $profileArgs = @('profile', '--csv', $csv, '--base-uri', $discard.BaseUri, '--throttle', $ThrottleLimit, '--module', $ModulePath, '--pwsh', $pwsh[0])
        if ($pwsh.Count -gt 1) { $profileArgs += @('--pwsh-dll', $pwsh[1]) }
        & $dotnet $BenchDll @profileArgs | Out-Host
        if ($LASTEXITCODE -ne 0) { Write-Warning "The profile failed (exit code $LASTEXITCODE)." }
    }

    Write-Host ''
    Write-Host "Upload benchmark: $Rows rows, ThrottleLimit $ThrottleLimit, $([Environment]::ProcessorCount) cores. Whole processes measured from outside:"
    Write-Host 'Wall and RecordsPerSec from start to exit (start-up and Import-Module included), PeakMB the process''s peak memory,'
    Write-Host 'CpuSeconds its user+system time, InnerSeconds the scenario''s own time after start-up (D: the posting alone).'
    $results | Format-Table -AutoSize | Out-String -Width 140 | Write-Host

    $aDiscard = Get-Result 'A' 'discard'; $sDiscard = Get-Result 'S' 'discard'
    $aEmulator = Get-Result 'A' 'emulator'; $sEmulator = Get-Result 'S' 'emulator'
    $b = Get-Result 'B' 'discard'; $i = Get-Result 'I' '-'
    $ratio = { param($Slow, $Fast) if ($Slow -and $Fast) { [math]::Round($Slow.Wall / $Fast.Wall, 2) } else { $null } }
    $aOverS = & $ratio $sDiscard $aDiscard
    $bOverI = & $ratio $b $i
    $aOverSEmulator = & $ratio $sEmulator $aEmulator
    Write-Host "Targets (issue 16, meant at 1,000,000 rows; this run: $($Rows.ToString('N0')) rows):"
    Write-Host (Format-Target 'discard: A records/s over S (S wall / A wall)' $aOverS '>= 3' ($aOverS -ge 3))
    Write-Host (Format-Target 'discard: B wall / I wall' $bOverI '<= 1.6' ($null -ne $bOverI -and $bOverI -le 1.6))
    Write-Host (Format-Target 'emulator: A records/s over S (S wall / A wall)' $aOverSEmulator '>= 2' ($aOverSEmulator -ge 2))
    Write-Host (Format-Target "A peak memory at $($Rows.ToString('N0')) rows (MB)" $aDiscard.PeakMB '< 200 MB at 1,000,000' ($aDiscard.PeakMB -lt 200))
    Write-Host (Format-Target 'query by key p99 right after A''s batch completed (ms)' ([math]::Round($latencyAfterA.p99, 2)) '< 5 ms' ($latencyAfterA.p99 -lt 5))
    Write-Host (Format-Target 'query by key p99 at the end (ms)' ([math]::Round($latencyEnd.p99, 2)) '< 5 ms' ($latencyEnd.p99 -lt 5))
    Write-Host ("Query by key on the {0:N0}-record connection: right after A p50 {1:N2} ms, p99 {2:N2} ms; at the end p50 {3:N2} ms, p99 {4:N2} ms ({5} queries each)" -f $Rows, $latencyAfterA.p50, $latencyAfterA.p99, $latencyEnd.p50, $latencyEnd.p99, $latencyEnd.count)

    Write-Host ''
    Write-Host 'Earlier ratios (whole-process wall; A/D uses A''s in-process time against D''s posting alone):'
    foreach ($t in 'discard', 'emulator') {
        $a = Get-Result 'A' $t; $d = Get-Result 'D' $t
        $line = "{0,-8} A/D {1:N2}" -f $t, ($d.InnerSeconds / $a.InnerSeconds)
        if (-not $SkipHandWritten) { $c = Get-Result 'C' $t; $line += "   A/C {0:N1}   B/C {1:N1}" -f ($c.Wall / $a.Wall), ($c.Wall / (Get-Result 'B' $t).Wall) }
        Write-Host $line
    }
    $aSmall = Get-Result 'A (1/10)' 'discard'
    Write-Host ("A peak memory: {0} MB at {1:N0} rows, {2} MB at {3:N0} rows (x{4:N2})" -f $aDiscard.PeakMB, $Rows, $aSmall.PeakMB, $smallRows, ($aDiscard.PeakMB / $aSmall.PeakMB))
    $mBig = Get-Result 'M' 'emulator'; $mSmall = Get-Result 'M (1/10)' 'emulator'
    Write-Host ("M (Monetate) peak memory: {0} MB at {1:N0} rows, {2} MB at {3:N0} rows (x{4:N2})" -f $mBig.PeakMB, $Rows, $mSmall.PeakMB, $smallRows, ($mBig.PeakMB / $mSmall.PeakMB))
}
finally {
    if ($emulator) {
        Disconnect-MonetateService
        Stop-DCEmulator
    }
    if ($discard) { $discard.Process.Kill(); $discard.Process.WaitForExit() }
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
