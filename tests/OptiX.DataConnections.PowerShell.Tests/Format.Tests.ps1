# The module's default views: loaded with the module, readable at 120 columns, and never showing a key.
BeforeAll {
    Import-Module $env:OPTIX_TEST_MODULE -Force
    if ($PSVersionTable.PSEdition -eq 'Core') { $PSStyle.OutputRendering = 'PlainText' }
    $Emulator = Start-DCEmulator -PassThru
    $ApiKey = 'optix-emulator-dev-api-key'
    $BrandKey = '11111111-1111-4111-8111-111111111111'

    # Formats like the console at 120 (or -Width) columns; the header line must hold every column (none dropped for
    # width), each label whole: a label cut into pieces over lines would not match.
    function Format-Text($InputObject, [string[]] $Columns, [int] $Width = 120) {
        $text = $InputObject | Out-String -Width $Width
        foreach ($line in $text -split '\r?\n') { $line.Length | Should -BeLessOrEqual $Width -Because $line }
        if ($Columns) { $text | Should -Match ('(?m)^\s*' + (($Columns | ForEach-Object { [regex]::Escape($_) }) -join '\s+') + '(\s|$)') }
        $text
    }
}

AfterAll {
    Stop-DCEmulator
}

Describe 'The format file' {
    It 'is listed in the manifest' {
        $manifest = Import-PowerShellDataFile (Join-Path $env:OPTIX_TEST_MODULE 'OptiX.DataConnections.psd1')
        $manifest.FormatsToProcess | Should -Contain 'OptiX.DataConnections.format.ps1xml'
    }

    It 'has a view for <_>' -ForEach @(
        'OptiX.DataConnections.Models.Connection'
        'OptiX.DataConnections.Upload.UploadSummary'
        'OptiX.DataConnections.Records.ChangeSummary'
        'OptiX.DataConnections.Models.ConnectionSchema'
        'OptiX.DataConnections.Models.SchemaField'
        'OptiX.DataConnections.Models.Reference'
        'OptiX.DataConnections.PowerShell.Infrastructure.EmulatorInfo'
        'OptiX.DataConnections.PowerShell.Infrastructure.DCContext'
        'OptiX.DataConnections.PowerShell.Infrastructure.MonetateContext'
        'OptiX.DataConnections.OptiX.OptiXSession'
        'OptiX.DataConnections.Monetate.MonetateSchema'
        'OptiX.DataConnections.Monetate.MonetateField'
        'OptiX.DataConnections.Monetate.MonetateUploadSummary'
        'OptiX.DataConnections.Monetate.MonetateSession'
    ) {
        Get-FormatData -TypeName $_ | Should -Not -BeNullOrEmpty
    }

    It 'leaves query records, whose fields are arbitrary, to default formatting' {
        Get-FormatData -TypeName OptiX.DataConnections.Record | Should -BeNullOrEmpty
    }
}

