# The repository's web address, from which each cmdlet's online help is linked (docs/<Name>.md on the main branch).

# A clone's remote as its https address: https://host/owner/repo(.git), git@host:owner/repo(.git) or
# ssh://git@host/owner/repo(.git) become https://host/owner/repo; a user name or token in the remote is left out.
# Anything else (a local path, file://, http://, a bare host) has no address: $null.
function ConvertTo-RepositoryUri([string] $Remote) {
    $Remote = "$Remote".Trim()
    $hostAndPath = $null
    if ($Remote -match '^https://(?:[^@/]+@)?([^/:]+)(/.+)$') { $hostAndPath = $Matches[1], $Matches[2] }
    elseif ($Remote -match '^ssh://(?:[^@/]+@)?([^/:]+)(/.+)$') { $hostAndPath = $Matches[1], $Matches[2] }
    elseif ($Remote -match '^[\w.-]+@([\w.-]+):/?([^/].*)$') { $hostAndPath = $Matches[1], "/$($Matches[2])" }
    if (-not $hostAndPath) { return $null }
    $path = $hostAndPath[1].TrimEnd('/') -replace '\.git$', ''
    if ($path -notmatch '^(/[\w.-]+){2,}$') { return $null }
    return "https://$($hostAndPath[0].ToLowerInvariant())$path"
}

# -RepositoryUri as given (an https address; '' for none), else the clone's origin when it has a web address, else none.
function Resolve-RepositoryUri([string] $Given, [bool] $WasGiven, [string] $Root) {
    if ($WasGiven) {
        if (-not $Given) { return $null }
        $uri = ConvertTo-RepositoryUri $Given
        if (-not $uri) { throw "-RepositoryUri '$Given' is not a repository's https address (https://host/owner/repo)." }
        return $uri
    }
    if (-not (Get-Command git -ErrorAction SilentlyContinue)) { return $null }
    $remote = & git -C $Root remote get-url origin 2>$null
    if ($LASTEXITCODE -ne 0) { return $null }
    return ConvertTo-RepositoryUri $remote
}
