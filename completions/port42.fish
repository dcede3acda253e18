# fish completion for port42. Generated from port42's command table (src/cli/commands.ts); do not edit.
# Regenerate: port42 completion fish > completions/port42.fish
# Install: save as ~/.config/fish/completions/port42.fish, or run  port42 completion fish | source

function __port42_subs --argument-names key
    switch $key
        case ''
            printf '%s\n' 'auth	auth commands: login, logout, status, token, rotate' 'env	print shell code that exports the profile\'s variables' 'exec	run a command with the profile\'s variables: port42 exec work -- cmd args' 'proxy	secretless: run the loopback proxy in the foreground and print the exports for consumers' 'profile	profile commands: list, show, add, remove, use, import-env' 'helper	git credential helper (credential.helper = "!port42 helper"): request on stdin, answer on stdout' 'docker-helper	docker credential helper (run as docker-credential-port42; "credsStore": "port42")' 'hook	print the shell hook that applies .port42.toml on cd: eval "$(port42 hook bash)"' 'trust	let the .port42.toml of a directory choose the profile (like direnv allow); --list shows them' 'untrust	stop trusting the .port42.toml of a directory' 'completion	print the completion script for a shell: source <(port42 completion bash)' 'model	model commands: list, info, set' 'usage	releases per profile this month (audit trail) and, with an admin key, the provider\'s cost' 'audit	show who got which secret, when and where (filter with --since 7d, --profile p)' 'setup	wire a tool to port42 by editing its own config (diff with --dry-run, --undo removes it)' 'unlock	unlock the encrypted file store for a while: an agent holds the key (passphrase from stdin or a prompt)' 'lock	lock the encrypted file store now: the agent forgets the key and exits' 'doctor	check the config, the secret store, each profile and the clock, with the fix for each problem'
        case 'auth'
            printf '%s\n' 'login	store a profile\'s credential (API key from a hidden prompt or stdin; OAuth login)' 'logout	forget a profile\'s credential (OAuth: revoke it first)' 'status	show each profile\'s state (table on a terminal, TSV when piped)' 'token	print exactly the secret and a newline (for apiKeyHelper, auth.command)' 'rotate	replace a stored API key with a new one, keeping the old one as previous'
        case 'profile'
            printf '%s\n' 'list	list profiles (* marks the active one)' 'show	show a profile\'s settings (never its secret)' 'add	add a profile: port42 profile add work --provider openai [-- program args for auth=command]' 'remove	remove a profile and its stored secrets' 'use	make a profile the default' 'import-env	move provider keys from the environment (OPENAI_API_KEY, …) into the store, one profile each'
        case 'model'
            printf '%s\n' 'list	list the models each provider serves: ✓ a profile can use it now, ⚠ it needs a login' 'info	show a model: provider, aliases, context window, prices, the profiles that serve it' 'set	set a profile\'s default model (env and exec export it): port42 model set gpt-5 --profile work'
    end
end

