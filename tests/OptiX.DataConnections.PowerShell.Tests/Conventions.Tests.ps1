# Analyzer-grade conventions over every exported cmdlet (STYLE.md, "Conventions checklist"), in the spirit of
# PSScriptAnalyzer and of dbatools' parameter tests: verbs, nouns, ShouldProcess, positions, parameter names, output
# types, and a table that pins each cmdlet's parameters so that an accidental rename or removal fails here.
#
# A case that finds a real inconsistency in the cmdlets is listed in $KnownIssues with the fix we suggest. While the
# inconsistency lasts, that one case is skipped with the reason; once it is fixed, the case fails until the entry goes.
BeforeDiscovery {
    # The cmdlet list comes from the manifest, so that discovery loads no assembly.
    $manifest = Import-PowerShellDataFile (Join-Path $env:OPTIX_TEST_MODULE 'OptiX.DataConnections.psd1')
    $Cmdlets = @($manifest.CmdletsToExport | Sort-Object)
}

BeforeAll {
    Import-Module $env:OPTIX_TEST_MODULE -Force
    $Common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters

    # The expected parameters of each cmdlet, common parameters left out. A rename, a removal or an addition fails
    # 'takes exactly the pinned parameters': change this table in the same commit, on purpose, with the docs/ page.
    $ExpectedParameters = @{
        'Add-DCReference'       = 'ConnectionId', 'Channel', 'ResourceId', 'Session'
        'Connect-DCService'     = 'ApiKey', 'BrandKey', 'BaseUri', 'MaxRetryTime', 'MaxRetries', 'RequestTimeout', 'AllowInsecureHttp', 'SkipValidation', 'PassThru'
        'ConvertFrom-DCFormula' = @('Formula')
        'Disconnect-DCService'  = @()
        'Get-DataConnection'    = 'ConnectionId', 'Name', 'Session'
        'Get-DCReference'       = 'ConnectionId', 'Channel', 'Session'
        'Get-DCSchema'          = 'ConnectionId', 'Session'
        'Invoke-DCQuery'        = 'ConnectionId', 'PrimaryKey', 'Parameter', 'BatchSize', 'Session'
        'Get-DCEmarsysContent'  = 'ConnectionId', 'PrimaryKey', 'Parameter', 'Session'
        'Get-DCContext'         = @()
        'New-DataConnection'    = 'Name', 'PrimaryKey', 'Description', 'ApiUri', 'HttpMethod', 'Header', 'Body', 'CacheTtlSeconds', 'TimeoutSeconds', 'Retries', 'BatchEndpoint', 'SamplePlaceholderValue', 'ExternalApi', 'Session'
        'New-DCFormula'         = 'ConnectionId', 'PrimaryKey', 'Parameter', 'ReturnField', 'Fallback'
        'Remove-DataConnection' = 'ConnectionId', 'Force', 'Session'
        'Remove-DCRecord'       = 'PrimaryKey', 'ConnectionId', 'BatchSize', 'PassThru', 'Session'
        'Remove-DCReference'    = 'ConnectionId', 'ReferenceUuid', 'Session'
        'Resolve-DCFormula'     = 'Formula', 'Tag', 'ValueOnly', 'Session'
        'Send-DCData'           = 'ConnectionId', 'InputObject', 'Path', 'LiteralPath', 'Format', 'Delimiter', 'Encoding', 'CheckpointPath', 'TtlSeconds', 'BatchSize', 'ThrottleLimit', 'MaxRequestSize', 'BatchId', 'FailedRecordPath', 'PassThru', 'Session'
        'Set-DataConnection'    = 'ConnectionId', 'Name', 'Description', 'ExternalApi', 'PassThru', 'Session'
        'Start-DCEmulator'      = 'Port', 'DataPath', 'FaultSpec', 'MonetateUser', 'Retailer', 'AnswerShape', 'PassThru', 'Reveal'
        'Stop-DCEmulator'       = @()
        'Update-DCRecord'       = 'InputObject', 'PrimaryKey', 'Data', 'TtlSeconds', 'Merge', 'ConnectionId', 'BatchSize', 'PassThru', 'Session'
        'Connect-MonetateService'    = 'ApiUser', 'PrivateKeyPath', 'PrivateKey', 'Passphrase', 'Retailer', 'BaseUri', 'TokenLifetimeSeconds', 'MaxRetryTime', 'MaxRetries', 'RequestTimeout', 'AllowInsecureHttp', 'SkipValidation', 'PassThru'
        'Disconnect-MonetateService' = @()
        'Get-MonetateContext'        = @()
        'Get-MonetateSchema'         = 'Name', 'Session'
        'New-MonetateSchema'         = 'Name', 'Field', 'Identifier', 'UniqueKey', 'EventTime', 'Required', 'NamedIdentifier', 'Type', 'Session'
        'Set-MonetateSchema'         = 'Name', 'NamedIdentifier', 'PassThru', 'Session'
        'Add-MonetateSchemaField'    = 'Schema', 'Name', 'DataType', 'Required', 'Field', 'PassThru', 'Session'
        'Remove-MonetateSchema'      = 'Name', 'Force', 'Session'
        'Send-MonetateData'          = 'Schema', 'InputObject', 'Path', 'LiteralPath', 'Format', 'Delimiter', 'Encoding', 'CheckpointPath', 'BatchSize', 'ThrottleLimit', 'MaxRequestSize', 'IgnoreUnknownField', 'FailedRecordPath', 'PassThru', 'Session'
        'Get-MonetateRecord'         = 'Schema', 'Id', 'Session'
    }

    # Each vendor's cmdlets form their own vocabulary: an Opti-X connection id and a Monetate record id are both "Id".
    function Get-Vendor($Command) { if ($Command.Noun -like 'Monetate*') { 'Monetate' } else { 'OptiX' } }

    # Real inconsistencies, keyed '<cmdlet>/<check>', with the fix we suggest (the C# is not changed from here).
    $KnownIssues = @{}

    # The verbs whose cmdlets change state and so must support -WhatIf/-Confirm.
    $StateChangingVerbs = 'New', 'Set', 'Remove', 'Add', 'Send', 'Update'
    # New- cmdlets that only compose an object in memory, like New-Guid: they take no -Session, so cannot change anything.
    $InMemory = @('New-DCFormula')
    # Where -PrimaryKey names the key *field* (the API's primary_key of a connection), not key values.
    $KeyFieldCmdlets = @('New-DataConnection')

    # Non-standard names for concepts that have a standard (PowerShell's or this module's) name.
    $Synonyms = @{
        'ConnectionId'  = 'Id', 'Uuid', 'Connection', 'ConnectionUuid', 'DataConnectionId', 'DataConnectionUuid', 'DataConnection'
        'PrimaryKey'    = 'Key', 'Keys', 'PrimaryKeys', 'KeyValue', 'RecordKey', 'PrimaryKeyValue'
        'InputObject'   = 'Input', 'Object', 'Record', 'Records', 'Item', 'Items'
        'Path'          = 'File', 'FilePath', 'FileName', 'Files'
        'ThrottleLimit' = 'Throttle', 'MaxParallel', 'Parallelism', 'DegreeOfParallelism', 'Concurrency', 'MaxConcurrency'
        'PassThru'      = 'PassThrough', 'Return', 'ReturnObject'
        'Credential'    = 'Cred', 'Credentials'
        'BatchSize'     = 'ChunkSize', 'PageSize', 'BatchCount'
        'BatchId'       = 'BatchUuid', 'Batch'
        'Delimiter'     = 'Separator'
        'Encoding'      = 'Charset', 'CodePage'
        'Description'   = 'Desc', 'Comment'
    }

    function Get-OwnParameter($Command) { @($Command.Parameters.Values | Where-Object { $_.Name -notin $Common }) }

    function Get-CmdletAttribute($Command) {
        $Command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
    }

    # Runs the assertions of one case; a known issue is skipped with its reason while it lasts, and fails once fixed.
    function Assert-Convention([string] $Cmdlet, [string] $Check, [scriptblock] $Assertion) {
        $issue = $KnownIssues["$Cmdlet/$Check"]
        if (-not $issue) {
            . $Assertion
            return
        }
        $stillThere = $false
        try { . $Assertion } catch { $stillThere = $true }
        if (-not $stillThere) { throw "The known issue '$Cmdlet/$Check' is fixed: remove it from `$KnownIssues." }
        Set-ItResult -Skipped -Because $issue
    }
}

