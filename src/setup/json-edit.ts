/**
 * Surgical edits of JSON (and JSONC) text: set or remove one member and leave every other byte
 * as it was — key order, indentation style, line endings, comments. jsonc-parser only locates
 * nodes; the edits are written here because its own `modify` re-formats the enclosing object.
 */
import { getNodeValue, parseTree, printParseErrorCode, findNodeAtLocation, type Node, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { isDeepStrictEqual } from 'node:util';

/** A JSON value port42 writes: strings and objects of them are all setup needs. */
export type JsonValue = string | number | boolean | null | { readonly [key: string]: JsonValue };

/** Why a text is not a JSON object: the reason and the 1-based line. */
export interface JsonProblem {
  readonly reason: string;
  readonly line: number;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/** Parses text into a tree; an empty text is an empty object. Returns the problem instead when it does not parse. */
export function parseJsonObject(text: string, allowComments: boolean): { root?: Node; problem?: JsonProblem } {
  if (text.trim() === '') return {};
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: !allowComments, allowTrailingComma: allowComments });
  const first = errors[0];
  if (first) return { problem: { reason: printParseErrorCode(first.error), line: lineOf(text, first.offset) } };
  if (!root || root.type !== 'object') return { problem: { reason: 'the top level is not an object', line: 1 } };
  return { root };
}

function requireRoot(text: string): Node | undefined {
  const { root, problem } = parseJsonObject(text, true);
  if (problem) throw new Error(`not JSON: ${problem.reason} at line ${problem.line}`);
  return root;
}

/** The value at `path`, or undefined. */
export function getJsonValue(text: string, path: readonly string[]): unknown {
  const root = requireRoot(text);
  const node = root && findNodeAtLocation(root, [...path]);
  return node ? getNodeValue(node) : undefined;
}

function findMember(object: Node, key: string): Node | undefined {
  return object.children?.find((p) => p.type === 'property' && p.children?.[0]?.value === key);
}

const eolOf = (text: string): string => (text.includes('\r\n') ? '\r\n' : '\n');

/** The indentation of the first indented member line, which is one level deep in formatted JSON. */
function indentUnitOf(text: string): string {
  const match = /\n([ \t]+)"/.exec(text);
  return match?.[1] ?? '  ';
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The whitespace before `offset` on its line, or undefined when other text precedes it there. */
function leadingWhitespace(text: string, offset: number): string | undefined {
  const before = text.slice(lineStart(text, offset), offset);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

function render(value: JsonValue, indent: string, unit: string, eol: string): string {
  return JSON.stringify(value, null, unit)
    .split('\n')
    .join(eol + indent);
}

function nest(path: readonly string[], value: JsonValue): JsonValue {
  return path.reduceRight<JsonValue>((inner, key) => ({ [key]: inner }), value);
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

function insertMember(text: string, object: Node, key: string, value: JsonValue): string {
  const eol = eolOf(text);
  const unit = indentUnitOf(text);
  const members = object.children ?? [];
  const last = members[members.length - 1];
  const ownIndent = /^[ \t]*/.exec(text.slice(lineStart(text, object.offset)))?.[0] ?? '';
  if (!last) {
    const inner = text.slice(object.offset + 1, object.offset + object.length - 1);
    const indent = ownIndent + unit;
    const member = `${JSON.stringify(key)}: ${render(value, indent, unit, eol)}`;
    if (inner.trim() === '')
      return splice(text, object.offset + 1, object.offset + object.length - 1, `${eol}${indent}${member}${eol}${ownIndent}`);
    return splice(text, object.offset + 1, object.offset + 1, `${eol}${indent}${member}`);
  }
  const end = last.offset + last.length;
  const multiline = text.slice(object.offset, last.offset).includes('\n');
  if (!multiline) return splice(text, end, end, `, ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  const indent = leadingWhitespace(text, last.offset) ?? ownIndent + unit;
  const member = `${JSON.stringify(key)}: ${render(value, indent, unit, eol)}`;
  const lineEnd = text.indexOf('\n', end) === -1 ? text.length : text.indexOf('\n', end);
  const restOfLine = text.slice(end, lineEnd).replace(/\r$/, '');
  // A comment after the last member stays on its line: the comma goes before it, the member after it.
  if (/^\s*(\/\/|\/\*)/.test(restOfLine)) {
    const at = end + restOfLine.length;
    return splice(splice(text, at, at, `${eol}${indent}${member}`), end, end, ',');
  }
  return splice(text, end, end, `,${eol}${indent}${member}`);
}

/**
 * Sets the value at `path` (creating objects on the way) and returns the new text; the same text
 * when the value is already there. Throws when the text does not parse or a step is not an object.
 */
export function setJsonValue(text: string, path: readonly string[], value: JsonValue): string {
  const root = requireRoot(text);
  if (!root) {
    const eol = eolOf(text);
    return render(nest(path, value), '', '  ', eol) + eol;
  }
  let object = root;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const member = findMember(object, key);
    const valueNode = member?.children?.[1];
    if (!member || !valueNode) return insertMember(text, object, key, nest(path.slice(i + 1), value));
    if (i === path.length - 1) {
      if (isDeepStrictEqual(getNodeValue(valueNode), value)) return text;
      const indent = leadingWhitespace(text, member.offset) ?? '';
      return splice(text, valueNode.offset, valueNode.offset + valueNode.length, render(value, indent, indentUnitOf(text), eolOf(text)));
    }
    if (valueNode.type !== 'object') throw new Error(`"${path.slice(0, i + 1).join('.')}" is not an object`);
    object = valueNode;
  }
  return text;
}

/**
 * Removes the member at `path` with the separator that came with it, so that removing what
 * setJsonValue inserted gives back the original bytes. Returns the text unchanged when absent.
 */
export function removeJsonMember(text: string, path: readonly string[]): string {
  const root = requireRoot(text);
  const member = root && findNodeAtLocation(root, [...path])?.parent;
  const object = member?.parent;
  if (!member || member.type !== 'property' || !object) return text;
  const members = object.children ?? [];
  const index = members.indexOf(member);
  const end = member.offset + member.length;
  const next = members[index + 1];
  if (next) return splice(text, member.offset, next.offset, '');
  const previous = members[index - 1];
  if (!previous) {
    const inner = text.slice(object.offset + 1, object.offset + object.length - 1);
    const outside = inner.slice(0, member.offset - object.offset - 1) + inner.slice(end - object.offset - 1);
    if (outside.trim() === '') return splice(text, object.offset + 1, object.offset + object.length - 1, '');
    return splice(text, member.offset, end, '');
  }
  const previousEnd = previous.offset + previous.length;
  const between = text.slice(previousEnd, member.offset);
  if (!/\/\/|\/\*/.test(between)) return splice(text, previousEnd, end, '');
  // previous, // comment⏎ member: drop the member's line and the comma before the comment.
  const eolStart = lineStart(text, member.offset) - eolOf(text).length;
  const comma = text.indexOf(',', previousEnd);
  return splice(splice(text, eolStart, end, ''), comma, comma + 1, '');
}

/** True when the value at `path` is an object with no members. */
export function isEmptyJsonObject(text: string, path: readonly string[]): boolean {
  const value = getJsonValue(text, path);
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}
