# Get-Help -Online: each cmdlet's help links its docs/<Name>.md in the repository, all from one address (build.ps1
# -RepositoryUri, else the clone's origin), in the cmdlet's HelpUri and in the MAML's first related link; with no address
# the help still builds and names none. Help is rebuilt here by build/Build-Help.ps1 into copies of the module (without
# the emulator) in a temporary folder, and read back in a new pwsh.
BeforeAll {
    Import-Module $env:OPTIX_TEST_MODULE -Force
    $Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    . (Join-Path $Root 'build/RepositoryUri.ps1')
    $Cmdlets = @((Import-PowerShellDataFile (Join-Path $env:OPTIX_TEST_MODULE 'OptiX.DataConnections.psd1')).CmdletsToExport)
    $Work = Join-Path ([IO.Path]::GetTempPath()) "optix-online-help-$([guid]::NewGuid().ToString('N'))"
    $HelpFile = 'OptiX.DataConnections.PowerShell.dll-Help.xml'
    $Given = 'https://example.test/owner/repo'

    . (Join-Path $PSScriptRoot 'Invoke-ChildPwsh.ps1')

    # A copy of the built module whose help Build-Help wrote with -RepositoryUri $RepositoryUri ('' : none).
    function New-HelpBuild([string] $Name, [string] $RepositoryUri) {
        $copy = Join-Path $Work "$Name/OptiX.DataConnections"
        $null = New-Item -ItemType Directory -Force $copy
        Get-ChildItem $env:OPTIX_TEST_MODULE | Where-Object { $_.Name -notin 'emulator', 'en-US' } | Copy-Item -Destination $copy -Recurse
        $build = Invoke-ChildPwsh -ArgumentList (Join-Path $Root 'build/Build-Help.ps1'), (Join-Path $Root 'docs'), $copy, $RepositoryUri -Script {
            param([string] $BuildHelp, [string] $Docs, [string] $Module, [string] $RepositoryUri)
            & $BuildHelp -DocsPath $Docs -ModulePath $Module -OutputPath (Join-Path $Module 'en-US') -RepositoryUri $RepositoryUri
        }
        $maml = Join-Path $copy "en-US/$HelpFile"
        [pscustomobject]@{ Path = $copy; Build = $build; Links = if (Test-Path $maml) { Get-OnlineLink $maml } }
    }

    # Cmdlet name -> its help's first related link (linkText, uri), read from a MAML file.
    function Get-OnlineLink([string] $MamlPath) {
        $links = @{}
        # By tag name: the root's xmlns:command attribute would hide its command elements from the property syntax.
        foreach ($command in ([xml](Get-Content -Raw $MamlPath)).GetElementsByTagName('command:command')) {
            $links[$command.details.name] = @($command.relatedLinks.navigationLink)[0]
        }
        $links
    }

    # Cmdlet name -> the address Get-Help -Online would open for the module at $ModulePath, as "opens <address>", read
    # in a new pwsh from CommandInfo.HelpUri (the cmdlet's HelpUri, else the help file's first link with an address:
    # the help system's own lookup). With no address at all, Get-Help -Online runs (it can start no browser) and its
    # error comes back as "fails: <message>". PowerShell's test hook that prints instead of starting a browser cannot
    # serve: in PowerShell 7 it also makes Get-Help skip the help file.
    function Get-OnlineHelp([string] $ModulePath) {
        $child = Invoke-ChildPwsh -ArgumentList $ModulePath, ($Cmdlets -join ',') -Script {
            param([string] $ModulePath, [string] $Names)
            Import-Module $ModulePath
            foreach ($name in $Names -split ',') {
                $uri = (Get-Command $name).HelpUri
                if ($uri) { "$name opens $uri"; continue }
                try { Get-Help $name -Online -ErrorAction Stop; "$name opens nothing" } catch { "$name fails: $($_.Exception.Message)" }
            }
        }
        $child.ExitCode | Should -Be 0 -Because $child.Output
        $answers = @{}
        foreach ($line in $child.Output -split '\r?\n') {
            if ($line -match '^(\S+) ((opens|fails:) .*)$') { $answers[$Matches[1]] = $Matches[2] }
        }
        $answers
    }

    function Get-HelpUriAttribute([string] $Name) {
        (Get-Command $Name).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].HelpUri
    }
}

AfterAll {
    Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue
}

