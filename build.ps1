#!/usr/bin/env pwsh
# Zos for PowerShell users: the same verbs as the dotnet commands in README.md.
#   ./build.ps1 build | run | test | debug [-Configuration Release]
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'run', 'test', 'debug')]
    [string]$Verb = 'build',
    [ValidateSet('Debug', 'Release')]
    [string]$Configuration = 'Debug'
)

$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

switch ($Verb) {
    'build' { dotnet build Zos.sln -c $Configuration }
    'run'   { dotnet run --project Zos.Build -c $Configuration -- run --configuration $Configuration }
    'test'  { dotnet test Zos.sln -c $Configuration }
    'debug' { dotnet run --project Zos.Build -c $Configuration -- debug --configuration $Configuration }
}
exit $LASTEXITCODE
