BeforeAll {
    Import-Module $env:OPTIX_TEST_MODULE -Force
    $Emulator = Start-DCEmulator -PassThru
    $Admin = @{ 'x-admin-key' = $Emulator.AdminKey }
    $AdminUri = ([uri]::new($Emulator.BaseUri, '/admin/faults')).AbsoluteUri
    $Work = Join-Path ([IO.Path]::GetTempPath()) "optix-faults-$PID"
    $null = New-Item -ItemType Directory -Force $Work

    function Set-Faults([string] $Spec) {
        $null = Invoke-RestMethod -Method Put -Uri $AdminUri -Headers $Admin -Body (@{ spec = $Spec } | ConvertTo-Json) -ContentType 'application/json'
    }

    function New-Customers([int] $Count) {
        foreach ($i in 1..$Count) { [pscustomobject]@{ customer_id = "$i"; name = "Customer $i" } }
    }
}

AfterAll {
    Stop-DCEmulator
    Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue
}

Describe 'Send-DCData when the service fails' {
    BeforeEach {
        Connect-DCService -ApiKey 'optix-emulator-dev-api-key' -BrandKey '11111111-1111-4111-8111-111111111111' -BaseUri $Emulator.BaseUri
        $Connection = New-DataConnection -Name "faults $([guid]::NewGuid())" -PrimaryKey customer_id
    }

    AfterEach {
        Set-Faults ''
    }

    It 'retries through throttling and server errors and completes the batch' {
        Set-Faults 'upload_data:429=0.2,503=0.2,retryafter=0;seed=3'
        Connect-DCService -ApiKey 'optix-emulator-dev-api-key' -BrandKey '11111111-1111-4111-8111-111111111111' -BaseUri $Emulator.BaseUri -MaxRetries 20
        $verbose = New-Customers 3000 | Send-DCData -ConnectionId $Connection.ConnectionId -BatchSize 100 -PassThru -Verbose 4>&1
        $summary = $verbose | Where-Object { $_ -is [OptiX.DataConnections.Upload.UploadSummary] }
        $summary.RecordsSent | Should -Be 3000
        $summary.BatchCompleted | Should -BeTrue
        ($verbose | Where-Object { $_ -is [Management.Automation.VerboseRecord] -and $_.Message -match 'retry \d+ in' }) | Should -Not -BeNullOrEmpty
        (Get-DCSchema -ConnectionId $Connection.ConnectionId).RecordCount | Should -Be 3000
    }

    It 'hands failed records back as errors and to -FailedRecordPath, leaves the batch open, and the errors can be re-sent to finish it' {
        Set-Faults 'upload_data:503=1'
        Connect-DCService -ApiKey 'optix-emulator-dev-api-key' -BrandKey '11111111-1111-4111-8111-111111111111' -BaseUri $Emulator.BaseUri -MaxRetries 1 -MaxRetryTime 5
        $failedFile = Join-Path $Work 'failed.ndjson'
        $summary = New-Customers 5 | Send-DCData -ConnectionId $Connection.ConnectionId -BatchSize 2 -PassThru -FailedRecordPath $failedFile `
            -ErrorVariable sendErrors -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue

        $summary.RecordsFailed | Should -Be 5
        $summary.BatchCompleted | Should -BeFalse
        $sendErrors.Count | Should -Be 5
        $sendErrors | ForEach-Object { $_.FullyQualifiedErrorId | Should -Match '^UploadFailed' }
        ($sendErrors.TargetObject.customer_id | Sort-Object) | Should -Be @('1', '2', '3', '4', '5')
        ($warnings -join "`n") | Should -Match "-BatchId $($summary.BatchId)"
        $lines = Get-Content $failedFile | ConvertFrom-Json
        $lines.Count | Should -Be 5
        $lines[0].error_id | Should -Be 'UploadFailed'
        $lines[0].reason | Should -Match '503'
        $lines.record.customer_id | Should -Contain '3'

        Set-Faults ''
        $resent = $sendErrors.TargetObject | Send-DCData -ConnectionId $Connection.ConnectionId -BatchId $summary.BatchId -PassThru
        $resent.BatchCompleted | Should -BeTrue
        (Get-DCSchema -ConnectionId $Connection.ConnectionId).RecordCount | Should -Be 5
    }

    It 'stops promptly on Ctrl+C and leaves the batch open' {
        Set-Faults 'upload_data:latency=3000'
        $ps = [PowerShell]::Create()
        $null = $ps.AddScript("Import-Module '$env:OPTIX_TEST_MODULE'; Connect-DCService -ApiKey 'optix-emulator-dev-api-key' -BrandKey '11111111-1111-4111-8111-111111111111' -BaseUri '$($Emulator.BaseUri)' -SkipValidation; 1..20 | ForEach-Object { [pscustomobject]@{ customer_id = `$_ } } | Send-DCData -ConnectionId '$($Connection.ConnectionId)' -BatchSize 5")
        $async = $ps.BeginInvoke()
        Start-Sleep -Milliseconds 1000
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 2
        $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        $ps.Dispose()
        Set-Faults ''
        Invoke-DCQuery -ConnectionId $Connection.ConnectionId -PrimaryKey 1 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}
