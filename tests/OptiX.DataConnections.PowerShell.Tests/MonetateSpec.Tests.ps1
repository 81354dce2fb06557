# The Monetate cmdlets against the rules of Monetate's published OpenAPI description, on the emulator: MULTI_STRING
# rows from objects and from CSV, the spot-check shape and its missing record, the unique key, the Identifier Name,
# paging of the schema list. PowerShell 7 only: the key pairs come from .NET 5+ PEM APIs (Windows PowerShell runs Monetate
# with a PEM key in tests/WindowsPowerShell/Invoke-SmokeJourney.ps1).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Invoke-WithoutHost.ps1')
    Import-Module $env:OPTIX_TEST_MODULE -Force

    $rsa = [System.Security.Cryptography.RSA]::Create(2048)
    $PrivateKey = Join-Path $TestDrive 'spec-user.pem'
    $PublicKey = Join-Path $TestDrive 'spec-user.pub.pem'
    Set-Content $PrivateKey $rsa.ExportRSAPrivateKeyPem()
    Set-Content $PublicKey $rsa.ExportSubjectPublicKeyInfoPem()
    $Emulator = Start-DCEmulator -MonetateUser @{ 'spec-user' = $PublicKey } -Retailer spec -PassThru
    Connect-MonetateService -ApiUser 'spec-user' -PrivateKeyPath $PrivateKey -Retailer spec -BaseUri $Emulator.MonetateBaseUri

    $Fields = [ordered]@{ customer_id = 'STRING'; tags = 'MULTI_STRING'; category = 'GOOGLE_PRODUCT_CATEGORY'; points = 'NUMBER' }
    function New-TagSchema([string] $Name) {
        New-MonetateSchema -Name $Name -Field $Fields -Identifier customer_id -UniqueKey customer_id -NamedIdentifier customer_id
    }
}

AfterAll {
    Disconnect-MonetateService
    Stop-DCEmulator
}

Describe 'MULTI_STRING and GOOGLE_PRODUCT_CATEGORY' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
    It 'joins an array from the pipeline into one comma-separated string, quoting an element that holds a comma' {
        $null = New-TagSchema 'tags_from_objects'
        $summary = @(
            [pscustomobject]@{ customer_id = 'm1'; tags = @('gold', 'Clothing, Women', 'say "hi"'); category = 2271 }
            [pscustomobject]@{ customer_id = 'm2'; tags = 'already,joined'; category = 'Apparel & Accessories > Clothing' }
        ) | Send-MonetateData -Schema tags_from_objects -PassThru
        $summary.RowsSent | Should -Be 2

        $m1 = Get-MonetateRecord -Schema tags_from_objects -Id m1
        $m1.tags | Should -BeExactly 'gold,"Clothing, Women","say ""hi"""'
        $m1.category | Should -BeExactly '2271'
        (Get-MonetateRecord -Schema tags_from_objects -Id m2).tags | Should -BeExactly 'already,joined'
    }

    It 'refuses an array with an empty or padded element before sending, as an error carrying the row' {
        $null = New-TagSchema 'tags_refused'
        $rows = @(
            [pscustomobject]@{ customer_id = 'r1'; tags = @('gold', '') }
            [pscustomobject]@{ customer_id = 'r2'; tags = @('gold', ' silver') }
            [pscustomobject]@{ customer_id = 'r3'; tags = @('gold', 'silver') }
        )
        $summary = $rows | Send-MonetateData -Schema tags_refused -PassThru -ErrorVariable refused -ErrorAction SilentlyContinue
        $summary.RowsSent | Should -Be 1
        $summary.RowsRejected | Should -Be 2
        $refused.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'RecordDoesNotFitSchema,*' }
        $refused[0].TargetObject.customer_id | Should -Be 'r1'
        "$($refused[0])" | Should -Match 'tags: element 2 of the list is empty'
        "$($refused[1])" | Should -Match 'white space'
    }

    It 'takes a CSV cell as it stands, and refuses a cell with an empty element' {
        $null = New-TagSchema 'tags_from_csv'
        $csv = Join-Path $TestDrive 'tags.csv'
        Set-Content $csv @(
            'customer_id,tags,category,points'
            'c1,"gold,silver",Apparel & Accessories > Clothing,1'
            'c2,"""Clothing, Women"",Sale",2271,2'
            'c3,"gold,,silver",2271,3'
            'c4,,,4'
        )
        $summary = Send-MonetateData -Schema tags_from_csv -Path $csv -PassThru -ErrorVariable refused -ErrorAction SilentlyContinue
        $summary.RowsSent | Should -Be 3
        $refused.Count | Should -Be 1
        "$($refused[0])" | Should -Match 'element 2'
        $refused[0].TargetObject.customer_id | Should -Be 'c3'

        (Get-MonetateRecord -Schema tags_from_csv -Id c1).tags | Should -BeExactly 'gold,silver'
        (Get-MonetateRecord -Schema tags_from_csv -Id c2).tags | Should -BeExactly '"Clothing, Women",Sale'
        $c4 = Get-MonetateRecord -Schema tags_from_csv -Id c4
        $c4.tags | Should -BeNullOrEmpty
        $c4.points | Should -Be 4

        # Import-Csv gives the same strings, taken as they stand.
        $piped = Import-Csv $csv | Where-Object customer_id -ne 'c3' | Send-MonetateData -Schema tags_from_csv -PassThru
        $piped.RowsSent | Should -Be 3
    }

    It 'adds MULTI_STRING and GOOGLE_PRODUCT_CATEGORY fields by the API''s names or the enum''s' {
        $null = New-TagSchema 'tags_added'
        Add-MonetateSchemaField -Schema tags_added -Name colours -DataType MULTI_STRING
        $schema = Add-MonetateSchemaField -Schema tags_added -Name google_category -DataType GoogleProductCategory -PassThru
        ($schema.Fields | Where-Object Name -eq colours).DataTypeName | Should -Be 'MULTI_STRING'
        ($schema.Fields | Where-Object Name -eq google_category).DataTypeName | Should -Be 'GOOGLE_PRODUCT_CATEGORY'
        { Add-MonetateSchemaField -Schema tags_added -Name other -DataType TEXT } | Should -Throw
    }
}

