BeforeAll {
    Import-Module $env:OPTIX_TEST_MODULE -Force
    $Emulator = Start-DCEmulator -PassThru
    $Work = Join-Path ([IO.Path]::GetTempPath()) "optix-files-$PID"
    $null = New-Item -ItemType Directory -Force $Work

    function New-CsvFile([string] $Name, [int] $Rows) {
        $path = Join-Path $Work $Name
        $lines = [Collections.Generic.List[string]]::new($Rows + 1)
        $lines.Add('customer_id,name,city')
        for ($i = 1; $i -le $Rows; $i++) { $lines.Add("$i,Customer $i,City $($i % 50)") }
        [IO.File]::WriteAllLines($path, $lines)
        $path
    }

    # A child pwsh like this one: 'dotnet pwsh.dll' under the local tool, else pwsh itself.
    function Get-PwshCommand {
        $exe = (Get-Process -Id $PID).Path
        if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { return @($exe, (Join-Path $PSHOME 'pwsh.dll')) }
        @($exe)
    }
}

AfterAll {
    Stop-DCEmulator
    Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue
}

Describe 'Send-DCData -Path' {
    BeforeEach {
        $Connection = New-DataConnection -Name "files $([guid]::NewGuid())" -PrimaryKey customer_id
    }

    It 'sends every record of a 250,000-row CSV exactly once with -ThrottleLimit 8' {
        $csv = New-CsvFile 'big.csv' 250000
        $summary = Send-DCData -ConnectionId $Connection.ConnectionId -Path $csv -ThrottleLimit 8 -PassThru
        $summary.RecordsSent | Should -Be 250000
        $summary.Requests | Should -Be 50
        $summary.BatchCompleted | Should -BeTrue
        (Get-DCSchema -ConnectionId $Connection.ConnectionId).RecordCount | Should -Be 250000
        (Invoke-DCQuery -ConnectionId $Connection.ConnectionId -PrimaryKey 250000).city | Should -Be 'City 0'
    }

    It 'reports progress that keeps its time left at 80 columns: a short status, every figure in the current operation' {
        $csv = New-CsvFile 'progress.csv' 20000
        # A runspace of its own, whose progress records can be read back (the host's are drawn, not kept).
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddCommand('Import-Module').AddParameter('Name', $env:OPTIX_TEST_MODULE).AddStatement()
            $null = $shell.AddCommand('Send-DCData').AddParameter('ConnectionId', $Connection.ConnectionId).AddParameter('Path', $csv)
            $null = $shell.Invoke()
            $progress = @($shell.Streams.Progress | Where-Object { $_.RecordType -eq 'Processing' })
        }
        finally { $shell.Dispose() }

        $last = $progress[-1]
        $last.Activity | Should -BeExactly "Sending to '$($Connection.Name)'"
        $last.PercentComplete | Should -Be 100
        $last.SecondsRemaining | Should -Be 0
        $last.StatusDescription | Should -Match ('^100% ' + [char]0xB7 + ' 20.000 sent')
        $last.CurrentOperation | Should -Match '^20.000 records read, 20.000 acknowledged in 4 request\(s\), 0 refused'
        # PowerShell 7's one-line view: the activity takes at most half of 80 columns, brackets and spaces 4, the time left the end.
        $room = 80 - [Math]::Min($last.Activity.Length, 40) - 4 - ("$($last.SecondsRemaining)s".Length + 1)
        $last.StatusDescription.Length | Should -BeLessOrEqual $room
    }

    It 'streams JSON and NDJSON files with nested objects, unicode and a BOM intact' {
        $json = Join-Path $Work 'nested.json'
        $ndjson = Join-Path $Work 'nested.ndjson'
        $utf8Bom = [Text.UTF8Encoding]::new($true)
        [IO.File]::WriteAllText($json, '[{"customer_id":"j1","name":"Zoë Ångström","address":{"city":"Kraków","tags":["vip","新"]}},{"customer_id":2,"score":1.5,"when":"2026-01-01T00:00:00Z"}]', $utf8Bom)
        [IO.File]::WriteAllText($ndjson, "{`"customer_id`":`"n1`",`"emoji`":`"🎉`",`"nested`":{`"a`":[1,{`"b`":null}]}}`n`n{`"customer_id`":`"n2`"}`n", $utf8Bom)

        $summary = Send-DCData -ConnectionId $Connection.ConnectionId -Path (Join-Path $Work 'nested.*') -PassThru
        $summary.RecordsSent | Should -Be 4
        $summary.Requests | Should -Be 1

        $j1 = Invoke-DCQuery -ConnectionId $Connection.ConnectionId -PrimaryKey j1
        $j1.name | Should -Be 'Zoë Ångström'
        $j1.address.city | Should -Be 'Kraków'
        $j1.address.tags | Should -Be @('vip', '新')
        (Invoke-DCQuery -ConnectionId $Connection.ConnectionId -PrimaryKey 2).when | Should -Be '2026-01-01T00:00:00Z'
        $n1 = Invoke-DCQuery -ConnectionId $Connection.ConnectionId -PrimaryKey n1
        $n1.emoji | Should -Be '🎉'
        $n1.nested.a[0] | Should -Be 1
    }

    It 'reads files piped from Get-ChildItem as files, in one batch' {
        $folder = Join-Path $Work 'piped'
        $null = New-Item -ItemType Directory -Force $folder
        Set-Content (Join-Path $folder 'one.csv') "customer_id,name`np1,a"
        Set-Content (Join-Path $folder 'two.ndjson') '{"customer_id":"p2","name":"b"}'
        $summary = Get-ChildItem $folder | Send-DCData -ConnectionId $Connection.ConnectionId -PassThru
        $summary.RecordsSent | Should -Be 2
        $summary.Requests | Should -Be 1
        (Invoke-DCQuery -ConnectionId $Connection.ConnectionId -PrimaryKey p2).name | Should -Be 'b'
    }

    It 'reads a semicolon CSV in another encoding with -Delimiter and -Encoding' {
        $path = Join-Path $Work 'latin1.csv'
        [IO.File]::WriteAllText($path, "customer_id;name`nl1;Fran$([char]0xE7)ois`n", [Text.Encoding]::GetEncoding(28591))
        Send-DCData -ConnectionId $Connection.ConnectionId -Path $path -Delimiter ';' -Encoding latin1
        (Invoke-DCQuery -ConnectionId $Connection.ConnectionId -PrimaryKey l1).name | Should -Be 'François'
    }

    It 'writes a ragged row as an error pointing at the file and line, and sends the rest' {
        $path = Join-Path $Work 'ragged.csv'
        Set-Content -Path $path -Value "customer_id,name`nr1,a`nr2`nr3,c"
        $summary = Send-DCData -ConnectionId $Connection.ConnectionId -Path $path -PassThru -ErrorVariable fileErrors -ErrorAction SilentlyContinue
        $summary.RecordsSent | Should -Be 2
        $summary.RecordsRejected | Should -Be 1
        $fileErrors[0].FullyQualifiedErrorId | Should -Match '^InvalidRecord'
        "$($fileErrors[0])" | Should -Match 'ragged.csv record 2: Line 3 has 1 field'
    }

    It 'refuses a JSON file that is not an array and leaves nothing visible' {
        $path = Join-Path $Work 'object.json'
        Set-Content -Path $path -Value '{"customer_id":"x"}'
        Send-DCData -ConnectionId $Connection.ConnectionId -Path $path -ErrorVariable jsonErrors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        "$($jsonErrors[0])" | Should -Match 'array'
    }

    It 'resumes a crashed upload from its checkpoint: exactly the file''s records and one completed batch' {
        $rows = 200000
        $csv = New-CsvFile 'resume.csv' $rows
        $checkpoint = Join-Path $Work 'resume.checkpoint.json'
        $script = @"
Import-Module '$env:OPTIX_TEST_MODULE'
Connect-DCService -ApiKey 'optix-emulator-dev-api-key' -BrandKey '11111111-1111-4111-8111-111111111111' -BaseUri '$($Emulator.BaseUri)'
Send-DCData -ConnectionId '$($Connection.ConnectionId)' -Path '$csv' -CheckpointPath '$checkpoint' -BatchSize 500 -ThrottleLimit 1
"@
        $pwsh = Get-PwshCommand
        $child = Start-Process -FilePath $pwsh[0] -ArgumentList (@($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', $script)) -PassThru
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ([DateTime]::UtcNow -lt $deadline) {
            if ((Test-Path $checkpoint) -and ((Get-Content -Raw $checkpoint -ErrorAction SilentlyContinue | ConvertFrom-Json -ErrorAction SilentlyContinue).acknowledged_records -ge 20000)) { break }
            Start-Sleep -Milliseconds 20
        }
        $child | Stop-Process -Force
        $child.WaitForExit()

        $atCrash = Get-Content -Raw $checkpoint | ConvertFrom-Json
        $atCrash.acknowledged_records | Should -BeLessThan $rows -Because 'the crash must come before the end'
        Invoke-DCQuery -ConnectionId $Connection.ConnectionId -PrimaryKey 1 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty -Because 'the batch is still open'

        $summary = Send-DCData -ConnectionId $Connection.ConnectionId -Path $csv -CheckpointPath $checkpoint -PassThru
        $summary.BatchId | Should -Be $atCrash.batch_id
        $summary.BatchCompleted | Should -BeTrue
        $summary.RecordsSent | Should -Be ($rows - $atCrash.acknowledged_records)
        Test-Path $checkpoint | Should -BeFalse
        (Get-DCSchema -ConnectionId $Connection.ConnectionId).RecordCount | Should -Be $rows
        (Invoke-DCQuery -ConnectionId $Connection.ConnectionId -PrimaryKey $rows).name | Should -Be "Customer $rows"
    }

    It 'refuses a checkpoint made for another file' {
        $a = New-CsvFile 'a.csv' 10
        $b = New-CsvFile 'b.csv' 11
        $checkpoint = Join-Path $Work 'other.checkpoint.json'
        $cp = @{ version = 1; connection_id = "$($Connection.ConnectionId)"; batch_id = "$([guid]::NewGuid())"; inputs = @(@{ path = $a; length = (Get-Item $a).Length; last_write_utc = (Get-Item $a).LastWriteTimeUtc.ToString('o') }); acknowledged_records = 5 }
        $cp | ConvertTo-Json -Depth 5 | Set-Content $checkpoint
        { Send-DCData -ConnectionId $Connection.ConnectionId -Path $b -CheckpointPath $checkpoint -ErrorAction Stop } |
            Should -Throw -ErrorId 'CheckpointMismatch,OptiX.DataConnections.PowerShell.Cmdlets.SendDCDataCommand'
    }
}
