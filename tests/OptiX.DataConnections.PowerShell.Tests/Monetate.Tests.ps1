# The Monetate cmdlets against the emulator's Monetate routes, with key pairs made for the run. PowerShell 7 only: the key
# pairs come from .NET 5+ PEM APIs (Windows PowerShell runs Monetate with a PEM key in tests/WindowsPowerShell/Invoke-SmokeJourney.ps1).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Invoke-WithoutHost.ps1')
    Import-Module $env:OPTIX_TEST_MODULE -Force

    function New-KeyPair([string] $Name, [string] $Passphrase) {
        $rsa = [System.Security.Cryptography.RSA]::Create(2048)
        $private = if ($Passphrase) {
            $rsa.ExportEncryptedPkcs8PrivateKeyPem($Passphrase, [System.Security.Cryptography.PbeParameters]::new('Aes256Cbc', 'SHA256', 10000))
        }
        else { $rsa.ExportRSAPrivateKeyPem() }
        Set-Content (Join-Path $TestDrive "$Name.pem") $private
        Set-Content (Join-Path $TestDrive "$Name.pub.pem") $rsa.ExportSubjectPublicKeyInfoPem()
        [pscustomobject]@{ Private = (Join-Path $TestDrive "$Name.pem"); Public = (Join-Path $TestDrive "$Name.pub.pem"); Body = ($private -split "`n")[1] }
    }

    $Feed = New-KeyPair 'feed-user'
    $Locked = New-KeyPair 'locked-user' -Passphrase 'pass phrase 42'
    $Stranger = New-KeyPair 'stranger'
    $Emulator = Start-DCEmulator -MonetateUser @{ 'feed-user' = $Feed.Public; 'locked-user' = $Locked.Public } -Retailer acme -PassThru
    $Connect = @{ ApiUser = 'feed-user'; PrivateKeyPath = $Feed.Private; Retailer = 'acme'; BaseUri = $Emulator.MonetateBaseUri }
    Connect-MonetateService @Connect

    $Fields = [ordered]@{ customer_id = 'STRING'; email = 'STRING'; lifetime_value = 'NUMBER'; vip = 'BOOLEAN'; signed_up = 'DATETIME' }
    function New-Schema([string] $Name) {
        New-MonetateSchema -Name $Name -Field $Fields -Identifier customer_id -UniqueKey customer_id -NamedIdentifier customer_id
    }

    function Write-CustomerCsv([string] $Path, [int] $Rows, [string] $Suffix = '') {
        $writer = [IO.StreamWriter]::new($Path)
        $writer.WriteLine('customer_id,email,lifetime_value,vip,signed_up,tier')
        for ($i = 1; $i -le $Rows; $i++) {
            $writer.WriteLine("c$i,c$i$Suffix@example.com,$i.25,$(('true', 'no')[$i % 2]),2024-05-$('{0:D2}' -f (1 + $i % 28)),gold")
        }
        $writer.Dispose()
    }
}

AfterAll {
    Disconnect-MonetateService
    Stop-DCEmulator
}

