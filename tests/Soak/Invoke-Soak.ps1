#Requires -Version 7.2
<#
.SYNOPSIS
    Soak test: minutes of mixed traffic through the cmdlets against an emulator that injects faults, then a check that
    the stored data equals what the client reported.
.DESCRIPTION
    Not part of the default Test run. Starts the emulator shipped in the module with a seeded mix of faults (throttling,
    server errors, dropped connections, answers lost after the work was done, latency) and connects with few retries, so
    that some requests fail for good. Then, until -Minutes have passed (and at most -MaxOperations operations), it
    picks at random:

      upload  Send-DCData of 1 to 3000 records (some keys repeated within the upload, now and then a record without
              the key), -BatchSize 200 to 5000. Records handed back as UploadFailed are re-sent into the same batch with
              -BatchId, as the warning says, until the batch completes.
      update  Update-DCRecord of existing keys, whole or -Merge; failed items are sent again.
      delete  Remove-DCRecord of existing keys; failed keys are sent again (RecordNotFound then means a lost answer).
      query   Invoke-DCQuery of a sample of keys, or Get-DCSchema, compared with the model on the spot.

    The model is what the client reported: an upload's records count only once its batch completed, in the order the
    service received them (the records acknowledged in each round, then the re-sent ones); an update or delete counts
    once acknowledged. At the end the faults are cleared and every key of the key space is read back: the record count
    and each record must equal the model. Prints a summary and exits 1 on any mismatch.
.EXAMPLE
    dotnet pwsh tests/Soak/Invoke-Soak.ps1 -ModulePath out/OptiX.DataConnections -Minutes 1 -Seed 42
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [ValidateRange(0.05, 1440)] [double] $Minutes = 10,
    [int] $Seed = (Get-Random -Maximum 1000000),
    [ValidateRange(1, 1000000)] [int] $MaxOperations = 100000,
    [ValidateRange(10, 1000000)] [int] $KeySpace = 4000
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$PSStyle.OutputRendering = 'PlainText'
Import-Module $ModulePath -Force

$DevApiKey = 'optix-emulator-dev-api-key'
$DevBrandKey = '11111111-1111-4111-8111-111111111111'
$FaultSpec = 'upload_data:429=0.04,503=0.04,500=0.02,drop=0.02,dropafter=0.02,retryafter=0;' +
    'update_data:503=0.05,drop=0.02,dropafter=0.03;delete_data:503=0.05,drop=0.02,dropafter=0.03;' +
    'query:503=0.03;api_batch_query:503=0.05,drop=0.01;schema:503=0.05;connections:503=0.02;' +
    "*:latency=0-3;seed=$Seed"
$Rng = [Random]::new($Seed)
$Tiers = 'bronze', 'silver', 'gold', 'platinum'

# key -> expected record (ordered field => value), what the client was told is stored.
$Model = [Collections.Generic.Dictionary[string, Collections.Specialized.OrderedDictionary]]::new([StringComparer]::Ordinal)
$Mismatches = [Collections.Generic.List[string]]::new()
$Stats = [ordered]@{
    Operations = 0; Uploads = 0; Updates = 0; Deletes = 0; Queries = 0
    RecordsSent = 0; RecordsResent = 0; RecordsRejected = 0; RecordsUpdated = 0; RecordsDeleted = 0; RecordsQueried = 0
    FailedForGood = 0; ResendRounds = 0; BatchesAbandoned = 0; CommandsRetried = 0; AlreadyGone = 0
}
$Faults = [ordered]@{}
$Retried = [ordered]@{}

function Get-Key([int] $i) { 'c{0:D6}' -f $i }

