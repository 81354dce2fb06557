<#
.SYNOPSIS
    Rehearses samples/Send-ToBothVendors.ps1 against the local emulator: the same customer CSV reaches an Opti-X
    Data Connection and a Monetate dataset. build.ps1 -Task Demo runs it after the main demo.
.DESCRIPTION
    Makes an RSA key pair for a Monetate API user (as Monetate's settings page would receive the public half),
    starts the emulator with that user, creates the connection and the schema, sets the environment variables the
    runbook reads, runs it, and spot-checks one record in each vendor.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/OptiX.DataConnections'),
    [int] $Rows = 20000
)

$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
Import-Module $ModulePath

$work = Join-Path ([IO.Path]::GetTempPath()) "optix-two-vendors-$PID"
$null = New-Item -ItemType Directory -Force $work
$saved = @{}
try {
    $csv = Join-Path $work 'customers.csv'
    & (Join-Path $PSScriptRoot 'New-SampleCustomers.ps1') -Path $csv -Rows $Rows

    $rsa = [System.Security.Cryptography.RSA]::Create(2048)
    Set-Content (Join-Path $work 'feed-user.pem') $rsa.ExportPkcs8PrivateKeyPem()
    Set-Content (Join-Path $work 'feed-user.pub.pem') $rsa.ExportSubjectPublicKeyInfoPem()

    $emulator = Start-DCEmulator -DataPath (Join-Path $work 'emulator.db') -MonetateUser @{ 'feed-user' = (Join-Path $work 'feed-user.pub.pem') } -Retailer acme -PassThru
    Connect-MonetateService -ApiUser feed-user -PrivateKeyPath (Join-Path $work 'feed-user.pem') -Retailer acme -BaseUri $emulator.MonetateBaseUri

    # What an administrator sets up once: the connection, and the dataset schema with its Identifier Name.
    $connection = New-DataConnection -Name 'Customers (both vendors)' -PrimaryKey customer_id
    $null = New-MonetateSchema -Name customers -Identifier customer_id -UniqueKey customer_id -NamedIdentifier customer_id -Field ([ordered]@{
            customer_id = 'STRING'; email = 'STRING'; country = 'STRING'; loyalty_tier = 'STRING'; lifetime_value = 'NUMBER'; last_purchase_date = 'DATETIME'
        })

    # What the automation account provides to the runbook.
    $environment = @{
        OPTIX_API_KEY = 'optix-emulator-dev-api-key'; OPTIX_BRAND_KEY = '11111111-1111-4111-8111-111111111111'; OPTIX_BASE_URI = "$($emulator.BaseUri)"
        MONETATE_API_USER = 'feed-user'; MONETATE_PRIVATE_KEY_PATH = (Join-Path $work 'feed-user.pem'); MONETATE_RETAILER = 'acme'; MONETATE_BASE_URI = "$($emulator.MonetateBaseUri)"
    }
    foreach ($name in $environment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $environment[$name])
    }
    # The runbook runs in its own process, as an automation job would: it knows only the environment.
    $pwsh = [Environment]::ProcessPath
    $pwshArgs = @(if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' }) + @(
        '-NoProfile', '-NonInteractive', '-Command',
        "& '$(Join-Path $PSScriptRoot 'Send-ToBothVendors.ps1')' -Path '$csv' -ConnectionId $($connection.ConnectionId) -Schema customers -ModulePath '$ModulePath' | ConvertTo-Json -Compress")
    $output = & $pwsh @pwshArgs
    if ($LASTEXITCODE -ne 0) { throw "The runbook failed: $output" }
    $result = $output | Select-Object -Last 1 | ConvertFrom-Json
    $result | Format-List | Out-Host

    $id = "$(100000 + $Rows)"
    $optix = Invoke-DCQuery -ConnectionId $connection.ConnectionId -PrimaryKey $id
    $monetate = Get-MonetateRecord -Schema customers -Id $id
    Write-Host "Customer $id in Opti-X:   $($optix.email), lifetime value $($optix.lifetime_value)"
    Write-Host "Customer $id in Monetate: $($monetate.email), lifetime value $($monetate.lifetime_value)"
    if ($result.OptiXSent -ne $Rows -or $result.MonetateSent -ne $Rows -or $optix.email -ne $monetate.email) { throw 'The two vendors did not receive the same customers.' }
    Write-Host ('One CSV, two vendors: {0:N0} records each.' -f $Rows)
}
finally {
    foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    Disconnect-MonetateService
    Stop-DCEmulator
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
