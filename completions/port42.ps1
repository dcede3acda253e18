# PowerShell completion for port42. Generated from port42's command table (src/cli/commands.ts); do not edit.
# Regenerate: port42 completion pwsh > completions/port42.ps1
# Install: add  port42 completion pwsh | Out-String | Invoke-Expression  to $PROFILE

Register-ArgumentCompleter -Native -CommandName port42 -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $tree = @{
        '' = @{
            Subs = [ordered]@{ 'auth' = 'auth commands: login, logout, status, token, rotate'; 'env' = 'print shell code that exports the profile''s variables'; 'exec' = 'run a command with the profile''s variables: port42 exec work -- cmd args'; 'proxy' = 'secretless: run the loopback proxy in the foreground and print the exports for consumers'; 'profile' = 'profile commands: list, show, add, remove, use, import-env'; 'helper' = 'git credential helper (credential.helper = "!port42 helper"): request on stdin, answer on stdout'; 'docker-helper' = 'docker credential helper (run as docker-credential-port42; "credsStore": "port42")'; 'hook' = 'print the shell hook that applies .port42.toml on cd: eval "$(port42 hook bash)"'; 'trust' = 'let the .port42.toml of a directory choose the profile (like direnv allow); --list shows them'; 'untrust' = 'stop trusting the .port42.toml of a directory'; 'completion' = 'print the completion script for a shell: source <(port42 completion bash)'; 'model' = 'model commands: list, info, set'; 'usage' = 'releases per profile this month (audit trail) and, with an admin key, the provider''s cost'; 'audit' = 'show who got which secret, when and where (filter with --since 7d, --profile p)'; 'setup' = 'wire a tool to port42 by editing its own config (diff with --dry-run, --undo removes it)'; 'unlock' = 'unlock the encrypted file store for a while: an agent holds the key (passphrase from stdin or a prompt)'; 'lock' = 'lock the encrypted file store now: the agent forgets the key and exits'; 'doctor' = 'check the config, the secret store, each profile and the clock, with the fix for each problem' }
            Opts = [ordered]@{ '--help' = 'show help'; '--version' = 'show the version' }
            OptValues = [ordered]@{  }
            Pos = @()
            Variadic = $false
            Rest = $false
        }
        'auth' = @{
            Subs = [ordered]@{ 'login' = 'store a profile''s credential (API key from a hidden prompt or stdin; OAuth login)'; 'logout' = 'forget a profile''s credential (OAuth: revoke it first)'; 'status' = 'show each profile''s state (table on a terminal, TSV when piped)'; 'token' = 'print exactly the secret and a newline (for apiKeyHelper, auth.command)'; 'rotate' = 'replace a stored API key with a new one, keeping the old one as previous' }
            Opts = [ordered]@{ '--help' = 'show help' }
            OptValues = [ordered]@{  }
            Pos = @()
            Variadic = $false
            Rest = $false
        }
        'profile' = @{
            Subs = [ordered]@{ 'list' = 'list profiles (* marks the active one)'; 'show' = 'show a profile''s settings (never its secret)'; 'add' = 'add a profile: port42 profile add work --provider openai [-- program args for auth=command]'; 'remove' = 'remove a profile and its stored secrets'; 'use' = 'make a profile the default'; 'import-env' = 'move provider keys from the environment (OPENAI_API_KEY, …) into the store, one profile each' }
            Opts = [ordered]@{ '--help' = 'show help' }
            OptValues = [ordered]@{  }
            Pos = @()
            Variadic = $false
            Rest = $false
        }
        'model' = @{
            Subs = [ordered]@{ 'list' = 'list the models each provider serves: ✓ a profile can use it now, ⚠ it needs a login'; 'info' = 'show a model: provider, aliases, context window, prices, the profiles that serve it'; 'set' = 'set a profile''s default model (env and exec export it): port42 model set gpt-5 --profile work' }
            Opts = [ordered]@{ '--help' = 'show help' }
            OptValues = [ordered]@{  }
            Pos = @()
            Variadic = $false
            Rest = $false
        }
        'auth login' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--device' = 'OAuth: use the device-code flow'; '--no-browser' = 'OAuth: print the URL instead of opening a browser'; '--verify' = 'check the key with the provider before storing it'; '--force' = 'store a key even if its prefix looks wrong'; '--admin' = 'store an organization admin key for port42 usage (kept apart, never exported)'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles' }
            Pos = @('@profiles')
            Variadic = $false
            Rest = $false
        }
        'auth logout' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--no-revoke' = 'OAuth: do not revoke at the issuer'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles' }
            Pos = @('@profiles')
            Variadic = $false
            Rest = $false
        }
        'auth status' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--json' = 'print a JSON array'; '--check' = 'ask each provider whether the key works (network)'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles' }
            Pos = @('@profiles')
            Variadic = $true
            Rest = $false
        }
        'auth token' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--model' = 'model to use (exported as the provider''s model variable)'; '--min-ttl' = 'OAuth: seconds the token must stay valid (default 360)'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles'; '--model' = ''; '--min-ttl' = '' }
            Pos = @('@profiles')
            Variadic = $false
            Rest = $false
        }
        'env' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--shell' = 'target shell or format (default from $SHELL)'; '--unset' = 'print code that removes the variables'; '--model' = 'model to use (exported as the provider''s model variable)'; '--hook' = 'for the shell hook: apply the nearest .port42.toml, undo it on leaving'; '--github-env' = 'with --shell gha: the file to append to (default $GITHUB_ENV)'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles'; '--shell' = 'bash zsh sh ksh fish tcsh elvish pwsh nu json dotenv gha'; '--model' = ''; '--github-env' = '' }
            Pos = @('@profiles')
            Variadic = $false
            Rest = $false
        }
        'exec' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--model' = 'model to use (exported as the provider''s model variable)'; '--proxy' = 'secretless: the child gets a loopback proxy URL and a placeholder, never the key'; '--no-proxy' = 'hand out the secret even when the profile sets proxy = true'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles'; '--model' = '' }
            Pos = @('@profiles')
            Variadic = $false
            Rest = $true
        }
        'proxy' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--port' = 'port on 127.0.0.1 (default 0: any free port)'; '--shell' = 'format of the printed exports (default from $SHELL)'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles'; '--port' = ''; '--shell' = 'bash zsh sh ksh fish tcsh elvish pwsh nu json dotenv gha' }
            Pos = @('@profiles')
            Variadic = $false
            Rest = $false
        }
        'profile list' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--json' = 'print JSON'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles' }
            Pos = @()
            Variadic = $false
            Rest = $false
        }
        'profile show' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--json' = 'print JSON'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles' }
            Pos = @('@profiles')
            Variadic = $false
            Rest = $false
        }
        'profile add' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--provider' = 'provider id (openai, anthropic, … or a custom one)'; '--auth' = 'api-key | oauth | command | env | none'; '--model' = 'default model'; '--base-url' = 'API base URL'; '--from-env' = 'auth=env: the variable to read'; '--username' = 'username for git/docker helpers'; '--match' = 'URL this profile serves in helper protocols'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles'; '--provider' = ''; '--auth' = 'api-key oauth command env none'; '--model' = ''; '--base-url' = ''; '--from-env' = ''; '--username' = ''; '--match' = '' }
            Pos = @('@profiles')
            Variadic = $false
            Rest = $true
        }
        'profile remove' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--keep-secret' = 'leave the stored secret in the store'; '--yes' = 'do not ask (needed without a terminal)'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles' }
            Pos = @('@profiles')
            Variadic = $false
            Rest = $false
        }
        'profile use' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--here' = 'only in this directory: write .port42.toml here (trusted as written)'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles' }
            Pos = @('@profiles')
            Variadic = $false
            Rest = $false
        }
        'helper' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles' }
            Pos = @('get store erase capability')
            Variadic = $false
            Rest = $false
        }
        'docker-helper' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles' }
            Pos = @('get store erase list version')
            Variadic = $false
            Rest = $false
        }
        'hook' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles' }
            Pos = @('bash zsh fish')
            Variadic = $false
            Rest = $false
        }
        'trust' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--list' = 'list trusted files: trusted, changed, missing or unsafe'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles' }
            Pos = @('')
            Variadic = $false
            Rest = $false
        }
        'untrust' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles' }
            Pos = @('')
            Variadic = $false
            Rest = $false
        }
        'completion' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles' }
            Pos = @('bash zsh fish pwsh')
            Variadic = $false
            Rest = $false
        }
        'model list' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--provider' = 'only this provider''s models'; '--json' = 'print JSON'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles'; '--provider' = '' }
            Pos = @()
            Variadic = $false
            Rest = $false
        }
        'model info' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--provider' = 'only this provider''s models'; '--json' = 'print JSON'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles'; '--provider' = '' }
            Pos = @('')
            Variadic = $false
            Rest = $false
        }
        'model set' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--force' = 'store a model port42 does not list for the provider'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles' }
            Pos = @('')
            Variadic = $false
            Rest = $false
        }
        'auth rotate' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--restore' = 'swap the previous key back in (the current one becomes previous)'; '--force' = 'accept a key even if its prefix looks wrong'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles' }
            Pos = @('@profiles')
            Variadic = $false
            Rest = $false
        }
        'profile import-env' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--yes' = 'do it without asking'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles' }
            Pos = @()
            Variadic = $false
            Rest = $false
        }
        'usage' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--month' = 'month as YYYY-MM (default: this month, UTC)'; '--json' = 'print a JSON array'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles'; '--month' = '' }
            Pos = @('@profiles')
            Variadic = $false
            Rest = $false
        }
        'audit' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--since' = 'only releases in the last 30m, 12h, 7d, 2w…'; '--json' = 'print a JSON array'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles'; '--since' = '' }
            Pos = @()
            Variadic = $false
            Rest = $false
        }
        'setup' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--dry-run' = 'print the diff (or git commands) and write nothing'; '--undo' = 'remove what setup added'; '--project' = 'claude-code: the project''s .claude/settings.json instead of the user''s'; '--shell' = 'shell: bash | zsh | fish (default from $SHELL)'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles'; '--shell' = 'bash zsh fish' }
            Pos = @('claude-code codex gemini git docker shell', '@profiles')
            Variadic = $false
            Rest = $false
        }
        'unlock' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--idle' = 'lock after this long unused: 2s, 30m, 12h (default 30m)'; '--max' = 'lock after this long in any case (default 12h)'; '--status' = 'only say whether the file store is unlocked, and for how long'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles'; '--idle' = ''; '--max' = '' }
            Pos = @()
            Variadic = $false
            Rest = $false
        }
        'lock' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles' }
            Pos = @()
            Variadic = $false
            Rest = $false
        }
        'doctor' = @{
            Subs = [ordered]@{  }
            Opts = [ordered]@{ '--profile' = 'profile to use (else PORT42_PROFILE, .port42.toml, default)'; '--help' = 'show help' }
            OptValues = [ordered]@{ '--profile' = '@profiles' }
            Pos = @()
            Variadic = $false
            Rest = $false
        }
    }
    $words = @($commandAst.CommandElements | Where-Object { $_.Extent.EndOffset -lt $cursorPosition } | ForEach-Object { $_.Extent.Text })
    # Same walk as the bash script: group words select the node, options are skipped (with their
    # value when they take one), other words count as positionals.
    $node = ''
    $valueOf = $null
    $npos = 0
    for ($i = 1; $i -lt $words.Count; $i++) {
        $word = $words[$i]
        if ($null -ne $valueOf) { $valueOf = $null; continue }
        if ($word -eq '--') { if ($tree[$node].Rest) { return }; continue }
        if ($word -like '--*=*') { continue }
        if ($word -like '-*') { if ($tree[$node].OptValues.Contains($word)) { $valueOf = $word }; continue }
        if ($tree[$node].Subs.Count -eq 0) { $npos++ }
        elseif ($tree[$node].Subs.Contains($word)) { $node = "$node $word".Trim() }
        else { return }
    }
    $items = [ordered]@{}
    $spec = $null
    if ($null -ne $valueOf) { $spec = $tree[$node].OptValues[$valueOf] }
    elseif ($wordToComplete -like '-*') { $items = $tree[$node].Opts }
    elseif ($tree[$node].Subs.Count -gt 0) { $items = $tree[$node].Subs }
    elseif ($tree[$node].Pos.Count -gt 0) {
        $last = $tree[$node].Pos.Count - 1
        if ($npos -le $last) { $spec = $tree[$node].Pos[$npos] } elseif ($tree[$node].Variadic) { $spec = $tree[$node].Pos[$last] }
    }
    if ($spec -eq '@profiles') {
        # Profile names: the first column of `port42 profile list` (tab-separated when piped).
        foreach ($line in @(& port42 profile list 2>$null)) { $name = ($line -split "`t")[0]; if ($name) { $items[$name] = $name } }
    } elseif ($spec) {
        foreach ($w in ($spec -split ' ')) { $items[$w] = $w }
    }
    # PSBase: a profile named Keys or Count must not hide the dictionary's own members.
    foreach ($key in @($items.PSBase.Keys)) {
        if ($key -like "$wordToComplete*") {
            [System.Management.Automation.CompletionResult]::new($key, $key, 'ParameterValue', $items[$key])
        }
    }
}