function New-Record([string] $Key, [int] $Op, [int] $N) {
    $record = [ordered]@{ customer_id = $Key; op = $Op; n = $N; name = "Customer $Key op $Op" }
    if ($Rng.Next(2) -eq 0) { $record['tier'] = $Tiers[$Rng.Next($Tiers.Count)] }
    if ($Rng.Next(3) -eq 0) { $record['score'] = $Rng.Next(0, 1000000) }
    if ($Rng.Next(4) -eq 0) { $record['address'] = [ordered]@{ city = "City $($Rng.Next(50))"; zip = '{0:D5}' -f $Rng.Next(100000) } }
    if ($Rng.Next(5) -eq 0) { $record['tags'] = @("t$($Rng.Next(9))", "u$($Rng.Next(9))") }
    $record
}

# A record's fields as comparable text: top-level fields by name, each value as compact JSON.
function Get-Canonical($Record) {
    $pairs = if ($Record -is [Collections.IDictionary]) {
        foreach ($name in $Record.Keys) { [pscustomobject]@{ Name = [string]$name; Value = $Record[$name] } }
    }
    else {
        foreach ($property in $Record.PSObject.Properties) { [pscustomobject]@{ Name = $property.Name; Value = $property.Value } }
    }
    ($pairs | Sort-Object Name -CaseSensitive | ForEach-Object { "$($_.Name)=$(ConvertTo-Json -InputObject $_.Value -Compress -Depth 10)" }) -join ';'
}

function Add-Mismatch([string] $Text) {
    $Mismatches.Add("op $($Stats.Operations): $Text")
    Write-Host "MISMATCH op $($Stats.Operations): $Text"
}

# Counts the faults the client saw (its retry notices) by reason.
function Measure-Verbose($Stream) {
    foreach ($item in $Stream) {
        if ($item -is [Management.Automation.VerboseRecord] -and $item.Message -match ': (.+); retry \d+ in ') {
            $reason = if ($Matches[1] -match '^(\d{3})') { "HTTP $($Matches[1])" } elseif ($Matches[1] -match 'no answer') { 'timeout' } else { 'connection dropped' }
            $Faults[$reason] = 1 + ($Faults[$reason] ?? 0)
        }
    }
}

function Connect-Soak([switch] $Patient) {
    if ($Patient) { Connect-DCService -ApiKey $DevApiKey -BrandKey $DevBrandKey -BaseUri $Emulator.BaseUri -MaxRetries 10 }
    else { Connect-DCService -ApiKey $DevApiKey -BrandKey $DevBrandKey -BaseUri $Emulator.BaseUri -MaxRetries 1 -MaxRetryTime 30 }
}

# Runs a cmdlet call; a terminating failure before anything was sent is retried: the connection lookup failing for good,
# or Update-DCRecord -Merge's read of the stored records failing for good (which escapes as a bare ServiceException; the
# soak's updates fit in one request, so nothing was sent). The call returns @{ Out = output and verbose records;
# Errors = its non-terminating errors }.
function Invoke-WithRetry([scriptblock] $Call, [string] $What) {
    for ($attempt = 1; ; $attempt++) {
        try { return & $Call }
        catch {
            $id = $_.FullyQualifiedErrorId
            if ($attempt -ge 10 -or $id -notmatch '^(ServiceError|Throttled|TransportFailed|Timeout|OptiX\.DataConnections\.Http\.ServiceException),') { throw }
            $Stats.CommandsRetried++
            $name = "$What $($id.Split(',')[0])"
            $Retried[$name] = 1 + ($Retried[$name] ?? 0)
            Write-Verbose "$What failed for good before sending ($id); running it again."
        }
    }
}