Describe 'The repository address' {
    It 'is the https address of <Remote>' -ForEach @(
        @{ Remote = 'https://github.com/owner/repo.git'; Expected = 'https://github.com/owner/repo' }
        @{ Remote = 'https://github.com/owner/repo/'; Expected = 'https://github.com/owner/repo' }
        @{ Remote = 'https://user:token@github.com/owner/repo.git'; Expected = 'https://github.com/owner/repo' }
        @{ Remote = 'git@github.com:owner/repo.git'; Expected = 'https://github.com/owner/repo' }
        @{ Remote = 'ssh://git@gitlab.example.com/group/sub/repo.git'; Expected = 'https://gitlab.example.com/group/sub/repo' }
    ) {
        ConvertTo-RepositoryUri $Remote | Should -BeExactly $Expected
    }

    It 'is none for <Remote>' -ForEach @(
        @{ Remote = '/srv/git/repo.git' }
        @{ Remote = 'file:///srv/git/repo.git' }
        @{ Remote = 'http://github.com/owner/repo' }
        @{ Remote = 'https://github.com/repo' }
        @{ Remote = '' }
    ) {
        ConvertTo-RepositoryUri $Remote | Should -BeNullOrEmpty
    }

    It 'refuses a -RepositoryUri that is not an https repository address, and takes empty for none' {
        { Resolve-RepositoryUri 'not an address' $true $Root } | Should -Throw '*-RepositoryUri*'
        Resolve-RepositoryUri '' $true $Root | Should -BeNullOrEmpty
        Resolve-RepositoryUri 'https://example.test/owner/repo.git' $true $Root | Should -BeExactly $Given
    }
}

Describe 'The built module' {
    It 'links in each help the address its cmdlet''s HelpUri names: its docs page, or none' {
        $links = Get-OnlineLink (Join-Path $env:OPTIX_TEST_MODULE "en-US/$HelpFile")
        foreach ($name in $Cmdlets) {
            $helpUri = Get-HelpUriAttribute $name
            $links[$name].uri | Should -BeExactly $helpUri -Because $name
            if ($helpUri) { $helpUri | Should -Match ('^https://[^/]+/.+/blob/main/docs/' + [regex]::Escape($name) + '\.md$') }
        }
    }

    It 'makes HelpUri from RepositoryUrl at build, as Build-Help makes the link from -RepositoryUri' -Skip:(-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
        $generated = Join-Path $Work 'HelpLinks.g.cs'
        $project = Join-Path $Root 'src/OptiX.DataConnections.PowerShell/OptiX.DataConnections.PowerShell.csproj'
        $output = & dotnet msbuild $project -t:WriteHelpLinks "-p:RepositoryUrl=$Given" "-p:HelpLinksFile=$generated" -nologo -v:q 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $output
        $constants = Get-Content -Raw $generated
        foreach ($name in $Cmdlets) {
            $constants | Should -Match ('const string ' + ($name -replace '-', '') + ' = "' + [regex]::Escape("$Given/blob/main/docs/$name.md") + '";')
        }
    }
}

Describe 'Help built with -RepositoryUri' {
    BeforeAll {
        $Built = New-HelpBuild 'given' $Given
    }

    It 'builds' {
        $Built.Build.ExitCode | Should -Be 0 -Because $Built.Build.Output
    }

    It 'has "Online Version:" and the cmdlet''s docs page as the first related link of every exported cmdlet' {
        $Built.Links.Count | Should -Be $Cmdlets.Count
        foreach ($name in $Cmdlets) {
            $Built.Links[$name].linkText | Should -BeExactly 'Online Version:' -Because $name
            $Built.Links[$name].uri | Should -BeExactly "$Given/blob/main/docs/$name.md" -Because $name
        }
    }

    It 'is what Get-Help -Online opens, unless the cmdlet''s own HelpUri comes first' {
        $online = Get-OnlineHelp $Built.Path
        foreach ($name in $Cmdlets) {
            $expected = Get-HelpUriAttribute $name
            if (-not $expected) { $expected = "$Given/blob/main/docs/$name.md" }
            $online[$name] | Should -BeExactly "opens $expected" -Because $name
        }
    }
}

Describe 'Help built with no -RepositoryUri' {
    BeforeAll {
        $Built = New-HelpBuild 'none' ''
    }

    It 'builds, following the cmdlet''s HelpUri, and with a note instead when that is empty too' {
        $Built.Build.ExitCode | Should -Be 0 -Because $Built.Build.Output
        foreach ($name in $Cmdlets) {
            $helpUri = Get-HelpUriAttribute $name
            $Built.Links[$name].uri | Should -BeExactly $helpUri -Because $name
            $text = if ($helpUri) { 'Online Version:' } else { "Online Version: not published; this help is the whole text (Get-Help $name -Full)" }
            $Built.Links[$name].linkText | Should -BeExactly $text -Because $name
        }
    }

    It 'leaves Get-Help -Online to the cmdlet''s HelpUri, and to PowerShell''s own message when that is empty too' {
        $online = Get-OnlineHelp $Built.Path
        foreach ($name in $Cmdlets) {
            $helpUri = Get-HelpUriAttribute $name
            if ($helpUri) { $online[$name] | Should -BeExactly "opens $helpUri" -Because $name }
            else { $online[$name] | Should -Match '^fails: .*Internet address \(URI\)' -Because $name }
        }
    }
}
