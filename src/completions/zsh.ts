/** The zsh completion script: the shared data functions, descriptions, and an engine over $words. */
import { quotePosix } from '../shells/sh.ts';
import { posixDataFunctions } from './posix-data.ts';
import { nodeKey, type CompletionNode } from './tree.ts';
import { wordWalkStep } from './word-walk.ts';

function describeFunction(name: string, nodes: readonly CompletionNode[], items: (node: CompletionNode) => string[]): string {
  const arms = nodes
    .map((node) => [node, items(node)] as const)
    .filter(([, lines]) => lines.length > 0)
    .map(([node, lines]) => `    ${quotePosix(nodeKey(node))}) printf '%s\\n' ${lines.map(quotePosix).join(' ')} ;;\n`);
  return `${name}() {\n  case $1 in\n${arms.join('')}  esac\n}\n`;
}

// The same walk as the bash engine (the step in word-walk.ts). After exec's `--` the words are shifted so that
// zsh completes the command as if typed alone (_normal).
const ENGINE = `_port42_profiles() {
  local line
  for line in \${(f)"$(command port42 profile list 2>/dev/null)"}; do
    [[ -n $line ]] && print -r -- "\${line%%$'\\t'*}"
  done
}

_port42_add() {
  local -a list
  if [[ $1 == @profiles ]]; then list=(\${(f)"$(_port42_profiles)"}); else list=(\${=1}); fi
  (( $#list )) && compadd -a list
}

_port42() {
  local node= value_of= npos=0 after=0 i word subs
  local -a described
  for (( i = 2; i < CURRENT; i++ )); do
    word=$words[i]
${wordWalkStep('zsh')}
  done
  if (( after )); then
    shift $after words
    (( CURRENT -= after ))
    _normal
    return
  fi
  if [[ -n $value_of ]]; then _port42_add "$(_port42_optval "$node|$value_of")"; return; fi
  if [[ $PREFIX == -* ]]; then
    described=(\${(f)"$(_port42_optdescs "$node")"})
    _describe -t options option described
    return
  fi
  subs=$(_port42_subs "$node")
  if [[ -n $subs ]]; then
    described=(\${(f)"$(_port42_subdescs "$node")"})
    _describe -t commands command described
  else
    _port42_add "$(_port42_pos "$node|$npos")"
  fi
}

# Autoloaded from $fpath the file is _port42's body: run it. Sourced, register it.
if [[ $funcstack[1] == _port42 ]]; then
  _port42 "$@"
else
  compdef _port42 port42
fi
`;

/** The whole zsh script: save it as `_port42` in $fpath, or `source <(port42 completion zsh)` after compinit. */
export function renderZshCompletion(nodes: readonly CompletionNode[]): string {
  // _describe splits "name:description" at the first unescaped colon; names have none.
  const subdescs = describeFunction('_port42_subdescs', nodes, (n) => n.subcommands.map((s) => `${s.name}:${s.describe}`));
  const optdescs = describeFunction('_port42_optdescs', nodes, (n) => n.options.map((o) => `--${o.name}:${o.describe}`));
  return `#compdef port42
# zsh completion for port42. Generated from port42's command table (src/cli/commands.ts); do not edit.
# Regenerate: port42 completion zsh > completions/_port42
# Install: copy this file as _port42 into a directory on $fpath (before compinit), or add
#   source <(port42 completion zsh)   to ~/.zshrc after compinit.

${posixDataFunctions(nodes)}
${subdescs}
${optdescs}
${ENGINE}`;
}
