BeforeAll {
    Import-Module $env:OPTIX_TEST_MODULE -Force
    $Emulator = Start-DCEmulator -PassThru
    $ApiKey = 'optix-emulator-dev-api-key'
    $BrandKey = '11111111-1111-4111-8111-111111111111'
    $Work = Join-Path ([IO.Path]::GetTempPath()) "optix-secrets-$PID"
    $null = New-Item -ItemType Directory -Force $Work
}

AfterAll {
    Stop-DCEmulator
    Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue
}

Describe 'Keys never leak' {
    It 'appears in no verbose, debug, error, warning, progress, transcript or file the module writes' {
        $transcript = Join-Path $Work 'transcript.txt'
        $csv = Join-Path $Work 'in.csv'
        Set-Content $csv "customer_id,name`n1,a`n2,b"
        $wrongKey = 'WRONG-7f3c9e-not-a-key'
        $streams = & {
            $VerbosePreference = 'Continue'
            $DebugPreference = 'Continue'
            $InformationPreference = 'Continue'
            $null = Start-Transcript -Path $transcript
            try {
                $session = Connect-DCService -ApiKey $ApiKey -BrandKey $BrandKey -BaseUri $Emulator.BaseUri -PassThru -Verbose -Debug
                $session | Format-List * | Out-String
                $session | Out-String
                $c = New-DataConnection -Name 'secrets' -PrimaryKey customer_id -Verbose -Debug
                Get-DataConnection -Verbose -Debug | Out-String
                $c | Set-DataConnection -Description 'x' -Verbose -Debug
                Send-DCData -ConnectionId $c.ConnectionId -Path $csv -CheckpointPath (Join-Path $Work 'cp.json') -FailedRecordPath (Join-Path $Work 'failed.ndjson') -Verbose -Debug -PassThru | Out-String
                @{ name = 'no key' } | Send-DCData -ConnectionId $c.ConnectionId -FailedRecordPath (Join-Path $Work 'failed2.ndjson') -Verbose -Debug -ErrorAction Continue -WarningAction Continue
                Invoke-DCQuery -ConnectionId $c.ConnectionId -PrimaryKey 1, 404 -Verbose -Debug -ErrorAction Continue | Out-String
                Update-DCRecord -ConnectionId $c.ConnectionId -PrimaryKey 1 -Data @{ name = 'z' } -Merge -Verbose -Debug
                Remove-DCRecord -ConnectionId $c.ConnectionId -PrimaryKey 2, 999 -Verbose -Debug -ErrorAction Continue
                Get-DCSchema -ConnectionId $c.ConnectionId -Verbose -Debug | Out-String
                $r = Add-DCReference -ConnectionId $c.ConnectionId -Channel mail -ResourceId t1 -Verbose -Debug
                Get-DCReference -ConnectionId $c.ConnectionId -Verbose -Debug | Out-String
                $r | Remove-DCReference -Verbose -Debug -Confirm:$false
                New-DCFormula -ConnectionId $c.ConnectionId -PrimaryKey '[%CUSTOMER_ID%]' -ReturnField name -Fallback none -Verbose -Debug
                Resolve-DCFormula -Formula "DC_$($c.ConnectionId):[%CUSTOMER_ID%]::name:none" -Tag @{ CUSTOMER_ID = 1 } -Verbose -Debug | Out-String
                Remove-DataConnection -ConnectionId $c.ConnectionId -Force -Verbose -Debug
                try { Connect-DCService -ApiKey $wrongKey -BrandKey $BrandKey -BaseUri $Emulator.BaseUri -Verbose -Debug -ErrorAction Stop } catch { $_ | Format-List * -Force | Out-String; $_.Exception.ToString() }
                Connect-DCService -ApiKey $ApiKey -BrandKey $BrandKey -BaseUri $Emulator.BaseUri
            }
            finally {
                $null = Stop-Transcript
            }
        } *>&1 | Out-String

        $errorsText = ($Error | ForEach-Object { $_ | Format-List * -Force | Out-String; $_.Exception.ToString() }) -join "`n"
        $files = (Get-ChildItem $Work -File | ForEach-Object { Get-Content -Raw $_.FullName }) -join "`n"
        foreach ($secret in $ApiKey, $wrongKey) {
            $streams | Should -Not -Match ([regex]::Escape($secret))
            $errorsText | Should -Not -Match ([regex]::Escape($secret))
            $files | Should -Not -Match ([regex]::Escape($secret))
        }
        (Get-Content -Raw $transcript) | Should -Match 'Connect-DCService' -Because 'the transcript recorded the run'
    }

    It 'holds the keys as SecureString in the session' {
        $session = Connect-DCService -ApiKey $ApiKey -BrandKey $BrandKey -BaseUri $Emulator.BaseUri -PassThru
        $session.Credentials.ApiKey | Should -BeOfType [securestring]
        $session.Credentials.BrandKey | Should -BeOfType [securestring]
    }
}
