# Per edition: PowerShell 7 (load contexts) first, then Windows PowerShell 5.1 (AppDomain.AssemblyResolve, LoadFrom).
#
# PowerShell 7. Another module has loaded other versions of the module's dependencies first; the module must still work, with the
# core and its own Newtonsoft.Json, CsvHelper and Polly.Core in its own load context, and leave the other module's
# copies, and PowerShell's own Newtonsoft.Json, in place and working.
#
# How the other module loads them: older CsvHelper and Polly.Core with Add-Type -Path, into PowerShell's default
# context. Newtonsoft.Json cannot go there: PowerShell 7 loads its own (13.0.4 in 7.6.9) into the default context at
# startup, and Add-Type -Path or Assembly.LoadFrom of 12.0.3 quietly hands back that one (measured; the test pins it).
# A module that needs its own Newtonsoft.Json therefore loads it apart, as many do, with Assembly.LoadFile.
Describe 'Beside a module that loaded other versions of Newtonsoft.Json, CsvHelper and Polly.Core (PowerShell 7)' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
BeforeAll {
    $project = [xml](Get-Content -Raw (Join-Path $PSScriptRoot 'OptiX.DataConnections.PowerShell.Tests.csproj'))
    $downloads = $project.Project.ItemGroup.PackageDownload
    $packages = $env:NUGET_PACKAGES
    if (-not $packages) { $packages = ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim() }
    $OtherCsvHelper = ($downloads | Where-Object Include -eq 'CsvHelper').Version.Trim('[', ']')
    $OtherPolly = ($downloads | Where-Object Include -eq 'Polly.Core').Version.Trim('[', ']')
    $OtherNewtonsoft = ($downloads | Where-Object Include -eq 'Newtonsoft.Json').Version.Trim('[', ']')
    $DependencyFolder = Join-Path $env:OPTIX_TEST_MODULE 'dependencies'

    # The other module: a script module that loads its own versions when imported.
    $OtherModule = Join-Path $TestDrive 'OtherModule'
    $null = New-Item -ItemType Directory $OtherModule
    Copy-Item -Destination $OtherModule -Path @(
        Join-Path $packages "csvhelper/$OtherCsvHelper/lib/net8.0/CsvHelper.dll"
        Join-Path $packages "polly.core/$OtherPolly/lib/net8.0/Polly.Core.dll"
        Join-Path $packages "newtonsoft.json/$OtherNewtonsoft/lib/netstandard2.0/Newtonsoft.Json.dll"
    )
    Set-Content (Join-Path $OtherModule 'OtherModule.psm1') @'
Add-Type -Path (Join-Path $PSScriptRoot CsvHelper.dll), (Join-Path $PSScriptRoot Polly.Core.dll)
$script:AddTypeGave = (Add-Type -Path (Join-Path $PSScriptRoot Newtonsoft.Json.dll) -PassThru | Select-Object -First 1).Assembly
$script:Json = [Reflection.Assembly]::LoadFile((Join-Path $PSScriptRoot Newtonsoft.Json.dll))
function ConvertTo-OtherJson($Value) { $script:Json.GetType('Newtonsoft.Json.JsonConvert')::SerializeObject($Value) }
function Get-OtherJson { [pscustomobject]@{ AddTypeGave = "$($script:AddTypeGave.GetName().Version)"; LoadFileGave = "$($script:Json.GetName().Version)" } }
'@

    $csv = Join-Path $TestDrive 'customers.csv'
    Set-Content $csv "customer_id,name,tier`n1,Ann,gold`n2,Bob,silver`n3,Cy,gold`n"

    # The whole journey runs in a fresh pwsh, where the other module comes first; it writes its findings as JSON.
    $script = {
        param([string] $OtherModule, [string] $ModulePath, [string] $Csv)
        $ErrorActionPreference = 'Stop'
        $found = [ordered]@{ Error = $null }
        # The customer's own API, for an API-based connection: a loopback server that answers a product per key.
        $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
        $listener = [Net.HttpListener]::new()
        $listener.Prefixes.Add("http://127.0.0.1:$port/")
        $listener.Start()
        $server = Start-ThreadJob -ArgumentList $listener -ScriptBlock {
            param($listener)
            while ($listener.IsListening) {
                try { $context = $listener.GetContext() } catch { break }
                $id = $context.Request.QueryString['id']
                $bytes = [Text.Encoding]::UTF8.GetBytes((@{ id = $id; name = "Product $id" } | ConvertTo-Json -Compress))
                $context.Response.ContentType = 'application/json'
                $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                $context.Response.Close()
            }
        }
        try {
            Import-Module (Join-Path $OtherModule 'OtherModule.psm1')
            Import-Module $ModulePath
            # A Monetate API user: its key pair made here, the public half given to the emulator.
            $rsa = [System.Security.Cryptography.RSA]::Create(2048)
            $keyFile = Join-Path ([IO.Path]::GetTempPath()) "isolation-$PID.pem"
            Set-Content $keyFile $rsa.ExportPkcs8PrivateKeyPem()
            $emulator = Start-DCEmulator -PassThru -MonetateUser @{ 'iso-user' = $rsa.ExportSubjectPublicKeyInfoPem() } -Retailer iso
            try {
                Connect-DCService -ApiKey 'optix-emulator-dev-api-key' -BrandKey '11111111-1111-4111-8111-111111111111' -BaseUri $emulator.BaseUri
                $connection = New-DataConnection -Name 'isolation' -PrimaryKey customer_id
                $id = $connection.ConnectionId
                $found.PathSent = (Send-DCData -ConnectionId $id -Path $Csv -Format Csv -PassThru).RecordsSent
                $found.PipedSent = (Import-Csv $Csv | ForEach-Object { $_.customer_id = "p$($_.customer_id)"; $_ } | Send-DCData -ConnectionId $id -PassThru).RecordsSent
                $found.QueriedName = (Invoke-DCQuery -ConnectionId $id -PrimaryKey 2).name
                $found.BatchNames = @(Invoke-DCQuery -ConnectionId $id -PrimaryKey 1, 3 | ForEach-Object name)
                $found.EmarsysName = (Get-DCEmarsysContent -ConnectionId $id -PrimaryKey 2).name
                $null = Update-DCRecord -ConnectionId $id -PrimaryKey 2 -Data @{ name = 'Robert' } -Merge
                $found.UpdatedRecord = Invoke-DCQuery -ConnectionId $id -PrimaryKey 2 | Select-Object customer_id, name, tier
                $null = Remove-DCRecord -ConnectionId $id -PrimaryKey 3
                $found.RecordCount = (Get-DCSchema -ConnectionId $id).RecordCount
                Set-DataConnection -ConnectionId $id -Description 'beside another module'
                $reference = Add-DCReference -ConnectionId $id -Channel mail -ResourceId 'template-42'
                $found.References = @(Get-DCReference -ConnectionId $id).Count
                Remove-DCReference -ConnectionId $id -ReferenceUuid $reference.ReferenceUuid -Confirm:$false
                $formula = New-DCFormula -ConnectionId $id -PrimaryKey '[%CUSTOMER_ID%]' -ReturnField name -Fallback nobody
                $found.FormulaConnection = "$((ConvertFrom-DCFormula -Formula $formula).ConnectionId)"
                $found.Resolved = Resolve-DCFormula -Formula $formula -Tag @{ CUSTOMER_ID = 1 } -ValueOnly
                $found.Description = (Get-DataConnection | Where-Object ConnectionId -eq $id).Description
                $found.ContextTarget = (Get-DCContext).Target

                # An API-based connection: its details go to the core as plain values and come back as plain values.
                $api = New-DataConnection -Name 'isolation api' -PrimaryKey id -ApiUri "http://127.0.0.1:$port/product?id={primary_key}" `
                    -Header @{ 'X-Trace' = 'isolation' } -CacheTtlSeconds 0 -TimeoutSeconds 5 -SamplePlaceholderValue @{ primary_key = '1' }
                $found.ApiQueried = (Invoke-DCQuery -ConnectionId $api.ConnectionId -PrimaryKey 42).name
                $api = Set-DataConnection -ConnectionId $api.ConnectionId -PassThru -ExternalApi @{
                    url = "http://127.0.0.1:$port/product?id={primary_key}"; http_method = 'POST'; ttl = 0
                    body = @{ key = '{primary_key}'; tags = @('a', 'b') }; sample_placeholder_values = @{ primary_key = '1' }
                }
                $found.ApiDetails = $api.ExternalApiDetails | ConvertTo-Json -Compress -Depth 5
                $found.ApiConnectionJson = Get-DataConnection -ConnectionId $api.ConnectionId | ConvertTo-Json -Compress -Depth 5
                Remove-DataConnection -ConnectionId $api.ConnectionId -Confirm:$false
                Remove-DataConnection -ConnectionId $id -Confirm:$false
                Disconnect-DCService

                # Monetate: JWT and PEM (BouncyCastle) in the module's context, rows from the pipeline and from a file.
                Connect-MonetateService -ApiUser 'iso-user' -PrivateKeyPath $keyFile -Retailer iso -BaseUri $emulator.MonetateBaseUri
                $null = New-MonetateSchema -Name iso_customers -Field ([ordered]@{ customer_id = 'STRING'; name = 'STRING' }) -Identifier customer_id -UniqueKey customer_id
                Set-MonetateSchema -Name iso_customers -NamedIdentifier customer_id
                Add-MonetateSchemaField -Schema iso_customers -Name tier -DataType String
                $found.MonetateFields = (Get-MonetateSchema iso_customers).Fields.Count
                $found.MonetatePiped = (Import-Csv $Csv | Send-MonetateData -Schema iso_customers -PassThru).RowsSent
                $found.MonetatePath = (Send-MonetateData -Schema iso_customers -Path $Csv -PassThru).RowsSent
                $found.MonetateRecord = (Get-MonetateRecord -Schema iso_customers -Id 2).name
                $found.MonetateContextUser = (Get-MonetateContext).ApiUser
                Remove-MonetateSchema -Name iso_customers -Force
                Disconnect-MonetateService
                Remove-Item $keyFile
            }
            finally { Stop-DCEmulator }
        }
        catch { $found.Error = "$($_.Exception.GetType().Name): $($_.Exception.Message) $($_.ScriptStackTrace)" }
        finally {
            $listener.Stop()
            $server | Wait-Job -Timeout 5 | Remove-Job -Force
        }

        # Where each assembly sits: '<load context>=<version>' for every copy loaded.
        $contexts = { param($name) @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq $name } | ForEach-Object { "$([Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name)=$($_.GetName().Version)" }) }
        $found.CsvHelper = & $contexts 'CsvHelper'
        $found.Polly = & $contexts 'Polly.Core'
        $found.BouncyCastle = & $contexts 'BouncyCastle.Cryptography'
        $found.Newtonsoft = & $contexts 'Newtonsoft.Json'
        $found.Core = & $contexts 'OptiX.DataConnections'
        $found.Cmdlets = & $contexts 'OptiX.DataConnections.PowerShell'
        # Which Newtonsoft.Json the core is bound to: the type of one of its JObject properties.
        $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'OptiX.DataConnections' } | Select-Object -First 1
        if ($core) {
            $jObject = $core.GetType('OptiX.DataConnections.Models.BatchQueryResult').GetProperty('Data').PropertyType.Assembly
            $found.CoreNewtonsoft = "$([Runtime.Loader.AssemblyLoadContext]::GetLoadContext($jObject).Name)=$($jObject.Location)"
            $found.CoreLocation = $core.Location
        }
        $found.CmdletReferences = @(Get-Module OptiX.DataConnections).ImplementingAssembly.GetReferencedAssemblies().Name
        $found.SessionNewtonsoft = "$([Runtime.Loader.AssemblyLoadContext]::GetLoadContext([Newtonsoft.Json.JsonConvert].Assembly).Name)=$([Newtonsoft.Json.JsonConvert].Assembly.GetName().Version)"
        $found.SessionCsvHelper = "$([CsvHelper.CsvReader].Assembly.GetName().Version)"
        $found.PowerShellJson = @{ a = 1 } | ConvertTo-Json -Compress
        $found.OtherJson = ConvertTo-OtherJson @{ a = 1 }
        $found.OtherModule = Get-OtherJson
        $found.Exported = @((Get-Module OptiX.DataConnections).ExportedCmdlets.Keys)
        # PowerShell resolves type names in the default context only; the module registers the core's by name.
        $summaryType = 'OptiX.DataConnections.Upload.UploadSummary' -as [type]
        $found.TypeName = if ($summaryType) { "$([Runtime.Loader.AssemblyLoadContext]::GetLoadContext($summaryType.Assembly).Name)=$($summaryType.FullName)" }
        # Removing the module takes the names away (PowerShell keeps the names it has already resolved in its cache).
        Remove-Module OptiX.DataConnections
        $found.TypeNameAfterRemove = "$('OptiX.DataConnections.Models.ConnectionSchema' -as [type])"
        $found | ConvertTo-Json -Compress -Depth 4
    }
    $pwsh = [Environment]::ProcessPath
    $pwshArgs = @(if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' }) + '-NoProfile', '-NonInteractive', '-Command', "& {$script} '$OtherModule' '$env:OPTIX_TEST_MODULE' '$csv'"
    $output = & $pwsh @pwshArgs
    $Found = $output | Select-Object -Last 1 | ConvertFrom-Json

    # The cmdlets the journey calls, read from its own text.
    $JourneyCommands = $script.Ast.FindAll({ param($ast) $ast -is [Management.Automation.Language.CommandAst] }, $true).GetCommandName() | Sort-Object -Unique
}

    It 'runs every step of the journey' {
        $Found.Error | Should -BeNullOrEmpty
        $Found.PathSent | Should -Be 3
        $Found.PipedSent | Should -Be 3
        $Found.QueriedName | Should -Be 'Bob'
        $Found.BatchNames | Should -Be @('Ann', 'Cy')
        $Found.EmarsysName | Should -Be 'Bob'
        $Found.UpdatedRecord.name | Should -Be 'Robert'
        $Found.UpdatedRecord.tier | Should -Be 'silver'
        $Found.RecordCount | Should -Be 5
        $Found.References | Should -Be 1
        $Found.FormulaConnection | Should -Not -BeNullOrEmpty
        $Found.Resolved | Should -Be 'Ann'
        $Found.Description | Should -Be 'beside another module'
        $Found.ApiQueried | Should -Be 'Product 42'
        $Found.MonetateFields | Should -Be 3
        $Found.MonetatePiped | Should -Be 3
        $Found.MonetatePath | Should -Be 3
        $Found.MonetateRecord | Should -Be 'Bob'
        $Found.ContextTarget | Should -Be 'Emulator'
        $Found.MonetateContextUser | Should -Be 'iso-user'
    }

    It 'calls every cmdlet the module exports' {
        $Found.Exported | Should -Not -BeNullOrEmpty
        $Found.Exported | Where-Object { $_ -notin $JourneyCommands } | Should -BeNullOrEmpty
    }

    It 'loads the core and its Newtonsoft.Json, CsvHelper and Polly.Core into its own load context, from dependencies/' {
        $Found.Cmdlets | Should -HaveCount 1
        $Found.Cmdlets | Should -BeLike 'Default=*'
        $Found.Core | Should -HaveCount 1
        $Found.Core | Should -BeLike 'OptiX.DataConnections=*'
        $Found.CoreLocation | Should -Be (Join-Path $DependencyFolder 'OptiX.DataConnections.dll')
        $Found.CoreNewtonsoft | Should -Be "OptiX.DataConnections=$(Join-Path $DependencyFolder 'Newtonsoft.Json.dll')"
        $Found.Newtonsoft | Should -Contain 'OptiX.DataConnections=13.0.0.0'
        $Found.CsvHelper | Should -Contain 'OptiX.DataConnections=34.0.0.0'
        $Found.Polly | Should -Contain 'OptiX.DataConnections=8.0.0.0'
        $Found.BouncyCastle | Should -Be @('OptiX.DataConnections=2.0.0.0')
    }

    It "makes the core's types known to PowerShell by name while the module is imported" {
        $Found.TypeName | Should -Be 'OptiX.DataConnections=OptiX.DataConnections.Upload.UploadSummary'
        $Found.TypeNameAfterRemove | Should -BeNullOrEmpty
    }

    It 'names no third-party assembly from the cmdlets, which load in the default context' {
        $Found.CmdletReferences | Should -Contain 'OptiX.DataConnections'
        $Found.CmdletReferences | Where-Object { $_ -in 'Newtonsoft.Json', 'CsvHelper', 'Polly.Core' } | Should -BeNullOrEmpty
    }

    It "leaves PowerShell's Newtonsoft.Json and the other module's copies in place and working" {
        $Found.SessionNewtonsoft | Should -Be 'Default=13.0.0.0'
        $Found.PowerShellJson | Should -Be '{"a":1}'
        $Found.OtherModule.AddTypeGave | Should -Be '13.0.0.0'
        $Found.OtherModule.LoadFileGave | Should -Be '12.0.0.0'
        $Found.OtherJson | Should -Be '{"a":1}'
        $Found.Newtonsoft | Should -Contain 'Default=13.0.0.0'
        $otherCopy = @($Found.Newtonsoft | Where-Object { $_ -like '*=12.0.0.0' })
        $otherCopy | Should -HaveCount 1
        $otherCopy | Should -Not -BeLike 'Default=*'
        $otherCopy | Should -Not -BeLike 'OptiX.DataConnections=*'
        $Found.SessionCsvHelper | Should -BeLike "$(($OtherCsvHelper -split '\.')[0]).*"
        $Found.CsvHelper | Should -Contain "Default=$($Found.SessionCsvHelper)"
        $Found.Polly | Should -Contain "Default=$(($OtherPolly -split '\.')[0]).0.0.0"
    }

    It "hands PowerShell plain values, never the module's own JObject: a connection converts to JSON" {
        $details = $Found.ApiDetails | ConvertFrom-Json
        $details.url | Should -BeLike 'http://127.0.0.1:*/product?id={primary_key}'
        $details.http_method | Should -Be 'POST'
        $details.body.key | Should -Be '{primary_key}'
        $details.body.tags | Should -Be @('a', 'b')
        ($Found.ApiConnectionJson | ConvertFrom-Json).ExternalApiDetails.url | Should -Be $details.url
    }
}

# Windows PowerShell 5.1 (.NET Framework): one AppDomain, no load contexts. The core loads from dependencies/ at import,
# the version bridges answer, the TLS and connection settings are applied, and the resolve handler stays until the
# last runspace removes the module.
Describe 'On Windows PowerShell 5.1' -Skip:($PSVersionTable.PSEdition -eq 'Core') {
    BeforeAll {
        $csv = Join-Path $TestDrive 'customers.csv'
        Set-Content $csv "customer_id,name,tier`n1,Ann,gold`n2,Bob,silver`n3,Cy,gold`n"
        $script = {
            param([string] $ModulePath, [string] $Csv)
            $ErrorActionPreference = 'Stop'
            $found = [ordered]@{ Error = $null }
            $probe = {
                param([string] $Name)
                try { [Reflection.Assembly]::Load($Name).GetName().Version.ToString() } catch { "refused: $($_.Exception.GetType().Name)" }
            }
            try {
                $found.Edition = $PSVersionTable.PSEdition
                Import-Module $ModulePath
                $summaryType = 'OptiX.DataConnections.Upload.UploadSummary' -as [type]
                $found.TypeName = if ($summaryType) { $summaryType.Assembly.Location } else { $null }
                $found.SecurityProtocol = [int][Net.ServicePointManager]::SecurityProtocol
                $found.ConnectionLimit = [Net.ServicePointManager]::DefaultConnectionLimit
                $found.AsyncInterfaces = & $probe 'Microsoft.Bcl.AsyncInterfaces, Version=6.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51'
                $found.Annotations = & $probe 'System.ComponentModel.Annotations, Version=4.2.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a'

                $emulator = Start-DCEmulator -PassThru
                try {
                    $connection = New-DataConnection -Name 'desktop' -PrimaryKey customer_id
                    $found.PathSent = (Send-DCData -ConnectionId $connection.ConnectionId -Path $Csv -PassThru).RecordsSent
                    $found.QueriedName = (Invoke-DCQuery -ConnectionId $connection.ConnectionId -PrimaryKey 2).name
                }
                finally { Stop-DCEmulator }
                $found.Locations = @([AppDomain]::CurrentDomain.GetAssemblies() |
                        Where-Object { $_.GetName().Name -in 'OptiX.DataConnections', 'Newtonsoft.Json', 'CsvHelper', 'Polly.Core', 'Microsoft.Bcl.AsyncInterfaces', 'Microsoft.Bcl.TimeProvider' } |
                        ForEach-Object { "$($_.GetName().Name)=$($_.Location)" })

                # A second runspace imports too; removing the module in this one leaves the handler to the other.
                $other = [powershell]::Create()
                $null = $other.AddScript("Import-Module '$ModulePath'").Invoke()
                Remove-Module OptiX.DataConnections
                $found.TimeProviderAfterOneRemoval = & $probe 'Microsoft.Bcl.TimeProvider, Version=8.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51'
                $null = $other.AddScript('Remove-Module OptiX.DataConnections').Invoke()
                $other.Dispose()
                $found.BuffersAfterLastRemoval = & $probe 'System.Buffers, Version=4.0.2.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51'
                Import-Module $ModulePath
                $found.ReimportedTimeProvider = & $probe 'Microsoft.Bcl.TimeProvider, Version=8.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51'
            }
            catch { $found.Error = "$_" }
            $found | ConvertTo-Json -Compress -Depth 4
        }
        $powershell = (Get-Process -Id $PID).Path
        $output = & $powershell -NoProfile -NonInteractive -Command "& {$script} '$env:OPTIX_TEST_MODULE' '$csv'"
        $Found = $output | Select-Object -Last 1 | ConvertFrom-Json
        $DependencyFolder = Join-Path $env:OPTIX_TEST_MODULE 'dependencies'
    }

    It 'runs the journey in Windows PowerShell' {
        $Found.Error | Should -BeNullOrEmpty
        $Found.Edition | Should -Be 'Desktop'
        $Found.PathSent | Should -Be 3
        $Found.QueriedName | Should -Be 'Bob'
    }

    It "loads the core at import, from dependencies/, so that its type names resolve straight away" {
        $Found.TypeName | Should -Be (Join-Path $DependencyFolder 'OptiX.DataConnections.dll')
    }

    It 'loads the core and its dependencies from dependencies/ only' {
        $Found.Locations | Should -Not -BeNullOrEmpty
        foreach ($location in $Found.Locations) { ($location -split '=', 2)[1] | Should -BeLike "$DependencyFolder*" }
    }

    It 'bridges the older versions the dependencies ask for to the shipped files' {
        $Found.AsyncInterfaces | Should -Be '8.0.0.0'
        $Found.Annotations | Should -Be '4.2.1.0'
        $Found.TimeProviderAfterOneRemoval | Should -Be '8.0.0.1' -Because 'another runspace still has the module imported'
    }

    It 'unhooks the handler when the last runspace removes the module, and hooks it again on import' {
        $Found.BuffersAfterLastRemoval | Should -BeLike 'refused:*'
        $Found.ReimportedTimeProvider | Should -Be '8.0.0.1'
    }

    It 'offers TLS 1.2 (or leaves the choice to Windows) and allows 64 connections per host' {
        if ($Found.SecurityProtocol -ne 0) { $Found.SecurityProtocol -band 3072 | Should -Be 3072 }
        $Found.ConnectionLimit | Should -BeGreaterOrEqual 64
    }
}
