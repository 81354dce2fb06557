BeforeAll {
    Import-Module $env:OPTIX_TEST_MODULE -Force
    $Emulator = Start-DCEmulator -PassThru
    $Guide = '9ce27b8c-8b16-427a-8d00-f40b816bc092'
    $Cmdlets = 'OptiX.DataConnections.PowerShell.Cmdlets'
}

AfterAll {
    Stop-DCEmulator
}

Describe 'New-DCFormula' {
    It 'builds the guide''s upload-based example' {
        New-DCFormula -ConnectionId $Guide -PrimaryKey '[%CUSTOMER_ID%]' -ReturnField product_url -Fallback default_url |
            Should -BeExactly "DC_${Guide}:[%CUSTOMER_ID%]::product_url:default_url"
    }

    It 'builds the guide''s API-based example from -Parameter' {
        New-DCFormula $Guide '[%CUSTOMER_ID%]' product_name default_product -Parameter @{ filter = 'active_users' } |
            Should -BeExactly "DC_${Guide}:[%CUSTOMER_ID%]:filter=active_users:product_name:default_product"
    }

    It 'keeps [ordered] parameters in order, sorts a hashtable by name, and leaves the fifth segment empty without -Fallback' {
        New-DCFormula $Guide 42 name -Parameter ([ordered]@{ z = 1; a = '[%REGION%]' }) | Should -BeExactly "DC_${Guide}:42:z=1&a=[%REGION%]:name:"
        New-DCFormula $Guide 42 name -Parameter @{ z = 1; a = $true } | Should -BeExactly "DC_${Guide}:42:a=true&z=1:name:"
    }

    It 'takes the connection from the pipeline by property name' {
        $objects = [pscustomobject]@{ data_connection_uuid = $Guide }, [pscustomobject]@{ Id = [guid]::Empty }
        $objects | New-DCFormula -PrimaryKey '[%ID%]' -ReturnField name |
            Should -BeExactly "DC_${Guide}:[%ID%]::name:", "DC_$([guid]::Empty):[%ID%]::name:"
    }

    It 'refuses a part containing '':'' with InvalidFormulaPart, naming the part' {
        $out = New-DCFormula $Guide '[%CUSTOMER_ID%]' url -Fallback 'https://example.com' -ErrorAction SilentlyContinue -ErrorVariable problems
        $out | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be "InvalidFormulaPart,$Cmdlets.NewDCFormulaCommand"
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $problems[0].TargetObject | Should -BeExactly 'https://example.com'
        "$($problems[0])" | Should -Match "The fallback 'https://example\.com' contains ':'"
    }

    It 'refuses ''&'' and ''='' in a parameter, and stops with -ErrorAction Stop' {
        { New-DCFormula $Guide 1 name -Parameter @{ filter = 'a&b' } -ErrorAction Stop } |
            Should -Throw -ErrorId "InvalidFormulaPart,$Cmdlets.NewDCFormulaCommand" -ExpectedMessage "*value of API parameter 'filter' 'a&b' contains '&'*"
        { New-DCFormula $Guide 'key:1' name -ErrorAction Stop } | Should -Throw -ExpectedMessage "The primary key 'key:1' contains ':'*"
    }
}

Describe 'ConvertFrom-DCFormula' {
    It 'parses a piped formula into its parts' {
        $formula = "DC_${Guide}:[%CUSTOMER_ID%]:filter=active_users:product_name:default_product" | ConvertFrom-DCFormula
        $formula | Should -BeOfType 'OptiX.DataConnections.Formulas.DataConnectionFormula'
        $formula.ConnectionId | Should -Be $Guide
        $formula.PrimaryKey | Should -BeExactly '[%CUSTOMER_ID%]'
        $formula.Parameters['filter'] | Should -BeExactly 'active_users'
        $formula.ReturnField | Should -BeExactly 'product_name'
        $formula.Fallback | Should -BeExactly 'default_product'
        $formula.TagNames | Should -Be 'CUSTOMER_ID'
        $formula.UsesTags | Should -BeTrue
    }

    It 'round-trips what New-DCFormula writes' {
        $text = New-DCFormula $Guide '[%ID%]' address.city Nowhere -Parameter ([ordered]@{ b = 2; a = 1 })
        (ConvertFrom-DCFormula $text).Text | Should -BeExactly $text
    }

    It 'reads the Formula property of piped objects' {
        $rows = [pscustomobject]@{ Formula = "DC_${Guide}:1::name:x" }, [pscustomobject]@{ Formula = "DC_${Guide}:2::name" }
        ($rows | ConvertFrom-DCFormula).PrimaryKey | Should -Be '1', '2'
    }

    It 'writes a non-terminating InvalidFormula error that points at the segment, and carries on' {
        $texts = "DC_${Guide}:42:::x", 'DC_abc:1::name:x', "DC_${Guide}:42::name:ok", "DC_${Guide}:42:filter:name:x"
        $out = $texts | ConvertFrom-DCFormula -ErrorAction SilentlyContinue -ErrorVariable problems
        @($out).Count | Should -Be 1
        $out.Fallback | Should -BeExactly 'ok'
        $problems.Count | Should -Be 3
        $problems | ForEach-Object {
            $_.FullyQualifiedErrorId | Should -Be "InvalidFormula,$Cmdlets.ConvertFromDCFormulaCommand"
            $_.CategoryInfo.Category | Should -Be 'InvalidData'
        }
        $problems[0].TargetObject | Should -BeExactly "DC_${Guide}:42:::x"
        "$($problems[0])" | Should -Match 'Segment 4 \(return field\) is empty'
        $problems[0].Exception.Segment | Should -Be 4
        "$($problems[1])" | Should -Match "Segment 1 \(connection\) 'DC_abc': 'abc' is not a valid Data Connection UUID"
        "$($problems[2])" | Should -Match "Segment 3 \(API parameters\) 'filter': parameter 1 \('filter'\) has no '='"
    }

    It 'says how many segments it found' {
        { ConvertFrom-DCFormula "DC_${Guide}:42:name" -ErrorAction Stop } | Should -Throw -ExpectedMessage '*expected 5 segments separated by '':'' *but found 3*'
    }
}

