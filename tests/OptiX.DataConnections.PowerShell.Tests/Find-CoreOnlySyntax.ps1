<#
.SYNOPSIS
    Finds PowerShell 7-only syntax and APIs in a script, outside the code that runs on PowerShell 7 alone.
.DESCRIPTION
    Dot-source it, then: Find-CoreOnlySyntax -Path ./X.Tests.ps1. Each finding is {File, Line, What, Text}.
    Windows PowerShell 5.1 runs the same test files (.github/workflows/windows.yml), so they must parse and run there.
    Found from the PowerShell AST (run under PowerShell 7, whose parser knows the newer syntax; under 5.1 such a file
    does not parse, which is a finding too):
      - syntax: the ternary ?:, the pipeline chains && and ||, ?? and ??=, the null-conditional ?. and ?[]; a clean {} block;
      - variables: $PSStyle, $IsLinux, $IsMacOS, $IsWindows, $IsCoreCLR;
      - .NET members that .NET Framework lacks: [Environment]::ProcessPath, the RSA PEM exports and ImportFromPem,
        [IO.Path]::GetRelativePath, [Convert]::ToHexString, [Text.Encoding]::Latin1, UnixEpoch, [Math]::Clamp,
        Task.WaitAsync, [guid]::CreateVersion7, [OperatingSystem]::IsWindows() and its kin;
      - commands and parameters: Start-ThreadJob (unless the file imports the ThreadJob module on Windows PowerShell,
        in an 'if ($PSVersionTable.PSEdition -ne ''Core'')'), Get-Error, Test-Json, ForEach-Object -Parallel,
        ConvertTo-Json -AsArray, ConvertFrom-Json -AsHashtable, -AsByteStream, Join-Path -AdditionalChildPath or with
        more than two paths,
        Invoke-RestMethod/Invoke-WebRequest -SkipCertificateCheck, -SkipHttpErrorCheck, -StatusCodeVariable,
        -ResponseHeadersVariable.
    Allowed where only PowerShell 7 runs it: inside 'if ($PSVersionTable.PSEdition -eq ''Core'') { ... }', inside a
    Describe, Context or It with -Skip:($PSVersionTable.PSEdition -ne 'Core') or -Skip:(-not $IsLinux) (or $IsMacOS:
    undefined on Windows PowerShell, so skipped there too), and anywhere in a file whose every Describe has such a
    -Skip (Pester then runs none of the file, its BeforeAll neither).
#>

