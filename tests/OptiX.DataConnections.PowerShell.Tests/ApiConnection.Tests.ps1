BeforeAll {
    Import-Module $env:OPTIX_TEST_MODULE -Force
    if ($PSVersionTable.PSEdition -ne 'Core') { Import-Module ThreadJob }  # Windows PowerShell: from the PowerShell Gallery
    $Emulator = Start-DCEmulator -PassThru

    # The customer's own API: a real HTTP server on loopback that answers a product per filter and key.
    $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $probe.Start(); $Port = $probe.LocalEndpoint.Port; $probe.Stop()
    $Listener = [Net.HttpListener]::new()
    $Listener.Prefixes.Add("http://127.0.0.1:$Port/")
    $Listener.Start()
    $Calls = [Collections.Concurrent.ConcurrentQueue[string]]::new()
    $Server = Start-ThreadJob -ArgumentList $Listener, $Calls -ScriptBlock {
        param($listener, $calls)
        while ($listener.IsListening) {
            try { $context = $listener.GetContext() } catch { break }
            $calls.Enqueue($context.Request.Url.PathAndQuery)
            $filter = $context.Request.QueryString['filter']
            $ids = "$($context.Request.QueryString['id'])".Split(',')
            $answer = if ($ids.Count -gt 1) {
                ConvertTo-Json -Compress -InputObject @($ids | ForEach-Object { @{ id = $_; product_name = "Product $_ for $filter" } })
            }
            else { @{ id = $ids[0]; product_name = "Product $($ids[0]) for $filter" } | ConvertTo-Json -Compress }
            $bytes = [Text.Encoding]::UTF8.GetBytes($answer)
            $context.Response.ContentType = 'application/json'
            $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
            $context.Response.Close()
        }
    }
}

AfterAll {
    $Listener.Stop()
    $Server | Wait-Job -Timeout 5 | Remove-Job -Force
    Stop-DCEmulator
}

Describe 'API-based Data Connections' {
    It 'creates one against a local API, queries it with placeholders and resolves an API formula' {
        $connection = New-DataConnection -Name 'products api' -PrimaryKey id -ApiUri "http://127.0.0.1:$Port/products?filter={filter}&id={primary_key}" `
            -CacheTtlSeconds 0 -TimeoutSeconds 5 -Retries 1 -SamplePlaceholderValue @{ filter = 'sample'; primary_key = '1' }
        $connection.Kind | Should -Be 'Api'

        $record = Invoke-DCQuery -ConnectionId $connection.ConnectionId -PrimaryKey 42 -Parameter @{ filter = 'active_users' }
        $record.product_name | Should -Be 'Product 42 for active_users'
        $Calls.ToArray() | Should -Contain '/products?filter=active_users&id=42'

        $formula = New-DCFormula -ConnectionId $connection.ConnectionId -PrimaryKey '[%CUSTOMER_ID%]' -Parameter @{ filter = 'active_users' } -ReturnField product_name -Fallback default_product
        $formula | Should -Be "DC_$($connection.ConnectionId):[%CUSTOMER_ID%]:filter=active_users:product_name:default_product"
        Resolve-DCFormula -Formula $formula -Tag @{ CUSTOMER_ID = 7 } -ValueOnly | Should -Be 'Product 7 for active_users'
    }

    It 'takes the details as one -ExternalApi hashtable, and sends many keys through the batch endpoint in one call' {
        $connection = New-DataConnection -Name 'batch api' -PrimaryKey id -ExternalApi @{
            url = "http://127.0.0.1:$Port/batch?filter={filter}&id={primary_key}"; http_method = 'GET'; ttl = 0
            is_batch_endpoint = $true; sample_placeholder_values = @{ filter = 'x'; primary_key = '1' }
        }
        $before = $Calls.Count
        $records = 1..5 | Invoke-DCQuery -ConnectionId $connection.ConnectionId -Parameter @{ filter = 'vip' }
        $records.product_name | Should -Be @('Product 1 for vip', 'Product 2 for vip', 'Product 3 for vip', 'Product 4 for vip', 'Product 5 for vip')
        ($Calls.Count - $before) | Should -Be 1
    }

    It 'refuses a connection whose test call fails, with the reason' {
        { New-DataConnection -Name 'broken' -PrimaryKey id -ApiUri 'http://127.0.0.1:9/nothing-listens-here' -TimeoutSeconds 1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'CreateConnectionFailed,OptiX.DataConnections.PowerShell.Cmdlets.NewDataConnectionCommand'
    }

    It 'refuses an -ExternalApi key it does not know' {
        { New-DataConnection -Name 'typo' -PrimaryKey id -ExternalApi @{ urll = 'http://x' } -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidExternalApi,OptiX.DataConnections.PowerShell.Cmdlets.NewDataConnectionCommand'
    }
}
