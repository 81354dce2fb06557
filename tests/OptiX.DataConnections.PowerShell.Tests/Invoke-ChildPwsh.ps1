# Runs a script block in a new pwsh like this one ('dotnet pwsh.dll' under the local tool, else pwsh itself), with
# string arguments; returns the exit code and everything it wrote.
function Invoke-ChildPwsh([scriptblock] $Script, [string[]] $ArgumentList) {
    $exe = (Get-Process -Id $PID).Path
    $pwsh = if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { @($exe, (Join-Path $PSHOME 'pwsh.dll')) } else { @($exe) }
    $quoted = @($ArgumentList | ForEach-Object { "'" + ($_ -replace "'", "''") + "'" })
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes("& {$Script} $($quoted -join ' ')"))
    $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded)
    $output = & $pwsh[0] @arguments 2>&1 | Out-String
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output }
}