Describe 'The module as a whole' {
    It 'pins the parameters of every exported cmdlet, and of no other' {
        $exported = @(Get-Command -Module OptiX.DataConnections).Name | Sort-Object
        @($ExpectedParameters.Keys | Sort-Object) | Should -Be $exported
    }

    It 'gives an alias one meaning: the same parameter everywhere, and never another parameter''s name' {
        foreach ($vendor in 'OptiX', 'Monetate') {
        $byAlias = @{}
        $names = @{}
        foreach ($command in Get-Command -Module OptiX.DataConnections | Where-Object { (Get-Vendor $_) -eq $vendor }) {
            foreach ($parameter in Get-OwnParameter $command) {
                $names[$parameter.Name] = $true
                foreach ($alias in $parameter.Aliases) {
                    if (-not $byAlias[$alias]) { $byAlias[$alias] = [Collections.Generic.HashSet[string]]::new() }
                    $null = $byAlias[$alias].Add($parameter.Name)
                }
            }
        }
        foreach ($alias in $byAlias.Keys) {
            @($byAlias[$alias]).Count | Should -Be 1 -Because "the alias $alias stands for $(@($byAlias[$alias]) -join ' and ')"
            $names.ContainsKey($alias) | Should -BeFalse -Because "$alias is both an alias of $(@($byAlias[$alias]) -join ', ') and a parameter name"
        }
        }
    }

    It 'asks at High impact before deleting a connection, and -Force skips the question' {
        $command = Get-Command Remove-DataConnection
        (Get-CmdletAttribute $command).ConfirmImpact | Should -Be 'High'
        $command.Parameters['Force'].SwitchParameter | Should -BeTrue
    }
}

