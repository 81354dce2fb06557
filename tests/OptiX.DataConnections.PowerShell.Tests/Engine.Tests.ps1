# The shared upload engine through both Send- cmdlets: resume after completion, fail fast before the first upload,
# records larger than the byte budget, Ctrl+C, and checkpoints for Monetate. PowerShell 7 only (the key pair uses .NET 5+ PEM APIs).
# records larger than the byte budget, and checkpoints for Monetate.
BeforeAll {
    Import-Module $env:OPTIX_TEST_MODULE -Force
    $Work = Join-Path ([IO.Path]::GetTempPath()) "optix-engine-$PID"
    $null = New-Item -ItemType Directory -Force $Work
    $rsa = [System.Security.Cryptography.RSA]::Create(2048)
    Set-Content (Join-Path $Work 'feed.pem') $rsa.ExportRSAPrivateKeyPem()
    Set-Content (Join-Path $Work 'feed.pub.pem') $rsa.ExportSubjectPublicKeyInfoPem()
    $Emulator = Start-DCEmulator -MonetateUser @{ 'feed-user' = (Join-Path $Work 'feed.pub.pem') } -Retailer acme -PassThru
    Connect-MonetateService -ApiUser feed-user -PrivateKeyPath (Join-Path $Work 'feed.pem') -Retailer acme -BaseUri $Emulator.MonetateBaseUri

    function New-CsvFile([string] $Name, [int] $Rows) {
        $path = Join-Path $Work $Name
        $lines = [Collections.Generic.List[string]]::new($Rows + 1)
        $lines.Add('customer_id,name')
        for ($i = 1; $i -le $Rows; $i++) { $lines.Add("$i,Customer $i") }
        [IO.File]::WriteAllLines($path, $lines)
        $path
    }

    function New-Checkpoint([string] $Path, [string] $Csv, [guid] $ConnectionId, [guid] $BatchId, [long] $Acknowledged) {
        $file = Get-Item $Csv
        @{ version = 2; target = "$ConnectionId"; batch_id = "$BatchId"; acknowledged_records = $Acknowledged
            inputs = @(@{ path = $file.FullName; length = $file.Length; last_write_utc = $file.LastWriteTimeUtc.ToString('o') }) } |
            ConvertTo-Json -Depth 5 | Set-Content $Path
    }
}

AfterAll {
    Stop-DCEmulator
    Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue
}

