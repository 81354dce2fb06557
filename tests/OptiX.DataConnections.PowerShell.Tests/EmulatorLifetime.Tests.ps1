BeforeAll {
    Import-Module $env:OPTIX_TEST_MODULE -Force
    $DevApiKey = 'optix-emulator-dev-api-key'
    $DevBrandKey = '11111111-1111-4111-8111-111111111111'

    function Get-FreePort {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
    }

    # Reads the child's output until a line matches $Pattern (a pending read carries over to the next call).
    function Wait-Line([System.IO.StreamReader] $Reader, [string] $Pattern, [int] $Seconds) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while ([DateTime]::UtcNow -lt $deadline) {
            if ($null -eq $script:PendingRead) { $script:PendingRead = $Reader.ReadLineAsync() }
            if ($script:PendingRead.Wait(100)) {
                $line = $script:PendingRead.Result
                $script:PendingRead = $null
                if ($null -eq $line) { throw "The shell ended before a line matching '$Pattern'." }
                if ($line -match $Pattern) { return $line }
            }
        }
        throw "No line matching '$Pattern' within $Seconds s."
    }
}

AfterAll {
    Stop-DCEmulator -WarningAction SilentlyContinue
}

Describe 'Start-DCEmulator: an emulator that survives the shell''s Ctrl+C' {
    It 'keeps answering after SIGINT reaches the shell''s process group, and stops when the shell exits' -Skip:(-not $IsLinux) {
        # A shell of its own session (setsid), so that the signal to its group reaches no one else, and with SIGINT
        # handled the default way whatever this test process was started with.
        $pwshDll = Join-Path $PSHOME 'pwsh.dll'
        $start = [System.Diagnostics.ProcessStartInfo]::new('env')
        foreach ($argument in '--default-signal=INT', 'setsid', [Environment]::ProcessPath, $pwshDll, '-NoProfile', '-NonInteractive', '-Command', '-') {
            $start.ArgumentList.Add($argument)
        }
        $start.RedirectStandardInput = $true
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.UseShellExecute = $false
        $start.Environment['NO_COLOR'] = '1'
        $shell = [System.Diagnostics.Process]::Start($start)
        $lines = $shell.StandardOutput
        $script:PendingRead = $null
        $kill = (Get-Command kill -CommandType Application | Select-Object -First 1).Source
        $emulatorId = $null
        try {
            $shell.StandardInput.WriteLine("Import-Module '$env:OPTIX_TEST_MODULE'; `$e = Start-DCEmulator -PassThru; `"READY `$(`$e.ProcessId) `$(`$e.BaseUri)`"")
            $ready = Wait-Line $lines '^READY (\d+) (\S+)$' 60
            $null = $ready -match '^READY (\d+) (\S+)$'
            $emulatorId = [int] $Matches[1]
            $baseUri = $Matches[2]
            $shell.StandardInput.WriteLine("'SLEEPING'; Start-Sleep 120; 'SLEPT'")
            $null = Wait-Line $lines '^SLEEPING$' 30
            Start-Sleep -Milliseconds 500

            # Ctrl+C: SIGINT to every process of the shell's group (what the terminal does).
            & $kill -INT -- "-$($shell.Id)"
            $shell.StandardInput.WriteLine("'AFTER'; (Get-DataConnection | Measure-Object).Count; 'COUNTED'")

            # The sleep was cut short (the signal did reach the shell), and the session still works.
            $null = Wait-Line $lines '^AFTER$' 30
            Wait-Line $lines '^\d+$' 30 | Should -Be '0'
            (Get-Process -Id $emulatorId -ErrorAction SilentlyContinue) | Should -Not -BeNullOrEmpty
            $answer = Invoke-RestMethod -Uri "$baseUri/connections" -Headers @{ 'x-api-key' = $DevApiKey; 'x-brand-key' = $DevBrandKey }
            @($answer).Count | Should -Be 0

            # The shell ends: the emulator does not outlive it.
            $shell.StandardInput.Close()
            $shell.WaitForExit(30000) | Should -BeTrue
            $deadline = [DateTime]::UtcNow.AddSeconds(15)
            while ((Get-Process -Id $emulatorId -ErrorAction SilentlyContinue) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            Get-Process -Id $emulatorId -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }
        finally {
            if (-not $shell.HasExited) { $shell.Kill($true) }
            if ($emulatorId) { Stop-Process -Id $emulatorId -Force -ErrorAction SilentlyContinue }
        }
    }
}

Describe 'Start-DCEmulator: what the child gets and what the user is told' {
    It 'passes no OPTIX_ or MONETATE_ variable and no key on the command line' -Skip:(-not $IsLinux) {
        $saved = @{}
        $secrets = @{
            OPTIX_API_KEY                    = 'optix-secret-7d1f'
            OPTIX_BRAND_KEY                  = 'brand-secret-33aa'
            MONETATE_PRIVATE_KEY             = "-----BEGIN RSA PRIVATE KEY-----`nmonetate-secret-pem`n-----END RSA PRIVATE KEY-----"
            MONETATE_PRIVATE_KEY_PASSPHRASE  = 'monetate-passphrase-9c'
        }
        foreach ($name in $secrets.Keys) {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $secrets[$name])
        }
        try {
            $emulator = Start-DCEmulator -PassThru
            $environ = [IO.File]::ReadAllText("/proc/$($emulator.ProcessId)/environ")
            $cmdline = [IO.File]::ReadAllText("/proc/$($emulator.ProcessId)/cmdline")
            foreach ($value in @($secrets.Values) + $emulator.AdminKey + $DevApiKey) {
                $environ | Should -Not -BeLike "*$value*"
                $cmdline | Should -Not -BeLike "*$value*"
            }
            $environ | Should -Not -Match '(^|\x00)(OPTIX|MONETATE)_'
            $environ | Should -Match '(^|\x00)PATH='
        }
        finally {
            Stop-DCEmulator
            foreach ($name in $secrets.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }

    It 'without -PassThru says where it listens and how another shell connects, the API key only with -Reveal' {
        $hint = (Start-DCEmulator 6>&1 | Out-String)
        try {
            $hint | Should -Match 'The emulator listens at http://127\.0\.0\.1:\d+/api/data-connections/v1'
            $hint | Should -Match "Connect-DCService -BaseUri 'http://127\.0\.0\.1:\d+/api/data-connections/v1' -BrandKey '$DevBrandKey' -ApiKey \(Read-Host -AsSecureString"
            $hint | Should -Not -BeLike "*$DevApiKey*"
            (Get-DataConnection | Measure-Object).Count | Should -Be 0
        }
        finally { Stop-DCEmulator }

        $shown = (Start-DCEmulator -Reveal 6>&1 | Out-String)
        try { $shown | Should -BeLike "*-ApiKey '$DevApiKey'*" }
        finally { Stop-DCEmulator }
        (Start-DCEmulator -PassThru 6>&1 | Where-Object { $_ -is [System.Management.Automation.InformationRecord] }) | Should -BeNullOrEmpty
        Stop-DCEmulator
    }
}

Describe 'An emulator that is no longer running' {
    It 'is said at the first call within seconds, and Stop-DCEmulator reports that it had exited, with its exit code' {
        $emulator = Start-DCEmulator -PassThru
        Stop-Process -Id $emulator.ProcessId -Force
        (Get-Process -Id $emulator.ProcessId -ErrorAction SilentlyContinue) | Wait-Process -Timeout 15 -ErrorAction SilentlyContinue

        $elapsed = Measure-Command {
            $script:failure = { Get-DataConnection -ErrorAction Stop } | Should -Throw -ErrorId 'EmulatorNotRunning,OptiX.DataConnections.PowerShell.Cmdlets.GetDataConnectionCommand' -PassThru
        }
        $elapsed.TotalSeconds | Should -BeLessThan 10
        $script:failure.Exception.Message | Should -BeLike "*The emulator at $($emulator.BaseUri) is not running*Start-DCEmulator*"

        Stop-DCEmulator -WarningVariable stopped -WarningAction SilentlyContinue
        "$stopped" | Should -BeLike "*had already exited, with exit code *"
    }

    It 'is said within seconds to a session of another shell (nothing listens at its loopback port)' {
        $port = Get-FreePort
        Connect-DCService -BaseUri "http://127.0.0.1:$port/api/data-connections/v1" -ApiKey $DevApiKey -BrandKey $DevBrandKey -SkipValidation
        try {
            $elapsed = Measure-Command {
                $script:failure = { Get-DataConnection -ErrorAction Stop } | Should -Throw -ErrorId 'EmulatorNotRunning,OptiX.DataConnections.PowerShell.Cmdlets.GetDataConnectionCommand' -PassThru
            }
            $elapsed.TotalSeconds | Should -BeLessThan 10
            $script:failure.Exception.Message | Should -BeLike "*the emulator at http://127.0.0.1:$port/api/data-connections/v1 is not running*Start-DCEmulator*"
            $script:failure.CategoryInfo.Category | Should -Be 'ConnectionError'
        }
        finally { Disconnect-DCService }
    }
}