function Invoke-Upload([int] $Op) {
    $count = $Rng.Next(1, 3001)
    $batchSize = $Rng.Next(200, 5001)
    $records = [Collections.Generic.List[object]]::new($count + 1)
    for ($n = 0; $n -lt $count; $n++) {
        # About 3% of the records repeat a key of the same upload: the last one must win.
        $key = if ($n -gt 0 -and $Rng.Next(100) -lt 3) { $records[$Rng.Next($n)].customer_id } else { Get-Key $Rng.Next($KeySpace) }
        $records.Add([pscustomobject](New-Record $key $Op $n))
    }
    $badRecord = $Rng.Next(50) -eq 0
    if ($badRecord) { $records.Insert($Rng.Next($records.Count), [pscustomobject]@{ name = 'no key'; n = -1 }) }

    $staged = [Collections.Generic.Dictionary[string, Collections.Specialized.OrderedDictionary]]::new([StringComparer]::Ordinal)
    $connectionId = $Connection.ConnectionId

    $result = Invoke-WithRetry {
        $o = $records | Send-DCData -ConnectionId $connectionId -BatchSize $batchSize -ThrottleLimit 4 -PassThru -Verbose -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue 4>&1
        @{ Out = $o; Errors = @($e) }
    } 'Send-DCData'
    Measure-Verbose $result.Out
    $summary = $result.Out | Where-Object { $_ -is [OptiX.DataConnections.Upload.UploadSummary] } | Select-Object -Last 1
    $failedErrors = @($result.Errors | Where-Object { $_.FullyQualifiedErrorId -like 'UploadFailed*' -or $_.FullyQualifiedErrorId -like 'ServiceUnreachable*' })
    $rejected = @($result.Errors | Where-Object { $_.FullyQualifiedErrorId -like 'MissingPrimaryKey*' })
    $Stats.RecordsSent += $summary.RecordsSent
    $Stats.RecordsRejected += $summary.RecordsRejected
    if ($rejected.Count -ne [int]$badRecord -or $summary.RecordsRejected -ne [int]$badRecord) {
        Add-Mismatch "upload refused $($summary.RecordsRejected) record(s) ($($rejected.Count) MissingPrimaryKey error(s)); expected $([int]$badRecord)"
    }
    if ($summary.RecordsSent + $summary.RecordsFailed -ne $count) {
        Add-Mismatch "upload of $count records reported $($summary.RecordsSent) sent + $($summary.RecordsFailed) failed"
    }

    # The service applied each round's acknowledged records in input order; failed ones come back for the next round.
    $round = @($records | Where-Object { $_.n -ge 0 })
    $failed = @($failedErrors | ForEach-Object { $_.TargetObject })
    $completed = $summary.BatchCompleted
    $batchId = $summary.BatchId
    for ($resend = 1; ; $resend++) {
        $failedN = [Collections.Generic.HashSet[int]]::new([int[]]@($failed | ForEach-Object { [int]$_.n }))
        foreach ($record in $round) {
            if (-not $failedN.Contains([int]$record.n)) { $staged[$record.customer_id] = ConvertTo-Ordered $record }
        }
        if ($completed -or $failed.Count -eq 0) { break }
        $Stats.FailedForGood++
        if ($resend -gt 5) {
            # Left open: none of its records are visible, so the model does not change.
            $Stats.BatchesAbandoned++
            Write-Host "op ${Op}: batch $batchId abandoned after 5 re-sends; its records stay invisible."
            return
        }
        $Stats.ResendRounds++
        $round = $failed
        $thrown = $null
        try {
            $result = Invoke-WithRetry {
                $o = $round | Send-DCData -ConnectionId $connectionId -BatchId $batchId -ThrottleLimit 4 -PassThru -Verbose -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue 4>&1
                @{ Out = $o; Errors = @($e) }
            } 'Send-DCData -BatchId'
            Measure-Verbose $result.Out
        }
        catch { $thrown = $_ }
        if ($thrown -and $thrown.FullyQualifiedErrorId -like 'Conflict*') {
            # The batch is already completed: an earlier completing request was applied but its answer was lost.
            $failed = @()
            $completed = $true
            continue
        }
        if ($thrown) { throw $thrown }
        $again = $result.Out | Where-Object { $_ -is [OptiX.DataConnections.Upload.UploadSummary] } | Select-Object -Last 1
        $Stats.RecordsResent += $again.RecordsSent
        $failed = @($result.Errors | Where-Object { $_.FullyQualifiedErrorId -like 'UploadFailed*' -or $_.FullyQualifiedErrorId -like 'ServiceUnreachable*' } | ForEach-Object { $_.TargetObject })
        $completed = $again.BatchCompleted
    }
    if (-not $completed) {
        Add-Mismatch "upload batch $batchId did not complete although no record failed"
        return
    }
    foreach ($entry in $staged.GetEnumerator()) { $Model[$entry.Key] = $entry.Value }
}