Describe 'Get-MonetateRecord against the spot-check shape' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
    It 'writes the row''s fields as one object, not the answer''s wrapper' {
        $null = New-TagSchema 'spot_shape'
        $null = [pscustomobject]@{ customer_id = 's1'; tags = 'a,b'; points = 5 } | Send-MonetateData -Schema spot_shape
        $record = @(Get-MonetateRecord -Schema spot_shape -Id s1)
        $record.Count | Should -Be 1
        $record[0].PSObject.Properties.Name | Should -Be @('customer_id', 'tags', 'category', 'points')
        $record[0].customer_id | Should -Be 's1'
        $record[0].points | Should -Be 5
        $record[0].PSObject.TypeNames[0] | Should -Be 'OptiX.DataConnections.MonetateRecord'
    }

    It 'reports a missing id as RecordNotFound with no output' {
        $null = New-TagSchema 'spot_none'
        $output = Get-MonetateRecord -Schema spot_none -Id nobody -ErrorVariable missing -ErrorAction SilentlyContinue
        $output | Should -BeNullOrEmpty
        $missing.Count | Should -Be 1
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'RecordNotFound,*'
        $missing[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $missing[0].TargetObject | Should -Be 'nobody'
    }
}

Describe 'The unique key' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
    It 'refuses, per row and before sending, a row without a value for the unique key' {
        $null = New-MonetateSchema -Name orders -Field ([ordered]@{ customer_id = 'STRING'; order_id = 'STRING'; total = 'NUMBER' }) -Identifier customer_id -UniqueKey order_id -NamedIdentifier customer_id
        $rows = @(
            [pscustomobject]@{ customer_id = 'o1'; order_id = 'A-1'; total = 10 }
            [pscustomobject]@{ customer_id = 'o2'; total = 20 }
            [pscustomobject]@{ customer_id = 'o3'; order_id = ''; total = 30 }
        )
        $summary = $rows | Send-MonetateData -Schema orders -PassThru -ErrorVariable refused -ErrorAction SilentlyContinue
        $summary.RowsSent | Should -Be 1
        $summary.RowsRejected | Should -Be 2
        $summary.RowsFailed | Should -Be 0
        $refused.Count | Should -Be 2
        $refused | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'RecordDoesNotFitSchema,*' }
        "$($refused[0])" | Should -Match 'order_id is required but missing \(it is the schema''s unique key\)'
        "$($refused[1])" | Should -Match 'order_id is required but empty'
        $refused[1].TargetObject.customer_id | Should -Be 'o3'
        Get-MonetateRecord -Schema orders -Id o2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'The Identifier Name' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
    BeforeAll {
        $null = New-MonetateSchema -Name unnamed -Field ([ordered]@{ customer_id = 'STRING'; points = 'NUMBER' }) -Identifier customer_id
    }

    It 'stops Send-MonetateData with IdentifierNameNotSet, saying how to set it' {
        $caught = $null
        try { [pscustomobject]@{ customer_id = 'u1' } | Send-MonetateData -Schema unnamed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue }
        catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'IdentifierNameNotSet,*'
        "$caught" | Should -Match 'Identifier Name'
        $caught.ErrorDetails.RecommendedAction | Should -Match 'Set-MonetateSchema -Name unnamed -NamedIdentifier'
        $caught.TargetObject | Should -Be 'unnamed'
    }

    It 'refuses a spot check of the schema the same way' {
        Get-MonetateRecord -Schema unnamed -Id u1 -ErrorVariable refused -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'IdentifierNameNotSet,*'
        $refused[0].ErrorDetails.RecommendedAction | Should -Match 'Set-MonetateSchema -Name unnamed -NamedIdentifier'
        $refused[0].TargetObject | Should -Be 'unnamed'
    }

    It 'is set with Set-MonetateSchema -NamedIdentifier (not with -WhatIf), and then the data is taken' {
        Invoke-WithoutHost { Set-MonetateSchema -Name unnamed -NamedIdentifier customer_id -WhatIf }
        (Get-MonetateSchema unnamed).NamedIdentifier | Should -BeNullOrEmpty

        $schema = Set-MonetateSchema -Name unnamed -NamedIdentifier customer_id -PassThru
        $schema.NamedIdentifier | Should -Be 'customer_id'
        $schema.Fields.Count | Should -Be 2
        ([pscustomobject]@{ customer_id = 'u1'; points = 3 } | Send-MonetateData -Schema unnamed -PassThru).RowsSent | Should -Be 1
        (Get-MonetateRecord -Schema unnamed -Id u1).points | Should -Be 3
    }

    It 'refuses an Identifier Name outside word characters, and a schema that does not exist' {
        Set-MonetateSchema -Name unnamed -NamedIdentifier 'not valid' -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'InvalidSchema,*'
        Set-MonetateSchema -Name no_such_schema -NamedIdentifier customer_id -ErrorVariable missing -ErrorAction SilentlyContinue
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'SchemaNotFound,*'
    }
}