Describe '<_>' -ForEach $Cmdlets {
    BeforeAll {
        $Name = $_
        $Command = Get-Command $Name
        $Attribute = Get-CmdletAttribute $Command
        $Parameters = Get-OwnParameter $Command
    }

    It 'uses an approved verb' {
        (Get-Verb).Verb | Should -Contain $Command.Verb
    }

    It 'has a singular noun with the module''s prefix (DC, DataConnection, or Monetate)' {
        $last = ([regex]::Matches($Command.Noun, '[A-Z][a-z0-9]*') | Select-Object -Last 1).Value
        ($last -cmatch 's$' -and $last -cnotmatch '(ss|us|is)$') | Should -BeFalse -Because "$($Command.Noun) reads as plural"
        ($Command.Noun -cmatch '^(DC|Monetate)[A-Z]' -or $Command.Noun -ceq 'DataConnection') | Should -BeTrue
    }

    It 'is a sealed class named after it (VerbNounCommand)' {
        $Command.ImplementingType.IsSealed | Should -BeTrue
        $Command.ImplementingType.Name | Should -Be "$($Command.Verb)$($Command.Noun)Command"
    }

    It 'declares its output type' {
        @($Command.OutputType).Count | Should -BeGreaterThan 0
        if ($Command.Parameters.ContainsKey('PassThru')) {
            @($Command.OutputType | Where-Object Name -ne 'System.Void').Count | Should -BeGreaterThan 0 -Because '-PassThru returns something'
        }
    }

    It 'supports ShouldProcess if it changes state, and -Force only at High impact' {
        if ($Command.Verb -in $StateChangingVerbs) {
            if ($Name -in $InMemory) {
                $Command.Parameters.Keys | Should -Not -Contain 'Session' -Because "$Name only composes an object in memory"
            }
            else {
                $Attribute.SupportsShouldProcess | Should -BeTrue
                $Command.Parameters.Keys | Should -Contain 'WhatIf'
                $Command.Parameters.Keys | Should -Contain 'Confirm'
            }
        }
        if ($Command.Parameters.ContainsKey('Force')) {
            $Attribute.SupportsShouldProcess | Should -BeTrue
            $Attribute.ConfirmImpact | Should -Be 'High' -Because '-Force skips a confirmation that only High impact asks by default'
        }
        if ($Attribute.ConfirmImpact -eq 'High') { $Command.Parameters.Keys | Should -Contain 'Force' }
    }

    It 'has no positional surprises: positions 0, 1, 2... in each set, mandatory ones first' {
        foreach ($set in $Command.ParameterSets) {
            $positional = @($set.Parameters | Where-Object { $_.Name -notin $Common -and $_.Position -ge 0 } | Sort-Object Position)
            if ($positional.Count -eq 0) { continue }
            @($positional.Position) | Should -Be @(0..($positional.Count - 1)) -Because "the positions in the set $($set.Name) are $($positional.Name -join ', ')"
            $firstOptional = $positional | Where-Object { -not $_.IsMandatory } | Select-Object -First 1
            if ($firstOptional) {
                @($positional | Where-Object { $_.Position -gt $firstOptional.Position -and $_.IsMandatory }).Name |
                    Should -BeNullOrEmpty -Because "a mandatory positional parameter after the optional $($firstOptional.Name) (set $($set.Name))"
            }
            @($positional | Where-Object { $_.ParameterType -eq [switch] }).Name | Should -BeNullOrEmpty -Because 'a switch is never positional'
        }
    }

    It 'names every connection id ConnectionId, at position 0, with aliases Id and data_connection_uuid from the pipeline' {
        Assert-Convention $Name 'ConnectionId' {
            foreach ($parameter in $Parameters) {
                $looksLikeConnectionId = @($parameter.Name) + @($parameter.Aliases) | Where-Object { $_ -match '^(data_?)?connection_?(id|uuid)$' }
                $guidConnection = $parameter.Name -match 'Connection' -and $parameter.ParameterType -in [guid], [guid[]]
                if ($looksLikeConnectionId -or $guidConnection) { $parameter.Name | Should -BeExactly 'ConnectionId' }
            }
            $connectionId = $Command.Parameters['ConnectionId']
            if ($connectionId) {
                $connectionId.ParameterType | Should -BeIn @([guid], [guid[]])
                foreach ($set in $Command.ParameterSets | Where-Object { $_.Parameters.Name -contains 'ConnectionId' }) {
                    ($set.Parameters | Where-Object Name -eq 'ConnectionId').Position | Should -Be 0 -Because "set $($set.Name)"
                }
                $byPropertyName = @($connectionId.Attributes | Where-Object { $_ -is [Parameter] }).ValueFromPipelineByPropertyName -contains $true
                if ($byPropertyName) {
                    $connectionId.Aliases | Should -Contain 'Id'
                    $connectionId.Aliases | Should -Contain 'data_connection_uuid'
                }
            }
        }
    }

    It 'names every primary key PrimaryKey, with the alias Key where it takes key values' {
        foreach ($parameter in $Parameters | Where-Object { $_.Name -match 'Key' -and $_.Name -notmatch '^(Api|Brand|Private|Unique)Key(Path)?$' }) {
            $parameter.Name | Should -BeExactly 'PrimaryKey'
        }
        if ($Command.Parameters.ContainsKey('PrimaryKey') -and $Name -notin $KeyFieldCmdlets) {
            $Command.Parameters['PrimaryKey'].Aliases | Should -Contain 'Key'
        }
    }

    It 'ends numeric TTLs and durations in Seconds, and puts no unit on a TimeSpan' {
        $numeric = [int], [long], [double], [decimal], [int[]], [Nullable[int]], [Nullable[long]], [Nullable[double]]
        foreach ($parameter in $Parameters) {
            if ($parameter.Name -cmatch 'Ttl') { $parameter.Name | Should -MatchExactly 'TtlSeconds$' }
            if ($parameter.Name -cmatch 'Ttl|Timeout|Time$|Delay|Interval|Duration|Age$|Wait' -and $parameter.ParameterType -in $numeric) {
                $parameter.Name | Should -Match 'Seconds$' -Because "$($parameter.Name) is a number of seconds"
            }
            if ($parameter.ParameterType -in [timespan], [Nullable[timespan]]) {
                $parameter.Name | Should -Not -Match '(Seconds|Secs?|Milliseconds|Ms|Minutes)$' -Because 'a TimeSpan carries its unit'
            }
        }
    }

    It 'names switches positively, and never makes one mandatory' {
        foreach ($parameter in $Parameters | Where-Object SwitchParameter) {
            $parameter.Name | Should -Not -Match '^(No|Dont|DoNot|Disable)[A-Z]'
            @($parameter.Attributes | Where-Object { $_ -is [Parameter] }).Mandatory | Should -Not -Contain $true -Because "-$($parameter.Name)"
        }
    }

    It 'uses Pascal-case, singular parameter names' {
        Assert-Convention $Name 'Singular' {
            foreach ($parameter in $Parameters) {
                $parameter.Name | Should -MatchExactly '^[A-Z][A-Za-z0-9]*$'
                # Units (TtlSeconds) and counts (MaxRetries, the API's own "retries") are plural by nature.
                ($parameter.Name -cmatch 's$' -and $parameter.Name -cnotmatch '(ss|us|is|Seconds|Retries)$') |
                    Should -BeFalse -Because "-$($parameter.Name) reads as plural; PowerShell names parameters in the singular even when they take arrays"
            }
        }
    }

    It 'spells URIs Uri' {
        Assert-Convention $Name 'Uri' {
            foreach ($parameter in $Parameters | Where-Object { $_.Name -match 'Ur[il]$' -or $_.ParameterType -eq [uri] }) {
                $parameter.Name | Should -MatchExactly 'Uri$'
            }
        }
    }

    It 'uses the standard name for a standard concept' {
        foreach ($parameter in $Parameters) {
            foreach ($standard in $Synonyms.Keys | Where-Object { $_ -ne 'ConnectionId' -or (Get-Vendor $Command) -eq 'OptiX' }) {
                $Synonyms[$standard] | Should -Not -Contain $parameter.Name -Because "-$($parameter.Name) should be -$standard"
            }
            if ($parameter.Name -match '(Password|Passphrase|Secret|Token|ApiKey|BrandKey|Credential)$') {
                $parameter.ParameterType | Should -BeIn @([securestring], [pscredential]) -Because "-$($parameter.Name) is a secret"
            }
        }
        if ($Command.Parameters.ContainsKey('InputObject')) {
            @($Command.Parameters['InputObject'].Attributes | Where-Object { $_ -is [Parameter] }).ValueFromPipeline | Should -Contain $true
        }
        if ($Command.Parameters.ContainsKey('LiteralPath')) {
            $Command.Parameters['LiteralPath'].Aliases | Should -Contain 'PSPath'
        }
        if ($Command.Parameters.ContainsKey('Path')) {
            @($Command.Parameters['Path'].Attributes | Where-Object { $_ -is [SupportsWildcards] }).Count | Should -Be 1 -Because '-Path takes wildcards; -LiteralPath does not'
        }
    }

    It 'takes -Session (optional, by name) wherever it reaches the service' {
        if ($Command.Parameters.ContainsKey('ConnectionId') -and $Name -notin $InMemory) {
            $Command.Parameters.Keys | Should -Contain 'Session'
        }
        if ($Command.Parameters.ContainsKey('Session')) {
            $Command.Parameters['Session'].ParameterType.Name | Should -Be "$(Get-Vendor $Command)Session"
            foreach ($attribute in $Command.Parameters['Session'].Attributes | Where-Object { $_ -is [Parameter] }) {
                $attribute.Mandatory | Should -BeFalse
                $attribute.Position | Should -BeLessThan 0
            }
        }
    }

    It 'takes exactly the pinned parameters' {
        $expected = @($ExpectedParameters[$Name])
        $actual = @($Parameters.Name)
        @($actual | Where-Object { $_ -notin $expected }) | Should -BeNullOrEmpty -Because 'these parameters are not in $ExpectedParameters (new, or renamed)'
        @($expected | Where-Object { $_ -notin $actual }) | Should -BeNullOrEmpty -Because 'these pinned parameters are gone (removed, or renamed)'
    }
}