# A record read back or piped (PSCustomObject) as an ordered dictionary of its fields.
function ConvertTo-Ordered($Record) {
    $ordered = [ordered]@{}
    foreach ($property in $Record.PSObject.Properties) { $ordered[$property.Name] = $property.Value }
    $ordered
}

function Get-ExistingKeys([int] $Count) {
    $keys = [string[]]$Model.Keys
    if ($keys.Count -eq 0) { return @() }
    $picked = [Collections.Generic.HashSet[string]]::new([StringComparer]::Ordinal)
    for ($i = 0; $i -lt [Math]::Min($Count, $keys.Count) * 2 -and $picked.Count -lt $Count; $i++) { $null = $picked.Add($keys[$Rng.Next($keys.Count)]) }
    @($picked)
}

function Invoke-Update([int] $Op) {
    $keys = Get-ExistingKeys $Rng.Next(1, 400)
    if ($keys.Count -eq 0) { return }
    $merge = $Rng.Next(2) -eq 0
    $pending = @(foreach ($key in $keys) {
            $fields = if ($merge) { [ordered]@{ customer_id = $key; op = $Op; tier = $Tiers[$Rng.Next($Tiers.Count)]; merged = $true } } else { New-Record $key $Op -2 }
            [pscustomobject]$fields
        })
    $connectionId = $Connection.ConnectionId
    for ($round = 1; $pending.Count -gt 0; $round++) {
        if ($round -gt 10) { Add-Mismatch "update of $($pending.Count) record(s) still failing after 10 rounds"; return }
        $result = Invoke-WithRetry {
            $o = $pending | Update-DCRecord -ConnectionId $connectionId -Merge:$merge -PassThru -Verbose -ErrorVariable e -ErrorAction SilentlyContinue 4>&1
            @{ Out = $o; Errors = @($e) }
        } 'Update-DCRecord'
        $updateErrors = $result.Errors
        Measure-Verbose $result.Out
        $summary = $result.Out | Where-Object { $_ -is [OptiX.DataConnections.Records.ChangeSummary] } | Select-Object -Last 1
        $failed = @($updateErrors | Where-Object { $_.FullyQualifiedErrorId -like 'UpdateFailed*' } | ForEach-Object { $_.TargetObject })
        foreach ($notFound in @($updateErrors | Where-Object { $_.FullyQualifiedErrorId -like 'RecordNotFound*' })) {
            Add-Mismatch "update said key '$($notFound.TargetObject.customer_id)' does not exist; the model has it"
        }
        $failedKeys = [Collections.Generic.HashSet[string]]::new([string[]]@($failed | ForEach-Object { $_.customer_id }), [StringComparer]::Ordinal)
        foreach ($record in $pending) {
            if ($failedKeys.Contains($record.customer_id)) { continue }
            $given = ConvertTo-Ordered $record
            if ($merge) {
                $mergedRecord = [ordered]@{}
                foreach ($name in $Model[$record.customer_id].Keys) { if (-not $given.Contains($name)) { $mergedRecord[$name] = $Model[$record.customer_id][$name] } }
                foreach ($name in $given.Keys) { $mergedRecord[$name] = $given[$name] }
                $Model[$record.customer_id] = $mergedRecord
            }
            else {
                $Model[$record.customer_id] = $given
            }
        }
        $Stats.RecordsUpdated += $summary.Changed
        if ($failed.Count -gt 0) { $Stats.FailedForGood++ }
        $pending = $failed
    }
}

