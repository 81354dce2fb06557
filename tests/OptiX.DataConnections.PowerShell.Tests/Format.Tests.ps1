# The module's default views: loaded with the module, readable at 120 columns, and never showing a key.
BeforeAll {
    Import-Module $env:OPTIX_TEST_MODULE -Force
    if ($PSVersionTable.PSEdition -eq 'Core') { $PSStyle.OutputRendering = 'PlainText' }
    $Emulator = Start-DCEmulator -PassThru
    $ApiKey = 'optix-emulator-dev-api-key'
    $BrandKey = '11111111-1111-4111-8111-111111111111'

    # Formats like the console at 120 columns; the header line must hold every column (none dropped for width).
    function Format-Text($InputObject, [string[]] $Columns) {
        $text = $InputObject | Out-String -Width 120
        foreach ($line in $text -split '\r?\n') { $line.Length | Should -BeLessOrEqual 120 -Because $line }
        if ($Columns) { $text | Should -Match (($Columns | ForEach-Object { [regex]::Escape($_) }) -join '\s+') }
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
        $text = Format-Text $summary 'ConnectionId', 'RecordsSent', 'Rejected', 'Failed', 'Requests', 'Completed', 'Elapsed', 'Records/s'
        $text | Should -Match ([regex]::Escape("$($Connection.ConnectionId)") + '\s+7\s+0\s+0\s+3\s+True')
    }

    It 'shows a change summary' {
        $summary = @{ customer_id = '1'; tier = 'silver' } | Update-DCRecord -ConnectionId $Connection.ConnectionId -PassThru
        Format-Text $summary 'ConnectionId', 'Operation', 'Requested', 'Changed', 'NotFound', 'AlreadyGone', 'Rejected', 'Failed' |
            Should -Match 'Update\s+1\s+1\s+0'
    }

    It 'shows a schema and its fields' {
        $schema = Get-DCSchema -ConnectionId $Connection.ConnectionId
        Format-Text $schema | Should -Match 'Fields\s+: customer_id \(string\)'
        Format-Text $schema.Fields 'Name', 'Types', 'IsPrimaryKey' | Should -Match 'customer_id\s+string\s+True'
    }

    It 'shows references' {
        $reference = Add-DCReference -ConnectionId $Connection.ConnectionId -Channel mail -ResourceId 'template-42'
        Format-Text $reference 'ReferenceId', 'Channel', 'ResourceId', 'CreatedAt' | Should -Match 'mail\s+template-42'
    }

    It 'shows the emulator' {
        Format-Text $Emulator 'BaseUri', 'ProcessId', 'DataPath' | Should -Match ([regex]::Escape("$($Emulator.BaseUri)"))
    }

    It 'shows the session''s endpoint and retry settings, never its keys' {
        $session = Connect-DCService -ApiKey $ApiKey -BrandKey $BrandKey -BaseUri $Emulator.BaseUri -PassThru
        $table = Format-Text $session 'BaseUri', 'ConnectedAt', 'MaxRetries', 'MaxRetryTime', 'RequestTimeout'
        $table | Should -Match ([regex]::Escape("$($Emulator.BaseUri)"))
        foreach ($text in $table, (Format-Text ($session | Format-List)), (Format-Text ($session | Format-List -Property *))) {
            $text | Should -Not -Match ([regex]::Escape($ApiKey))
            $text | Should -Not -Match ([regex]::Escape($BrandKey))
        }
    }
}
