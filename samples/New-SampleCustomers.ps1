<#
.SYNOPSIS
    Writes a deterministic CSV of realistic-looking customers: the same rows on every machine, for demos and benchmarks.
.EXAMPLE
    ./samples/New-SampleCustomers.ps1 -Path ./customers.csv -Rows 20000
#>
param(
    [Parameter(Mandatory)] [string] $Path,
    [ValidateRange(1, 100000000)] [int] $Rows = 20000
)

$ErrorActionPreference = 'Stop'
$first = 'Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Linus', 'Radia', 'Ken', 'Frances', 'Dennis', 'Hedy', 'Tim', 'Katherine', 'John'
$last = 'Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton', 'Torvalds', 'Perlman', 'Thompson', 'Allen', 'Ritchie', 'Lamarr', 'Berners-Lee', 'Johnson', 'McCarthy'
$tiers = 'bronze', 'silver', 'gold', 'platinum'
$countries = 'GB', 'DE', 'FR', 'IL', 'US', 'ES', 'IT', 'NL'
$products = 'running-shoes', 'rain-jacket', 'yoga-mat', 'headphones', 'coffee-grinder', 'backpack', 'desk-lamp', 'water-bottle'

$writer = [IO.StreamWriter]::new([IO.Path]::GetFullPath($Path), $false, [Text.UTF8Encoding]::new($false))
try {
    $writer.WriteLine('customer_id,first_name,last_name,email,country,loyalty_tier,lifetime_value,last_purchase_date,product_url')
    $start = [datetime]::new(2026, 1, 1)
    for ($i = 1; $i -le $Rows; $i++) {
        # A fixed linear congruential sequence: deterministic without System.Random's version differences.
        $h = [long](($i * 2654435761) % 4294967296)
        $f = $first[$h % 16]; $l = $last[($h -shr 4) % 16]
        $value = [math]::Round((($h -shr 8) % 500000) / 100.0, 2).ToString([Globalization.CultureInfo]::InvariantCulture)
        $date = $start.AddDays(($h -shr 12) % 300).ToString('yyyy-MM-dd')
        $product = $products[($h -shr 16) % 8]
        $writer.WriteLine("$(100000 + $i),$f,$l,$($f.ToLowerInvariant()).$($l.ToLowerInvariant())$i@example.com,$($countries[($h -shr 20) % 8]),$($tiers[($h -shr 24) % 4]),$value,$date,https://shop.example.com/p/$product")
    }
}
finally {
    $writer.Dispose()
}
