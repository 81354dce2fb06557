# The whole journey against the emulator's two readings of the guides (Start-DCEmulator -AnswerShape), and the cmdlets
# against a scripted service whose answers neither reading gives: what the module does not understand is an error,
# never an empty list, an empty record or a write.
BeforeAll {
    Import-Module $env:OPTIX_TEST_MODULE -Force
    if ($PSVersionTable.PSEdition -ne 'Core') { Import-Module ThreadJob }  # Windows PowerShell: from the PowerShell Gallery

    # A scripted Opti-X on loopback: $Answers maps 'METHOD /path-suffix' to @{ Status; Body }, $Calls records each request.
    function Start-ScriptedService {
        $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
        $listener = [Net.HttpListener]::new()
        $listener.Prefixes.Add("http://127.0.0.1:$port/")
        $listener.Start()
        $answers = [hashtable]::Synchronized(@{})
        $calls = [Collections.Concurrent.ConcurrentQueue[string]]::new()
        $job = Start-ThreadJob -ArgumentList $listener, $answers, $calls -ScriptBlock {
            param($listener, $answers, $calls)
            while ($listener.IsListening) {
                try { $context = $listener.GetContext() } catch { break }
                $path = $context.Request.Url.AbsolutePath -replace '^/api/data-connections/v1', ''
                $call = "$($context.Request.HttpMethod) $path"
                $calls.Enqueue($call)
                $answer = $null
                foreach ($key in $answers.Keys) {
                    $method, $suffix = $key -split ' ', 2
                    if ($method -eq $context.Request.HttpMethod -and $path -like "*$suffix") { $answer = $answers[$key]; break }
                }
                if (-not $answer) { $answer = @{ Status = 404; Body = '{"detail":"Not Found"}' } }
                $context.Response.StatusCode = $answer.Status
                if ($answer.Body) {
                    $bytes = [Text.Encoding]::UTF8.GetBytes($answer.Body)
                    $context.Response.ContentType = 'application/json'
                    $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                }
                $context.Response.Close()
            }
        }
        [pscustomobject]@{ Listener = $listener; Job = $job; Answers = $answers; Calls = $calls; BaseUri = "http://127.0.0.1:$port/api/data-connections/v1" }
    }

    function Stop-ScriptedService($Service) {
        $Service.Listener.Stop()
        $Service.Job | Wait-Job -Timeout 5 | Remove-Job -Force
    }
}

