# The README's tour, run as written by a new user: its code blocks, top to bottom, in a new pwsh whose current folder
# is a fresh one holding only what a clone holds (out/ and samples/), with -ErrorAction Stop so that any error fails.
# The API-based block gets a local server for its $stockApi; nothing else in the text is changed.
BeforeAll {
    if ($PSVersionTable.PSEdition -ne 'Core') { Import-Module ThreadJob }  # Windows PowerShell: from the PowerShell Gallery
    $Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $Readme = Get-Content -Raw (Join-Path $Root 'README.md')
    $tour = [regex]::Match($Readme, '(?s)## A short tour\r?\n(.*?)\r?\n## ').Groups[1].Value
    $Blocks = @([regex]::Matches($tour, '(?s)```powershell\r?\n(.*?)```') | ForEach-Object { $_.Groups[1].Value })

    $Work = Join-Path ([IO.Path]::GetTempPath()) "optix-tour-$([guid]::NewGuid().ToString('N'))"
    $null = New-Item -ItemType Directory -Force (Join-Path $Work 'out')
    $null = New-Item -ItemType SymbolicLink -Path (Join-Path $Work 'out/OptiX.DataConnections') -Target $env:OPTIX_TEST_MODULE
    $null = New-Item -ItemType SymbolicLink -Path (Join-Path $Work 'samples') -Target (Join-Path $Root 'samples')

    # The stock API of the second block: a real HTTP server on loopback.
    $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $probe.Start(); $Port = $probe.LocalEndpoint.Port; $probe.Stop()
    $Listener = [Net.HttpListener]::new()
    $Listener.Prefixes.Add("http://127.0.0.1:$Port/")
    $Listener.Start()
    $Server = Start-ThreadJob -ArgumentList $Listener -ScriptBlock {
        param($listener)
        while ($listener.IsListening) {
            try { $context = $listener.GetContext() } catch { break }
            $sku = $context.Request.QueryString['sku']
            $bytes = [Text.Encoding]::UTF8.GetBytes("{""sku"":""$sku"",""store"":""$($context.Request.QueryString['store'])"",""in_stock"":7}")
            $context.Response.ContentType = 'application/json'
            $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
            $context.Response.Close()
        }
    }

    function Invoke-Tour([string] $Code) {
        $script = Join-Path $Work "tour-$([guid]::NewGuid().ToString('N')).ps1"
        # A user answers the confirmation prompt of Remove-DataConnection; the test answers it by parameter.
        Set-Content -Path $script -Value (@(
            '$ErrorActionPreference = ''Stop'''
            '$PSDefaultParameterValues[''Remove-DataConnection:Confirm''] = $false'
            $Code
        ) -join [Environment]::NewLine)
        $exe = (Get-Process -Id $PID).Path
        $pwsh = if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { @($exe, (Join-Path $PSHOME 'pwsh.dll')) } else { @($exe) }
        $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $script)
        Push-Location $Work
        $colour = $env:NO_COLOR
        $env:NO_COLOR = '1'
        try { $output = & $pwsh[0] @arguments 2>&1 | Out-String }
        finally { Pop-Location; $env:NO_COLOR = $colour }
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output }
    }
}

AfterAll {
    $Listener.Stop()
    $Server | Wait-Job -Timeout 5 | Remove-Job -Force
    Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue
}

Describe 'The README tour' {
    It 'has the main block and the API-based block' {
        $Blocks.Count | Should -Be 2
        $Blocks[0] | Should -Match 'New-SampleCustomers\.ps1'
        $Blocks[0] | Should -Not -Match 'PrimaryKey \d' -Because 'keys are text: an unquoted -PrimaryKey 100001 stores a number'
    }

    It 'runs the main block as written, top to bottom, without an error' {
        $run = Invoke-Tour $Blocks[0]
        $run.Output | Should -Not -Match 'Exception|Error:'
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'Target\s+: Emulator'
        $run.Output | Should -Match 'Loyalty'
        $run.Output | Should -Match 'https://shop\.example\.com/p/'
        Join-Path $Work 'customers.csv' | Should -Exist
    }

    It 'runs the API-based block after it, in the same session, against a local API' {
        $run = Invoke-Tour ($Blocks[0] + [Environment]::NewLine + $Blocks[1] -replace [regex]::Escape("'https://api.example.com'"), "'http://127.0.0.1:$Port'")
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'in_stock\s+: 7'
    }
}
