import { describe, expect, it } from 'vitest';
import { getJsonValue, isEmptyJsonObject, parseJsonObject, removeJsonMember, setJsonValue } from '../../src/setup/json-edit.ts';

/** Sets apiKeyHelper and env.X, then removes both (and the env it created): must give back `text`. */
function roundTrip(text: string): { set: string; undone: string } {
  let set = setJsonValue(text, ['apiKeyHelper'], 'port42 auth token work');
  set = setJsonValue(set, ['env', 'ANTHROPIC_BASE_URL'], 'https://gw.example');
  let undone = removeJsonMember(set, ['env', 'ANTHROPIC_BASE_URL']);
  if (isEmptyJsonObject(undone, ['env']) && getJsonValue(text, ['env']) === undefined) undone = removeJsonMember(undone, ['env']);
  undone = removeJsonMember(undone, ['apiKeyHelper']);
  return { set, undone };
}

describe('surgical JSON edits', () => {
  const layouts: Record<string, string> = {
    'two-space indent': '{\n  "model": "opus",\n  "permissions": {"allow": ["Bash(ls)"]},\n  "2": 1\n}\n',
    'four-space indent, CRLF': '{\r\n    "a": {"x": 1},\r\n    "env": {}\r\n}\r\n',
    tabs: '{\n\t"a": 1,\n\t"b": [1, 2]\n}',
    'one line': '{"a":1,"b":{"c":true}}',
    'empty object': '{}',
    'existing env': '{\n  "env": {\n    "DEBUG": "1"\n  }\n}\n',
    'JSONC comments': '{\n  // the model\n  "model": "gemini-2.5-pro" // fast\n}\n',
  };
  for (const [name, text] of Object.entries(layouts)) {
    it(`keeps every other byte and undoes exactly: ${name}`, () => {
      const { set, undone } = roundTrip(text);
      expect(undone).toBe(text);
      expect(getJsonValue(set, ['apiKeyHelper'])).toBe('port42 auth token work');
      expect(getJsonValue(set, ['env', 'ANTHROPIC_BASE_URL'])).toBe('https://gw.example');
      expect(parseJsonObject(set, true).problem).toBeUndefined();
      // Setting the same values again changes nothing.
      expect(
        setJsonValue(setJsonValue(set, ['apiKeyHelper'], 'port42 auth token work'), ['env', 'ANTHROPIC_BASE_URL'], 'https://gw.example'),
      ).toBe(set);
    });
  }

  it('keeps unrelated members byte for byte, numeric-looking keys in place', () => {
    const text = layouts['two-space indent']!;
    const set = setJsonValue(text, ['apiKeyHelper'], 'x');
    expect(set).toBe('{\n  "model": "opus",\n  "permissions": {"allow": ["Bash(ls)"]},\n  "2": 1,\n  "apiKeyHelper": "x"\n}\n');
  });

  it('follows the file: indentation, line endings', () => {
    expect(setJsonValue('{\r\n    "a": 1\r\n}\r\n', ['b', 'c'], 'd')).toBe(
      '{\r\n    "a": 1,\r\n    "b": {\r\n        "c": "d"\r\n    }\r\n}\r\n',
    );
    expect(setJsonValue('{\n\t"a": 1\n}', ['b'], 'd')).toBe('{\n\t"a": 1,\n\t"b": "d"\n}');
  });

  it('creates an object from an empty text', () => {
    expect(setJsonValue('', ['security', 'auth', 'selectedType'], 'gemini-api-key')).toBe(
      '{\n  "security": {\n    "auth": {\n      "selectedType": "gemini-api-key"\n    }\n  }\n}\n',
    );
  });

  it('replaces a differing value in place', () => {
    expect(setJsonValue('{ "apiKeyHelper": "old", "b": 2 }', ['apiKeyHelper'], 'new')).toBe('{ "apiKeyHelper": "new", "b": 2 }');
  });

  it('keeps a comment after the last member on its line', () => {
    expect(setJsonValue('{\n  "a": 1 // one\n}\n', ['b'], 2 as never)).toBe('{\n  "a": 1, // one\n  "b": 2\n}\n');
  });

  it('removes a member in the middle, at the start, and the only one', () => {
    expect(removeJsonMember('{\n  "a": 1,\n  "b": 2,\n  "c": 3\n}', ['b'])).toBe('{\n  "a": 1,\n  "c": 3\n}');
    expect(removeJsonMember('{\n  "a": 1,\n  "b": 2\n}', ['a'])).toBe('{\n  "b": 2\n}');
    expect(removeJsonMember('{\n  "a": 1\n}', ['a'])).toBe('{}');
    expect(removeJsonMember('{"a": 1}', ['zzz'])).toBe('{"a": 1}');
  });

  it('reports what does not parse with its line', () => {
    expect(parseJsonObject('{\n  "a": 1,\n  "b":\n}', false).problem).toEqual({ reason: 'ValueExpected', line: 4 });
    expect(parseJsonObject('[1]', false).problem?.reason).toBe('the top level is not an object');
    expect(parseJsonObject('{ // c\n}', false).problem).toBeDefined();
    expect(parseJsonObject('{ // c\n}', true).problem).toBeUndefined();
    expect(() => setJsonValue('{"a": "x"}', ['a', 'b'], 'c')).toThrow('"a" is not an object');
  });
});
