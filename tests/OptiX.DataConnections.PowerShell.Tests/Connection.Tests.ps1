BeforeAll {
    . (Join-Path $PSScriptRoot 'Invoke-WithoutHost.ps1')
    Import-Module $env:OPTIX_TEST_MODULE -Force
    $Emulator = Start-DCEmulator -PassThru
}

AfterAll {
    Stop-DCEmulator
}

Describe 'Connecting' {
    AfterEach {
        # Every test starts from the emulator's own session.
        Connect-DCService -ApiKey 'optix-emulator-dev-api-key' -BrandKey '11111111-1111-4111-8111-111111111111' -BaseUri $Emulator.BaseUri
    }

    It 'checks the keys and returns the session with -PassThru' {
        $session = Connect-DCService -ApiKey 'optix-emulator-dev-api-key' -BrandKey '11111111-1111-4111-8111-111111111111' -BaseUri $Emulator.BaseUri -PassThru
        $session.BaseUri | Should -Be $Emulator.BaseUri
        $session.Credentials.ToString() | Should -Not -Match 'optix-emulator-dev-api-key'
    }

    It 'refuses wrong keys with an authentication error' {
        { Connect-DCService -ApiKey 'not-the-key-4711' -BrandKey '11111111-1111-4111-8111-111111111111' -BaseUri $Emulator.BaseUri -ErrorAction Stop } |
            Should -Throw -ErrorId 'Unauthorized,OptiX.DataConnections.PowerShell.Cmdlets.ConnectDCServiceCommand'
        $Error[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        "$($Error[0])" | Should -Not -Match 'not-the-key-4711'
    }

    It 'falls back to OPTIX_API_KEY, OPTIX_BRAND_KEY and OPTIX_BASE_URI' {
        Disconnect-DCService
        $env:OPTIX_API_KEY = 'optix-emulator-dev-api-key'
        $env:OPTIX_BRAND_KEY = '11111111-1111-4111-8111-111111111111'
        $env:OPTIX_BASE_URI = "$($Emulator.BaseUri)"
        try {
            { Get-DataConnection -ErrorAction Stop } | Should -Not -Throw
        }
        finally {
            Remove-Item env:OPTIX_API_KEY, env:OPTIX_BRAND_KEY, env:OPTIX_BASE_URI
        }
    }

    It 'refuses an unusable OPTIX_BASE_URI with one clear error, for Send-DCData as for the others, and never echoes the key' {
        Disconnect-DCService
        $env:OPTIX_API_KEY = 'env-key-not-to-echo-4711'
        $env:OPTIX_BRAND_KEY = '11111111-1111-4111-8111-111111111111'
        $env:OPTIX_BASE_URI = 'not a uri'
        try {
            foreach ($command in { Get-DataConnection -ErrorAction Stop }, { @{ id = '1' } | Send-DCData -ConnectionId ([guid]::NewGuid()) -ErrorAction Stop }) {
                $caught = $null
                try { & $command } catch { $caught = $_ }
                $caught.FullyQualifiedErrorId | Should -Match '^InvalidConnectionSettings'
                "$caught $($caught.ErrorDetails.RecommendedAction)" | Should -Match 'OPTIX_BASE_URI'
                "$caught" | Should -Not -Match 'env-key-not-to-echo-4711'
            }
            $env:OPTIX_BASE_URI = 'http://example.com/api'
            { Get-DataConnection -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidConnectionSettings,OptiX.DataConnections.PowerShell.Cmdlets.GetDataConnectionCommand'
        }
        finally {
            Remove-Item env:OPTIX_API_KEY, env:OPTIX_BRAND_KEY, env:OPTIX_BASE_URI
        }
    }

    It 'says how to connect when there is no session and no environment' {
        Disconnect-DCService
        { Get-DataConnection -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected,OptiX.DataConnections.PowerShell.Cmdlets.GetDataConnectionCommand'
    }

    It 'refuses plain http to a remote host unless told to allow it' {
        { Connect-DCService -ApiKey k -BrandKey b -BaseUri 'http://example.com/api' -SkipValidation -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidConnectionSettings,OptiX.DataConnections.PowerShell.Cmdlets.ConnectDCServiceCommand'
        { Connect-DCService -ApiKey k -BrandKey b -BaseUri 'http://example.com/api' -SkipValidation -AllowInsecureHttp -ErrorAction Stop } |
            Should -Not -Throw
    }
}

Describe 'Data Connections' {
    It 'creates a connection and returns it' {
        $connection = New-DataConnection -Name 'Pester customers' -PrimaryKey customer_id -Description 'from Pester'
        $connection.ConnectionId | Should -Not -Be ([guid]::Empty)
        $connection.PrimaryKey | Should -Be 'customer_id'
        $connection.Description | Should -Be 'from Pester'
    }

    It 'does not create anything under -WhatIf' {
        Invoke-WithoutHost { New-DataConnection -Name 'never created' -PrimaryKey id -WhatIf }
        Get-DataConnection -Name 'never created' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'lists connections, filters by name with wildcards and gets one by id from the pipeline' {
        $a = New-DataConnection -Name 'Wildcard alpha' -PrimaryKey id
        $null = New-DataConnection -Name 'Wildcard beta' -PrimaryKey id
        (Get-DataConnection -Name 'Wildcard*').Count | Should -Be 2
        (Get-DataConnection -Name '*alpha').ConnectionId | Should -Be $a.ConnectionId
        ($a | Get-DataConnection).Name | Should -Be 'Wildcard alpha'
    }

    It 'takes an id given as text in the first position as an id' {
        $connection = New-DataConnection -Name 'by text id' -PrimaryKey id
        (Get-DataConnection "$($connection.ConnectionId)").Name | Should -Be 'by text id'
    }

    It 'reports an unknown id as ConnectionNotFound without stopping' {
        $missing = [guid]::NewGuid()
        $result = Get-DataConnection -ConnectionId $missing -ErrorVariable errors -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -Be 'ConnectionNotFound,OptiX.DataConnections.PowerShell.Cmdlets.GetDataConnectionCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errors[0].TargetObject | Should -Be $missing
    }
}
