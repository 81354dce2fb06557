<#
.SYNOPSIS
    Builds the module's offline help from docs/: MAML for the cmdlets and a help.txt for each about topic.
.DESCRIPTION
    Reads docs/<Cmdlet-Name>.md (the format is in docs/README.md) and the metadata of the built module's cmdlets; it
    imports the module into this process, so run it in a child pwsh. The words come from the markdown; parameter types,
    sets, positions, pipeline input, aliases, wildcards and default values come from the cmdlets themselves.
    It throws when an exported cmdlet has no markdown, when a parameter (other than the common ones) has no section,
    when a required section is missing or a cmdlet has fewer than two examples: missing help breaks the build. Docs
    ahead of the build (a cmdlet or parameter not built yet) only warn.
    The first related link is "Online Version:", which Get-Help -Online opens: the cmdlet's HelpUri (made at build from
    RepositoryUrl), or docs/<Name>.md on the main branch of -RepositoryUri when given; with neither, a note and no address.
.EXAMPLE
    pwsh -NoProfile -File build/Build-Help.ps1 -DocsPath docs -ModulePath out/OptiX.DataConnections -OutputPath out/OptiX.DataConnections/en-US
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $DocsPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutputPath,

    # https://host/owner/repo: links each cmdlet's help to docs/<Name>.md there instead of the cmdlet's own HelpUri.
    [string] $RepositoryUri
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$DocsPath = (Resolve-Path $DocsPath).Path   # .NET file APIs do not follow PowerShell's current location
$Utf8 = New-Object System.Text.UTF8Encoding($true)
$RequiredSections = 'SYNOPSIS', 'DESCRIPTION', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'EXAMPLES', 'NOTES', 'RELATED LINKS'
$StandardParameters = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}

# A markdown file as { Name; Sections: title -> { Lines; Items: { Title; Lines } } }; headings inside code fences are text.
function Read-HelpMarkdown([string] $Path) {
    $doc = [pscustomobject]@{ Name = $null; Sections = [ordered]@{} }
    $section = $null; $item = $null; $inFence = $false
    foreach ($line in [IO.File]::ReadAllLines($Path)) {
        if ($line -match '^```') { $inFence = -not $inFence }
        elseif (-not $inFence -and $line -match '^# (.+)$') { $doc.Name = $Matches[1].Trim(); continue }
        elseif (-not $inFence -and $line -match '^## (.+)$') {
            $section = [pscustomobject]@{ Lines = New-Object Collections.Generic.List[string]; Items = New-Object Collections.Generic.List[object] }
            $doc.Sections[$Matches[1].Trim().ToUpperInvariant()] = $section
            $item = $null
            continue
        }
        elseif (-not $inFence -and $line -match '^### (.+)$' -and $section) {
            $item = [pscustomobject]@{ Title = $Matches[1].Trim(); Lines = New-Object Collections.Generic.List[string] }
            $section.Items.Add($item)
            continue
        }
        if ($item) { $item.Lines.Add($line) } elseif ($section) { $section.Lines.Add($line) }
    }
    return $doc
}

# Inline markdown as plain text: links keep their text, emphasis and code marks go.
function Format-Inline([string] $Text) {
    return ($Text -replace '\[([^\]]+)\]\([^)]+\)', '$1' -replace '\*\*', '' -replace '`', '').Trim()
}

# Blocks separated by blank lines become paragraphs; each list item is its own paragraph; code blocks stay verbatim.
function ConvertTo-Paragraph([string[]] $Lines) {
    $paragraphs = New-Object Collections.Generic.List[string]
    $current = New-Object Collections.Generic.List[string]
    $code = $null
    foreach ($line in $Lines) {
        if ($null -ne $code) {
            if ($line -match '^```') { $paragraphs.Add(($code -join "`n")); $code = $null } else { $code += , $line }
            continue
        }
        if ($line -match '^```' -or $line -match '^\s*$' -or $line -match '^\s*[-*] ') {
            if ($current.Count) { $paragraphs.Add((Format-Inline ($current -join ' '))); $current.Clear() }
            if ($line -match '^```') { $code = @() }
            if ($line -notmatch '^\s*[-*] ') { continue }
        }
        $current.Add($line.Trim())
    }
    if ($current.Count) { $paragraphs.Add((Format-Inline ($current -join ' '))) }
    return , $paragraphs.ToArray()
}

function Esc([string] $Text) { return [Security.SecurityElement]::Escape($Text) }

function Get-ParaXml([string[]] $Paragraphs) {
    if (-not $Paragraphs) { return '<maml:para />' }
    return ($Paragraphs | ForEach-Object { "<maml:para>$(Esc $_)</maml:para>" }) -join ''
}

function Get-DisplayType([type] $Type) { $underlying = [Nullable]::GetUnderlyingType($Type); if ($underlying) { $underlying } else { $Type } }

