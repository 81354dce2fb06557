@{
    RootModule           = 'OptiX.DataConnections.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '6f0c6f39-3a57-4a4e-9b1c-2c7f0f1f8d21'
    Author               = 'OptiX.DataConnections contributors'
    CompanyName          = 'OptiX.DataConnections contributors'
    Copyright            = 'Copyright (c) OptiX.DataConnections contributors. MIT License.'
    Description          = 'Create, feed, query and maintain Optimove Opti-X Data Connections, and feed Monetate datasets, from PowerShell: streaming batched uploads, retries on throttling, and a local emulator of both APIs to rehearse on.'
    PowerShellVersion    = '5.1'
    CmdletsToExport      = @(
        'Connect-DCService'
        'Disconnect-DCService'
        'New-DataConnection'
        'Get-DataConnection'
        'Set-DataConnection'
        'Remove-DataConnection'
        'Get-DCSchema'
        'Send-DCData'
        'Update-DCRecord'
        'Remove-DCRecord'
        'Invoke-DCQuery'
        'Get-DCEmarsysContent'
        'Get-DCContext'
        'Get-MonetateContext'
        'New-DCFormula'
        'ConvertFrom-DCFormula'
        'Resolve-DCFormula'
        'Get-DCReference'
        'Add-DCReference'
        'Remove-DCReference'
        'Start-DCEmulator'
        'Stop-DCEmulator'
        'Connect-MonetateService'
        'Disconnect-MonetateService'
        'Get-MonetateSchema'
        'New-MonetateSchema'
        'Set-MonetateSchema'
        'Add-MonetateSchemaField'
        'Remove-MonetateSchema'
        'Send-MonetateData'
        'Get-MonetateRecord'
    )
    FormatsToProcess     = @('OptiX.DataConnections.format.ps1xml')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            # No ProjectUri, LicenseUri or IconUri: the project has no public address yet (the license is LICENSE at the repository root).
            Tags         = @('Optimove', 'OptiX', 'DataConnections', 'Monetate', 'Marketing', 'ETL', 'Emulator', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ReleaseNotes = 'See CHANGELOG.md in the source repository: every change, per version, in the Keep a Changelog format.'
        }
    }
}