Describe 'Send-DCData on the shared engine' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
    BeforeEach {
        $Connection = New-DataConnection -Name "engine $([guid]::NewGuid())" -PrimaryKey customer_id
    }

    It 'ends a rerun as a success when the previous run had completed the batch, and deletes the checkpoint' {
        $csv = New-CsvFile 'completed.csv' 10
        $batch = [guid]::NewGuid()
        # The previous run: the completing request was applied, then the run was killed before it heard back.
        $null = Import-Csv $csv | Send-DCData -ConnectionId $Connection.ConnectionId -BatchId $batch
        $checkpoint = Join-Path $Work 'completed.checkpoint.json'
        New-Checkpoint $checkpoint $csv $Connection.ConnectionId $batch 4

        $summary = Send-DCData -ConnectionId $Connection.ConnectionId -Path $csv -CheckpointPath $checkpoint -PassThru -ErrorVariable sendErrors -WarningVariable warnings 3>$null

        $sendErrors | Should -BeNullOrEmpty
        $summary.BatchCompleted | Should -BeTrue
        $summary.CompletedByPreviousRun | Should -BeTrue
        $summary.RecordsAlreadyStored | Should -Be 6
        $summary.RecordsFailed | Should -Be 0
        "$warnings" | Should -Match "already completed by the previous run"
        Test-Path $checkpoint | Should -BeFalse
        (Get-DCSchema -ConnectionId $Connection.ConnectionId).RecordCount | Should -Be 10
    }

    It 'refuses a record larger than -MaxRequestSize alone as RecordTooLarge and sends the rest' {
        $records = @([pscustomobject]@{ customer_id = 'small1' }, [pscustomobject]@{ customer_id = 'big'; blob = 'x' * 5000 }, [pscustomobject]@{ customer_id = 'small2' })
        $failed = Join-Path $Work 'too-large.ndjson'
        $summary = $records | Send-DCData -ConnectionId $Connection.ConnectionId -MaxRequestSize 2048 -FailedRecordPath $failed -PassThru -ErrorVariable sendErrors -ErrorAction SilentlyContinue 3>$null

        $sendErrors.Count | Should -Be 1
        $sendErrors[0].FullyQualifiedErrorId | Should -Be 'RecordTooLarge,OptiX.DataConnections.PowerShell.Cmdlets.SendDCDataCommand'
        $sendErrors[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $sendErrors[0].TargetObject.customer_id | Should -Be 'big'
        $summary.RecordsSent | Should -Be 2
        $summary.BatchCompleted | Should -BeTrue
        (Get-Content $failed | ConvertFrom-Json).error_id | Should -Be 'RecordTooLarge'
    }

    It 'hands every piped record back to -FailedRecordPath when the service is unreachable before the first upload' {
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $dead = Connect-DCService -ApiKey 'k' -BrandKey 'b' -BaseUri "http://127.0.0.1:$port/api/data-connections/v1" -AllowInsecureHttp -SkipValidation -MaxRetries 2 -MaxRetryTime 5 -PassThru
        Connect-DCService -ApiKey 'optix-emulator-dev-api-key' -BrandKey '11111111-1111-4111-8111-111111111111' -BaseUri $Emulator.BaseUri -SkipValidation
        $failed = Join-Path $Work 'unreachable.ndjson'
        $watch = [Diagnostics.Stopwatch]::StartNew()

        $thrown = $null
        try { 1..500 | ForEach-Object { [pscustomobject]@{ customer_id = $_ } } | Send-DCData -ConnectionId $Connection.ConnectionId -Session $dead -FailedRecordPath $failed -ErrorAction SilentlyContinue 3>$null }
        catch { $thrown = $_ }

        # Nothing listens on a loopback port: the emulator is not running (not retried); elsewhere a transport failure.
        $thrown.FullyQualifiedErrorId | Should -Match '^(EmulatorNotRunning|TransportFailed),'

        $watch.Elapsed.TotalSeconds | Should -BeLessThan 30
        $lines = @(Get-Content $failed | ConvertFrom-Json)
        $lines.Count | Should -Be 500
        ($lines.record.customer_id | Sort-Object { [int]$_ }) | Should -Be (1..500)
        $lines[0].error_id | Should -Match '^(EmulatorNotRunning|TransportFailed)$'
    }

    It 'says on Ctrl+C which batch stays open, how many records were acknowledged and the command that resumes' -Skip:$IsWindows {
        $csv = New-CsvFile 'interrupted.csv' 200000
        $checkpoint = Join-Path $Work 'interrupted.checkpoint.json'
        $out = Join-Path $Work 'interrupted.out'
        $script = @"
Import-Module '$env:OPTIX_TEST_MODULE'
Connect-DCService -ApiKey 'optix-emulator-dev-api-key' -BrandKey '11111111-1111-4111-8111-111111111111' -BaseUri '$($Emulator.BaseUri)'
Send-DCData -ConnectionId '$($Connection.ConnectionId)' -Path '$csv' -CheckpointPath '$checkpoint' -BatchSize 500 -ThrottleLimit 1
"@
        $exe = [Environment]::ProcessPath
        $pwshArgs = @(if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
        $child = Start-Process -FilePath $exe -ArgumentList ($pwshArgs + @('-NoProfile', '-NonInteractive', '-Command', $script)) -PassThru -RedirectStandardOutput $out -RedirectStandardError (Join-Path $Work 'interrupted.err')
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ([DateTime]::UtcNow -lt $deadline) {
            if ((Test-Path $checkpoint) -and ((Get-Content -Raw $checkpoint -ErrorAction SilentlyContinue | ConvertFrom-Json -ErrorAction SilentlyContinue).acknowledged_records -ge 5000)) { break }
            Start-Sleep -Milliseconds 20
        }
        /bin/kill -INT $child.Id
        $exited = $child.WaitForExit(30000)
        if (-not $exited) { $child | Stop-Process -Force }

        $exited | Should -BeTrue
        $saved = Get-Content -Raw $checkpoint | ConvertFrom-Json
        $text = (Get-Content -Raw $out) -replace '\e\[[0-9;]*m', '' -replace '\s+', ' '
        $text | Should -Match "Stopped: batch $($saved.batch_id) stays open, so none of its records are visible yet"
        $text | Should -Match 'record\(s\) were acknowledged'
        $text | Should -Match ([regex]::Escape("To resume, run the same command again: Send-DCData -ConnectionId '$($Connection.ConnectionId)' -Path '$csv' -CheckpointPath '$checkpoint'"))
        $summary = Send-DCData -ConnectionId $Connection.ConnectionId -Path $csv -CheckpointPath $checkpoint -PassThru
        $summary.BatchCompleted | Should -BeTrue
        (Get-DCSchema -ConnectionId $Connection.ConnectionId).RecordCount | Should -Be 200000
    }
}

Describe 'Send-MonetateData on the shared engine' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
    It 'keeps a checkpoint while it works and deletes it once every record is stored' {
        $null = New-MonetateSchema -Name engine_resume -Field ([ordered]@{ customer_id = 'STRING'; name = 'STRING' }) -Identifier customer_id -UniqueKey customer_id -NamedIdentifier customer_id
        $csv = New-CsvFile 'monetate.csv' 2500
        $checkpoint = Join-Path $Work 'monetate.checkpoint.json'

        $summary = Send-MonetateData -Schema engine_resume -Path $csv -CheckpointPath $checkpoint -PassThru

        $summary.RowsSent | Should -Be 2500
        Test-Path $checkpoint | Should -BeFalse
    }

    It 'skips the records a previous run stored, by its checkpoint' {
        $null = New-MonetateSchema -Name engine_skip -Field ([ordered]@{ customer_id = 'STRING'; name = 'STRING' }) -Identifier customer_id -UniqueKey customer_id -NamedIdentifier customer_id
        $csv = New-CsvFile 'monetate-skip.csv' 2500
        $checkpoint = Join-Path $Work 'monetate-skip.checkpoint.json'
        $file = Get-Item $csv
        @{ version = 2; target = 'monetate:acme/engine_skip'; acknowledged_records = 2000
            inputs = @(@{ path = $file.FullName; length = $file.Length; last_write_utc = $file.LastWriteTimeUtc.ToString('o') }) } |
            ConvertTo-Json -Depth 5 | Set-Content $checkpoint

        $summary = Send-MonetateData -Schema engine_skip -Path $csv -CheckpointPath $checkpoint -PassThru

        $summary.RowsSent | Should -Be 500
        Test-Path $checkpoint | Should -BeFalse
        { Send-MonetateData -Schema other_schema -Path $csv -CheckpointPath (New-Item (Join-Path $Work 'x.json') -Value '{"version":2,"target":"monetate:acme/engine_skip","inputs":[],"acknowledged_records":1}' -Force).FullName -ErrorAction Stop } |
            Should -Throw -ErrorId 'CheckpointMismatch,*'
    }

    It 'hands every record back with SchemaNotFound when the schema cannot be read' {
        $failed = Join-Path $Work 'no-schema.ndjson'
        { 1..20 | ForEach-Object { [pscustomobject]@{ customer_id = "c$_" } } | Send-MonetateData -Schema no_such_schema_here -FailedRecordPath $failed -ErrorAction SilentlyContinue 3>$null } |
            Should -Throw -ErrorId 'SchemaNotFound,*'
        @(Get-Content $failed).Count | Should -Be 20
    }
}