Describe 'Connect-MonetateService' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
    It 'trades a JWT signed with the private key for a token and shows no secret' {
        $session = Connect-MonetateService @Connect -PassThru
        $session.ApiUser | Should -Be 'feed-user'
        $session.Retailer | Should -Be 'acme'
        $session.TokenExpiresAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddMinutes(50))
        ($session | Format-List * | Out-String) + "$session" | Should -Not -Match ([regex]::Escape($Feed.Body.Substring(0, 20)))
    }

    It 'refuses a key that is not the registered one (Unauthorized)' {
        { Connect-MonetateService @Connect -PrivateKeyPath $Stranger.Private } | Should -Throw -ErrorId 'Unauthorized,*'
        $Error[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
    }

    It 'refuses a retailer the Data API does not know (UnknownRetailer)' {
        { Connect-MonetateService @Connect -Retailer 'not-our-shop' } | Should -Throw -ErrorId 'UnknownRetailer,*'
        Connect-MonetateService @Connect
    }

    It 'refuses an unknown API user (Unauthorized)' {
        { Connect-MonetateService @Connect -ApiUser 'nobody' } | Should -Throw -ErrorId 'Unauthorized,*'
    }

    It 'asks for the passphrase of an encrypted key, and opens it with the right one' {
        $lockedUser = @{ ApiUser = 'locked-user'; PrivateKeyPath = $Locked.Private; Retailer = 'acme'; BaseUri = $Emulator.MonetateBaseUri }
        { Connect-MonetateService @lockedUser } | Should -Throw -ErrorId 'PassphraseRequired,*'
        { Connect-MonetateService @lockedUser -Passphrase (ConvertTo-SecureString 'wrong' -AsPlainText -Force) } | Should -Throw -ErrorId 'InvalidPrivateKey,*'
        (Connect-MonetateService @lockedUser -Passphrase (ConvertTo-SecureString 'pass phrase 42' -AsPlainText -Force) -PassThru).ApiUser | Should -Be 'locked-user'
        Connect-MonetateService @Connect
    }

    It 'does not ask, hang or end the process where no one can answer (input redirected, not -NonInteractive)' {
        $script = "Import-Module '$env:OPTIX_TEST_MODULE'; try { Connect-MonetateService -ApiUser locked-user -PrivateKeyPath '$($Locked.Private)' -Retailer acme -BaseUri '$($Emulator.MonetateBaseUri)' } catch { 'ErrorId=' + `$_.FullyQualifiedErrorId }"
        $pwsh = (Get-Process -Id $PID).Path
        $pwshArgs = @(if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' }) + '-NoProfile', '-Command', $script
        $output = 'pass phrase 42' | & $pwsh @pwshArgs 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $output
        $output | Should -Match 'ErrorId=PassphraseRequired'
    }

    It 'answers KeyDeactivated (403) once the key is revoked, and works again when it is restored' {
        $admin = @{ 'x-admin-key' = $Emulator.AdminKey }
        $null = Invoke-RestMethod -Method Post "$($Emulator.MonetateBaseUri)admin/monetate/users/locked-user/deactivate" -Headers $admin
        try {
            $lockedUser = @{ ApiUser = 'locked-user'; PrivateKeyPath = $Locked.Private; Retailer = 'acme'; BaseUri = $Emulator.MonetateBaseUri; Passphrase = (ConvertTo-SecureString 'pass phrase 42' -AsPlainText -Force) }
            { Connect-MonetateService @lockedUser } | Should -Throw -ErrorId 'KeyDeactivated,*'
            $Error[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        }
        finally {
            $null = Invoke-RestMethod -Method Post "$($Emulator.MonetateBaseUri)admin/monetate/users/locked-user/activate" -Headers $admin
            Connect-MonetateService @Connect
        }
    }

    It 'connects from the environment variables when no session exists' {
        Disconnect-MonetateService
        $env:MONETATE_API_USER = 'feed-user'; $env:MONETATE_PRIVATE_KEY_PATH = $Feed.Private
        $env:MONETATE_RETAILER = 'acme'; $env:MONETATE_BASE_URI = "$($Emulator.MonetateBaseUri)"
        try {
            $null = New-Schema 'from_environment'
            (Get-MonetateSchema from_environment).Name | Should -Be 'from_environment'
        }
        finally {
            Remove-Item env:MONETATE_API_USER, env:MONETATE_PRIVATE_KEY_PATH, env:MONETATE_RETAILER, env:MONETATE_BASE_URI
            Connect-MonetateService @Connect
        }
    }

    It 'keeps a session made earlier usable with -Session after connecting again' {
        $first = Connect-MonetateService @Connect -PassThru
        $second = Connect-MonetateService @Connect -PassThru
        $null = New-Schema 'two_sessions'
        (Get-MonetateSchema two_sessions -Session $first).Name | Should -Be 'two_sessions'
        (Get-MonetateSchema two_sessions -Session $second).Name | Should -Be 'two_sessions'
    }

    It 'refuses PEM text given as the key path without echoing it' {
        $pem = Get-Content -Raw $Feed.Private
        { Connect-MonetateService @Connect -PrivateKeyPath $pem } | Should -Throw -ErrorId 'InvalidPrivateKey,*'
        ($Error[0] | Format-List * -Force | Out-String) + ($Error[0].Exception | Format-List * -Force | Out-String) |
            Should -Not -Match ([regex]::Escape($Feed.Body.Substring(0, 24)))
    }

    It 'says how to connect when nothing is set' {
        Disconnect-MonetateService
        try { { Get-MonetateSchema } | Should -Throw -ErrorId 'NotConnected,*' }
        finally { Connect-MonetateService @Connect }
    }
}

Describe 'Schemas' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
    It 'creates a schema, finds it by name and by wildcard, and reports an unknown one' {
        $schema = New-Schema 'schemas_a'
        $schema.IdentifierField | Should -Be 'customer_id'
        $schema.Fields.Count | Should -Be 5
        (Get-MonetateSchema 'schemas_*').Name | Should -Contain 'schemas_a'
        Get-MonetateSchema 'no_such_schema' -ErrorVariable missing -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'SchemaNotFound,*'
    }

    It 'enforces the rules: at most 40 fields' {
        $many = [ordered]@{}; 1..41 | ForEach-Object { $many["f$_"] = 'STRING' }
        { New-MonetateSchema -Name too_many -Field $many -Identifier f1 } | Should -Throw -ErrorId 'InvalidSchema,*'
    }

    It 'adds piped fields to an existing schema in one request' {
        $null = New-Schema 'schemas_b'
        $schema = @(
            [pscustomobject]@{ Name = 'tier'; DataType = 'String' }
            [pscustomobject]@{ Name = 'points'; DataType = 'Number' }
        ) | Add-MonetateSchemaField -Schema schemas_b -PassThru
        @($schema).Count | Should -Be 1
        $schema.Fields.Name | Should -Contain 'tier'
        ($schema.Fields | Where-Object Name -eq 'points').DataType | Should -Be 'Number'
    }

    It 'deletes a schema with -Force, and -WhatIf deletes nothing' {
        $null = New-Schema 'schemas_c'
        Invoke-WithoutHost { Remove-MonetateSchema schemas_c -WhatIf }
        (Get-MonetateSchema schemas_c).Name | Should -Be 'schemas_c'
        Remove-MonetateSchema schemas_c -Force
        Get-MonetateSchema schemas_c -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Send-MonetateData' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
    BeforeAll {
        $Csv = Join-Path $TestDrive 'customers.csv'
        Write-CustomerCsv $Csv 20000
    }

    It 'sends 20,000 rows through Import-Csv | Send-MonetateData, converting CSV text to the schema''s types' {
        $null = New-Schema 'piped'
        $summary = Import-Csv $Csv | Select-Object -ExcludeProperty tier | Send-MonetateData -Schema piped -PassThru
        $summary.RowsSent | Should -Be 20000
        $summary.Requests | Should -Be 20
        $summary.RowsRejected + $summary.RowsFailed | Should -Be 0
        $record = Get-MonetateRecord -Schema piped -Id c7
        $record.lifetime_value | Should -Be 7.25
        $record.vip | Should -BeFalse
        $record.vip | Should -BeOfType [bool]
        $record.signed_up | Should -Be '2024-05-08'
    }

    It 'streams the same 20,000 rows with -Path; with a unique key a row replaces the earlier one' {
        $null = New-Schema 'streamed'
        $null = Send-MonetateData -Schema streamed -Path $Csv -IgnoreUnknownField
        Write-CustomerCsv (Join-Path $TestDrive 'again.csv') 3 -Suffix '.new'
        $summary = Send-MonetateData -Schema streamed -Path (Join-Path $TestDrive 'again.csv') -IgnoreUnknownField -BatchSize 2 -PassThru
        $summary.RowsSent | Should -Be 3
        $summary.Requests | Should -Be 2
        (Get-MonetateRecord -Schema streamed -Id c2).email | Should -Be 'c2.new@example.com'
    }

    It 'refuses rows that do not fit, as errors carrying the row, and sends the rest' {
        $null = New-Schema 'mixed'
        $rows = @(
            [pscustomobject]@{ customer_id = 'ok1'; lifetime_value = '10' }
            [pscustomobject]@{ customer_id = 'bad1'; lifetime_value = 'ten' }
            [pscustomobject]@{ customer_id = 'bad2'; vip = 'maybe'; signed_up = '31/05/2024' }
            [pscustomobject]@{ customer_id = ''; email = 'no-id@example.com' }
            [pscustomobject]@{ customer_id = 'ok2'; vip = 'TRUE' }
        )
        $summary = $rows | Send-MonetateData -Schema mixed -PassThru -ErrorVariable refused -ErrorAction SilentlyContinue
        $summary.RowsSent | Should -Be 2
        $summary.RowsRejected | Should -Be 3
        $refused.Count | Should -Be 3
        $refused | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'RecordDoesNotFitSchema,*' }
        $refused | ForEach-Object { $_.CategoryInfo.Category | Should -Be 'InvalidData' }
        $refused[0].TargetObject.customer_id | Should -Be 'bad1'
        $refused[1].Exception.Message | Should -Match 'vip: .*signed_up: '

        # Mended and re-piped: the refused rows are the errors' targets.
        $fixed = $refused.TargetObject | ForEach-Object { [pscustomobject]@{ customer_id = $(if ($_.customer_id) { $_.customer_id } else { 'fixed3' }) } }
        ($fixed | Send-MonetateData -Schema mixed -PassThru).RowsSent | Should -Be 3
    }

    It 'refuses a CSV column the schema lacks unless -IgnoreUnknownField, and writes refusals to -FailedRecordPath' {
        $null = New-Schema 'unknown_columns'
        $failed = Join-Path $TestDrive 'failed.ndjson'
        $small = Join-Path $TestDrive 'small.csv'
        Write-CustomerCsv $small 4
        $summary = Send-MonetateData -Schema unknown_columns -Path $small -FailedRecordPath $failed -PassThru -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $summary.RowsRejected | Should -Be 4
        $lines = @(Get-Content $failed | ConvertFrom-Json)
        $lines.Count | Should -Be 4
        $lines[0].reason | Should -Match "'tier' is not a field"
        (Send-MonetateData -Schema unknown_columns -Path $small -IgnoreUnknownField -PassThru).RowsSent | Should -Be 4
    }

    It 'writes a refused record to -FailedRecordPath before -ErrorAction Stop ends the command' {
        $null = New-Schema 'stop_early'
        $failed = Join-Path $TestDrive 'stop-early.ndjson'
        $rows = [pscustomobject]@{ customer_id = 'a1' }, [pscustomobject]@{ customer_id = 'a2'; vip = 'maybe' }, [pscustomobject]@{ customer_id = 'a3' }
        { $rows | Send-MonetateData -Schema stop_early -FailedRecordPath $failed -ErrorAction Stop } | Should -Throw -ErrorId 'RecordDoesNotFitSchema,*'
        $lines = @(Get-Content $failed | ConvertFrom-Json)
        $lines.error_id | Should -Contain 'RecordDoesNotFitSchema'
        ($lines | Where-Object error_id -eq 'RecordDoesNotFitSchema').record.customer_id | Should -Be 'a2'
        # a1 was accepted but not yet posted when the command stopped: it is in the file too, not lost.
        ($lines | Where-Object error_id -eq 'Stopped').record.customer_id | Should -Be 'a1'
    }

    It 'hands back a refused NDJSON record with nested JSON as plain objects' {
        $null = New-Schema 'nested'
        $ndjson = Join-Path $TestDrive 'nested.ndjson'
        Set-Content $ndjson '{"customer_id":"n1","email":{"home":"a@b.c","work":["x","y"]}}'
        Send-MonetateData -Schema nested -Path $ndjson -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused.Count | Should -Be 1
        $refused[0].TargetObject.email.home | Should -Be 'a@b.c'
        $refused[0].TargetObject | ConvertTo-Json -Compress -Depth 4 | Should -Be '{"customer_id":"n1","email":{"home":"a@b.c","work":["x","y"]}}'
    }

    It 'sends nothing under -WhatIf' {
        $null = New-Schema 'what_if'
        $rows = @(Import-Csv $Csv | Select-Object -First 10 -ExcludeProperty tier)
        $summary = Invoke-WithoutHost { param($Rows) $Rows | Send-MonetateData -Schema what_if -WhatIf -PassThru } (, $rows)
        $summary.WhatIf | Should -BeTrue
        $summary.RowsSent | Should -Be 10
        Get-MonetateRecord -Schema what_if -Id c1 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'stops with SchemaNotFound for a schema that does not exist' {
        { [pscustomobject]@{ customer_id = 'x' } | Send-MonetateData -Schema no_such_schema } | Should -Throw -ErrorId 'SchemaNotFound,*'
    }
}

Describe 'Get-MonetateRecord' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
    It 'spaces spot checks a second apart, and warns when asked for many ids' {
        $null = New-Schema 'spot'
        $null = 1..6 | ForEach-Object { [pscustomobject]@{ customer_id = "s$_" } } | Send-MonetateData -Schema spot
        $arrivals = [System.Collections.Generic.List[datetime]]::new()
        Get-MonetateRecord -Schema spot -Id (1..6 | ForEach-Object { "s$_" }) -WarningVariable warned -WarningAction SilentlyContinue |
            ForEach-Object { $arrivals.Add([datetime]::UtcNow) }
        $arrivals.Count | Should -Be 6
        for ($i = 1; $i -lt 6; $i++) { ($arrivals[$i] - $arrivals[$i - 1]).TotalSeconds | Should -BeGreaterOrEqual 1 }
        $warned.Count | Should -Be 1
        "$warned" | Should -Match 'manual spot checks only'
    }

    It 'reports an id that is not there as RecordNotFound' {
        $null = New-Schema 'spot_missing'
        Get-MonetateRecord -Schema spot_missing -Id nobody -ErrorVariable missing -ErrorAction SilentlyContinue
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'RecordNotFound,*'
    }
}

Describe 'Secrets' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
    It 'never prints the private key, its passphrase or a token, even with -Verbose and -Debug' {
        $transcript = Join-Path $TestDrive 'transcript.txt'
        $lockedUser = @{ ApiUser = 'locked-user'; PrivateKeyPath = $Locked.Private; Retailer = 'acme'; BaseUri = $Emulator.MonetateBaseUri }
        Start-Transcript $transcript
        try {
            $streams = & {
                Connect-MonetateService @lockedUser -Passphrase (ConvertTo-SecureString 'pass phrase 42' -AsPlainText -Force) -PassThru -Verbose -Debug -WarningAction Continue | Format-List * | Out-String
                Connect-MonetateService @Connect -PassThru -Verbose -Debug -WarningAction Continue | Format-List *
                New-Schema 'secrets' | Format-List *
                [pscustomobject]@{ customer_id = 's1'; vip = 'maybe' } | Send-MonetateData -Schema secrets -Verbose -Debug -WarningAction Continue -ErrorAction Continue
                Get-MonetateRecord -Schema secrets -Id nobody -Verbose -Debug -WarningAction Continue -ErrorAction Continue
            } *>&1 | Out-String
        }
        finally { Stop-Transcript }
        $text = $streams + (Get-Content -Raw $transcript) + ($Error | Out-String)
        $text | Should -Not -Match ([regex]::Escape($Feed.Body.Substring(0, 24)))
        $text | Should -Not -Match ([regex]::Escape($Locked.Body.Substring(0, 24)))
        $text | Should -Not -Match 'pass phrase 42'
        $text | Should -Not -Match '[0-9a-f]{64}' -Because 'the emulator''s tokens are 64 hex digits'
    }
}

