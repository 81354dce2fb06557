# -WhatIf writes its "What if:" lines straight to the host, past every redirection (6>, *>), so a test that runs a
# command for its -WhatIf would print them into the test log. Such commands run here instead: in a runspace of their
# own that has no host, where the lines go nowhere. The module's sessions (Connect-DCService, Connect-MonetateService,
# Start-DCEmulator) belong to the process, so the command reaches the same service. Its output comes back; its first
# error is thrown.
function Invoke-WithoutHost([scriptblock] $ScriptBlock, [object[]] $ArgumentList = @()) {
    $shell = [powershell]::Create()
    try {
        $null = $shell.AddCommand('Import-Module').AddParameter('Name', $env:OPTIX_TEST_MODULE).AddStatement()
        $null = $shell.AddScript($ScriptBlock.ToString())
        foreach ($argument in $ArgumentList) { $null = $shell.AddArgument($argument) }
        $output = $shell.Invoke()
        if ($shell.Streams.Error.Count) { throw $shell.Streams.Error[0] }
        $output
    }
    finally { $shell.Dispose() }
}