# Windows PowerShell 5.1 runs these test files too (.github/workflows/windows.yml): no PowerShell 7-only syntax or API
# outside the blocks that run on PowerShell 7 alone (Find-CoreOnlySyntax.ps1 says what counts).
Describe 'Test files that Windows PowerShell 5.1 can run' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'Find-CoreOnlySyntax.ps1')
        $Repository = Resolve-Path (Join-Path $PSScriptRoot '../..')
        $SmokeJourney = Join-Path $Repository 'tests/WindowsPowerShell/Invoke-SmokeJourney.ps1'
    }

    It 'use no PowerShell 7-only syntax or API outside Core-only blocks' {
        $files = @(Get-ChildItem $PSScriptRoot -Filter '*.ps1') + @(Get-Item $SmokeJourney)
        $findings = @($files | Find-CoreOnlySyntax | ForEach-Object { "$(Split-Path -Leaf $_.File):$($_.Line): $($_.What): $($_.Text)" })
        $findings | Should -BeNullOrEmpty -Because "guard them with 'if (`$PSVersionTable.PSEdition -eq ''Core'')' or -Skip:(`$PSVersionTable.PSEdition -ne 'Core'), or use what both editions have"
    }

    It 'are checked precisely: each PowerShell 7-only construct in a sample is found, on its line' {
        $sample = Join-Path $TestDrive 'Bad.Tests.ps1'
        Set-Content $sample @'
$a = $x ? 1 : 2
Get-Item . && Get-Item .
$b = $null ?? 3
$c ??= 4
$d = ${e}?.Name
$PSStyle.OutputRendering = 'PlainText'
$p = [Environment]::ProcessPath
$j = Start-ThreadJob { 1 }
1..3 | ForEach-Object -Parallel { $_ }
@(1) | ConvertTo-Json -AsArray
$rsa.ExportSubjectPublicKeyInfoPem()
if ($IsLinux) { }
Describe 'both editions' { It 'x' { [IO.Path]::GetRelativePath('a', 'b') } }
$j = Join-Path a b c
$e?.Name
1 | ConvertTo-Json -Compress
$k = Join-Path a b
'@
        $findings = @(Find-CoreOnlySyntax $sample)
        $findings.Line | Should -Be (1..14)
        $findings[0].What | Should -Be 'the ternary operator ?:'
        $findings[1].What | Should -Be 'the pipeline chain operator &&'
        $findings[4].What | Should -Be 'the null-conditional operator ?. or ?[]'
        $findings[7].What | Should -Be 'the command Start-ThreadJob'
        $findings[9].What | Should -Be 'ConvertTo-Json -AsArray'
    }

    It 'accept the same code where only PowerShell 7 runs it' {
        $sample = Join-Path $TestDrive 'Guarded.Tests.ps1'
        Set-Content $sample @'
BeforeAll {
    if ($PSVersionTable.PSEdition -eq 'Core') { $PSStyle.OutputRendering = 'PlainText'; $a = $x ? 1 : 2 }
    if ($PSVersionTable.PSEdition -ne 'Core') { Import-Module ThreadJob }
    $job = Start-ThreadJob { 1 }
}
Describe 'PowerShell 7' -Skip:($PSVersionTable.PSEdition -ne 'Core') { It 'x' { [Environment]::ProcessPath } }
Describe 'both editions' { It 'y' { (Get-Process -Id $PID).Path } }
Describe 'Linux' { It 'z' -Skip:(-not $IsLinux) { [Environment]::ProcessPath } }
'@
        @(Find-CoreOnlySyntax $sample) | Should -BeNullOrEmpty
    }

    It 'treat a file whose every Describe is skipped on Windows PowerShell as PowerShell 7 only, and no other' {
        $coreOnly = Join-Path $TestDrive 'CoreOnly.Tests.ps1'
        Set-Content $coreOnly "BeforeAll { `$key = `$rsa.ExportRSAPrivateKeyPem() }`nDescribe 'a' -Skip:(`$PSVersionTable.PSEdition -ne 'Core') { It 'x' { } }"
        @(Find-CoreOnlySyntax $coreOnly) | Should -BeNullOrEmpty
        $mixed = Join-Path $TestDrive 'Mixed.Tests.ps1'
        Set-Content $mixed "BeforeAll { `$key = `$rsa.ExportRSAPrivateKeyPem() }`nDescribe 'a' -Skip:(`$PSVersionTable.PSEdition -ne 'Core') { It 'x' { } }`nDescribe 'b' { It 'y' { } }"
        @(Find-CoreOnlySyntax $mixed).What | Should -Be 'the .NET member ExportRSAPrivateKeyPem, which .NET Framework lacks'
    }

    It 'runs the smoke journey on this edition' {
        $shell = (Get-Process -Id $PID).Path
        $shellArgs = @(if ([IO.Path]::GetFileNameWithoutExtension($shell) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' }) +
            '-NoProfile', '-NonInteractive', '-File', $SmokeJourney, '-ModulePath', $env:OPTIX_TEST_MODULE, '-Rows', 200
        $output = & $shell @shellArgs 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $output
        $output | Should -Match 'Smoke journey: every step passed'
    }
}

Describe 'The Windows workflow (.github/workflows/windows.yml)' {
    BeforeAll {
        $Repository = Resolve-Path (Join-Path $PSScriptRoot '../..')
        $Workflow = Get-Content -Raw (Join-Path $Repository '.github/workflows/windows.yml')
        # Each step: its name, its shell and its run text (the workflow's steps start with '      - ').
        $Steps = @($Workflow -split '(?m)^      - ' | Select-Object -Skip 1 | ForEach-Object {
                [pscustomobject]@{
                    Name  = if ($_ -match '(?m)^(?:name:|\s+name:)\s*(.+)$') { $Matches[1].Trim() } else { '' }
                    Shell = if ($_ -match '(?m)^\s+shell:\s*(\S+)') { $Matches[1] } else { '' }
                    Text  = $_
                }
            })
    }

    It 'runs on windows-latest' {
        $Workflow | Should -Match '(?m)^\s+runs-on:\s*windows-latest\s*$'
    }

    It 'builds and runs the Test task (xunit, Pester) under PowerShell 7' {
        $step = $Steps | Where-Object { $_.Shell -eq 'pwsh' -and $_.Text -match 'build\.ps1 -Task Test' }
        $step | Should -Not -BeNullOrEmpty
    }

    It 'runs the Pester suite under powershell.exe' {
        $step = $Steps | Where-Object { $_.Shell -eq 'powershell' -and $_.Text -match 'powershell\.exe .*Invoke-PesterTests\.ps1' }
        $step | Should -Not -BeNullOrEmpty
        $step.Text | Should -Match 'if \(\$LASTEXITCODE -ne 0\) \{ exit \$LASTEXITCODE \}'
    }

    It 'runs the smoke journey under powershell.exe, and the script it names exists' {
        $step = $Steps | Where-Object { $_.Shell -eq 'powershell' -and $_.Text -match 'powershell\.exe .*(tests/WindowsPowerShell/Invoke-SmokeJourney\.ps1)' }
        $step | Should -Not -BeNullOrEmpty
        Join-Path $Repository $Matches[1] | Should -Exist
    }

    It 'gives Windows PowerShell the ThreadJob module before the Pester run' {
        $install = [array]::IndexOf($Steps, ($Steps | Where-Object { $_.Text -match 'Install-Module .*ThreadJob' } | Select-Object -First 1))
        $pester = [array]::IndexOf($Steps, ($Steps | Where-Object { $_.Text -match 'powershell\.exe .*Invoke-PesterTests' } | Select-Object -First 1))
        $install | Should -BeGreaterOrEqual 0
        $install | Should -BeLessThan $pester
    }

    It 'names every step of the journey in the smoke script' {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $Repository 'tests/WindowsPowerShell/Invoke-SmokeJourney.ps1'), [ref] $null, [ref] $null)
        $commands = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true))
        $names = @($commands | ForEach-Object { $_.GetCommandName() })
        foreach ($name in 'Import-Module', 'Start-DCEmulator', 'Send-DCData', 'Invoke-DCQuery', 'Connect-MonetateService', 'Send-MonetateData') { $names | Should -Contain $name }
        @($commands | Where-Object { $_.GetCommandName() -eq 'Send-DCData' -and $_.Extent.Text -match '-Path\b' }) | Should -Not -BeNullOrEmpty
        @($commands | Where-Object { $_.GetCommandName() -eq 'Connect-MonetateService' -and $_.Extent.Text -match '-PrivateKeyPath\b' }) | Should -Not -BeNullOrEmpty
    }
}

Describe 'Connections per host on .NET Framework' {
    It 'are at least the highest -ThrottleLimit a cmdlet accepts' {
        $limit = [OptiX.DataConnections.Platform.NetFrameworkTransport]::ConnectionsPerHost
        foreach ($command in Get-Command -Module OptiX.DataConnections | Where-Object { $_.Parameters.ContainsKey('ThrottleLimit') }) {
            $range = $command.Parameters['ThrottleLimit'].Attributes | Where-Object { $_ -is [ValidateRange] }
            [int]$range.MaxRange | Should -BeLessOrEqual $limit -Because "$($command.Name) -ThrottleLimit may be $($range.MaxRange)"
        }
    }
}