Describe 'The journey against the emulator answering in the <_> shapes' -ForEach @('Documented', 'Variant') {
    BeforeAll {
        $Shape = $_
        Start-DCEmulator -AnswerShape $Shape
        $Name = "Journey $Shape $([guid]::NewGuid().ToString('N').Substring(0, 6))"
    }

    AfterAll { Stop-DCEmulator }

    It 'creates, lists, gets, sends, queries, updates, merges, deletes, renames and removes' {
        $dc = New-DataConnection -Name $Name -PrimaryKey customer_id -Description 'kept across renames'
        $dc.ConnectionId | Should -Not -Be ([guid]::Empty)
        $dc.Name | Should -Be $Name

        $listed = @(Get-DataConnection -Name 'Journey*')
        $listed.ConnectionId | Should -Contain $dc.ConnectionId
        (Get-DataConnection -ConnectionId $dc.ConnectionId).CreatedAt | Should -BeOfType [datetimeoffset]

        $summary = 1..12 | ForEach-Object { [pscustomobject]@{ customer_id = "$_"; name = "Customer $_"; tier = 'gold' } } |
            Send-DCData -ConnectionId $dc.ConnectionId -BatchSize 5 -PassThru
        $summary.RecordsSent | Should -Be 12
        $summary.RecordsFailed | Should -Be 0
        $summary.BatchCompleted | Should -BeTrue

        $record = Invoke-DCQuery -ConnectionId $dc.ConnectionId -PrimaryKey '3'
        $record.name | Should -Be 'Customer 3'
        $many = @('1', '2', 'nope') | Invoke-DCQuery -ConnectionId $dc.ConnectionId -ErrorVariable missing -ErrorAction SilentlyContinue
        @($many).Count | Should -Be 2
        $missing[0].FullyQualifiedErrorId | Should -Match '^RecordNotFound'
        Invoke-DCQuery -ConnectionId $dc.ConnectionId -PrimaryKey 'absent' -ErrorVariable one -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $one[0].FullyQualifiedErrorId | Should -Match '^RecordNotFound'

        (Get-DCEmarsysContent -ConnectionId $dc.ConnectionId -PrimaryKey '3').name | Should -Be 'Customer 3'
        Get-DCEmarsysContent -ConnectionId $dc.ConnectionId -PrimaryKey 'absent' -ErrorVariable noContent -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $noContent[0].FullyQualifiedErrorId | Should -Match '^RecordNotFound'

        Update-DCRecord -ConnectionId $dc.ConnectionId -PrimaryKey '4' -Data @{ name = 'Replaced' }
        $replaced = Invoke-DCQuery -ConnectionId $dc.ConnectionId -PrimaryKey '4'
        $replaced.name | Should -Be 'Replaced'
        $replaced.PSObject.Properties.Name | Should -Not -Contain 'tier'

        Update-DCRecord -ConnectionId $dc.ConnectionId -PrimaryKey '5' -Data @{ name = 'Merged' } -Merge
        $merged = Invoke-DCQuery -ConnectionId $dc.ConnectionId -PrimaryKey '5'
        $merged.name | Should -Be 'Merged'
        $merged.tier | Should -Be 'gold'

        $removed = Remove-DCRecord -ConnectionId $dc.ConnectionId -PrimaryKey '6', '7' -PassThru -Confirm:$false
        $removed.Changed | Should -Be 2
        (Get-DCSchema -ConnectionId $dc.ConnectionId).RecordCount | Should -Be 10

        $reference = Add-DCReference -ConnectionId $dc.ConnectionId -Channel mail -ResourceId '42'
        @(Get-DCReference -ConnectionId $dc.ConnectionId).ReferenceUuid | Should -Contain $reference.ReferenceUuid
        Remove-DCReference -ConnectionId $dc.ConnectionId -ReferenceUuid $reference.ReferenceUuid -Confirm:$false
        @(Get-DCReference -ConnectionId $dc.ConnectionId) | Should -BeNullOrEmpty

        $renamed = Set-DataConnection -ConnectionId $dc.ConnectionId -Name "$Name renamed" -PassThru
        $renamed.ConnectionId | Should -Be $dc.ConnectionId
        $renamed.Name | Should -Be "$Name renamed"
        $renamed.Description | Should -Be 'kept across renames'

        Remove-DataConnection -ConnectionId $dc.ConnectionId -Force
        Get-DataConnection -ConnectionId $dc.ConnectionId -ErrorVariable gone -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $gone[0].FullyQualifiedErrorId | Should -Match '^ConnectionNotFound'
    }
}

