<#
.SYNOPSIS
    The runbook journey in one process, for Windows PowerShell 5.1 (and PowerShell 7): import, Start-DCEmulator,
    Send-DCData -Path, Invoke-DCQuery, and Monetate with a PEM key.
.DESCRIPTION
    .github/workflows/windows.yml runs it under powershell.exe; Conventions.Tests.ps1 runs it under the edition that
    runs the tests. It makes its own RSA key pair and writes it as PEM (PKCS#1 private key, SubjectPublicKeyInfo public
    key) from the key's parameters, since .NET Framework has no PEM export. Prints one line per step and exits 1 at the
    first failure.
.EXAMPLE
    powershell.exe -NoProfile -File tests/WindowsPowerShell/Invoke-SmokeJourney.ps1 -ModulePath ./out/OptiX.DataConnections
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Rows = 1000
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

# DER: a length, an INTEGER from big-endian unsigned bytes, a SEQUENCE of encoded parts.
function Remove-LeadingZero([byte[]] $Bytes) {
    $first = 0
    while ($first -lt $Bytes.Length - 1 -and $Bytes[$first] -eq 0) { $first++ }
    return , [byte[]] $Bytes[$first..($Bytes.Length - 1)]
}

function Get-DerLength([int] $Length) {
    if ($Length -lt 128) { return , [byte[]] @($Length) }
    $bytes = [BitConverter]::GetBytes($Length)
    [Array]::Reverse($bytes)
    $bytes = Remove-LeadingZero $bytes
    return , [byte[]] (@(0x80 -bor $bytes.Length) + $bytes)
}

function Get-DerElement([byte] $Tag, [byte[]] $Content) {
    return , [byte[]] (@($Tag) + (Get-DerLength $Content.Length) + $Content)
}

function Get-DerInteger([byte[]] $Value) {
    $bytes = Remove-LeadingZero $Value
    if ($bytes[0] -ge 0x80) { $bytes = [byte[]] (@([byte] 0) + $bytes) }
    return Get-DerElement 0x02 ([byte[]] $bytes)
}

function Get-DerSequence([object[]] $Parts) {
    $content = [Collections.Generic.List[byte]]::new()
    foreach ($part in $Parts) { $content.AddRange([byte[]] $part) }
    return Get-DerElement 0x30 $content.ToArray()
}

