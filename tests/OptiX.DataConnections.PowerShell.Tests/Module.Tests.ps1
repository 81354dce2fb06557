BeforeAll {
    $ModulePath = $env:OPTIX_TEST_MODULE
    $Manifest = Join-Path $ModulePath 'OptiX.DataConnections.psd1'
    Import-Module $ModulePath -Force
    $Commands = Get-Command -Module OptiX.DataConnections
}

Describe 'The built module' {
    It 'has a valid manifest' {
        { Test-ModuleManifest $Manifest -ErrorAction Stop } | Should -Not -Throw
    }

    It 'exports exactly the cmdlets the manifest lists' {
        $listed = (Import-PowerShellDataFile $Manifest).CmdletsToExport | Sort-Object
        ($Commands.Name | Sort-Object) | Should -Be $listed
    }

    It 'uses only approved verbs' {
        $approved = (Get-Verb).Verb
        foreach ($command in $Commands) { $approved | Should -Contain $command.Verb -Because $command.Name }
    }

    It 'declares an output type on every cmdlet' {
        foreach ($command in $Commands) { $command.OutputType | Should -Not -BeNullOrEmpty -Because $command.Name }
    }

    It 'asks before changing data (<_>)' -ForEach 'New-DataConnection', 'Set-DataConnection', 'Remove-DataConnection', 'Send-DCData', 'Update-DCRecord', 'Remove-DCRecord', 'Add-DCReference', 'Remove-DCReference' {
        (Get-Command $_).Parameters.Keys | Should -Contain 'WhatIf'
    }

    It 'takes -ConnectionId from the pipeline by property name, with aliases (<_>)' -ForEach 'Send-DCData', 'Invoke-DCQuery', 'Get-DataConnection', 'Set-DataConnection', 'Remove-DataConnection', 'Get-DCSchema', 'Update-DCRecord', 'Remove-DCRecord', 'Get-DCReference', 'Add-DCReference' {
        $parameter = (Get-Command $_).Parameters['ConnectionId']
        ($parameter.Attributes | Where-Object { $_ -is [Parameter] }).ValueFromPipelineByPropertyName | Should -Contain $true
        $parameter.Aliases | Should -Contain 'Id'
        $parameter.Aliases | Should -Contain 'data_connection_uuid'
    }
}

Describe 'Deleting a connection' {
    It 'asks at High impact' {
        $attribute = (Get-Command Remove-DataConnection).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.ConfirmImpact | Should -Be 'High'
    }
}
