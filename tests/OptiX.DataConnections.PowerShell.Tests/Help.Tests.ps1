# Every exported cmdlet has real help (from docs/ through build/Build-Help.ps1), as Get-Help shows it.
BeforeDiscovery {
    # The cmdlet list comes from the manifest, so that discovery loads no assembly.
    $manifest = Import-PowerShellDataFile (Join-Path $env:OPTIX_TEST_MODULE 'OptiX.DataConnections.psd1')
    $Cmdlets = @($manifest.CmdletsToExport)
}

BeforeAll {
    Import-Module $env:OPTIX_TEST_MODULE -Force
    $Common = [System.Management.Automation.Cmdlet]::CommonParameters

    function Get-Text($Item) { (@($Item) | ForEach-Object { $_.Text }) -join "`n" }
}

Describe 'The help files' {
    It 'ships the MAML that Get-Help looks up for the cmdlet assembly' {
        $helpFile = (Get-Command Send-DCData).HelpFile
        $helpFile | Should -Be 'OptiX.DataConnections.PowerShell.dll-Help.xml'
        Join-Path $env:OPTIX_TEST_MODULE "en-US/$helpFile" | Should -Exist
    }

    It 'has the about_OptiX_DataConnections topic' {
        Join-Path $env:OPTIX_TEST_MODULE 'en-US/about_OptiX_DataConnections.help.txt' | Should -Exist
        $about = Get-Help about_OptiX_DataConnections -ErrorAction Stop | Out-String
        $about | Should -Match 'about_OptiX_DataConnections'
        $about | Should -Match 'SHORT DESCRIPTION'
        $about | Should -Match 'OPTIX_API_KEY'
    }
}

Describe 'Help for <_>' -ForEach $Cmdlets {
    BeforeAll {
        $Name = $_
        $Help = Get-Help $Name -Full
        $Command = Get-Command $Name
    }

    It 'has a synopsis that is not the generated syntax' {
        $Help.Synopsis | Should -Not -BeNullOrEmpty
        $Help.Synopsis.Trim() | Should -Not -Match ('^' + [regex]::Escape($Name) + '(\s|$)')
        $Help.Synopsis | Should -Not -Match '<CommonParameters>'
    }

    It 'has a description' {
        Get-Text $Help.description | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples, each with code and an explanation' {
        $examples = @($Help.examples.example | Where-Object { $_ })
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.code | Should -Not -BeNullOrEmpty -Because $example.title
            (Get-Text $example.remarks).Trim() | Should -Not -BeNullOrEmpty -Because $example.title
        }
    }

    It 'describes every parameter' {
        foreach ($parameter in $Command.Parameters.Keys | Where-Object { $Common -notcontains $_ }) {
            $parameterHelp = Get-Help $Name -Parameter $parameter
            (Get-Text $parameterHelp.description).Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name needs a description"
        }
    }
}