Describe 'Resolve-DCFormula' {
    BeforeAll {
        $Connection = New-DataConnection -Name "formula $([guid]::NewGuid())" -PrimaryKey customer_id
        @(
            [pscustomobject]@{ customer_id = '42'; product_url = 'https://shop.example/42'; address = [pscustomobject]@{ city = 'Leeds' } }
            [pscustomobject]@{ customer_id = '7'; product_name = 'Boots' }
        ) | Send-DCData -ConnectionId $Connection.ConnectionId
        $Formula = New-DCFormula -ConnectionId $Connection.ConnectionId -PrimaryKey '[%CUSTOMER_ID%]' -ReturnField product_url -Fallback default_url
    }

    It 'returns the value of the record the tag points at' {
        $resolution = Resolve-DCFormula -Formula $Formula -Tag @{ CUSTOMER_ID = 42 }
        $resolution | Should -BeOfType 'OptiX.DataConnections.Formulas.FormulaResolution'
        $resolution.Value | Should -BeExactly 'https://shop.example/42'
        $resolution.Reason | Should -Be 'Found'
        $resolution.UsedFallback | Should -BeFalse
        $resolution.PrimaryKey | Should -BeExactly '42'
    }

    It 'returns the fallback when the record does not exist, and says so with -Verbose' {
        $output = Resolve-DCFormula $Formula -Tag @{ customer_id = 999 } -Verbose 4>&1
        $verbose = $output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $resolution = $output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $resolution.Value | Should -BeExactly 'default_url'
        $resolution.UsedFallback | Should -BeTrue
        $resolution.Reason | Should -Be 'RecordNotFound'
        "$verbose" | Should -Match "No record with key '999'.*used the fallback 'default_url'"
    }

    It 'returns the fallback when the field is missing' {
        $output = Resolve-DCFormula $Formula -Tag @{ '[%CUSTOMER_ID%]' = '7' } -Verbose 4>&1
        ($output | Where-Object Reason).Reason | Should -Be 'FieldMissing'
        ($output | Where-Object Reason).Value | Should -BeExactly 'default_url'
        "$($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })" | Should -Match "has no value for 'product_url'"
    }

    It 'writes only the value with -ValueOnly, and $null without a fallback' {
        Resolve-DCFormula $Formula -Tag @{ CUSTOMER_ID = 42 } -ValueOnly | Should -BeExactly 'https://shop.example/42'
        $noFallback = New-DCFormula $Connection.ConnectionId '[%CUSTOMER_ID%]' product_url
        $value = Resolve-DCFormula $noFallback -Tag @{ CUSTOMER_ID = 999 } -ValueOnly
        $value | Should -BeNullOrEmpty
        (Resolve-DCFormula $noFallback -Tag @{ CUSTOMER_ID = 999 }).Reason | Should -Be 'RecordNotFound'
    }

    It 'takes text and ConvertFrom-DCFormula objects from the pipeline, and reaches nested fields' {
        $nested = New-DCFormula $Connection.ConnectionId '[%CUSTOMER_ID%]' address.city Nowhere
        $values = $Formula, (ConvertFrom-DCFormula $nested) | Resolve-DCFormula -Tag @{ CUSTOMER_ID = 42 } -ValueOnly
        $values | Should -Be 'https://shop.example/42', 'Leeds'
    }

    It 'writes MissingTag naming a tag without a value, and nothing else' {
        $out = Resolve-DCFormula $Formula -Tag @{ OTHER = 1 } -ErrorAction SilentlyContinue -ErrorVariable problems
        $out | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be "MissingTag,$Cmdlets.ResolveDCFormulaCommand"
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$($problems[0])" | Should -Match '\[%CUSTOMER_ID%\]'
    }

    It 'reports an unknown connection as an error rather than using the fallback' {
        $unknown = New-DCFormula ([guid]::NewGuid()) '[%CUSTOMER_ID%]' product_url default_url
        $out = Resolve-DCFormula $unknown -Tag @{ CUSTOMER_ID = 42 } -ErrorAction SilentlyContinue -ErrorVariable problems
        $out | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -Be "ConnectionNotFound,$Cmdlets.ResolveDCFormulaCommand"
    }

    It 'writes InvalidFormula for malformed text and resolves the rest' {
        $values = 'DC_nope:1::a:b', $Formula | Resolve-DCFormula -Tag @{ CUSTOMER_ID = 42 } -ValueOnly -ErrorAction SilentlyContinue -ErrorVariable problems
        $values | Should -BeExactly 'https://shop.example/42'
        $problems[0].FullyQualifiedErrorId | Should -Be "InvalidFormula,$Cmdlets.ResolveDCFormulaCommand"
        "$($problems[0])" | Should -Match 'Segment 1'
    }
}
