# bash completion for port42. Generated from port42's command table (src/cli/commands.ts); do not edit.
# Regenerate: port42 completion bash > completions/port42.bash
# Install: add  source <(port42 completion bash)  to ~/.bashrc, or copy this file to
# ~/.local/share/bash-completion/completions/port42

_port42_subs() {
  case $1 in
    '') printf '%s\n' 'auth env exec proxy profile helper docker-helper hook trust untrust completion model usage audit setup unlock lock doctor' ;;
    'auth') printf '%s\n' 'login logout status token rotate' ;;
    'profile') printf '%s\n' 'list show add remove use import-env' ;;
    'model') printf '%s\n' 'list info set' ;;
  esac
}

_port42_opts() {
  case $1 in
    '') printf '%s\n' '--help --version' ;;
    'auth') printf '%s\n' '--help' ;;
    'profile') printf '%s\n' '--help' ;;
    'model') printf '%s\n' '--help' ;;
    'auth login') printf '%s\n' '--profile --device --no-browser --verify --force --admin --help' ;;
    'auth logout') printf '%s\n' '--profile --no-revoke --help' ;;
    'auth status') printf '%s\n' '--profile --json --check --help' ;;
    'auth token') printf '%s\n' '--profile --model --min-ttl --help' ;;
    'env') printf '%s\n' '--profile --shell --unset --model --hook --github-env --help' ;;
    'exec') printf '%s\n' '--profile --model --proxy --no-proxy --help' ;;
    'proxy') printf '%s\n' '--profile --port --shell --help' ;;
    'profile list') printf '%s\n' '--profile --json --help' ;;
    'profile show') printf '%s\n' '--profile --json --help' ;;
    'profile add') printf '%s\n' '--profile --provider --auth --model --base-url --from-env --username --match --help' ;;
    'profile remove') printf '%s\n' '--profile --keep-secret --yes --help' ;;
    'profile use') printf '%s\n' '--profile --here --help' ;;
    'helper') printf '%s\n' '--profile --help' ;;
    'docker-helper') printf '%s\n' '--profile --help' ;;
    'hook') printf '%s\n' '--profile --help' ;;
    'trust') printf '%s\n' '--profile --list --help' ;;
    'untrust') printf '%s\n' '--profile --help' ;;
    'completion') printf '%s\n' '--profile --help' ;;
    'model list') printf '%s\n' '--profile --provider --json --help' ;;
    'model info') printf '%s\n' '--profile --provider --json --help' ;;
    'model set') printf '%s\n' '--profile --force --help' ;;
    'auth rotate') printf '%s\n' '--profile --restore --force --help' ;;
    'profile import-env') printf '%s\n' '--profile --yes --help' ;;
    'usage') printf '%s\n' '--profile --month --json --help' ;;
    'audit') printf '%s\n' '--profile --since --json --help' ;;
    'setup') printf '%s\n' '--profile --dry-run --undo --project --shell --help' ;;
    'unlock') printf '%s\n' '--profile --idle --max --status --help' ;;
    'lock') printf '%s\n' '--profile --help' ;;
    'doctor') printf '%s\n' '--profile --help' ;;
  esac
}

_port42_valopts() {
  case $1 in
    'auth login') printf '%s\n' '--profile' ;;
    'auth logout') printf '%s\n' '--profile' ;;
    'auth status') printf '%s\n' '--profile' ;;
    'auth token') printf '%s\n' '--profile --model --min-ttl' ;;
    'env') printf '%s\n' '--profile --shell --model --github-env' ;;
    'exec') printf '%s\n' '--profile --model' ;;
    'proxy') printf '%s\n' '--profile --port --shell' ;;
    'profile list') printf '%s\n' '--profile' ;;
    'profile show') printf '%s\n' '--profile' ;;
    'profile add') printf '%s\n' '--profile --provider --auth --model --base-url --from-env --username --match' ;;
    'profile remove') printf '%s\n' '--profile' ;;
    'profile use') printf '%s\n' '--profile' ;;
    'helper') printf '%s\n' '--profile' ;;
    'docker-helper') printf '%s\n' '--profile' ;;
    'hook') printf '%s\n' '--profile' ;;
    'trust') printf '%s\n' '--profile' ;;
    'untrust') printf '%s\n' '--profile' ;;
    'completion') printf '%s\n' '--profile' ;;
    'model list') printf '%s\n' '--profile --provider' ;;
    'model info') printf '%s\n' '--profile --provider' ;;
    'model set') printf '%s\n' '--profile' ;;
    'auth rotate') printf '%s\n' '--profile' ;;
    'profile import-env') printf '%s\n' '--profile' ;;
    'usage') printf '%s\n' '--profile --month' ;;
    'audit') printf '%s\n' '--profile --since' ;;
    'setup') printf '%s\n' '--profile --shell' ;;
    'unlock') printf '%s\n' '--profile --idle --max' ;;
    'lock') printf '%s\n' '--profile' ;;
    'doctor') printf '%s\n' '--profile' ;;
  esac
}