Describe 'Formatting at 120 columns' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
    BeforeAll {
        if ($PSVersionTable.PSEdition -eq 'Core') { $PSStyle.OutputRendering = 'PlainText' }
        function Format-Text($InputObject, [string[]] $Columns) {
            $text = $InputObject | Out-String -Width 120
            foreach ($line in $text -split '\r?\n') { $line.Length | Should -BeLessOrEqual 120 -Because $line }
            if ($Columns) { $text | Should -Match (($Columns | ForEach-Object { [regex]::Escape($_) }) -join '\s+') }
            $text
        }
        $Schema = New-Schema 'formatted_schema_with_a_long_name'
    }

    It 'shows schemas and their fields as tables' {
        Format-Text $Schema 'Name', 'Type', 'Fields', 'Identifier', 'UniqueKey', 'NamedIdentifier' | Should -Match 'attribute\s+5\s+customer_id\s+customer_id\s+customer_id'
        Format-Text $Schema.Fields 'Name', 'DataType', 'Required', 'Identifier', 'UniqueKey', 'EventTime' | Should -Match 'lifetime_value\s+NUMBER\s+False'
    }

    It 'shows an upload summary' {
        $summary = 1..3 | ForEach-Object { @{ customer_id = "f$_" } } | Send-MonetateData -Schema $Schema.Name -BatchSize 2 -PassThru
        Format-Text $summary 'RowsSent', 'Rejected', 'Failed', 'Requests', 'Elapsed', 'Rows/s', 'Schema' | Should -Match '3\s+0\s+0\s+2\s+\S+\s+\S+\s+formatted_schema_with_a_long_name'
    }

    It 'shows the session without its key or token' {
        $session = Connect-MonetateService @Connect -PassThru
        Format-Text $session 'ApiUser', 'Retailer', 'BaseUri', 'TokenExpiresAt', 'MaxRetries' | Should -Match 'feed-user\s+acme'
        Format-Text ($session | Format-List -Property *) | Should -Not -Match ([regex]::Escape($Feed.Body.Substring(0, 24)))
    }
}

Describe 'The two-vendor runbook (samples/Send-ToBothVendors.ps1)' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
    It 'sends one CSV to an Opti-X connection and a Monetate dataset, rehearsed on the emulator' {
        $rehearsal = Join-Path $PSScriptRoot '../../samples/Rehearse-BothVendors.ps1'
        $pwsh = (Get-Process -Id $PID).Path
        $pwshArgs = @(if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' }) +
            '-NoProfile', '-NonInteractive', '-File', $rehearsal, '-ModulePath', $env:OPTIX_TEST_MODULE, '-Rows', 3000
        $output = (& $pwsh @pwshArgs 2>&1 | Out-String) -replace '\e\[[0-9;]*m'
        $LASTEXITCODE | Should -Be 0 -Because $output
        $output | Should -Match 'OptiXSent\s+: 3000'
        $output | Should -Match 'MonetateSent\s+: 3000'
        $output | Should -Match 'One CSV, two vendors: 3,000 records each'
    }
}