function ConvertTo-Pem([string] $Label, [byte[]] $Der) {
    $base64 = [Convert]::ToBase64String($Der)
    $lines = for ($i = 0; $i -lt $base64.Length; $i += 64) { $base64.Substring($i, [Math]::Min(64, $base64.Length - $i)) }
    return "-----BEGIN $Label-----`n$($lines -join "`n")`n-----END $Label-----`n"
}

function New-PemKeyPair([string] $Folder) {
    $rsa = New-Object System.Security.Cryptography.RSACryptoServiceProvider 2048
    $p = $rsa.ExportParameters($true)
    $private = Get-DerSequence @((Get-DerInteger ([byte[]] @(0))), (Get-DerInteger $p.Modulus), (Get-DerInteger $p.Exponent), (Get-DerInteger $p.D),
        (Get-DerInteger $p.P), (Get-DerInteger $p.Q), (Get-DerInteger $p.DP), (Get-DerInteger $p.DQ), (Get-DerInteger $p.InverseQ))
    $rsaEncryption = [byte[]] @(0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00)
    $publicKey = Get-DerSequence @((Get-DerInteger $p.Modulus), (Get-DerInteger $p.Exponent))
    $public = Get-DerSequence @((Get-DerElement 0x30 $rsaEncryption), (Get-DerElement 0x03 ([byte[]] (@([byte] 0) + $publicKey))))
    $rsa.Dispose()
    $pair = [pscustomobject]@{ Private = Join-Path $Folder 'smoke-user.pem'; Public = Join-Path $Folder 'smoke-user.pub.pem' }
    [IO.File]::WriteAllText($pair.Private, (ConvertTo-Pem 'RSA PRIVATE KEY' $private))
    [IO.File]::WriteAllText($pair.Public, (ConvertTo-Pem 'PUBLIC KEY' $public))
    return $pair
}

function Step([string] $Name, [scriptblock] $Action) {
    try {
        $result = & $Action
        Write-Host "ok    $Name$(if ($result) { ": $result" })"
    }
    catch {
        Write-Host "FAIL  ${Name}: $_"
        throw
    }
}

$work = Join-Path ([IO.Path]::GetTempPath()) ("optix-smoke-" + [guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory $work
$emulatorStarted = $false
try {
    Write-Host "Smoke journey on PowerShell $($PSVersionTable.PSVersion) ($($PSVersionTable.PSEdition)), $([Runtime.InteropServices.RuntimeInformation]::FrameworkDescription)"
    $csv = Join-Path $work 'customers.csv'
    $lines = @('customer_id,email,tier') + @(1..$Rows | ForEach-Object { "c$_,c$_@example.com,$(('gold', 'silver')[$_ % 2])" })
    [IO.File]::WriteAllLines($csv, [string[]] $lines)
    $keys = New-PemKeyPair $work

    Step 'Import-Module' { Import-Module (Resolve-Path $ModulePath).Path; (Get-Module OptiX.DataConnections).Version }
    Step 'Start-DCEmulator (with a Monetate API user)' {
        $script:Emulator = Start-DCEmulator -MonetateUser @{ 'smoke-user' = $keys.Public } -Retailer smoke -PassThru
        $script:emulatorStarted = $true
        $Emulator.BaseUri
    }
    Step 'New-DataConnection' { $script:Connection = New-DataConnection -Name 'smoke' -PrimaryKey customer_id; $Connection.ConnectionId }
    Step 'Send-DCData -Path' {
        $summary = Send-DCData -ConnectionId $Connection.ConnectionId -Path $csv -PassThru
        if ($summary.RecordsSent -ne $Rows -or -not $summary.BatchCompleted) { throw "sent $($summary.RecordsSent) of $Rows, completed: $($summary.BatchCompleted)" }
        "$($summary.RecordsSent) records in $($summary.Requests) request(s)"
    }
    Step 'Invoke-DCQuery' {
        $record = Invoke-DCQuery -ConnectionId $Connection.ConnectionId -PrimaryKey c7
        if ($record.email -ne 'c7@example.com') { throw "read $($record | ConvertTo-Json -Compress)" }
        $record.email
    }
    Step 'Connect-MonetateService -PrivateKeyPath (PEM)' {
        Connect-MonetateService -ApiUser smoke-user -PrivateKeyPath $keys.Private -Retailer smoke -BaseUri $Emulator.MonetateBaseUri
        'connected'
    }
    Step 'New-MonetateSchema' {
        $null = New-MonetateSchema -Name customers -Field ([ordered]@{ customer_id = 'STRING'; email = 'STRING'; tier = 'STRING' }) -Identifier customer_id -UniqueKey customer_id -NamedIdentifier customer_id
        'customers'
    }
    Step 'Send-MonetateData -Path' {
        $summary = Send-MonetateData -Schema customers -Path $csv -PassThru
        if ($summary.RowsSent -ne $Rows) { throw "sent $($summary.RowsSent) of $Rows rows" }
        "$($summary.RowsSent) rows"
    }
    Step 'Get-MonetateRecord' {
        $record = Get-MonetateRecord -Schema customers -Id c8
        if ($record.tier -ne 'gold') { throw "read $($record | ConvertTo-Json -Compress)" }
        $record.tier
    }
    Write-Host 'Smoke journey: every step passed.'
}
catch {
    Write-Host "Smoke journey failed: $_"
    exit 1
}
finally {
    if ($emulatorStarted) { Stop-DCEmulator }
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