_port42_optval() {
  case $1 in
    'auth login|--profile') printf '%s\n' '@profiles' ;;
    'auth logout|--profile') printf '%s\n' '@profiles' ;;
    'auth status|--profile') printf '%s\n' '@profiles' ;;
    'auth token|--profile') printf '%s\n' '@profiles' ;;
    'env|--profile') printf '%s\n' '@profiles' ;;
    'env|--shell') printf '%s\n' 'bash zsh sh ksh fish tcsh elvish pwsh nu json dotenv gha' ;;
    'exec|--profile') printf '%s\n' '@profiles' ;;
    'proxy|--profile') printf '%s\n' '@profiles' ;;
    'proxy|--shell') printf '%s\n' 'bash zsh sh ksh fish tcsh elvish pwsh nu json dotenv gha' ;;
    'profile list|--profile') printf '%s\n' '@profiles' ;;
    'profile show|--profile') printf '%s\n' '@profiles' ;;
    'profile add|--profile') printf '%s\n' '@profiles' ;;
    'profile add|--auth') printf '%s\n' 'api-key oauth command env none' ;;
    'profile remove|--profile') printf '%s\n' '@profiles' ;;
    'profile use|--profile') printf '%s\n' '@profiles' ;;
    'helper|--profile') printf '%s\n' '@profiles' ;;
    'docker-helper|--profile') printf '%s\n' '@profiles' ;;
    'hook|--profile') printf '%s\n' '@profiles' ;;
    'trust|--profile') printf '%s\n' '@profiles' ;;
    'untrust|--profile') printf '%s\n' '@profiles' ;;
    'completion|--profile') printf '%s\n' '@profiles' ;;
    'model list|--profile') printf '%s\n' '@profiles' ;;
    'model info|--profile') printf '%s\n' '@profiles' ;;
    'model set|--profile') printf '%s\n' '@profiles' ;;
    'auth rotate|--profile') printf '%s\n' '@profiles' ;;
    'profile import-env|--profile') printf '%s\n' '@profiles' ;;
    'usage|--profile') printf '%s\n' '@profiles' ;;
    'audit|--profile') printf '%s\n' '@profiles' ;;
    'setup|--profile') printf '%s\n' '@profiles' ;;
    'setup|--shell') printf '%s\n' 'bash zsh fish' ;;
    'unlock|--profile') printf '%s\n' '@profiles' ;;
    'lock|--profile') printf '%s\n' '@profiles' ;;
    'doctor|--profile') printf '%s\n' '@profiles' ;;
  esac
}

_port42_pos() {
  case $1 in
    'auth login|0') printf '%s\n' '@profiles' ;;
    'auth logout|0') printf '%s\n' '@profiles' ;;
    'auth status|'*) printf '%s\n' '@profiles' ;;
    'auth token|0') printf '%s\n' '@profiles' ;;
    'env|0') printf '%s\n' '@profiles' ;;
    'exec|0') printf '%s\n' '@profiles' ;;
    'proxy|0') printf '%s\n' '@profiles' ;;
    'profile show|0') printf '%s\n' '@profiles' ;;
    'profile add|0') printf '%s\n' '@profiles' ;;
    'profile remove|0') printf '%s\n' '@profiles' ;;
    'profile use|0') printf '%s\n' '@profiles' ;;
    'helper|0') printf '%s\n' 'get store erase capability' ;;
    'docker-helper|0') printf '%s\n' 'get store erase list version' ;;
    'hook|0') printf '%s\n' 'bash zsh fish' ;;
    'completion|0') printf '%s\n' 'bash zsh fish pwsh' ;;
    'auth rotate|0') printf '%s\n' '@profiles' ;;
    'usage|0') printf '%s\n' '@profiles' ;;
    'setup|0') printf '%s\n' 'claude-code codex gemini git docker shell' ;;
    'setup|1') printf '%s\n' '@profiles' ;;
  esac
}

_port42_rest() {
  case $1 in
    'exec') printf '%s\n' '1' ;;
    'profile add') printf '%s\n' '1' ;;
  esac
}

# Profile names: the first column of `port42 profile list` (tab-separated when piped).
_port42_profiles() {
  local name rest
  while IFS=$'\t' read -r name rest; do
    [[ -n $name ]] && printf '%s\n' "$name"
  done < <(command port42 profile list 2>/dev/null)
}

_port42_reply() {
  local words=$1
  [[ $words == @profiles ]] && words=$(_port42_profiles)
  COMPREPLY=($(compgen -W "$words" -- "$2"))
}

_port42() {
  local cur=${COMP_WORDS[COMP_CWORD]} node= value_of= npos=0 after=-1 i word subs
  COMPREPLY=()
  # With "=" in COMP_WORDBREAKS, --shell=ba arrives as --shell, =, ba.
  [[ $cur == = ]] && cur=
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    [[ $word == = ]] && continue
    if [[ -n $value_of ]]; then value_of=; continue; fi
    case $word in
      --) if [[ -n $(_port42_rest "$node") ]]; then after=$i; break; fi ;;
      --*=*) ;;
      -*) [[ " $(_port42_valopts "$node") " == *" $word "* ]] && value_of=$word ;;
      *)
        subs=$(_port42_subs "$node")
        if [[ -z $subs ]]; then
          ((npos++))
        elif [[ " $subs " == *" $word "* ]]; then
          node=${node:+$node }$word
        else
          return 0
        fi ;;
    esac
  done
  if ((after >= 0)); then
    ((COMP_CWORD == after + 1)) && COMPREPLY=($(compgen -c -- "$cur"))
    return 0
  fi
  if [[ -n $value_of ]]; then _port42_reply "$(_port42_optval "$node|$value_of")" "$cur"; return 0; fi
  if [[ $cur == -* ]]; then _port42_reply "$(_port42_opts "$node")" "$cur"; return 0; fi
  subs=$(_port42_subs "$node")
  if [[ -n $subs ]]; then _port42_reply "$subs" "$cur"; else _port42_reply "$(_port42_pos "$node|$npos")" "$cur"; fi
}

complete -o bashdefault -o default -F _port42 port42