function __port42_opts --argument-names key
    switch $key
        case ''
            printf '%s\n' '--help	show help' '--version	show the version'
        case 'auth'
            printf '%s\n' '--help	show help'
        case 'profile'
            printf '%s\n' '--help	show help'
        case 'model'
            printf '%s\n' '--help	show help'
        case 'auth login'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--device	OAuth: use the device-code flow' '--no-browser	OAuth: print the URL instead of opening a browser' '--verify	check the key with the provider before storing it' '--force	store a key even if its prefix looks wrong' '--admin	store an organization admin key for port42 usage (kept apart, never exported)' '--help	show help'
        case 'auth logout'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--no-revoke	OAuth: do not revoke at the issuer' '--help	show help'
        case 'auth status'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--json	print a JSON array' '--check	ask each provider whether the key works (network)' '--help	show help'
        case 'auth token'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--model	model to use (exported as the provider\'s model variable)' '--min-ttl	OAuth: seconds the token must stay valid (default 360)' '--help	show help'
        case 'env'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--shell	target shell or format (default from $SHELL)' '--unset	print code that removes the variables' '--model	model to use (exported as the provider\'s model variable)' '--hook	for the shell hook: apply the nearest .port42.toml, undo it on leaving' '--github-env	with --shell gha: the file to append to (default $GITHUB_ENV)' '--help	show help'
        case 'exec'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--model	model to use (exported as the provider\'s model variable)' '--proxy	secretless: the child gets a loopback proxy URL and a placeholder, never the key' '--no-proxy	hand out the secret even when the profile sets proxy = true' '--help	show help'
        case 'proxy'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--port	port on 127.0.0.1 (default 0: any free port)' '--shell	format of the printed exports (default from $SHELL)' '--help	show help'
        case 'profile list'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--json	print JSON' '--help	show help'
        case 'profile show'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--json	print JSON' '--help	show help'
        case 'profile add'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--provider	provider id (openai, anthropic, … or a custom one)' '--auth	api-key | oauth | command | env | none' '--model	default model' '--base-url	API base URL' '--from-env	auth=env: the variable to read' '--username	username for git/docker helpers' '--match	URL this profile serves in helper protocols' '--help	show help'
        case 'profile remove'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--keep-secret	leave the stored secret in the store' '--yes	do not ask (needed without a terminal)' '--help	show help'
        case 'profile use'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--here	only in this directory: write .port42.toml here (trusted as written)' '--help	show help'
        case 'helper'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--help	show help'
        case 'docker-helper'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--help	show help'
        case 'hook'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--help	show help'
        case 'trust'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--list	list trusted files: trusted, changed, missing or unsafe' '--help	show help'
        case 'untrust'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--help	show help'
        case 'completion'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--help	show help'
        case 'model list'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--provider	only this provider\'s models' '--json	print JSON' '--help	show help'
        case 'model info'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--provider	only this provider\'s models' '--json	print JSON' '--help	show help'
        case 'model set'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--force	store a model port42 does not list for the provider' '--help	show help'
        case 'auth rotate'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--restore	swap the previous key back in (the current one becomes previous)' '--force	accept a key even if its prefix looks wrong' '--help	show help'
        case 'profile import-env'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--yes	do it without asking' '--help	show help'
        case 'usage'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--month	month as YYYY-MM (default: this month, UTC)' '--json	print a JSON array' '--help	show help'
        case 'audit'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--since	only releases in the last 30m, 12h, 7d, 2w…' '--json	print a JSON array' '--help	show help'
        case 'setup'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--dry-run	print the diff (or git commands) and write nothing' '--undo	remove what setup added' '--project	claude-code: the project\'s .claude/settings.json instead of the user\'s' '--shell	shell: bash | zsh | fish (default from $SHELL)' '--help	show help'
        case 'unlock'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--idle	lock after this long unused: 2s, 30m, 12h (default 30m)' '--max	lock after this long in any case (default 12h)' '--status	only say whether the file store is unlocked, and for how long' '--help	show help'
        case 'lock'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--help	show help'
        case 'doctor'
            printf '%s\n' '--profile	profile to use (else PORT42_PROFILE, .port42.toml, default)' '--help	show help'
    end
end

function __port42_valopts --argument-names key
    switch $key
        case 'auth login'
            printf '%s\n' '--profile'
        case 'auth logout'
            printf '%s\n' '--profile'
        case 'auth status'
            printf '%s\n' '--profile'
        case 'auth token'
            printf '%s\n' '--profile --model --min-ttl'
        case 'env'
            printf '%s\n' '--profile --shell --model --github-env'
        case 'exec'
            printf '%s\n' '--profile --model'
        case 'proxy'
            printf '%s\n' '--profile --port --shell'
        case 'profile list'
            printf '%s\n' '--profile'
        case 'profile show'
            printf '%s\n' '--profile'
        case 'profile add'
            printf '%s\n' '--profile --provider --auth --model --base-url --from-env --username --match'
        case 'profile remove'
            printf '%s\n' '--profile'
        case 'profile use'
            printf '%s\n' '--profile'
        case 'helper'
            printf '%s\n' '--profile'
        case 'docker-helper'
            printf '%s\n' '--profile'
        case 'hook'
            printf '%s\n' '--profile'
        case 'trust'
            printf '%s\n' '--profile'
        case 'untrust'
            printf '%s\n' '--profile'
        case 'completion'
            printf '%s\n' '--profile'
        case 'model list'
            printf '%s\n' '--profile --provider'
        case 'model info'
            printf '%s\n' '--profile --provider'
        case 'model set'
            printf '%s\n' '--profile'
        case 'auth rotate'
            printf '%s\n' '--profile'
        case 'profile import-env'
            printf '%s\n' '--profile'
        case 'usage'
            printf '%s\n' '--profile --month'
        case 'audit'
            printf '%s\n' '--profile --since'
        case 'setup'
            printf '%s\n' '--profile --shell'
        case 'unlock'
            printf '%s\n' '--profile --idle --max'
        case 'lock'
            printf '%s\n' '--profile'
        case 'doctor'
            printf '%s\n' '--profile'
    end
end

function __port42_optval --argument-names key
    switch $key
        case 'auth login|--profile'
            printf '%s\n' '@profiles'
        case 'auth logout|--profile'
            printf '%s\n' '@profiles'
        case 'auth status|--profile'
            printf '%s\n' '@profiles'
        case 'auth token|--profile'
            printf '%s\n' '@profiles'
        case 'env|--profile'
            printf '%s\n' '@profiles'
        case 'env|--shell'
            printf '%s\n' 'bash zsh sh ksh fish tcsh elvish pwsh nu json dotenv gha'
        case 'exec|--profile'
            printf '%s\n' '@profiles'
        case 'proxy|--profile'
            printf '%s\n' '@profiles'
        case 'proxy|--shell'
            printf '%s\n' 'bash zsh sh ksh fish tcsh elvish pwsh nu json dotenv gha'
        case 'profile list|--profile'
            printf '%s\n' '@profiles'
        case 'profile show|--profile'
            printf '%s\n' '@profiles'
        case 'profile add|--profile'
            printf '%s\n' '@profiles'
        case 'profile add|--auth'
            printf '%s\n' 'api-key oauth command env none'
        case 'profile remove|--profile'
            printf '%s\n' '@profiles'
        case 'profile use|--profile'
            printf '%s\n' '@profiles'
        case 'helper|--profile'
            printf '%s\n' '@profiles'
        case 'docker-helper|--profile'
            printf '%s\n' '@profiles'
        case 'hook|--profile'
            printf '%s\n' '@profiles'
        case 'trust|--profile'
            printf '%s\n' '@profiles'
        case 'untrust|--profile'
            printf '%s\n' '@profiles'
        case 'completion|--profile'
            printf '%s\n' '@profiles'
        case 'model list|--profile'
            printf '%s\n' '@profiles'
        case 'model info|--profile'
            printf '%s\n' '@profiles'
        case 'model set|--profile'
            printf '%s\n' '@profiles'
        case 'auth rotate|--profile'
            printf '%s\n' '@profiles'
        case 'profile import-env|--profile'
            printf '%s\n' '@profiles'
        case 'usage|--profile'
            printf '%s\n' '@profiles'
        case 'audit|--profile'
            printf '%s\n' '@profiles'
        case 'setup|--profile'
            printf '%s\n' '@profiles'
        case 'setup|--shell'
            printf '%s\n' 'bash zsh fish'
        case 'unlock|--profile'
            printf '%s\n' '@profiles'
        case 'lock|--profile'
            printf '%s\n' '@profiles'
        case 'doctor|--profile'
            printf '%s\n' '@profiles'
    end
end

function __port42_pos --argument-names key
    switch $key
        case 'auth login|0'
            printf '%s\n' '@profiles'
        case 'auth logout|0'
            printf '%s\n' '@profiles'
        case 'auth status|*'
            printf '%s\n' '@profiles'
        case 'auth token|0'
            printf '%s\n' '@profiles'
        case 'env|0'
            printf '%s\n' '@profiles'
        case 'exec|0'
            printf '%s\n' '@profiles'
        case 'proxy|0'
            printf '%s\n' '@profiles'
        case 'profile show|0'
            printf '%s\n' '@profiles'
        case 'profile add|0'
            printf '%s\n' '@profiles'
        case 'profile remove|0'
            printf '%s\n' '@profiles'
        case 'profile use|0'
            printf '%s\n' '@profiles'
        case 'helper|0'
            printf '%s\n' 'get store erase capability'
        case 'docker-helper|0'
            printf '%s\n' 'get store erase list version'
        case 'hook|0'
            printf '%s\n' 'bash zsh fish'
        case 'completion|0'
            printf '%s\n' 'bash zsh fish pwsh'
        case 'auth rotate|0'
            printf '%s\n' '@profiles'
        case 'usage|0'
            printf '%s\n' '@profiles'
        case 'setup|0'
            printf '%s\n' 'claude-code codex gemini git docker shell'
        case 'setup|1'
            printf '%s\n' '@profiles'
    end
end

function __port42_rest --argument-names key
    switch $key
        case 'exec'
            printf '%s\n' '1'
        case 'profile add'
            printf '%s\n' '1'
    end
end

function __port42_profiles
    command port42 profile list 2>/dev/null | string split -f1 \t
end

function __port42_values --argument-names spec
    if test "$spec" = @profiles
        __port42_profiles
    else if test -n "$spec"
        string split ' ' -- $spec
    end
end

# Same walk as the bash script: group words select the node, options are skipped (with their
# value when they take one), other words count as positionals.
function __port42_complete
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l cur (commandline -ct)
    set -l node ''
    set -l value_of ''
    set -l npos 0
    set -l after 0
    set -l i 0
    for word in $tokens
        set i (math $i + 1)
        if test -n "$value_of"
            set value_of ''
            continue
        end
        switch $word
            case --
                if test "$(__port42_rest $node)" = 1
                    set after $i
                    break
                end
            case '--*=*'
            case '-*'
                if contains -- $word (__port42_valopts $node | string split ' ')
                    set value_of $word
                end
            case '*'
                set -l subs (__port42_subs $node | string split -f1 \t)
                if test (count $subs) -eq 0
                    set npos (math $npos + 1)
                else if contains -- $word $subs
                    set node (string trim -- "$node $word")
                else
                    return
                end
        end
    end
    if test $after -gt 0
        # exec's command: a program name, then its arguments as files.
        if test (count $tokens) -eq $after
            __fish_complete_command
        else
            __fish_complete_path $cur
        end
        return
    end
    if test -n "$value_of"
        __port42_values (__port42_optval "$node|$value_of")
    else if string match -q -- '-*' $cur
        __port42_opts $node
    else if test -n "$(__port42_subs $node)"
        __port42_subs $node
    else
        __port42_values (__port42_pos "$node|$npos")
    end
end

complete -c port42 -e
complete -c port42 -f -a '(__port42_complete)'
