BeforeAll {
    . (Join-Path $PSScriptRoot 'Invoke-WithoutHost.ps1')
    Import-Module $env:OPTIX_TEST_MODULE -Force
    $Emulator = Start-DCEmulator -PassThru

    function New-Customers([int] $Count, [int] $From = 1) {
        foreach ($i in $From..($From + $Count - 1)) {
            [pscustomobject]@{ customer_id = "$i"; name = "Customer $i"; tier = ('gold', 'silver')[$i % 2] }
        }
    }
}

AfterAll {
    Stop-DCEmulator
}

Describe 'Send-DCData and Invoke-DCQuery' {
    BeforeEach {
        $Connection = New-DataConnection -Name "upload $([guid]::NewGuid())" -PrimaryKey customer_id
    }

    It 'sends 12,345 piped records in exactly 3 requests, invisible until the last one lands' {
        $script:hiddenWhileSending = $null
        $summary = New-Customers 12345 | ForEach-Object {
            if ($_.customer_id -eq '12001') {
                # Two full requests have been handed over; give them time to land, then look.
                Start-Sleep -Milliseconds 500
                $script:hiddenWhileSending = Invoke-DCQuery -ConnectionId $Connection.ConnectionId -PrimaryKey 1 -ErrorAction SilentlyContinue -ErrorVariable lookErrors
                $script:lookError = $lookErrors[0].FullyQualifiedErrorId
            }
            $_
        } | Send-DCData -ConnectionId $Connection.ConnectionId -ThrottleLimit 1 -PassThru

        $script:hiddenWhileSending | Should -BeNullOrEmpty
        $script:lookError | Should -Match '^RecordNotFound'
        $summary.Requests | Should -Be 3
        $summary.RecordsSent | Should -Be 12345
        $summary.RecordsRejected | Should -Be 0
        $summary.BatchCompleted | Should -BeTrue
        $summary.ConnectionId | Should -Be $Connection.ConnectionId

        $back = 1, 5000, 5001, 12345 | Invoke-DCQuery -ConnectionId $Connection.ConnectionId
        $back.customer_id | Should -Be @('1', '5000', '5001', '12345')
        $back[3].name | Should -Be 'Customer 12345'
    }

    It 'takes the connection from Get-DataConnection output by property name' {
        $records = @(@{ customer_id = 'a1'; city = 'Leeds' }, @{ customer_id = 'a2'; city = 'York' })
        $summary = $records | Send-DCData -ConnectionId $Connection.ConnectionId -PassThru
        $summary.RecordsSent | Should -Be 2
        ($Connection | Invoke-DCQuery -PrimaryKey 'a2').city | Should -Be 'York'
    }

    It 'accepts objects carrying the key field as keys for Invoke-DCQuery' {
        New-Customers 3 | Send-DCData -ConnectionId $Connection.ConnectionId
        (New-Customers 3 | Invoke-DCQuery -ConnectionId $Connection.ConnectionId).name | Should -Be @('Customer 1', 'Customer 2', 'Customer 3')
    }

    It 'replaces the whole record on a second upload' {
        [pscustomobject]@{ customer_id = 'r1'; name = 'Old'; phone = '123' } | Send-DCData -ConnectionId $Connection.ConnectionId
        [pscustomobject]@{ customer_id = 'r1'; name = 'New' } | Send-DCData -ConnectionId $Connection.ConnectionId
        $record = Invoke-DCQuery -ConnectionId $Connection.ConnectionId -PrimaryKey r1
        $record.name | Should -Be 'New'
        $record.PSObject.Properties.Name | Should -Not -Contain 'phone'
    }

    It 'writes a record without the primary key as an error with the record as target, and sends the rest' {
        $bad = [pscustomobject]@{ name = 'No key here' }
        $summary = @((New-Customers 2), $bad) | ForEach-Object { $_ } |
            Send-DCData -ConnectionId $Connection.ConnectionId -PassThru -ErrorVariable sendErrors -ErrorAction SilentlyContinue
        $summary.RecordsSent | Should -Be 2
        $summary.RecordsRejected | Should -Be 1
        $sendErrors.Count | Should -Be 1
        $sendErrors[0].FullyQualifiedErrorId | Should -Be 'MissingPrimaryKey,OptiX.DataConnections.PowerShell.Cmdlets.SendDCDataCommand'
        $sendErrors[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $sendErrors[0].TargetObject.name | Should -Be 'No key here'
    }

    It 'refuses a piped NaN or Infinity as InvalidRecord, counts a null as refused, and sends the rest' {
        $records = @(
            [pscustomobject]@{ customer_id = 'n1'; score = [double]::NaN }
            $null
            [pscustomobject]@{ customer_id = 'n2'; score = 1.5 }
            [pscustomobject]@{ customer_id = 'n3'; score = [double]::PositiveInfinity }
        )
        $summary = $records | Send-DCData -ConnectionId $Connection.ConnectionId -PassThru -ErrorVariable numberErrors -ErrorAction SilentlyContinue
        $summary.RecordsSent | Should -Be 1
        $summary.RecordsRejected | Should -Be 3
        ($numberErrors | Where-Object { $_.FullyQualifiedErrorId -like 'InvalidRecord,*' }).Count | Should -Be 2
        ($numberErrors | Where-Object { $_.FullyQualifiedErrorId -like 'NullRecord,*' }).Count | Should -Be 1
        (Invoke-DCQuery -ConnectionId $Connection.ConnectionId -PrimaryKey n2).score | Should -Be 1.5
    }

    It 'validates and counts under -WhatIf without sending' {
        $summary = Invoke-WithoutHost { param($Id, $Records) $Records | Send-DCData -ConnectionId $Id -BatchSize 3 -WhatIf -PassThru } $Connection.ConnectionId, @(New-Customers 7)
        $summary.WhatIf | Should -BeTrue
        $summary.Requests | Should -Be 3
        Invoke-DCQuery -ConnectionId $Connection.ConnectionId -PrimaryKey 1 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'refuses a batch size over the service limit' {
        { New-Customers 1 | Send-DCData -ConnectionId $Connection.ConnectionId -BatchSize 5001 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,OptiX.DataConnections.PowerShell.Cmdlets.SendDCDataCommand'
    }

    It 'expires records after -TtlSeconds' {
        [pscustomobject]@{ customer_id = 't1'; name = 'Brief' } | Send-DCData -ConnectionId $Connection.ConnectionId -TtlSeconds 1
        (Invoke-DCQuery -ConnectionId $Connection.ConnectionId -PrimaryKey t1).name | Should -Be 'Brief'
        Start-Sleep -Milliseconds 2100
        Invoke-DCQuery -ConnectionId $Connection.ConnectionId -PrimaryKey t1 -ErrorAction SilentlyContinue -ErrorVariable ttlErrors | Should -BeNullOrEmpty
        $ttlErrors[0].FullyQualifiedErrorId | Should -Match '^RecordNotFound'
    }

    It 'stops with ConnectionNotFound for an unknown connection' {
        { New-Customers 1 | Send-DCData -ConnectionId ([guid]::NewGuid()) -ErrorAction Stop } |
            Should -Throw -ErrorId 'ConnectionNotFound,OptiX.DataConnections.PowerShell.Cmdlets.SendDCDataCommand'
    }
}
