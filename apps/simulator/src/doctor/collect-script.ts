/**
 * The PowerShell script `mqsim doctor --collect` prints. Run on each machine (Windows PowerShell
 * 5.1 or PowerShell 7, as Administrator for `netstat -anb`), it saves the outputs the doctor
 * reads into a folder named after the machine. It only reads: no cache is flushed, no service
 * touched, no registry value written (`reg export` reads the key into a file).
 */
export function collectScript(): string {
  return `${SCRIPT.trim()}\n`;
}

const SCRIPT = String.raw`
# collect-msmq-evidence.ps1 - written by mqsim doctor --collect
#
# Saves what this machine says about MSMQ, its addresses and name resolution into a folder named
# after the machine, for 'mqsim doctor <folder>'. It only reads: nothing on this machine changes.
# Run it as Administrator (netstat -anb needs it), on every machine involved, then copy the
# folders side by side into one folder.
#
#   powershell -ExecutionPolicy Bypass -File collect-msmq-evidence.ps1 -Peers APP01,APP02
param(
    # Where the machine's folder is created (default: the current directory).
    [string]$OutputDirectory = (Get-Location).Path,
    # The other machines' names, looked up with nslookup and Resolve-DnsName.
    [string[]]$Peers = @()
)

$folder = Join-Path $OutputDirectory $env:COMPUTERNAME
New-Item -ItemType Directory -Force -Path $folder | Out-Null

# Runs one read-only command into a file; a failure is noted and the rest still runs.
function Save-Output([string]$File, [scriptblock]$Command) {
    $path = Join-Path $folder $File
    try {
        & $Command 2>&1 | Out-File -FilePath $path -Width 4096
    } catch {
        "could not run: $($_.Exception.Message)" | Out-File -FilePath "$path.error.txt"
    }
}

$identity = [Security.Principal.WindowsIdentity]::GetCurrent()
$principal = [Security.Principal.WindowsPrincipal] $identity
$elevated = $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
if ($elevated) {
    Save-Output 'netstat-anb.txt' { netstat -anb }
} else {
    # netstat -b needs Administrator; -o gives the process ids instead.
    Save-Output 'netstat-ano.txt' { netstat -ano }
}
Save-Output 'ipconfig-all.txt' { ipconfig /all }
Save-Output 'ipconfig-displaydns.txt' { ipconfig /displaydns }
Save-Output 'msmq-parameters.txt' { reg query 'HKLM\SOFTWARE\Microsoft\MSMQ\Parameters' /s }
# reg export reads the key into a file; the registry is not changed.
reg export 'HKLM\SOFTWARE\Microsoft\MSMQ\Parameters' (Join-Path $folder 'msmq-parameters.reg') /y |
    Out-Null
$hosts = Join-Path $env:windir 'System32\drivers\etc\hosts'
$hostsCopy = Join-Path $folder 'hosts.txt'
Copy-Item -Path $hosts -Destination $hostsCopy -ErrorAction SilentlyContinue
Save-Output 'msmq-service.txt' { Get-Service -Name MSMQ | Format-List * }

if (Get-Command -Name Get-MsmqOutgoingQueue -ErrorAction SilentlyContinue) {
    Save-Output 'msmq-outgoing-queues.txt' Get-MsmqOutgoingQueue | Format-List * 
    Save-Output 'msmq-queues.txt' Get-MsmqQueue | Format-List * 
} else {
    'The MSMQ PowerShell module is not installed: no queue outputs.' |
        Out-File -FilePath (Join-Path $folder 'msmq-module-missing.note')
}

foreach ($peer in $Peers) {
    Save-Output "nslookup-$peer.txt" nslookup $peer 
    if (Get-Command -Name Resolve-DnsName -ErrorAction SilentlyContinue) 
        Save-Output "resolve-dnsname-$peer.txt" Resolve-DnsName -Name $peer 
}

Write-Host "Saved to $folder - copy this folder next to the other machines' folders, then run:"
Write-Host "  mqsim doctor <the folder that holds them>"
`;