function Invoke-Delete([int] $Op) {
    $pending = @(Get-ExistingKeys $Rng.Next(1, 200))
    if ($pending.Count -eq 0) { return }
    $connectionId = $Connection.ConnectionId
    for ($round = 1; $pending.Count -gt 0; $round++) {
        if ($round -gt 10) { Add-Mismatch "delete of $($pending.Count) key(s) still failing after 10 rounds"; return }
        $result = Invoke-WithRetry {
            $o = $pending | Remove-DCRecord -ConnectionId $connectionId -PassThru -Verbose -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue 4>&1
            @{ Out = $o; Errors = @($e) }
        } 'Remove-DCRecord'
        $deleteErrors = $result.Errors
        Measure-Verbose $result.Out
        $summary = $result.Out | Where-Object { $_ -is [OptiX.DataConnections.Records.ChangeSummary] } | Select-Object -Last 1
        $Stats.AlreadyGone += $summary.AlreadyGone
        $failed = @($deleteErrors | Where-Object { $_.FullyQualifiedErrorId -like 'DeleteFailed*' } | ForEach-Object { [string]$_.TargetObject })
        foreach ($notFound in @($deleteErrors | Where-Object { $_.FullyQualifiedErrorId -like 'RecordNotFound*' })) {
            # On a later round a key can be gone already: a failed request's first attempt deleted it, its answer lost.
            if ($round -eq 1) { Add-Mismatch "delete said key '$($notFound.TargetObject)' does not exist; the model has it" }
        }
        $failedKeys = [Collections.Generic.HashSet[string]]::new([string[]]$failed, [StringComparer]::Ordinal)
        foreach ($key in $pending) { if (-not $failedKeys.Contains($key)) { $null = $Model.Remove($key) } }
        $Stats.RecordsDeleted += $summary.Changed
        if ($failed.Count -gt 0) { $Stats.FailedForGood++ }
        $pending = $failed
    }
}

# Reads keys back and compares each with the model. Faults may fail a read: only RecordNotFound and records count.
function Test-Keys([string[]] $Keys, [switch] $Final) {
    $connectionId = $Connection.ConnectionId
    $queryErrors = $null
    $out = $Keys | Invoke-DCQuery -ConnectionId $connectionId -BatchSize 1000 -Verbose -ErrorVariable queryErrors -ErrorAction SilentlyContinue 4>&1
    Measure-Verbose $out
    $seen = [Collections.Generic.HashSet[string]]::new([StringComparer]::Ordinal)
    foreach ($record in @($out | Where-Object { $_ -isnot [Management.Automation.VerboseRecord] })) {
        $key = [string]$record.customer_id
        $null = $seen.Add($key)
        $Stats.RecordsQueried++
        if (-not $Model.ContainsKey($key)) { Add-Mismatch "key '$key' is stored but the client deleted it or never had it acknowledged"; continue }
        $expected = Get-Canonical $Model[$key]
        $actual = Get-Canonical $record
        if ($expected -ne $actual) { Add-Mismatch "key '$key' holds {$actual}; the client reported {$expected}" }
    }
    foreach ($queryError in @($queryErrors)) {
        if ($queryError.FullyQualifiedErrorId -like 'RecordNotFound*') {
            $key = [string]$queryError.TargetObject
            $null = $seen.Add($key)
            if ($Model.ContainsKey($key)) { Add-Mismatch "key '$key' is missing; the client reported it stored" }
        }
        elseif ($Final) { Add-Mismatch "reading back failed: $($queryError.FullyQualifiedErrorId): $queryError" }
    }
    if ($Final -and $seen.Count -ne $Keys.Count) { Add-Mismatch "read back $($seen.Count) of $($Keys.Count) keys" }
}

function Test-Count {
    try {
        $schema = Get-DCSchema -ConnectionId $Connection.ConnectionId -ErrorAction Stop
        if ($schema.RecordCount -ne $Model.Count) { Add-Mismatch "record_count is $($schema.RecordCount); the client's model has $($Model.Count)" }
        return $schema.RecordCount
    }
    catch {
        if ($_.FullyQualifiedErrorId -notmatch '^(ServiceError|Throttled|TransportFailed|Timeout)') { throw }
    }
}