# The value a parameter has when it is not given, read from a fresh instance of the cmdlet.
function Get-DefaultValue($Instance, [string] $Name) {
    $value = if ($Instance -and $Instance.PSObject.Properties[$Name]) { $Instance.$Name }
    if ($null -eq $value -or "$value" -eq '' -or ($value -is [Array] -and $value.Length -eq 0) -or ($value -is [guid] -and $value -eq [guid]::Empty)) { return 'None' }
    return "$value"
}

function B([bool] $Value) { return $Value.ToString().ToLowerInvariant() }

# One <command:parameter>; $Info holds Required, Position, Pipeline; -Syntax leaves a switch's type out, as Get-Help shows it.
function Get-ParameterXml($Metadata, [hashtable] $Info, [string[]] $Description, [string] $Default, [switch] $Syntax) {
    $type = Get-DisplayType $Metadata.ParameterType
    $isSwitch = $type -eq [switch]
    $aliases = if ($Metadata.Aliases.Count) { $Metadata.Aliases -join ', ' } else { 'none' }
    $globbing = [bool]($Metadata.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
    $values = if ($type.IsEnum) { [Enum]::GetNames($type) } else { $Metadata.Attributes | Where-Object { $_ -is [ValidateSet] } | ForEach-Object ValidValues }
    $attributes = "required=`"$(B $Info.Required)`" variableLength=`"$(B $type.IsArray)`" globbing=`"$(B $globbing)`" pipelineInput=`"$($Info.Pipeline)`" position=`"$($Info.Position)`" aliases=`"$(Esc $aliases)`""
    $xml = "<command:parameter $attributes><maml:name>$($Metadata.Name)</maml:name><maml:description>$(Get-ParaXml $Description)</maml:description>"
    if ($values) {
        $xml += '<command:parameterValueGroup>' + (($values | ForEach-Object { "<command:parameterValue required=`"false`" variableLength=`"false`">$(Esc $_)</command:parameterValue>" }) -join '') + '</command:parameterValueGroup>'
    }
    if (-not ($Syntax -and $isSwitch)) {
        $xml += "<command:parameterValue required=`"$(B (-not $isSwitch))`" variableLength=`"$(B $type.IsArray)`">$(Esc $type.Name)</command:parameterValue>"
    }
    return $xml + "<dev:type><maml:name>$(Esc $type.FullName)</maml:name><maml:uri /></dev:type><dev:defaultValue>$(Esc $Default)</dev:defaultValue></command:parameter>"
}

function Get-PipelineText([bool] $ByValue, [bool] $ByPropertyName) {
    $how = @(); if ($ByValue) { $how += 'ByValue' }; if ($ByPropertyName) { $how += 'ByPropertyName' }
    if ($how) { return "True ($($how -join ', '))" }
    return 'False'
}

function Get-PositionText([int] $Position) { if ($Position -ge 0) { return "$Position" } else { return 'named' } }

# Get-Help -Online opens the first related link with an address, else the cmdlet's HelpUri.
function Get-OnlineLinkXml($Command) {
    $uri = if ($RepositoryUri) { "$($RepositoryUri.TrimEnd('/'))/blob/main/docs/$($Command.Name).md" } else { $Command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].HelpUri }
    $text = if ($uri) { 'Online Version:' } else { "Online Version: not published; this help is the whole text (Get-Help $($Command.Name) -Full)" }
    return "<maml:navigationLink><maml:linkText>$(Esc $text)</maml:linkText><maml:uri>$(Esc $uri)</maml:uri></maml:navigationLink>"
}

function ConvertTo-CommandXml($Command, $Doc) {
    $common = [System.Management.Automation.Cmdlet]::CommonParameters
    $documented = [ordered]@{}
    foreach ($item in $Doc.Sections['PARAMETERS'].Items) {
        if ($item.Title -notmatch '^-(\w+)$') { throw "$($Command.Name): the parameter heading '### $($item.Title)' must be '### -Name'." }
        if ($Command.Parameters.ContainsKey($Matches[1])) { $documented[$Matches[1]] = ConvertTo-Paragraph $item.Lines }
        else { Write-Warning "$($Command.Name): docs describe -$($Matches[1]), which the built cmdlet does not have; skipped." }
    }
    $names = @($Command.Parameters.Keys | Where-Object { $common -notcontains $_ })
    foreach ($name in $names) {
        if (-not $documented.Contains($name) -and -not $StandardParameters.ContainsKey($name)) { throw "$($Command.Name): docs have no '### -$name' section." }
        if (-not $documented.Contains($name)) { $documented[$name] = @($StandardParameters[$name]) }
    }
    $defaults = @{}
    $instance = if (-not $Command.ImplementingType.IsAbstract) { [Activator]::CreateInstance($Command.ImplementingType) }
    try { foreach ($name in $names) { $defaults[$name] = Get-DefaultValue $instance $name } }
    finally { if ($instance -is [IDisposable]) { $instance.Dispose() } }

    $syntax = foreach ($set in ($Command.ParameterSets | Sort-Object { -not $_.IsDefault })) {
        $parameters = @($set.Parameters | Where-Object { $common -notcontains $_.Name })
        $ordered = @($parameters | Where-Object Position -ge 0 | Sort-Object Position) + @($parameters | Where-Object Position -lt 0 | Sort-Object { -not $_.IsMandatory })
        $items = foreach ($p in $ordered) {
            $info = @{ Required = $p.IsMandatory; Position = Get-PositionText $p.Position; Pipeline = Get-PipelineText $p.ValueFromPipeline $p.ValueFromPipelineByPropertyName }
            Get-ParameterXml $p $info $documented[$p.Name] $defaults[$p.Name] -Syntax
        }
        "<command:syntaxItem><maml:name>$($Command.Name)</maml:name>$($items -join '')</command:syntaxItem>"
    }
    $parameterXml = foreach ($name in $documented.Keys) {
        $sets = @($Command.Parameters[$name].ParameterSets.Values)
        $position = @($sets | Where-Object Position -ge 0 | ForEach-Object Position) + @([int]::MinValue)
        $info = @{
            Required = [bool]($sets | Where-Object IsMandatory)
            Position = Get-PositionText $position[0]
            Pipeline = Get-PipelineText ([bool]($sets | Where-Object ValueFromPipeline)) ([bool]($sets | Where-Object ValueFromPipelineByPropertyName))
        }
        Get-ParameterXml $Command.Parameters[$name] $info $documented[$name] $defaults[$name]
    }
    $typeXml = {
        param($Section, $Element)
        ($Doc.Sections[$Section].Items | ForEach-Object {
                "<command:$Element><dev:type><maml:name>$(Esc $_.Title)</maml:name><maml:uri /></dev:type><maml:description>$(Get-ParaXml (ConvertTo-Paragraph $_.Lines))</maml:description></command:$Element>"
            }) -join ''
    }
    $examples = @($Doc.Sections['EXAMPLES'].Items | ForEach-Object {
            $fence = @($_.Lines | Select-String -Pattern '^```' | ForEach-Object LineNumber)
            if ($fence.Count -lt 2) { throw "$($Command.Name): '$($_.Title)' needs a fenced code block." }
            $code = $_.Lines[$fence[0]..($fence[1] - 2)] -join "`n"
            $remarks = ConvertTo-Paragraph @($_.Lines | Select-Object -Skip $fence[1])
            "<command:example><maml:title>--------- $(Esc $_.Title) ---------</maml:title><dev:code>$(Esc $code)</dev:code><dev:remarks>$(Get-ParaXml ($remarks + ''))</dev:remarks></command:example>"
        })
    if ($examples.Count -lt 2) { throw "$($Command.Name): docs need at least two examples." }
    $links = foreach ($line in $Doc.Sections['RELATED LINKS'].Lines | Where-Object { $_ -match '\S' }) {
        $text = Format-Inline ($line -replace '^\s*[-*]\s*', ''); $uri = ''
        if ($line -match '\]\((https?://[^)]+)\)') { $uri = $Matches[1] }
        "<maml:navigationLink><maml:linkText>$(Esc $text)</maml:linkText><maml:uri>$(Esc $uri)</maml:uri></maml:navigationLink>"
    }
    $verb, $noun = $Command.Name -split '-', 2
    return @"
<command:command>
<command:details><command:name>$($Command.Name)</command:name><command:verb>$verb</command:verb><command:noun>$noun</command:noun><maml:description>$(Get-ParaXml (ConvertTo-Paragraph $Doc.Sections['SYNOPSIS'].Lines))</maml:description></command:details>
<maml:description>$(Get-ParaXml (ConvertTo-Paragraph $Doc.Sections['DESCRIPTION'].Lines))</maml:description>
<command:syntax>$($syntax -join "`n")</command:syntax>
<command:parameters>$($parameterXml -join "`n")</command:parameters>
<command:inputTypes>$(& $typeXml 'INPUTS' 'inputType')</command:inputTypes>
<command:returnValues>$(& $typeXml 'OUTPUTS' 'returnValue')</command:returnValues>
<maml:alertSet><maml:alert>$(Get-ParaXml (ConvertTo-Paragraph $Doc.Sections['NOTES'].Lines))</maml:alert></maml:alertSet>
<command:examples>$($examples -join "`n")</command:examples>
<command:relatedLinks>$(Get-OnlineLinkXml $Command)$($links -join '')</command:relatedLinks>
</command:command>
"@
}

# An about topic: '# about_X' is the TOPIC, '## TITLE' a section at the margin, '### Title' a sub-heading; text wraps at 80.
function ConvertTo-AboutText([string] $Path) {
    $out = New-Object Collections.Generic.List[string]
    $paragraph = New-Object Collections.Generic.List[string]
    $inFence = $false; $lastWasItem = $false
    $flush = {
        if ($paragraph.Count) {
            $text = Format-Inline ($paragraph -join ' ')
            $isItem = $text -match '^[-*] '
            if ($isItem -and $lastWasItem) { $out.RemoveAt($out.Count - 1) }   # list items close up ($flush is dot-sourced)
            Format-Wrapped $text 4 $(if ($isItem) { 6 } else { 4 }) | ForEach-Object { $out.Add($_) }
            $out.Add(''); $paragraph.Clear(); $lastWasItem = $isItem
        }
    }
    foreach ($line in [IO.File]::ReadAllLines($Path)) {
        if ($line -match '^```') {
            . $flush; $inFence = -not $inFence; $lastWasItem = $false
            if (-not $inFence -or ($out.Count -and $out[$out.Count - 1] -ne '')) { $out.Add('') }
            continue
        }
        if ($inFence) { $out.Add(('        ' + $line).TrimEnd()); continue }
        if ($line -match '^# (.+)$') { $out.Add('TOPIC'); $out.Add("    $($Matches[1].Trim())"); $out.Add(''); continue }
        if ($line -match '^##(#?) (.+)$') {
            . $flush; $lastWasItem = $false
            if ($Matches[1]) { $out.Add("  $($Matches[2].Trim())") } else { $out.Add($Matches[2].Trim().ToUpperInvariant()) }
            continue
        }
        if ($line -match '^\s*$' -or $line -match '^\s*[-*] ') { . $flush; if ($line -match '^\s*$') { continue } }
        $paragraph.Add($line.Trim())
    }
    . $flush
    return ($out -join [Environment]::NewLine).TrimEnd() + [Environment]::NewLine
}

function Format-Wrapped([string] $Text, [int] $Indent, [int] $Hanging, [int] $Width = 80) {
    $line = ' ' * $Indent
    foreach ($word in ($Text -split ' ' | Where-Object { $_ })) {
        if ($line.Trim() -and $line.Length + 1 + $word.Length -gt $Width) { $line.TrimEnd(); $line = ' ' * $Hanging + $word }
        elseif ($line.Trim()) { $line += " $word" }
        else { $line += $word }
    }
    $line.TrimEnd()
}

$module = Import-Module (Resolve-Path $ModulePath).Path -Force -PassThru -Verbose:$false
$commands = @(Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)
if (-not $commands) { throw "The module at '$ModulePath' exports no cmdlets." }
$helpFiles = @($commands | ForEach-Object HelpFile | Sort-Object -Unique)
if ($helpFiles.Count -ne 1) { throw "The cmdlets name $($helpFiles.Count) help files ($($helpFiles -join ', ')); expected one." }

$xml = foreach ($command in $commands) {
    $path = Join-Path $DocsPath "$($command.Name).md"
    if (-not (Test-Path $path)) { throw "$($command.Name) has no help: write $path (see docs/README.md)." }
    $doc = Read-HelpMarkdown $path
    if ($doc.Name -ne $command.Name) { throw "$path must start with '# $($command.Name)'." }
    foreach ($section in $RequiredSections) { if (-not $doc.Sections.Contains($section)) { throw "$path has no '## $section' section." } }
    ConvertTo-CommandXml $command $doc
}
$exported = @($commands.Name)
Get-ChildItem $DocsPath -Filter '*-*.md' | Where-Object { $exported -notcontains $_.BaseName } |
    ForEach-Object { Write-Warning "$($_.Name) describes a cmdlet the built module does not export; it was skipped." }

$maml = @"
<?xml version="1.0" encoding="utf-8"?>
<helpItems schema="maml" xmlns="http://msh" xmlns:maml="http://schemas.microsoft.com/maml/2004/10" xmlns:command="http://schemas.microsoft.com/maml/dev/command/2004/10" xmlns:dev="http://schemas.microsoft.com/maml/dev/2004/10">
$($xml -join "`n")
</helpItems>
"@
$null = [xml] $maml   # well-formed, or throw here rather than in Get-Help
$null = New-Item -ItemType Directory -Force $OutputPath
$outputFolder = (Resolve-Path $OutputPath).Path
[IO.File]::WriteAllText((Join-Path $outputFolder $helpFiles[0]), $maml, $Utf8)
foreach ($about in Get-ChildItem $DocsPath -Filter 'about_*.md') {
    [IO.File]::WriteAllText((Join-Path $outputFolder "$($about.BaseName).help.txt"), (ConvertTo-AboutText $about.FullName), $Utf8)
}
Write-Verbose "Help for $($commands.Count) cmdlets written to $outputFolder"
