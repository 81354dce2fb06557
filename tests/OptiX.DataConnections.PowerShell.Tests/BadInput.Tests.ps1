# Bad and borderline input through the cmdlets: what the user sees for each (error id and category), and that the good
# records in the same input still arrive ("loses nothing else"). Odd but valid values must round-trip intact.
BeforeAll {
    Import-Module $env:OPTIX_TEST_MODULE -Force
    $Emulator = Start-DCEmulator -PassThru
    $DevApiKey = 'optix-emulator-dev-api-key'
    $DevBrandKey = '11111111-1111-4111-8111-111111111111'
    $AdminUri = ([uri]::new($Emulator.BaseUri, '/admin/faults')).AbsoluteUri
    $Work = Join-Path ([IO.Path]::GetTempPath()) "optix-badinput-$PID"
    $null = New-Item -ItemType Directory -Force $Work

    function Connect-Emulator {
        Connect-DCService -ApiKey $DevApiKey -BrandKey $DevBrandKey -BaseUri $Emulator.BaseUri @args
    }

    function Set-Faults([string] $Spec) {
        $body = @{ spec = $Spec } | ConvertTo-Json
        $null = Invoke-RestMethod -Method Put -Uri $AdminUri -Headers @{ 'x-admin-key' = $Emulator.AdminKey } -Body $body -ContentType 'application/json'
    }

    # The record exactly as the emulator stores it (JSON text), bypassing the client's parsing.
    function Get-RawRecord([guid] $ConnectionId, [string] $Key) {
        $uri = "$($Emulator.BaseUri.AbsoluteUri.TrimEnd('/'))/connections/$ConnectionId/query"
        $headers = @{ 'x-api-key' = $DevApiKey; 'x-brand-key' = $DevBrandKey }
        (Invoke-WebRequest -Method Post -Uri $uri -Headers $headers -Body (@{ primary_key = $Key } | ConvertTo-Json) -ContentType 'application/json').Content
    }

    function Get-RecordCount([guid] $ConnectionId) { (Get-DCSchema -ConnectionId $ConnectionId).RecordCount }

    # Writes a file of text (UTF-8 without BOM unless told) or raw bytes into the work folder; returns its path.
    function New-InputFile([string] $Name, [string] $Text, [Text.Encoding] $Encoding = [Text.UTF8Encoding]::new($false)) {
        $path = Join-Path $Work "$([guid]::NewGuid().ToString('N'))-$Name"
        [IO.File]::WriteAllText($path, $Text, $Encoding)
        $path
    }

    function Test-RecordExists([guid] $ConnectionId, [string] $Key) {
        $null -ne (Invoke-DCQuery -ConnectionId $ConnectionId -PrimaryKey $Key -ErrorAction SilentlyContinue)
    }
}

AfterAll {
    Stop-DCEmulator
    Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue
}