$Emulator = $null
$exitCode = 1
$clock = [Diagnostics.Stopwatch]::StartNew()
try {
    Write-Host "Soak: $Minutes minute(s), seed $Seed, key space $KeySpace"
    Write-Host "Faults: $FaultSpec"
    $Emulator = Start-DCEmulator -Faults $FaultSpec -PassThru
    Connect-Soak -Patient
    $Connection = (Invoke-WithRetry { @{ Out = New-DataConnection -Name "soak $Seed $(Get-Date -Format o)" -PrimaryKey customer_id } } 'New-DataConnection').Out
    Connect-Soak

    $deadline = [TimeSpan]::FromMinutes($Minutes)
    while ($clock.Elapsed -lt $deadline -and $Stats.Operations -lt $MaxOperations) {
        $op = ++$Stats.Operations
        $dice = $Rng.Next(100)
        if ($dice -lt 35 -or $Model.Count -eq 0) { $Stats.Uploads++; Invoke-Upload $op }
        elseif ($dice -lt 55) { $Stats.Updates++; Invoke-Update $op }
        elseif ($dice -lt 70) { $Stats.Deletes++; Invoke-Delete $op }
        elseif ($dice -lt 90) {
            $Stats.Queries++
            Test-Keys @(1..$Rng.Next(1, 60) | ForEach-Object { Get-Key $Rng.Next($KeySpace) })
        }
        else { $Stats.Queries++; $null = Test-Count }
        if ($op % 25 -eq 0) { Write-Host ("{0,6:0}s  op {1,5}  model {2,5} records  mismatches {3}" -f $clock.Elapsed.TotalSeconds, $op, $Model.Count, $Mismatches.Count) }
    }

    # The final check, without faults: the whole key space against the model.
    $adminUri = ([uri]::new($Emulator.BaseUri, '/admin/faults')).AbsoluteUri
    Invoke-RestMethod -Method Delete -Uri $adminUri -Headers @{ 'x-admin-key' = $Emulator.AdminKey } | Out-Null
    Connect-Soak -Patient
    $stored = Test-Count
    Test-Keys @(0..($KeySpace - 1) | ForEach-Object { Get-Key $_ }) -Final

    Write-Host ''
    Write-Host "Soak summary (seed $Seed, $([Math]::Round($clock.Elapsed.TotalSeconds)) s)"
    foreach ($entry in $Stats.GetEnumerator()) { Write-Host ("  {0,-18} {1,10:N0}" -f $entry.Key, $entry.Value) }
    Write-Host '  Faults seen by the client (retries, by reason):'
    if ($Faults.Count -eq 0) { Write-Host '    none' }
    foreach ($entry in $Faults.GetEnumerator()) { Write-Host ("    {0,-18} {1,8:N0}" -f $entry.Key, $entry.Value) }
    Write-Host '  Commands run again after failing for good before sending:'
    if ($Retried.Count -eq 0) { Write-Host '    none' }
    foreach ($entry in $Retried.GetEnumerator()) { Write-Host ("    {0,-60} {1,5:N0}" -f $entry.Key, $entry.Value) }
    Write-Host ("  Final: {0:N0} records stored, {1:N0} in the client's model, {2:N0} keys read back" -f $stored, $Model.Count, $KeySpace)
    Write-Host "  Mismatches: $($Mismatches.Count)"
    $Mismatches | Select-Object -First 20 | ForEach-Object { Write-Host "    $_" }
    $exitCode = [int]($Mismatches.Count -gt 0)
}
catch {
    Write-Host "The soak stopped: $($_.FullyQualifiedErrorId): $_"
    Write-Host $_.ScriptStackTrace
    $exitCode = 1
}
finally {
    if ($Emulator) { Stop-DCEmulator }
}
exit $exitCode