function Find-CoreOnlySyntax {
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline, ValueFromPipelineByPropertyName)] [Alias('FullName')] [string] $Path)

    begin {
        $coreGuard = '^\(?\s*\$PSVersionTable\.PSEdition\s+-eq\s+[''"]Core[''"]\s*\)?$'
        $skipOnDesktop = '^\(?\s*\$PSVersionTable\.PSEdition\s+-ne\s+[''"]Core[''"]\s*\)?$'
        # -Skip:(-not $IsLinux) or (-not $IsMacOS) skips on Windows PowerShell too, where the variable does not exist.
        $skipUnlessUnix = '^\(?\s*(-not\s+|!)\$Is(Linux|MacOS)\s*\)?$'
        $variables = @('PSStyle', 'IsLinux', 'IsMacOS', 'IsWindows', 'IsCoreCLR')
        $members = @('ProcessPath', 'ExportPkcs8PrivateKeyPem', 'ExportEncryptedPkcs8PrivateKeyPem', 'ExportRSAPrivateKeyPem',
            'ExportRSAPublicKeyPem', 'ExportSubjectPublicKeyInfoPem', 'ImportFromPem', 'ImportFromEncryptedPem', 'GetRelativePath', 'ToHexString',
            'Latin1', 'UnixEpoch', 'Clamp', 'WaitAsync', 'CreateVersion7', 'IsPrivilegedProcess', 'IsWindows', 'IsLinux', 'IsMacOS')
        $commands = @('Start-ThreadJob', 'Get-Error', 'Test-Json')
        $parameters = @{
            'ForEach-Object'    = @('Parallel')
            'ConvertTo-Json'    = @('AsArray')
            'ConvertFrom-Json'  = @('AsHashtable')
            'Get-Content'       = @('AsByteStream')
            'Set-Content'       = @('AsByteStream')
            'Add-Content'       = @('AsByteStream')
            'Join-Path'         = @('AdditionalChildPath')
            'Invoke-RestMethod' = @('SkipCertificateCheck', 'SkipHttpErrorCheck', 'StatusCodeVariable', 'ResponseHeadersVariable')
            'Invoke-WebRequest' = @('SkipCertificateCheck', 'SkipHttpErrorCheck', 'ResponseHeadersVariable')
        }

        function Test-InsideCoreOnly($Node) {
            for ($child = $Node; $null -ne $child.Parent; $child = $child.Parent) {
                $parent = $child.Parent
                if ($parent -is [System.Management.Automation.Language.IfStatementAst]) {
                    foreach ($clause in $parent.Clauses) {
                        if ($clause.Item2 -eq $child -and $clause.Item1.Extent.Text.Trim() -match $coreGuard) { return $true }
                    }
                }
                if ($parent -is [System.Management.Automation.Language.CommandAst] -and (Test-SkippedOnDesktop $parent)) { return $true }
            }
            return $false
        }

        function Test-SkippedOnDesktop([System.Management.Automation.Language.CommandAst] $Command) {
            if ($Command.GetCommandName() -notin 'Describe', 'Context', 'It') { return $false }
            foreach ($element in $Command.CommandElements) {
                if ($element -is [System.Management.Automation.Language.CommandParameterAst] -and $element.ParameterName -eq 'Skip' -and $null -ne $element.Argument) {
                    $text = $element.Argument.Extent.Text.Trim()
                    if ($text -match $skipOnDesktop -or $text -match $skipUnlessUnix) { return $true }
                }
            }
            return $false
        }

        function New-Finding($File, $Node, [string] $What) {
            [pscustomobject]@{ File = $File; Line = $Node.Extent.StartLineNumber; What = $What; Text = ($Node.Extent.Text -split "`r?`n")[0].Trim() }
        }
    }

    process {
        $file = (Resolve-Path -LiteralPath $Path).Path
        $tokens = $null
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($file, [ref] $tokens, [ref] $errors)
        foreach ($parseError in $errors) {
            [pscustomobject]@{ File = $file; Line = $parseError.Extent.StartLineNumber; What = "does not parse on PowerShell $($PSVersionTable.PSVersion)"; Text = $parseError.Message }
        }

        $describes = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -eq 'Describe' }, $true))
        if ($describes.Count -gt 0 -and @($describes | Where-Object { -not (Test-SkippedOnDesktop $_) }).Count -eq 0) { return }

        $importsThreadJob = $null -ne $ast.Find({
                param($n)
                $n -is [System.Management.Automation.Language.IfStatementAst] -and
                @($n.Clauses | Where-Object { $_.Item1.Extent.Text.Trim() -match $skipOnDesktop -and $_.Item2.Extent.Text -match 'Import-Module\s+ThreadJob' }).Count -gt 0
            }, $true)

        foreach ($node in $ast.FindAll({ $true }, $true)) {
            $type = $node.GetType().Name
            $what = $null
            switch ($type) {
                'TernaryExpressionAst' { $what = 'the ternary operator ?:' }
                'PipelineChainAst' { $what = "the pipeline chain operator $($node.Operator -replace 'AndAnd', '&&' -replace 'OrOr', '||')" }
                'BinaryExpressionAst' { if ("$($node.Operator)" -eq 'QuestionQuestion') { $what = 'the null-coalescing operator ??' } }
                'AssignmentStatementAst' { if ("$($node.Operator)" -eq 'QuestionQuestionEquals') { $what = 'the null-coalescing assignment ??=' } }
                { $_ -in 'MemberExpressionAst', 'InvokeMemberExpressionAst', 'IndexExpressionAst' } {
                    if ($node.PSObject.Properties['NullConditional'] -and $node.NullConditional) { $what = 'the null-conditional operator ?. or ?[]' }
                    elseif ($type -ne 'IndexExpressionAst' -and $node.Member -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $node.Member.Value -in $members) {
                        $what = "the .NET member $($node.Member.Value), which .NET Framework lacks"
                    }
                }
                'VariableExpressionAst' { if ($node.VariablePath.UserPath -in $variables) { $what = "the PowerShell 7 variable `$$($node.VariablePath.UserPath)" } }
                'NamedBlockAst' { if ("$($node.BlockKind)" -eq 'Clean') { $what = 'a clean {} block' } }
                'CommandAst' {
                    $name = $node.GetCommandName()
                    if ($name -in $commands -and -not ($name -eq 'Start-ThreadJob' -and $importsThreadJob)) { $what = "the command $name" }
                    elseif ($name -and $parameters.ContainsKey($name)) {
                        $bad = @($node.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] -and $_.ParameterName -in $parameters[$name] })
                        if ($bad) { $what = "$name -$($bad[0].ParameterName)" }
                        elseif ($name -eq 'Join-Path' -and @($node.CommandElements | Select-Object -Skip 1 | Where-Object { $_ -isnot [System.Management.Automation.Language.CommandParameterAst] }).Count -gt 2) {
                            $what = 'Join-Path with more than two paths'
                        }
                    }
                }
            }
            if ($what -and -not (Test-InsideCoreOnly $node)) { New-Finding $file $node $what }
        }
    }
}
