import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { ensureTable, removeTable, removeTopLevelKey, setTopLevelKey, tomlLiteral } from '../../src/setup/toml-edit.ts';

const ID = ['model_providers', 'work'];
const AUTH = [...ID, 'auth'];

function wire(text: string): string {
  let out = setTopLevelKey(text, 'model_provider', '"work"');
  out = ensureTable(out, ID, [
    ['name', '"work via port42"'],
    ['base_url', '"https://api.openai.com/v1"'],
  ]);
  return ensureTable(
    out,
    AUTH,
    [
      ['command', '"port42"'],
      ['args', tomlLiteral(['auth', 'token', 'work'])],
    ],
    ID,
  );
}

const unwire = (text: string): string => removeTopLevelKey(removeTable(removeTable(text, AUTH), ID), 'model_provider');

describe('surgical TOML edits', () => {
  const layouts: Record<string, string> = {
    empty: '',
    'comments and a top-level key': '# my codex config\nmodel = "gpt-5" # the best\n\n[profiles.fast]\nmodel = "gpt-5-mini"\n',
    'a header first': '[profiles.fast]\nmodel = "gpt-5-mini"\n',
    'a comment attached to the first table': '# fast profile\n[profiles.fast]\nmodel = "o3"\n',
    'no final newline': 'model = "gpt-5"',
    CRLF: 'model = "gpt-5"\r\n\r\n[tui]\r\nnotifications = true\r\n',
    'multi-line string that looks like a table': 'instructions = """\n[not.a.table]\nx = 1\n"""\n\n[tui]\nnotifications = true\n',
  };
  for (const [name, text] of Object.entries(layouts)) {
    it(`wires and unwires byte for byte: ${name}`, () => {
      const wired = wire(text);
      const data = parse(wired) as Record<string, any>;
      expect(data.model_provider).toBe('work');
      expect(data.model_providers.work).toEqual({
        name: 'work via port42',
        base_url: 'https://api.openai.com/v1',
        auth: { command: 'port42', args: ['auth', 'token', 'work'] },
      });
      const { model_provider: _a, model_providers: _b, ...rest } = data;
      expect(rest).toEqual(parse(text));
      expect(wire(wired)).toBe(wired);
      // A missing final newline comes back as one: the only byte undo cannot tell apart.
      expect(unwire(wired)).toBe(text === '' || /\n$/.test(text) ? text : text + '\n');
    });
  }

  it('keeps every comment', () => {
    const text = layouts['comments and a top-level key']!;
    const wired = wire(text);
    for (const line of text.split('\n')) expect(wired.split('\n')).toContain(line);
  });

  it('writes the recipe layout into an empty file', () => {
    expect(wire('')).toBe(
      'model_provider = "work"\n\n[model_providers.work]\nname = "work via port42"\nbase_url = "https://api.openai.com/v1"\n\n' +
        '[model_providers.work.auth]\ncommand = "port42"\nargs = ["auth", "token", "work"]\n',
    );
  });

  it('replaces values in place, keeping trailing comments and other keys of the table', () => {
    const text = 'model_provider = "openai" # was\n\n[model_providers.work]\nbase_url = "http://old" # note\nwire_api = "responses"\n';
    const wired = wire(text);
    expect(wired).toContain('model_provider = "work" # was\n');
    expect(wired).toContain('base_url = "https://api.openai.com/v1" # note\nwire_api = "responses"\nname = "work via port42"\n');
    expect((parse(wired) as any).model_providers.work.wire_api).toBe('responses');
  });

  it('puts a missing auth table right after its provider table', () => {
    const text = '[model_providers.work]\nname = "w"\n\n[tui]\nx = 1\n';
    const wired = ensureTable(text, AUTH, [['command', '"port42"']], ID);
    expect(wired).toBe('[model_providers.work]\nname = "w"\n\n[model_providers.work.auth]\ncommand = "port42"\n\n[tui]\nx = 1\n');
    expect(removeTable(wired, AUTH)).toBe(text);
  });

  it('quotes keys that are not bare', () => {
    expect(ensureTable('', ['model_providers', 'my.gw'], [['name', '"x"']])).toBe('[model_providers."my.gw"]\nname = "x"\n');
  });

  it('puts a new key before the tables when asked, keeping a table with its comment', () => {
    const text = '# accounts\nstore = "keychain"\n\n# the work account\n[profiles.work]\nprovider = "openai"\n';
    const set = setTopLevelKey(text, 'default', '"work"', 'before-tables');
    expect(set).toBe('# accounts\nstore = "keychain"\n\ndefault = "work"\n\n# the work account\n[profiles.work]\nprovider = "openai"\n');
    expect(setTopLevelKey(set, 'default', '"home"', 'before-tables')).toBe(set.replace('"work"\n\n#', '"home"\n\n#'));
    expect(removeTopLevelKey(set, 'default')).toBe(text);
    expect(setTopLevelKey('store = "file"', 'default', '"work"', 'before-tables')).toBe('store = "file"\ndefault = "work"\n');
  });

  it('escapes DEL, the C1 controls and the line separators in strings, so the result is valid TOML', () => {
    const literal = tomlLiteral(['a\u007fb', '\u0085\u2028']);
    expect(literal).toBe('["a\\u007fb", "\\u0085\\u2028"]');
    expect((parse(`x = ${literal}`) as { x: string[] }).x).toEqual(['a\u007fb', '\u0085\u2028']);
  });
});
