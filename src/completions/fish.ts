/** The fish completion script: data functions and one dynamic `complete` entry. */
import { quoteFish } from '../shells/fish.ts';
import { nodeKey, type Completes, type CompletionNode } from './tree.ts';

function spec(completes: Completes | undefined): string {
  if (completes === undefined || completes.kind === 'nothing') return '';
  return completes.kind === 'profiles' ? '@profiles' : completes.words.join(' ');
}

/** A fish function that prints, for the first matching `case`, its lines. */
function switchFunction(name: string, arms: readonly (readonly [pattern: string, lines: readonly string[]])[]): string {
  const body = arms
    .filter(([, lines]) => lines.length > 0 && lines.some((l) => l !== ''))
    .map(([pattern, lines]) => `        case ${pattern}\n            printf '%s\\n' ${lines.map(quoteFish).join(' ')}\n`);
  return `function ${name} --argument-names key\n    switch $key\n${body.join('')}    end\nend\n`;
}

const ENGINE = `function __port42_profiles
    command port42 profile list 2>/dev/null | string split -f1 \\t
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
                set -l subs (__port42_subs $node | string split -f1 \\t)
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
`;

/** The whole fish script: `port42 completion fish | source`, or save it as ~/.config/fish/completions/port42.fish. */
export function renderFishCompletion(nodes: readonly CompletionNode[]): string {
  const q = (key: string): string => quoteFish(key);
  // Lines "word<TAB>description": fish shows the description next to the candidate.
  const described = (items: readonly { name: string; describe: string }[]): string[] => items.map((i) => `${i.name}\t${i.describe}`);
  const functions = [
    switchFunction('__port42_subs', nodes.map((n) => [q(nodeKey(n)), described(n.subcommands)])),
    switchFunction('__port42_opts', nodes.map((n) => [q(nodeKey(n)), described(n.options.map((o) => ({ name: `--${o.name}`, describe: o.describe })))])),
    switchFunction('__port42_valopts', nodes.map((n) => [q(nodeKey(n)), [n.options.filter((o) => o.value).map((o) => `--${o.name}`).join(' ')]])),
    switchFunction('__port42_optval', nodes.flatMap((n) => n.options.map((o): [string, string[]] => [q(`${nodeKey(n)}|--${o.name}`), [spec(o.value)]]))),
    switchFunction(
      '__port42_pos',
      nodes.flatMap((n) =>
        n.positionals.map((completes, i): [string, string[]] => {
          // A variadic last positional answers for every index from its own on (a quoted * still matches in case).
          const variadic = i === n.positionals.length - 1 && n.variadic;
          return [q(variadic ? `${nodeKey(n)}|*` : `${nodeKey(n)}|${i}`), [spec(completes)]];
        }),
      ),
    ),
    switchFunction('__port42_rest', nodes.map((n) => [q(nodeKey(n)), [n.takesRest ? '1' : '']])),
  ];
  return `# fish completion for port42. Generated from port42's command table (src/cli/commands.ts); do not edit.
# Regenerate: port42 completion fish > completions/port42.fish
# Install: save as ~/.config/fish/completions/port42.fish, or run  port42 completion fish | source

${functions.join('\n')}
${ENGINE}`;
}
