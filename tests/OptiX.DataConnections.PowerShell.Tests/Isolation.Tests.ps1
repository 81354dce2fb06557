# Another module has loaded older CsvHelper and Polly.Core into the default load context first; the module must still
# work, with its own CsvHelper 34 in its own load context, and leave the other module's copies in place.
BeforeAll {
    $project = [xml](Get-Content -Raw (Join-Path $PSScriptRoot 'OptiX.DataConnections.PowerShell.Tests.csproj'))
    $downloads = $project.Project.ItemGroup.PackageDownload
    $packages = $env:NUGET_PACKAGES
    if (-not $packages) { $packages = ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim() }
    $OtherCsvHelper = ($downloads | Where-Object Include -eq 'CsvHelper').Version.Trim('[', ']')
    $OtherPolly = ($downloads | Where-Object Include -eq 'Polly.Core').Version.Trim('[', ']')

    # The other module: a script module that loads its own versions when imported.
    $OtherModule = Join-Path $TestDrive 'OtherModule'
    $null = New-Item -ItemType Directory $OtherModule
    Copy-Item (Join-Path $packages "csvhelper/$OtherCsvHelper/lib/net8.0/CsvHelper.dll"), (Join-Path $packages "polly.core/$OtherPolly/lib/net8.0/Polly.Core.dll") -Destination $OtherModule
    Set-Content (Join-Path $OtherModule 'OtherModule.psm1') 'Add-Type -Path (Join-Path $PSScriptRoot CsvHelper.dll), (Join-Path $PSScriptRoot Polly.Core.dll)'

    $csv = Join-Path $TestDrive 'customers.csv'
    Set-Content $csv "customer_id,name,tier`n1,Ann,gold`n2,Bob,silver`n3,Cy,gold`n"

    # The whole journey runs in a fresh pwsh, where the other module comes first; it writes its findings as JSON.
    $script = {
        param([string] $OtherModule, [string] $ModulePath, [string] $Csv)
        $ErrorActionPreference = 'Stop'
        $found = [ordered]@{ Error = $null }
        try {
            Import-Module (Join-Path $OtherModule 'OtherModule.psm1')
            Import-Module $ModulePath
            $null = Start-DCEmulator -PassThru
            try {
                $connection = New-DataConnection -Name 'isolation' -PrimaryKey customer_id
                $id = $connection.ConnectionId
                $found.PathSent = (Send-DCData -ConnectionId $id -Path $Csv -PassThru).RecordsSent
                $found.PipedSent = (Import-Csv $Csv | ForEach-Object { $_.customer_id = "p$($_.customer_id)"; $_ } | Send-DCData -ConnectionId $id -PassThru).RecordsSent
                $found.QueriedName = (Invoke-DCQuery -ConnectionId $id -PrimaryKey 2).name
                $null = Update-DCRecord -ConnectionId $id -PrimaryKey 2 -Data @{ name = 'Robert' } -Merge
                $found.UpdatedName = (Invoke-DCQuery -ConnectionId $id -PrimaryKey 2).name
                $null = Remove-DCRecord -ConnectionId $id -PrimaryKey 3
                $found.RecordCount = (Get-DCSchema -ConnectionId $id).RecordCount
                $formula = New-DCFormula -ConnectionId $id -PrimaryKey '[%CUSTOMER_ID%]' -ReturnField name -Fallback nobody
                $found.FormulaConnection = "$((ConvertFrom-DCFormula -Formula $formula).ConnectionId)"
                $found.Resolved = Resolve-DCFormula -Formula $formula -Tag @{ CUSTOMER_ID = 1 } -ValueOnly
                $found.ConnectionCount = @(Get-DataConnection | Where-Object ConnectionId -eq $id).Count
                Remove-DataConnection -ConnectionId $id -Confirm:$false
            }
            finally { Stop-DCEmulator }
        }
        catch { $found.Error = "$($_.Exception.GetType().Name): $($_.Exception.Message)" }
        $contexts = { param($name) @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq $name } | ForEach-Object { "$([Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name)=$($_.GetName().Version)" }) }
        $found.SessionCsvHelper = "$([CsvHelper.CsvReader].Assembly.GetName().Version)"
        $found.CsvHelper = & $contexts 'CsvHelper'
        $found.Polly = & $contexts 'Polly.Core'
        $found.Newtonsoft = & $contexts 'Newtonsoft.Json'
        $found | ConvertTo-Json -Compress
    }
    $pwsh = [Environment]::ProcessPath
    $pwshArgs = @(if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' }) + '-NoProfile', '-NonInteractive', '-Command', "& {$script} '$OtherModule' '$env:OPTIX_TEST_MODULE' '$csv'"
    $output = & $pwsh @pwshArgs
    $Found = $output | Select-Object -Last 1 | ConvertFrom-Json
}

Describe 'Beside a module that loaded other versions of CsvHelper and Polly.Core' {
    It 'runs every step of the journey' {
        $Found.Error | Should -BeNullOrEmpty
        $Found.PathSent | Should -Be 3
        $Found.PipedSent | Should -Be 3
        $Found.QueriedName | Should -Be 'Bob'
        $Found.UpdatedName | Should -Be 'Robert'
        $Found.RecordCount | Should -Be 5
        $Found.Resolved | Should -Be 'Ann'
        $Found.ConnectionCount | Should -Be 1
        $Found.FormulaConnection | Should -Not -BeNullOrEmpty
    }

    It "leaves the other module's CsvHelper in the session and keeps its own in its load context" {
        $Found.SessionCsvHelper | Should -BeLike "$(($OtherCsvHelper -split '\.')[0]).*"
        $Found.CsvHelper | Should -Contain "Default=$($Found.SessionCsvHelper)"
        $Found.CsvHelper | Should -Contain 'OptiX.DataConnections=34.0.0.0'
    }

    It 'uses one Newtonsoft.Json, the one PowerShell provides, from the cmdlets and the core alike' {
        @($Found.Newtonsoft) | Should -HaveCount 1
        $Found.Newtonsoft | Should -BeLike 'Default=*'
    }
}