Describe 'Answers neither reading of the guides gives' {
    BeforeAll {
        $Service = Start-ScriptedService
        Connect-DCService -ApiKey 'scripted-api-key' -BrandKey '11111111-1111-4111-8111-111111111111' -BaseUri $Service.BaseUri -SkipValidation
        $Id = '34f8cfca-85fa-444f-97b2-a5b8cbff6907'
        $Connection = '{"data_connection_uuid":"' + $Id + '","name":"Loyalty","primary_key":"customer_id","description":"d","external_api_details":null,"created_at":1764496800}'
    }

    AfterAll {
        Stop-ScriptedService $Service
        Disconnect-DCService
    }

    BeforeEach {
        $Service.Answers.Clear()
        while ($Service.Calls.TryDequeue([ref] $null)) { }
    }

    It 'reads epoch timestamps, and refuses a list it does not understand with an error instead of no connections' {
        $Service.Answers['GET /connections'] = @{ Status = 200; Body = "{""connections"":[$Connection],""total"":1}" }
        $one = Get-DataConnection -Name 'Loy*'
        $one.ConnectionId | Should -Be $Id
        $one.CreatedAt.ToUnixTimeSeconds() | Should -Be 1764496800

        $Service.Answers['GET /connections'] = @{ Status = 200; Body = '{"status":"success"}' }
        # Listing is the one call everything after it needs: a terminating error, and no output before it.
        $caught = $null
        $out = try { Get-DataConnection -Name 'Loyalty' -ErrorAction Stop } catch { $caught = $_ }
        $out | Should -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -Match '^UnexpectedAnswer'
        $caught.CategoryInfo.Category | Should -Be 'InvalidResult'
        "$caught" | Should -Match 'GET /connections'
        "$caught" | Should -Not -Match 'No Data Connection is named'
    }

    It 'refuses an empty record: no output, and -Merge writes nothing back' {
        $Service.Answers['GET /connections/' + $Id] = @{ Status = 200; Body = $Connection }
        $Service.Answers['POST /query'] = @{ Status = 200; Body = '{}' }
        $Service.Answers['PUT /update_data'] = @{ Status = 200; Body = '{"status":"success","updated_records":1}' }

        Invoke-DCQuery -ConnectionId $Id -PrimaryKey '7' -ErrorVariable readErrors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $readErrors[0].FullyQualifiedErrorId | Should -Match '^UnexpectedAnswer'

        Update-DCRecord -ConnectionId $Id -PrimaryKey '7' -Data @{ tier = 'silver' } -Merge -ErrorVariable mergeErrors -ErrorAction SilentlyContinue
        $mergeErrors[0].FullyQualifiedErrorId | Should -Match '^StoredRecordUnreadable'
        $mergeErrors[0].TargetObject | Should -Not -BeNullOrEmpty
        @($Service.Calls) | Should -Not -Contain 'PUT /connections/34f8cfca-85fa-444f-97b2-a5b8cbff6907/update_data'
    }

    It 'keeps a description a replacing PUT would have wiped, and reads the connection again after {"status":"success"}' {
        $Service.Answers['GET /connections/' + $Id] = @{ Status = 200; Body = $Connection }
        $Service.Answers['PUT /connections/' + $Id] = @{ Status = 200; Body = '{"status":"success"}' }
        $updated = Set-DataConnection -ConnectionId $Id -Name 'Loyalty' -PassThru
        $updated.ConnectionId | Should -Be $Id
        $updated.Name | Should -Be 'Loyalty'
        @($Service.Calls | Where-Object { $_ -eq "GET /connections/$Id" }).Count | Should -Be 2
    }

    It 'returns the id it created when reading the connection back fails, and warns of a name already taken' {
        $Service.Answers['GET /connections'] = @{ Status = 200; Body = "[$Connection]" }
        $Service.Answers['POST /connections'] = @{ Status = 201; Body = '{"data_connection_uuid":"0b6a3f9e-31c2-4f9c-9c37-3f2f1a9a2b11"}' }
        $Service.Answers['GET /connections/0b6a3f9e-31c2-4f9c-9c37-3f2f1a9a2b11'] = @{ Status = 200; Body = '{"created_at":"yesterday"}' }
        $created = New-DataConnection -Name 'Loyalty' -PrimaryKey customer_id -WarningVariable warnings -WarningAction SilentlyContinue
        $created.ConnectionId | Should -Be '0b6a3f9e-31c2-4f9c-9c37-3f2f1a9a2b11'
        $created.Name | Should -Be 'Loyalty'
        ($warnings -join ' ') | Should -Match 'already exists'
        ($warnings -join ' ') | Should -Match 'Do not create it again'
    }

    It 'shows the message of a {"message", "code"} error, not its JSON' {
        $Service.Answers['GET /connections/' + $Id] = @{ Status = 400; Body = '{"message":"brand is suspended","code":400}' }
        Get-DataConnection -ConnectionId $Id -ErrorVariable failed -ErrorAction SilentlyContinue
        "$($failed[0])" | Should -Match 'brand is suspended'
        "$($failed[0])" | Should -Not -Match '"code"'
    }

    It 'says a timestamp it cannot read is unknown instead of failing (no JsonReaderException)' {
        $Service.Answers['GET /connections/' + $Id] = @{ Status = 200; Body = $Connection.Replace('1764496800', '"not a date"') }
        $connection = Get-DataConnection -ConnectionId $Id -ErrorAction Stop
        $connection.CreatedAt | Should -BeNullOrEmpty
    }
}
