<#
.SYNOPSIS
    Runbook: sends one customer CSV to an Opti-X Data Connection and to a Monetate dataset schema.
.DESCRIPTION
    Unattended: every secret comes from the environment, as an automation account provides it.
      Opti-X:   OPTIX_API_KEY, OPTIX_BRAND_KEY (OPTIX_BASE_URI for another endpoint, such as the emulator)
      Monetate: MONETATE_API_USER, MONETATE_PRIVATE_KEY_PATH or MONETATE_PRIVATE_KEY (PEM text),
                MONETATE_PRIVATE_KEY_PASSPHRASE for an encrypted key, MONETATE_RETAILER (MONETATE_BASE_URI)
    The file is streamed twice, never loaded whole. Records a vendor refuses go to <name>.<vendor>-failed.ndjson
    beside the CSV, with the reason; the runbook writes one summary per vendor and fails when anything was not stored.
.EXAMPLE
    ./samples/Send-ToBothVendors.ps1 -Path ./customers.csv -ConnectionId 9ce27b8c-8b16-427a-8d00-f40b816bc092 -Schema customers
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [guid] $ConnectionId,
    [Parameter(Mandatory)] [string] $Schema,
    [string] $ModulePath = 'OptiX.DataConnections'
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$csv = (Resolve-Path -LiteralPath $Path).ProviderPath
$failedBase = Join-Path (Split-Path $csv) ([IO.Path]::GetFileNameWithoutExtension($csv))

# Record-level refusals are reported, not fatal: they land in the failed-record files and the summaries count them.
$optix = Send-DCData -ConnectionId $ConnectionId -LiteralPath $csv -FailedRecordPath "$failedBase.optix-failed.ndjson" -PassThru -ErrorAction Continue
# The CSV carries columns the Monetate schema does not have (the Opti-X-only ones): leave them out.
$monetate = Send-MonetateData -Schema $Schema -LiteralPath $csv -IgnoreUnknownField -FailedRecordPath "$failedBase.monetate-failed.ndjson" -PassThru -ErrorAction Continue

$result = [pscustomobject]@{
    File             = $csv
    OptiXSent        = $optix.RecordsSent
    OptiXNotStored   = $optix.RecordsRejected + $optix.RecordsFailed
    OptiXCompleted   = $optix.BatchCompleted
    MonetateSent     = $monetate.RowsSent
    MonetateNotStored = $monetate.RowsRejected + $monetate.RowsFailed
}
$result
if (-not $optix.BatchCompleted -or $result.OptiXNotStored -gt 0 -or $result.MonetateNotStored -gt 0) {
    throw "Not every record was stored: see the *-failed.ndjson files beside '$csv'."
}