Describe 'Formatting at 120 columns' {
    BeforeAll {
        $Connection = New-DataConnection -Name 'Format: a connection with a rather long name' -PrimaryKey customer_id -Description ("A long description that goes on. " * 10)
    }

    It 'shows connections as a table, the description cut to one line' {
        $text = Format-Text $Connection 'ConnectionId', 'Name', 'PrimaryKey', 'Kind', 'Description'
        $text | Should -Match ([regex]::Escape("$($Connection.ConnectionId)"))
        $text | Should -Match 'customer_id\s+Upload'
    }

    It 'shows an upload summary' {
        $summary = 1..7 | ForEach-Object { @{ customer_id = "$_"; tier = 'gold'; visits = $_ } } |
            Send-DCData -ConnectionId $Connection.ConnectionId -BatchSize 3 -PassThru
        $text = Format-Text $summary 'RecordsSent', 'Rejected', 'Failed', 'Requests', 'Completed', 'Elapsed', 'Records/s', 'ConnectionId'
        $text | Should -Match ('7\s+0\s+0\s+3\s+True\s+\S+\s+\S+\s+' + [regex]::Escape("$($Connection.ConnectionId)"))
    }

    It 'shows a change summary' {
        $summary = @{ customer_id = '1'; tier = 'silver' } | Update-DCRecord -ConnectionId $Connection.ConnectionId -PassThru
        Format-Text $summary 'Operation', 'Requested', 'Changed', 'NotFound', 'AlreadyGone', 'Rejected', 'Failed', 'ConnectionId' |
            Should -Match 'Update\s+1\s+1\s+0'
    }

    It 'shows a schema and its fields' {
        $schema = Get-DCSchema -ConnectionId $Connection.ConnectionId
        Format-Text $schema | Should -Match 'Fields\s+: customer_id \(string\)'
        Format-Text $schema.Fields 'Name', 'Types', 'IsPrimaryKey' | Should -Match 'customer_id\s+string\s+True'
    }

    It 'shows references' {
        $reference = Add-DCReference -ConnectionId $Connection.ConnectionId -Channel mail -ResourceId 'template-42'
        Format-Text $reference 'ReferenceUuid', 'Channel', 'ResourceId', 'CreatedAt' | Should -Match 'mail\s+template-42'
    }

    It 'shows the emulator' {
        Format-Text $Emulator 'BaseUri', 'ProcessId', 'DataPath' | Should -Match ([regex]::Escape("$($Emulator.BaseUri)"))
    }

    It 'shows the session''s endpoint and retry settings, never its keys' {
        $session = Connect-DCService -ApiKey $ApiKey -BrandKey $BrandKey -BaseUri $Emulator.BaseUri -PassThru
        $table = Format-Text $session 'BaseUri', 'ConnectedAt', 'Retries'
        $table | Should -Match ([regex]::Escape("$($Emulator.BaseUri)"))
        foreach ($text in $table, (Format-Text ($session | Format-List)), (Format-Text ($session | Format-List -Property *))) {
            $text | Should -Not -Match ([regex]::Escape($ApiKey))
            $text | Should -Not -Match ([regex]::Escape($BrandKey))
        }
    }
}

Describe 'Formatting at 80 columns: what does not fit is dropped whole, never a header cut' {
    BeforeAll {
        $Connection = New-DataConnection -Name 'Format80: a connection with a rather long name' -PrimaryKey customer_id -Description 'shown at 120'
        $Summary = 1..7 | ForEach-Object { @{ customer_id = "$_"; tier = 'gold' } } | Send-DCData -ConnectionId $Connection.ConnectionId -BatchSize 3 -PassThru
        $Change = @{ customer_id = '1'; tier = 'silver' } | Update-DCRecord -ConnectionId $Connection.ConnectionId -PassThru
        $Reference = Add-DCReference -ConnectionId $Connection.ConnectionId -Channel webhook -ResourceId 'hook-1'
    }

    It 'shows <Name> with <Columns>' -ForEach @(
        @{ Name = 'connections'; Columns = 'ConnectionId', 'Name', 'PrimaryKey', 'Kind'; Get = { $Connection } }
        @{ Name = 'an upload summary'; Columns = 'RecordsSent', 'Rejected', 'Failed', 'Requests', 'Completed', 'Elapsed', 'Records/s'; Get = { $Summary } }
        @{ Name = 'a change summary'; Columns = 'Operation', 'Requested', 'Changed', 'NotFound', 'AlreadyGone', 'Rejected', 'Failed'; Get = { $Change } }
        @{ Name = 'schema fields'; Columns = 'Name', 'Types', 'IsPrimaryKey'; Get = { (Get-DCSchema -ConnectionId $Connection.ConnectionId).Fields } }
        @{ Name = 'references'; Columns = 'ReferenceUuid', 'Channel', 'ResourceId', 'CreatedAt'; Get = { $Reference } }
        @{ Name = 'the emulator'; Columns = 'BaseUri', 'ProcessId', 'DataPath'; Get = { $Emulator } }
        @{ Name = 'the session'; Columns = 'BaseUri', 'ConnectedAt', 'Retries'; Get = { Connect-DCService -ApiKey $ApiKey -BrandKey $BrandKey -BaseUri $Emulator.BaseUri -PassThru } }
    ) {
        # Every header line holds whole words: a column squeezed below its label's width would stack its letters.
        $text = Format-Text (& $Get) $Columns -Width 80
        foreach ($line in $text -split '\r?\n') { $line | Should -Not -Match '^\s+\S$' -Because 'no header is stacked letter by letter' }
    }

    It 'keeps the upload summary''s figures readable, and the connection id for wider consoles' {
        $text = Format-Text $Summary -Width 80
        $text | Should -Match '7\s+0\s+0\s+3\s+True'
        Format-Text $Summary -Width 120 | Should -Match ([regex]::Escape("$($Summary.ConnectionId)"))
    }
}