Describe 'Send-DCData refuses a bad piped record with a clear error id and sends the good ones around it' {
    BeforeEach {
        $Connection = New-DataConnection -Name "bad record $([guid]::NewGuid())" -PrimaryKey customer_id
    }

    It '<Name> is <ErrorId>' -ForEach @(
        @{ Name = 'a record without the primary-key field'; Bad = { [pscustomobject]@{ name = 'no key' } }; ErrorId = 'MissingPrimaryKey'; Category = 'InvalidData'; Message = "no primary key field 'customer_id'" }
        @{ Name = 'a key field differing only by case (Customer_Id)'; Bad = { [pscustomobject]@{ Customer_Id = 'x' } }; ErrorId = 'MissingPrimaryKey'; Category = 'InvalidData'; Message = "case-sensitive; found 'Customer_Id'" }
        @{ Name = 'an empty primary key'; Bad = { [pscustomobject]@{ customer_id = '' } }; ErrorId = 'InvalidPrimaryKey'; Category = 'InvalidData'; Message = 'is empty' }
        @{ Name = 'a whitespace-only primary key'; Bad = { [pscustomobject]@{ customer_id = "  `t" } }; ErrorId = 'InvalidPrimaryKey'; Category = 'InvalidData'; Message = 'is empty' }
        @{ Name = 'a null primary key'; Bad = { [pscustomobject]@{ customer_id = $null; name = 'null key' } }; ErrorId = 'InvalidPrimaryKey'; Category = 'InvalidData'; Message = 'has no value' }
        @{ Name = 'an object as primary key'; Bad = { [pscustomobject]@{ customer_id = @{ id = 1 } } }; ErrorId = 'InvalidPrimaryKey'; Category = 'InvalidData'; Message = 'must be a single value' }
        @{ Name = 'an array as primary key'; Bad = { [pscustomobject]@{ customer_id = @('a', 'b') } }; ErrorId = 'InvalidPrimaryKey'; Category = 'InvalidData'; Message = 'must be a single value' }
        @{ Name = 'a number that is not a record'; Bad = { 42 }; ErrorId = 'InvalidRecord'; Category = 'InvalidData'; Message = 'not a record' }
        @{ Name = 'a string that is not a record'; Bad = { 'customer_id=x' }; ErrorId = 'InvalidRecord'; Category = 'InvalidData'; Message = 'not a record' }
        @{ Name = 'a value nested 20 levels deep'; Bad = { $root = @{ customer_id = 'deep' }; $at = $root; foreach ($i in 1..20) { $at['n'] = @{}; $at = $at['n'] }; $root }; ErrorId = 'InvalidRecord'; Category = 'InvalidData'; Message = 'nested more than' }
        @{ Name = 'a hashtable that contains itself'; Bad = { $self = @{ customer_id = 'self' }; $self['me'] = $self; $self }; ErrorId = 'InvalidRecord'; Category = 'InvalidData'; Message = 'nested more than' }
        @{ Name = 'a null record'; Bad = { $null }; ErrorId = 'NullRecord'; Category = 'InvalidData'; Message = 'null record' }
    ) {
        $records = @([pscustomobject]@{ customer_id = 'g1'; v = 1 }) + @(& $Bad) + @([pscustomobject]@{ customer_id = 'g2'; v = 2 })
        $summary = $records | Send-DCData -ConnectionId $Connection.ConnectionId -PassThru -ErrorVariable sendErrors -ErrorAction SilentlyContinue

        $sendErrors.Count | Should -Be 1
        $sendErrors[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,OptiX.DataConnections.PowerShell.Cmdlets.SendDCDataCommand"
        $sendErrors[0].CategoryInfo.Category | Should -Be $Category
        "$($sendErrors[0])" | Should -BeLike "*$([WildcardPattern]::Escape($Message))*"
        $summary.RecordsSent | Should -Be 2
        $summary.BatchCompleted | Should -BeTrue
        (Invoke-DCQuery -ConnectionId $Connection.ConnectionId -PrimaryKey 'g1', 'g2').v | Should -Be @(1, 2)
        Get-RecordCount $Connection.ConnectionId | Should -Be 2
    }
}

Describe 'Wrong parameters, connections and keys stop with a clear error id and send nothing' {
    BeforeEach {
        Connect-Emulator
        $Connection = New-DataConnection -Name "bad call $([guid]::NewGuid())" -PrimaryKey customer_id
    }

    AfterEach {
        Connect-Emulator
    }

    It '<Name> is <ErrorId> (<Category>)' -ForEach @(
        @{ Name = 'Send-DCData -BatchSize 0'; Call = { param($id) [pscustomobject]@{ customer_id = '1' } | Send-DCData -ConnectionId $id -BatchSize 0 }; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Name = 'Send-DCData -BatchSize 5001'; Call = { param($id) [pscustomobject]@{ customer_id = '1' } | Send-DCData -ConnectionId $id -BatchSize 5001 }; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Name = 'Send-DCData -TtlSeconds -1'; Call = { param($id) [pscustomobject]@{ customer_id = '1' } | Send-DCData -ConnectionId $id -TtlSeconds -1 }; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Name = 'Send-DCData -TtlSeconds beyond a 32-bit integer'; Call = { param($id) [pscustomobject]@{ customer_id = '1' } | Send-DCData -ConnectionId $id -TtlSeconds 99999999999 }; ErrorId = 'CannotConvertArgumentNoMessage'; Category = 'InvalidArgument' }
        @{ Name = 'Send-DCData -ThrottleLimit 0'; Call = { param($id) [pscustomobject]@{ customer_id = '1' } | Send-DCData -ConnectionId $id -ThrottleLimit 0 }; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Name = 'Send-DCData -ConnectionId that is not a GUID (a parameter binding error)'; Call = { param($id) [pscustomobject]@{ customer_id = '1' } | Send-DCData -ConnectionId 'not-a-guid' }; ErrorId = 'CannotConvertArgumentNoMessage'; Category = 'InvalidArgument' }
        @{ Name = 'Send-DCData to an unknown connection'; Call = { param($id) [pscustomobject]@{ customer_id = '1' } | Send-DCData -ConnectionId ([guid]::NewGuid()) }; ErrorId = 'ConnectionNotFound'; Category = 'ObjectNotFound' }
        @{ Name = 'Send-DCData -Path to an unknown connection'; Call = { param($id) Send-DCData -ConnectionId ([guid]::NewGuid()) -Path (New-InputFile 'x.csv' "customer_id`n1`n") }; ErrorId = 'ConnectionNotFound'; Category = 'ObjectNotFound' }
        @{ Name = 'Send-DCData with wrong keys'; Call = { param($id) Connect-DCService -ApiKey 'wrong' -BrandKey $DevBrandKey -BaseUri $Emulator.BaseUri -SkipValidation; [pscustomobject]@{ customer_id = '1' } | Send-DCData -ConnectionId $id }; ErrorId = 'Unauthorized'; Category = 'AuthenticationError' }
        @{ Name = 'Connect-DCService with a wrong API key'; Call = { param($id) Connect-DCService -ApiKey 'wrong' -BrandKey $DevBrandKey -BaseUri $Emulator.BaseUri }; ErrorId = 'Unauthorized'; Category = 'AuthenticationError' }
        @{ Name = 'Connect-DCService with a wrong brand key'; Call = { param($id) Connect-DCService -ApiKey $DevApiKey -BrandKey ([guid]::NewGuid().ToString()) -BaseUri $Emulator.BaseUri }; ErrorId = 'Unauthorized'; Category = 'AuthenticationError' }
        @{ Name = 'Invoke-DCQuery -BatchSize 5001'; Call = { param($id) Invoke-DCQuery -ConnectionId $id -PrimaryKey 1 -BatchSize 5001 }; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Name = 'Invoke-DCQuery on an unknown connection'; Call = { param($id) Invoke-DCQuery -ConnectionId ([guid]::NewGuid()) -PrimaryKey 1 -ErrorAction Stop }; ErrorId = 'ConnectionNotFound'; Category = 'ObjectNotFound' }
        @{ Name = 'Invoke-DCQuery with an empty key'; Call = { param($id) Invoke-DCQuery -ConnectionId $id -PrimaryKey '' -ErrorAction Stop }; ErrorId = 'InvalidPrimaryKey'; Category = 'InvalidArgument' }
        @{ Name = 'Update-DCRecord -TtlSeconds -1'; Call = { param($id) Update-DCRecord -ConnectionId $id -PrimaryKey 1 -Data @{ v = 1 } -TtlSeconds -1 }; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Name = 'Update-DCRecord of a key that does not exist'; Call = { param($id) Update-DCRecord -ConnectionId $id -PrimaryKey 'nobody' -Data @{ v = 1 } -ErrorAction Stop }; ErrorId = 'RecordNotFound'; Category = 'ObjectNotFound' }
        @{ Name = 'Remove-DCRecord of an empty key'; Call = { param($id) Remove-DCRecord -ConnectionId $id -PrimaryKey '' -ErrorAction Stop }; ErrorId = 'InvalidPrimaryKey'; Category = 'InvalidData' }
        @{ Name = 'Remove-DCRecord on an unknown connection'; Call = { param($id) Remove-DCRecord -ConnectionId ([guid]::NewGuid()) -PrimaryKey 1 }; ErrorId = 'ConnectionNotFound'; Category = 'ObjectNotFound' }
    ) {
        $thrown = $null
        try { & $Call $Connection.ConnectionId } catch { $thrown = $_ }

        $thrown | Should -Not -BeNullOrEmpty
        $thrown.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $thrown.CategoryInfo.Category | Should -Be $Category
        Connect-Emulator
        Get-RecordCount $Connection.ConnectionId | Should -Be 0
    }
}

Describe 'Send-DCData -Path with a bad file: InvalidRecord for the bad part, the rest as stated' {
    BeforeEach {
        $Connection = New-DataConnection -Name "bad file $([guid]::NewGuid())" -PrimaryKey customer_id
    }

    It '<Name>' -ForEach @(
        @{ Name = 'a ragged CSV row: refused, the rows around it arrive'; File = 'ragged.csv'; Text = "customer_id,name`nr1,a`nr2`nr3,c,extra`nr4,d`n"; ErrorId = 'InvalidRecord'; Errors = 2; Message = 'ragged.csv record 2: Line 3 has 1 field(s) but the header has 2'; Sent = 2; Completed = $true; Arrived = @('r1', 'r4') }
        @{ Name = 'an unterminated quote: reading stops and the batch stays open, nothing visible'; File = 'quote.csv'; Text = "customer_id,name`nq1,a`nq2,`"never closed`nq3,c`n"; ErrorId = 'InvalidRecord'; Errors = 1; Message = 'quoted field that is never closed'; Sent = 1; Completed = $false; Arrived = @() }
        @{ Name = 'an empty CSV file: no header row'; File = 'empty.csv'; Text = ''; ErrorId = 'InvalidRecord'; Errors = 1; Message = 'no header row'; Sent = 0; Completed = $false; Arrived = @() }
        @{ Name = 'JSON that is not an array'; File = 'object.json'; Text = '{"customer_id":"o1"}'; ErrorId = 'InvalidRecord'; Errors = 1; Message = 'must hold one array of objects'; Sent = 0; Completed = $false; Arrived = @() }
        @{ Name = 'a JSON array element that is not an object: refused, the others arrive'; File = 'elements.json'; Text = '[{"customer_id":"e1"},42,"text",{"customer_id":"e2"}]'; ErrorId = 'InvalidRecord'; Errors = 2; Message = 'not an object'; Sent = 2; Completed = $true; Arrived = @('e1', 'e2') }
        @{ Name = 'truncated JSON: reading stops and the batch stays open'; File = 'truncated.json'; Text = '[{"customer_id":"t1"},{"customer_id":"t2","name":'; ErrorId = 'InvalidRecord'; Errors = 1; Message = 'Malformed JSON'; Sent = 1; Completed = $false; Arrived = @() }
        @{ Name = 'NDJSON with a bad line and an array line: refused, the other lines arrive'; File = 'lines.ndjson'; Text = "{`"customer_id`":`"n1`"}`n{not json}`n[1,2]`n`n{`"customer_id`":`"n2`"}`n"; ErrorId = 'InvalidRecord'; Errors = 2; Message = 'Line 2 is not valid JSON'; Sent = 2; Completed = $true; Arrived = @('n1', 'n2') }
        @{ Name = 'a JSON number beyond a double (1e400): refused clearly, not sent as "Infinity"'; File = 'huge.json'; Text = '[{"customer_id":"h1","v":1},{"customer_id":"h2","v":{"deep":[1e400]}},{"customer_id":"h3","v":3}]'; ErrorId = 'InvalidRecord'; Errors = 1; Message = "The number at 'v.deep[0]' is not finite"; Sent = 2; Completed = $true; Arrived = @('h1', 'h3') }
        @{ Name = 'the NDJSON literals NaN and -Infinity: refused clearly'; File = 'nan.ndjson'; Text = "{`"customer_id`":`"f1`",`"v`":NaN}`n{`"customer_id`":`"f2`",`"v`":-Infinity}`n{`"customer_id`":`"f3`",`"v`":1.5}`n"; ErrorId = 'InvalidRecord'; Errors = 2; Message = 'not finite'; Sent = 1; Completed = $true; Arrived = @('f3') }
    ) {
        $path = New-InputFile $File $Text
        $summary = Send-DCData -ConnectionId $Connection.ConnectionId -Path $path -PassThru -ErrorVariable fileErrors -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue

        $fileErrors.Count | Should -Be $Errors
        $fileErrors | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"; $_.CategoryInfo.Category | Should -Be 'InvalidData' }
        "$($fileErrors[0])" | Should -BeLike "*$([WildcardPattern]::Escape($Message))*"
        $summary.RecordsSent | Should -Be $Sent
        $summary.BatchCompleted | Should -Be $Completed
        if (-not $Completed -and $Sent -gt 0) {
            ($warnings -join "`n") | Should -Match "left open.*-BatchId $($summary.BatchId)"
        }
        Get-RecordCount $Connection.ConnectionId | Should -Be $Arrived.Count
        foreach ($key in $Arrived) { Test-RecordExists $Connection.ConnectionId $key | Should -BeTrue }
    }
}

Describe 'Send-DCData -Path with a file that lacks the primary-key field: one error naming it, nothing sent' {
    BeforeEach {
        $Connection = New-DataConnection -Name "no key column $([guid]::NewGuid())" -PrimaryKey customer_id
    }

    It 'a 3000-row CSV whose header has no customer_id column is one terminating MissingPrimaryKeyColumn error' {
        $rows = (1..3000 | ForEach-Object { "$_,name $_,gold" }) -join "`n"
        $path = New-InputFile 'nokey.csv' "id,name,tier`n$rows`n"
        $good = New-InputFile 'good.csv' "customer_id,name`ng1,a`n"

        $caught = $null
        try { Send-DCData -ConnectionId $Connection.ConnectionId -Path $good, $path -ErrorVariable sendErrors -ErrorAction Stop }
        catch { $caught = $_ }

        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'MissingPrimaryKeyColumn,*'
        $caught.CategoryInfo.Category | Should -Be 'InvalidData'
        $caught.TargetObject | Should -Be $path
        "$caught" | Should -BeLike "*header has no column 'customer_id'*Columns found: id, name, tier.*"
        $sendErrors.Count | Should -Be 1
        # Checked before anything is sent: not even the good file's record.
        Get-RecordCount $Connection.ConnectionId | Should -Be 0
    }

    It 'a key column differing only by case is named in the one error' {
        $path = New-InputFile 'case.csv' "Customer_ID,name`n1,a`n2,b`n"
        { Send-DCData -ConnectionId $Connection.ConnectionId -Path $path -ErrorAction Stop } |
            Should -Throw -ErrorId 'MissingPrimaryKeyColumn,*' -ExpectedMessage "*case-sensitive; found 'Customer_ID'*"
    }

    It 'NDJSON whose first records all lack the field is one error naming the fields found' {
        $lines = (1..150 | ForEach-Object { '{"id":"' + $_ + '","email":"x' + $_ + '@example.com"}' }) -join "`n"
        $path = New-InputFile 'nokey.ndjson' "$lines`n"
        { Send-DCData -ConnectionId $Connection.ConnectionId -Path $path -ErrorAction Stop } |
            Should -Throw -ErrorId 'MissingPrimaryKeyColumn,*' -ExpectedMessage "*none of its first 100 records has the field 'customer_id'*Fields found: id, email.*"
        Get-RecordCount $Connection.ConnectionId | Should -Be 0
    }

    It 'records that lack the field among others that have it are refused one by one, the rest arrive' {
        $path = New-InputFile 'some.ndjson' ('{"id":"x1"}' + "`n" + '{"customer_id":"k1"}' + "`n" + '{"id":"x2"}' + "`n" + '{"customer_id":"k2"}' + "`n")
        $summary = Send-DCData -ConnectionId $Connection.ConnectionId -Path $path -PassThru -ErrorVariable sendErrors -ErrorAction SilentlyContinue

        $sendErrors.Count | Should -Be 2
        $sendErrors | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'MissingPrimaryKey,*' }
        $summary.RecordsSent | Should -Be 2
        Get-RecordCount $Connection.ConnectionId | Should -Be 2
    }
}

Describe 'Empty input sends nothing and is no error' {
    BeforeEach {
        $Connection = New-DataConnection -Name "empty $([guid]::NewGuid())" -PrimaryKey customer_id
    }

    AfterEach {
        Set-Faults ''
    }

    It 'sends no request at all for an empty pipeline (every API call would fail)' {
        Set-Faults '*:500=1'
        $out = @() | Send-DCData -ConnectionId $Connection.ConnectionId -PassThru -ErrorVariable sendErrors
        $out | Should -BeNullOrEmpty
        $sendErrors | Should -BeNullOrEmpty
    }

    It '<Name>: 0 records in 0 requests, no error' -ForEach @(
        @{ Name = 'a CSV file with only a header'; File = 'header.csv'; Text = "customer_id,name`n" }
        @{ Name = 'an empty JSON array'; File = 'empty.json'; Text = '[]' }
        @{ Name = 'an NDJSON file of blank lines'; File = 'blank.ndjson'; Text = "`n`n  `n" }
    ) {
        $summary = Send-DCData -ConnectionId $Connection.ConnectionId -Path (New-InputFile $File $Text) -PassThru -ErrorVariable sendErrors
        $sendErrors | Should -BeNullOrEmpty
        $summary.RecordsSent | Should -Be 0
        $summary.RecordsRejected | Should -Be 0
        $summary.Requests | Should -Be 0
        Get-RecordCount $Connection.ConnectionId | Should -Be 0
    }
}

Describe 'Odd but valid input round-trips through Invoke-DCQuery' {
    BeforeEach {
        $Connection = New-DataConnection -Name "round trip $([guid]::NewGuid())" -PrimaryKey customer_id
        $Id = $Connection.ConnectionId
    }

    It '<Name>' -ForEach @(
        @{
            Name  = 'nulls, nested objects and arrays, empty ones too'
            Send  = { [pscustomobject]@{ customer_id = 'n1'; none = $null; obj = [pscustomobject]@{ a = 1; b = @(1, 'two', $null, @{ c = $true }) }; empty = @(); hash = @{} } | Send-DCData -ConnectionId $Id }
            Key   = 'n1'
            Check = {
                param($record, $raw)
                $raw | Should -Be '{"data":{"customer_id":"n1","none":null,"obj":{"a":1,"b":[1,"two",null,{"c":true}]},"empty":[],"hash":{}}}'
                $record.none | Should -BeNullOrEmpty
                $record.obj.b[1] | Should -Be 'two'
                $record.obj.b[3].c | Should -BeTrue
                $record.PSObject.Properties.Name | Should -Contain 'none'
            }
        }
        @{
            Name  = 'a 100 KB string value'
            Send  = { [pscustomobject]@{ customer_id = 'long'; text = ('Zoë-€-😀-' * 12000).Substring(0, 100000) } | Send-DCData -ConnectionId $Id }
            Key   = 'long'
            Check = { param($record, $raw) $record.text | Should -BeExactly ('Zoë-€-😀-' * 12000).Substring(0, 100000) }
        }
        @{
            Name  = 'a 100 KB string as the primary key'
            Send  = { [pscustomobject]@{ customer_id = 'k' * 100000; v = 'long key' } | Send-DCData -ConnectionId $Id }
            Key   = 'k' * 100000
            Check = { param($record, $raw) $record.v | Should -Be 'long key' }
        }
        @{
            Name  = 'a 30-digit integer from a JSON file stays exact (a [bigint] when read back)'
            Send  = { Send-DCData -ConnectionId $Id -Path (New-InputFile 'big.json' '[{"customer_id":"b1","big":123456789012345678901234567890,"neg":-98765432109876543210987654321}]') }
            Key   = 'b1'
            Check = {
                param($record, $raw)
                $raw | Should -Be '{"data":{"customer_id":"b1","big":123456789012345678901234567890,"neg":-98765432109876543210987654321}}'
                $record.big | Should -BeOfType [System.Numerics.BigInteger]
                $record.big | Should -Be ([bigint]::Parse('123456789012345678901234567890'))
            }
        }
        @{
            Name  = 'a 30-digit integer as the key in a JSON file is the key''s digits'
            Send  = { Send-DCData -ConnectionId $Id -Path (New-InputFile 'bigkey.json' '[{"customer_id":123456789012345678901234567890,"v":"big key"}]') }
            Key   = '123456789012345678901234567890'
            Check = { param($record, $raw) $raw | Should -Be '{"data":{"customer_id":123456789012345678901234567890,"v":"big key"}}' }
        }
        @{
            Name  = 'a decimal with more digits than a double: rounded to the nearest double when read from a file, as any JSON parser does'
            Send  = { Send-DCData -ConnectionId $Id -Path (New-InputFile 'pi.json' '[{"customer_id":"pi","pi":3.14159265358979323846264338327950288,"tiny":1e-400}]') }
            Key   = 'pi'
            Check = {
                param($record, $raw)
                $raw | Should -Be '{"data":{"customer_id":"pi","pi":3.141592653589793,"tiny":0.0}}'
                $record.pi | Should -Be ([math]::PI)
            }
        }
        @{
            Name  = 'a [decimal] at its maximum from the pipeline is stored exactly (read back as the nearest double)'
            Send  = { [pscustomobject]@{ customer_id = 'dec'; amount = [decimal]::MaxValue } | Send-DCData -ConnectionId $Id }
            Key   = 'dec'
            Check = {
                param($record, $raw)
                $raw | Should -Be '{"data":{"customer_id":"dec","amount":79228162514264337593543950335.0}}'
                $record.amount | Should -Be ([double]'7.9228162514264338E+28')
            }
        }
        @{
            Name  = 'a UTF-8 CSV with a byte-order mark: the BOM is not part of the first header'
            Send  = { Send-DCData -ConnectionId $Id -Path (New-InputFile 'bom.csv' "customer_id,name`nbom1,Zoë Ångström`n" ([Text.UTF8Encoding]::new($true))) }
            Key   = 'bom1'
            Check = { param($record, $raw) $raw | Should -Be '{"data":{"customer_id":"bom1","name":"Zoë Ångström"}}' }
        }
        @{
            Name  = 'a latin1 CSV with -Encoding latin1 is exact'
            Send  = { Send-DCData -ConnectionId $Id -Path (New-InputFile 'latin1.csv' "customer_id,name`nl1,Fran$([char]0xE7)ois`n" ([Text.Encoding]::GetEncoding(28591))) -Encoding latin1 }
            Key   = 'l1'
            Check = { param($record, $raw) $record.name | Should -BeExactly 'François' }
        }
        @{
            Name  = 'a latin1 CSV without -Encoding does not crash: every row arrives, ASCII intact, and a warning names -Encoding'
            Send  = {
                $summary = Send-DCData -ConnectionId $Id -Path (New-InputFile 'latin1.csv' "customer_id,name,city`nl1,Fran$([char]0xE7)ois,Paris`nl2,Ren$([char]0xE9)e,Lyon`n" ([Text.Encoding]::GetEncoding(28591))) -PassThru -ErrorVariable latinErrors -WarningVariable latinWarnings -WarningAction SilentlyContinue
                $latinErrors | Should -BeNullOrEmpty
                $summary.RecordsSent | Should -Be 2
                ($latinWarnings -join ' ') | Should -Match '-Encoding'
            }
            Key   = 'l2'
            # Without -Encoding the file is read as UTF-8: the invalid byte becomes U+FFFD, and the warning says so.
            Check = { param($record, $raw) $record.city | Should -Be 'Lyon'; $record.name | Should -BeLike 'Ren?e' }
        }
        @{
            Name  = 'duplicate keys within one request: the last wins'
            Send  = { @([pscustomobject]@{ customer_id = 'dup'; v = 'first' }, [pscustomobject]@{ customer_id = 'other'; v = 'x' }, [pscustomobject]@{ customer_id = 'dup'; v = 'last' }) | Send-DCData -ConnectionId $Id }
            Key   = 'dup'
            Check = { param($record, $raw) $record.v | Should -Be 'last'; Get-RecordCount $Id | Should -Be 2 }
        }
        @{
            Name  = 'duplicate keys across the requests of one upload (-BatchSize 1): the last wins'
            Send  = {
                $summary = @(1..30 | ForEach-Object { [pscustomobject]@{ customer_id = 'dup'; v = $_ } }) + [pscustomobject]@{ customer_id = 'tail'; v = 0 } |
                    Send-DCData -ConnectionId $Id -BatchSize 1 -ThrottleLimit 8 -PassThru
                $summary.Requests | Should -Be 31
            }
            Key   = 'dup'
            Check = { param($record, $raw) $record.v | Should -Be 30; Get-RecordCount $Id | Should -Be 2 }
        }
        @{
            Name  = 'duplicate keys in one CSV file: the last row wins'
            Send  = { Send-DCData -ConnectionId $Id -Path (New-InputFile 'dups.csv' "customer_id,v`nd1,first`nd2,x`nd1,last`n") }
            Key   = 'd1'
            Check = { param($record, $raw) $record.v | Should -Be 'last' }
        }
    ) {
        & $Send
        $record = Invoke-DCQuery -ConnectionId $Id -PrimaryKey $Key
        $raw = Get-RawRecord $Id $Key
        & $Check $record $raw
    }

    It 'keeps the last version of a key repeated across requests even when requests are retried out of order' {
        # 503s make earlier requests land after later ones unless the client keeps requests sharing a key in order.
        Set-Faults 'upload_data:503=0.3,retryafter=0;seed=7'
        try {
            Connect-Emulator -MaxRetries 30
            # Before the fix this stored version 4 to 7 of 8: a retried request re-staged its older version last.
            $records = @(1..8 | ForEach-Object { [pscustomobject]@{ customer_id = 'dup'; v = $_ } }) + [pscustomobject]@{ customer_id = 'tail'; v = 0 }
            $summary = $records | Send-DCData -ConnectionId $Id -BatchSize 1 -ThrottleLimit 4 -PassThru
            $summary.BatchCompleted | Should -BeTrue
            (Invoke-DCQuery -ConnectionId $Id -PrimaryKey 'dup').v | Should -Be 8
        }
        finally {
            Set-Faults ''
            Connect-Emulator
        }
    }

    It 'stores a [bigint] piped in as its digits, not as an object of its properties' {
        # Invoke-DCQuery | Send-DCData re-sends big integers so.
        [pscustomobject]@{ customer_id = 'bi'; big = [bigint]::Parse('123456789012345678901234567890') } | Send-DCData -ConnectionId $Id
        Get-RawRecord $Id 'bi' | Should -Be '{"data":{"customer_id":"bi","big":123456789012345678901234567890}}'
    }
}
