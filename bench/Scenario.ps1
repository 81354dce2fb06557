<#
.SYNOPSIS
    One benchmark scenario in its own process, so that its peak working set is its own. Prints one JSON line with the
    scenario's own time (after start-up and Import-Module); Invoke-Benchmark.ps1 measures the whole process from outside.
    I is Import-Csv alone, to Out-Null: it imports no module.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('A', 'B', 'C', 'I', 'M')] [string] $Scenario,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $BaseUri,
    [Parameter(Mandatory)] [string] $ConnectionId,
    [Parameter(Mandatory)] [string] $Csv,
    [int] $ThrottleLimit = 4,
    # Scenario M (Monetate): the emulator's root, and the API user's private key.
    [string] $MonetateBaseUri,
    [string] $KeyPath
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$apiKey = 'optix-emulator-dev-api-key'
$brandKey = '11111111-1111-4111-8111-111111111111'
if ($Scenario -ne 'I') {
    Import-Module $ModulePath
    Connect-DCService -ApiKey $apiKey -BrandKey $brandKey -BaseUri $BaseUri -SkipValidation
}
if ($Scenario -eq 'M') { Connect-MonetateService -ApiUser bench -PrivateKeyPath $KeyPath -Retailer bench -BaseUri $MonetateBaseUri -SkipValidation }

$watch = [Diagnostics.Stopwatch]::StartNew()
switch ($Scenario) {
    'A' { $records = (Send-DCData -ConnectionId $ConnectionId -Path $Csv -ThrottleLimit $ThrottleLimit -PassThru).RecordsSent }
    'B' { $records = (Import-Csv $Csv | Send-DCData -ConnectionId $ConnectionId -ThrottleLimit $ThrottleLimit -PassThru).RecordsSent }
    'I' {
        Import-Csv $Csv | Out-Null
        $records = $null
    }
    'M' { $records = (Send-MonetateData -Schema bench -Path $Csv -PassThru).RowsSent }
    'C' {
        # The hand-written loop users write today, as the vendor's sample script does it: Import-Csv, chunks of 5000,
        # ConvertTo-Json, Invoke-RestMethod, one request at a time, each its own batch.
        $headers = @{ 'x-api-key' = $apiKey; 'x-brand-key' = $brandKey }
        $uri = "$BaseUri/connections/$ConnectionId/upload_data"
        $chunk = [Collections.Generic.List[object]]::new(5000)
        $records = 0
        Import-Csv $Csv | ForEach-Object {
            $chunk.Add($_)
            if ($chunk.Count -eq 5000) {
                $body = @{ data = $chunk } | ConvertTo-Json -Depth 3 -Compress
                $null = Invoke-RestMethod -Method Post -Uri $uri -Headers $headers -Body $body -ContentType 'application/json'
                $records += $chunk.Count
                $chunk.Clear()
            }
        }
        if ($chunk.Count -gt 0) {
            $body = @{ data = $chunk } | ConvertTo-Json -Depth 3 -Compress
            $null = Invoke-RestMethod -Method Post -Uri $uri -Headers $headers -Body $body -ContentType 'application/json'
            $records += $chunk.Count
        }
    }
}
$seconds = $watch.Elapsed.TotalSeconds
[pscustomobject]@{ records = $records; seconds = $seconds; peakWorkingSet = (Get-Process -Id $PID).PeakWorkingSet64 } | ConvertTo-Json -Compress