Describe 'Schema rules' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
    It 'creates an event schema with -EventTime, and the emulator refuses one without it' {
        $schema = New-MonetateSchema -Name page_views -Type event -Field ([ordered]@{ customer_id = 'STRING'; viewed_at = 'DATETIME' }) -Identifier customer_id -EventTime viewed_at -NamedIdentifier customer_id
        $schema.EventTimeField | Should -Be 'viewed_at'
        $schema.Id | Should -BeGreaterThan 0
        $schema.CreatedDate | Should -Not -BeNullOrEmpty
        { New-MonetateSchema -Name page_views_2 -Type event -Field ([ordered]@{ customer_id = 'STRING'; viewed_at = 'DATETIME' }) -Identifier customer_id } |
            Should -Throw -ErrorId 'InvalidSchema,*'
        { New-MonetateSchema -Name 'bad-name' -Field @{ customer_id = 'STRING' } -Identifier customer_id } | Should -Throw -ErrorId 'InvalidSchema,*'
    }
}

Describe 'Get-MonetateSchema paging' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
    It 'follows meta.next until the list ends' {
        $names = 1..25 | ForEach-Object { 'paged_{0:D2}' -f $_ }
        $names | ForEach-Object { $null = New-MonetateSchema -Name $_ -Field @{ customer_id = 'STRING' } -Identifier customer_id -NamedIdentifier customer_id }
        $all = Get-MonetateSchema
        $all.Count | Should -BeGreaterOrEqual 25
        ($all.Name | Sort-Object -Unique).Count | Should -Be $all.Count
        $names | ForEach-Object { $all.Name | Should -Contain $_ }
        (Get-MonetateSchema 'paged_*').Count | Should -Be 25
        (Get-MonetateSchema 'paged_25').Name | Should -Be 'paged_25'
    }
}
