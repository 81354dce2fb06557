# Tab completion, and the API's own names for parameters (what a user who read the vendor's guides types first).
BeforeAll {
    Import-Module $env:OPTIX_TEST_MODULE -Force
    $Emulator = Start-DCEmulator -PassThru
    $Suffix = [guid]::NewGuid().ToString('N').Substring(0, 6)
    $Web = New-DataConnection -Name "Web products $Suffix" -PrimaryKey sku
    $Loyalty = New-DataConnection -Name "Loyalty$Suffix" -PrimaryKey customer_id

    function Complete([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }
}

AfterAll { Stop-DCEmulator }

Describe 'Tab completion' {
    It 'completes -ConnectionId with ids, showing the names' {
        $found = Complete "Invoke-DCQuery -ConnectionId $($Web.ConnectionId.ToString().Substring(0, 8))"
        $found.CompletionText | Should -Contain $Web.ConnectionId.ToString()
        ($found | Where-Object CompletionText -eq $Web.ConnectionId.ToString()).ListItemText | Should -Match 'Web products'
    }

    It 'completes Get-DataConnection -Name with names, quoting those with spaces, not with file paths' {
        $found = Complete 'Get-DataConnection -Name Web'
        $found.CompletionText | Should -Contain "'Web products $Suffix'"
        @($found | Where-Object ResultType -eq 'ProviderItem') | Should -BeNullOrEmpty
        (Complete "Get-DataConnection Loyalty$($Suffix.Substring(0, 2))").CompletionText | Should -Contain "Loyalty$Suffix"
    }

    It 'completes channels on Get-DCReference -Channel' {
        (Complete 'Get-DCReference -ConnectionId x -Channel sm').CompletionText | Should -Contain 'sms'
    }
}

Describe 'The API''s own parameter names' {
    It 'adds a reference with -ReferenceType and -ReferenceId, and names its own id ReferenceUuid' {
        $reference = Add-DCReference -ConnectionId $Loyalty.ConnectionId -ReferenceType mail -ReferenceId 'template-7'
        $reference.Channel | Should -Be 'mail'
        $reference.ResourceId | Should -Be 'template-7'
        $reference.ReferenceUuid | Should -Not -Be ([guid]::Empty)
        $reference.PSObject.Properties.Name | Should -Not -Contain 'ReferenceId'

        Get-DCReference -ConnectionId $Loyalty.ConnectionId -ReferenceType mail | Remove-DCReference -Confirm:$false
        @(Get-DCReference -ConnectionId $Loyalty.ConnectionId) | Should -BeNullOrEmpty
    }

    It 'binds objects shaped like the API''s bodies by property name' {
        $created = [pscustomobject]@{ name = "From JSON $Suffix"; primary_key = 'id'; description = 'piped' } | New-DataConnection
        $created.PrimaryKey | Should -Be 'id'
        [pscustomobject]@{ reference_type = 'sms'; reference_id = 'sms-1' } | Add-DCReference -ConnectionId $created.ConnectionId |
            ForEach-Object ResourceId | Should -Be 'sms-1'
        Remove-DataConnection -ConnectionId $created.ConnectionId -Force
    }
}

Describe 'Get-DCEmarsysContent' {
    BeforeAll {
        $Customers = New-DataConnection -Name "Emarsys $Suffix" -PrimaryKey customer_id
        @(
            [pscustomobject]@{ customer_id = 'c1'; name = 'Ada'; points = 42; vip = $true; address = @{ city = 'Turin' }; note = $null }
            [pscustomobject]@{ customer_id = 'c2'; name = 'Bo'; points = 7; vip = $false; address = @{ city = 'Oslo' }; note = 'x' }
        ) | Send-DCData -ConnectionId $Customers.ConnectionId
    }

    It 'writes the record flattened to text, as Emarsys receives it' {
        $content = Get-DCEmarsysContent -ConnectionId $Customers.ConnectionId -PrimaryKey 'c1'
        $content.PSObject.TypeNames | Should -Contain 'OptiX.DataConnections.EmarsysContent'
        $content.name | Should -Be 'Ada'
        $content.points | Should -BeOfType [string]
        $content.points | Should -Be '42'
        $content.'address.city' | Should -Be 'Turin'
        $content.note | Should -Be ''
    }

    It 'reads keys and rows from the pipeline, and reports a missing key as RecordNotFound' {
        $found = @('c2', [pscustomobject]@{ customer_id = 'c1' }, 'nobody') |
            Get-DCEmarsysContent -ConnectionId $Customers.ConnectionId -ErrorVariable missing -ErrorAction SilentlyContinue
        $found.name | Should -Be @('Bo', 'Ada')
        $missing.Count | Should -Be 1
        $missing[0].FullyQualifiedErrorId | Should -Match '^RecordNotFound'
        $missing[0].TargetObject | Should -Be 'nobody'
    }
}

Describe 'Get-DCContext and Get-MonetateContext' {
    AfterEach { Connect-DCService -ApiKey 'optix-emulator-dev-api-key' -BrandKey '11111111-1111-4111-8111-111111111111' -BaseUri $Emulator.BaseUri }

    It 'says the session points at the emulator, with its brand and retries, and never the API key' {
        $context = Get-DCContext
        $context.Target | Should -Be 'Emulator'
        $context.IsEmulator | Should -BeTrue
        $context.BrandKeyHint | Should -Be '11111111...1111'
        $context.MaxRetries | Should -BeGreaterThan 0
        ($context | Format-List | Out-String) | Should -Match 'Target\s+: Emulator'
        $all = ($context | Format-List * | Out-String) + ($context | ConvertTo-Json)
        $all | Should -Not -Match 'optix-emulator-dev-api-key'
        $all | Should -Not -Match '11111111-1111-4111-8111-111111111111'
    }

    It 'tells production from the emulator, and says where an environment-only session would go' {
        $context = Connect-DCService -ApiKey 'production-looking-key' -BrandKey '22222222-2222-4222-8222-222222222222' -SkipValidation -PassThru | ForEach-Object { Get-DCContext }
        $context.Target | Should -Be 'Production'
        $context.Source | Should -Be 'Connect-DCService'
        $context.BaseUri | Should -Match '^https://api\.opti-x\.optimove\.net/'

        Disconnect-DCService
        $env:OPTIX_API_KEY = 'from-env-key'; $env:OPTIX_BRAND_KEY = '33333333-3333-4333-8333-333333333333'
        try { (Get-DCContext).Source | Should -Be 'Environment' }
        finally { Remove-Item Env:OPTIX_API_KEY, Env:OPTIX_BRAND_KEY }
        Get-DCContext -WarningVariable notConnected -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        "$notConnected" | Should -Match 'Not connected'
    }

    It 'warns when Monetate is not connected' {
        Disconnect-MonetateService
        Get-MonetateContext -WarningVariable warned -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        "$warned" | Should -Match 'Connect-MonetateService'
    }
}
