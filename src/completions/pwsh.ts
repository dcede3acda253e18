/** The PowerShell completion script: one native argument completer with the tree inside it. */
import { quotePwsh } from '../shells/pwsh.ts';
import { nodeKey, type Completes, type CompletionNode } from './tree.ts';

function spec(completes: Completes | undefined): string {
  if (completes === undefined || completes.kind === 'nothing') return '';
  return completes.kind === 'profiles' ? '@profiles' : completes.words.join(' ');
}

function ordered(entries: readonly (readonly [string, string])[]): string {
  return `[ordered]@{ ${entries.map(([k, v]) => `${quotePwsh(k)} = ${quotePwsh(v)}`).join('; ')} }`;
}

// Specs are single strings ('@profiles' or space-separated words): nested arrays in PowerShell
// literals unroll in surprising ways.
function nodeTable(node: CompletionNode): string {
  const fields = [
    `Subs = ${ordered(node.subcommands.map((s) => [s.name, s.describe]))}`,
    `Opts = ${ordered(node.options.map((o) => [`--${o.name}`, o.describe]))}`,
    `OptValues = ${ordered(node.options.filter((o) => o.value).map((o) => [`--${o.name}`, spec(o.value)]))}`,
    `Pos = @(${node.positionals.map((p) => quotePwsh(spec(p))).join(', ')})`,
    `Variadic = $${node.variadic}`,
    `Rest = $${node.takesRest}`,
  ];
  return `        ${quotePwsh(nodeKey(node))} = @{\n${fields.map((f) => `            ${f}\n`).join('')}        }\n`;
}

const ENGINE = `    $words = @($commandAst.CommandElements | Where-Object { $_.Extent.EndOffset -lt $cursorPosition } | ForEach-Object { $_.Extent.Text })
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
        # Profile names: the first column of \`port42 profile list\` (tab-separated when piped).
        foreach ($line in @(& port42 profile list 2>$null)) { $name = ($line -split "\`t")[0]; if ($name) { $items[$name] = $name } }
    } elseif ($spec) {
        foreach ($w in ($spec -split ' ')) { $items[$w] = $w }
    }
    # PSBase: a profile named Keys or Count must not hide the dictionary's own members.
    foreach ($key in @($items.PSBase.Keys)) {
        if ($key -like "$wordToComplete*") {
            [System.Management.Automation.CompletionResult]::new($key, $key, 'ParameterValue', $items[$key])
        }
    }
`;

/** The whole PowerShell script: add  port42 completion pwsh | Out-String | Invoke-Expression  to $PROFILE. */
export function renderPwshCompletion(nodes: readonly CompletionNode[]): string {
  return `# PowerShell completion for port42. Generated from port42's command table (src/cli/commands.ts); do not edit.
# Regenerate: port42 completion pwsh > completions/port42.ps1
# Install: add  port42 completion pwsh | Out-String | Invoke-Expression  to $PROFILE

Register-ArgumentCompleter -Native -CommandName port42 -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $tree = @{
${nodes.map(nodeTable).join('')}    }
${ENGINE}}
`;
}
