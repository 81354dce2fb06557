BeforeAll {
    . (Join-Path $PSScriptRoot 'Invoke-WithoutHost.ps1')
    Import-Module $env:OPTIX_TEST_MODULE -Force
    $Emulator = Start-DCEmulator -PassThru

    function New-Customers([int] $Count, [int] $From = 1) {
        foreach ($i in $From..($From + $Count - 1)) {
            [pscustomobject]@{ customer_id = "$i"; name = "Customer $i"; phone = "555-$i" }
        }
    }
}

AfterAll {
    Stop-DCEmulator
}

Describe 'Update-DCRecord' {
    BeforeEach {
        $Connection = New-DataConnection -Name "update $([guid]::NewGuid())" -PrimaryKey customer_id
        New-Customers 3 | Send-DCData -ConnectionId $Connection.ConnectionId
    }

    It 'replaces the whole record without -Merge: omitted fields are gone' {
        $summary = [pscustomobject]@{ customer_id = '1'; name = 'Renamed' } |
            Update-DCRecord -ConnectionId $Connection.ConnectionId -PassThru
        $summary.Changed | Should -Be 1
        $record = Invoke-DCQuery -ConnectionId $Connection.ConnectionId -PrimaryKey 1
        $record.name | Should -Be 'Renamed'
        $record.PSObject.Properties.Name | Should -Not -Contain 'phone'
    }

    It 'keeps fields not given with -Merge' {
        Update-DCRecord -ConnectionId $Connection.ConnectionId -PrimaryKey 2 -Data @{ name = 'Merged' } -Merge
        $record = Invoke-DCQuery -ConnectionId $Connection.ConnectionId -PrimaryKey 2
        $record.name | Should -Be 'Merged'
        $record.phone | Should -Be '555-2'
    }

    It 'says plainly under -Verbose that omitted fields are removed' {
        $verbose = [pscustomobject]@{ customer_id = '3'; name = 'x' } | Update-DCRecord -ConnectionId $Connection.ConnectionId -Verbose 4>&1
        ($verbose | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match 'fields not given are removed'
    }

    It 'reports a missing key as ObjectNotFound and still updates the rest of the batch' {
        $records = @(
            [pscustomobject]@{ customer_id = '1'; name = 'One' }
            [pscustomobject]@{ customer_id = 'nope'; name = 'Ghost' }
            [pscustomobject]@{ customer_id = '3'; name = 'Three' }
        )
        $summary = $records | Update-DCRecord -ConnectionId $Connection.ConnectionId -PassThru -ErrorVariable updateErrors -ErrorAction SilentlyContinue
        $summary.Changed | Should -Be 2
        $summary.NotFound | Should -Be 1
        $updateErrors.Count | Should -Be 1
        $updateErrors[0].FullyQualifiedErrorId | Should -Match '^RecordNotFound'
        $updateErrors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $updateErrors[0].TargetObject.name | Should -Be 'Ghost'
        (Invoke-DCQuery -ConnectionId $Connection.ConnectionId -PrimaryKey 3).name | Should -Be 'Three'
    }

    It 'expires updated records after -TtlSeconds' {
        Update-DCRecord -ConnectionId $Connection.ConnectionId -PrimaryKey 1 -Data @{ name = 'Brief' } -TtlSeconds 1
        Start-Sleep -Milliseconds 2100
        Invoke-DCQuery -ConnectionId $Connection.ConnectionId -PrimaryKey 1 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Remove-DCRecord' {
    BeforeEach {
        $Connection = New-DataConnection -Name "delete $([guid]::NewGuid())" -PrimaryKey customer_id
    }

    It 'deletes 12,000 existing keys in 3 requests' {
        New-Customers 12000 | Send-DCData -ConnectionId $Connection.ConnectionId
        $summary = 1..12000 | Remove-DCRecord -ConnectionId $Connection.ConnectionId -PassThru
        $summary.Requests | Should -Be 3
        $summary.Changed | Should -Be 12000
        (Get-DCSchema -ConnectionId $Connection.ConnectionId).RecordCount | Should -Be 0
    }

    It 'deletes the existing keys of a mix and reports each missing one' {
        New-Customers 5 | Send-DCData -ConnectionId $Connection.ConnectionId
        $summary = '1', 'x1', '2', 'x2', '3' | Remove-DCRecord -ConnectionId $Connection.ConnectionId -PassThru -ErrorVariable deleteErrors -ErrorAction SilentlyContinue
        $summary.Changed | Should -Be 3
        $summary.NotFound | Should -Be 2
        $summary.Requests | Should -Be 2
        ($deleteErrors.TargetObject | Sort-Object) | Should -Be @('x1', 'x2')
        $deleteErrors | ForEach-Object { $_.CategoryInfo.Category | Should -Be 'ObjectNotFound' }
        (Invoke-DCQuery -ConnectionId $Connection.ConnectionId -PrimaryKey 4).name | Should -Be 'Customer 4'
    }

    It 'takes records from Invoke-DCQuery as keys, and deletes nothing under -WhatIf' {
        New-Customers 2 | Send-DCData -ConnectionId $Connection.ConnectionId
        $records = 1, 2 | Invoke-DCQuery -ConnectionId $Connection.ConnectionId
        Invoke-WithoutHost { param($Records, $Id) $Records | Remove-DCRecord -ConnectionId $Id -WhatIf } $records, $Connection.ConnectionId
        (Get-DCSchema -ConnectionId $Connection.ConnectionId).RecordCount | Should -Be 2
        $records | Remove-DCRecord -ConnectionId $Connection.ConnectionId
        (Get-DCSchema -ConnectionId $Connection.ConnectionId).RecordCount | Should -Be 0
    }
}

Describe 'Connection lifecycle' {
    It 'renames and describes a connection, from the pipeline' {
        $connection = New-DataConnection -Name 'before' -PrimaryKey id
        $updated = $connection | Set-DataConnection -Name 'after' -Description 'changed' -PassThru
        $updated.Name | Should -Be 'after'
        (Get-DataConnection -ConnectionId $connection.ConnectionId).Description | Should -Be 'changed'
    }

    It 'does not delete without confirmation in a non-interactive host' {
        $connection = New-DataConnection -Name 'keep me' -PrimaryKey id
        { Remove-DataConnection -ConnectionId $connection.ConnectionId -ErrorAction Stop } | Should -Throw
        Get-DataConnection -ConnectionId $connection.ConnectionId | Should -Not -BeNullOrEmpty
    }

    It 'deletes with -Confirm:$false, and with -Force; afterwards the connection is not found' {
        $a = New-DataConnection -Name 'delete a' -PrimaryKey id
        $b = New-DataConnection -Name 'delete b' -PrimaryKey id
        [pscustomobject]@{ id = 1 } | Send-DCData -ConnectionId $a.ConnectionId
        $a | Remove-DataConnection -Confirm:$false
        Remove-DataConnection -ConnectionId $b.ConnectionId -Force
        Get-DataConnection -ConnectionId $a.ConnectionId, $b.ConnectionId -ErrorVariable gone -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $gone.Count | Should -Be 2
        $gone[0].FullyQualifiedErrorId | Should -Match '^ConnectionNotFound'
    }

    It 'does not delete under -Force -WhatIf' {
        $connection = New-DataConnection -Name 'what if' -PrimaryKey id
        Invoke-WithoutHost { param($Id) Remove-DataConnection -ConnectionId $Id -Force -WhatIf } $connection.ConnectionId
        Get-DataConnection -ConnectionId $connection.ConnectionId | Should -Not -BeNullOrEmpty
    }

    It 'describes the schema of the live data with the primary key marked' {
        $connection = New-DataConnection -Name 'schema' -PrimaryKey customer_id
        @{ customer_id = 1; name = 'a'; score = 2.5 }, @{ customer_id = '2'; name = 'b'; vip = $true } | Send-DCData -ConnectionId $connection.ConnectionId
        $schema = $connection | Get-DCSchema
        $schema.PrimaryKey | Should -Be 'customer_id'
        $schema.RecordCount | Should -Be 2
        ($schema.Fields | Where-Object IsPrimaryKey).Name | Should -Be 'customer_id'
        ($schema.Fields | Where-Object Name -eq 'score').Types | Should -Be @('number')
        ($schema.Fields | Where-Object Name -eq 'vip').Types | Should -Be @('boolean')
    }
}

Describe 'References' {
    It 'adds, lists, filters and removes links to campaign resources' {
        $connection = New-DataConnection -Name 'refs' -PrimaryKey id
        $mail = $connection | Add-DCReference -Channel mail -ResourceId 'template-42'
        $null = Add-DCReference -ConnectionId $connection.ConnectionId -Channel sms -ResourceId 'sms-7'
        $mail.Channel | Should -Be 'mail'
        $mail.ResourceId | Should -Be 'template-42'
        (Get-DCReference -ConnectionId $connection.ConnectionId).Count | Should -Be 2
        (Get-DCReference -ConnectionId $connection.ConnectionId -Channel sms).ResourceId | Should -Be 'sms-7'
        Get-DCReference -ConnectionId $connection.ConnectionId -Channel mail | Remove-DCReference -Confirm:$false
        (Get-DCReference -ConnectionId $connection.ConnectionId).Channel | Should -Be 'sms'
    }

    It 'reports removing an unknown reference as ReferenceNotFound' {
        $connection = New-DataConnection -Name 'refs 2' -PrimaryKey id
        Remove-DCReference -ConnectionId $connection.ConnectionId -ReferenceUuid ([guid]::NewGuid()) -ErrorVariable refErrors -ErrorAction SilentlyContinue
        $refErrors[0].FullyQualifiedErrorId | Should -Match '^ReferenceNotFound'
    }
}
