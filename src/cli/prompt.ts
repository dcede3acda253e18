/**
 * Asks a question on the controlling terminal (/dev/tty), with echo off for secrets, so that a
 * prompt works even when stdin is a pipe. Ctrl-C cancels (exit 130).
 */
import { openSync, closeSync } from 'node:fs';
import { ReadStream, WriteStream } from 'node:tty';
import { Port42Error, usageError } from '../errors.ts';

/** Reads one line from the terminal. Throws usage error when there is no terminal. */
export async function promptOnTerminal(question: string, options: { hidden: boolean }): Promise<string> {
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch {
    throw usageError('no terminal to ask on: pipe the value on stdin instead', 'printf %s "$KEY" | port42 auth login <profile>');
  }
  const input = new ReadStream(fd);
  const output = new WriteStream(fd);
  output.write(question);
  input.setRawMode(true);
  input.setEncoding('utf8');
  try {
    return await new Promise<string>((resolve, reject) => {
      let answer = '';
      input.on('data', (chunk: string) => {
        for (const char of chunk) {
          if (char === '\r' || char === '\n') {
            output.write('\n');
            resolve(answer);
            return;
          }
          if (char === '\u0003') {
            output.write('\n');
            reject(new Port42Error('cancelled', 'cancelled'));
            return;
          }
          if (char === '\u0004' && answer === '') {
            output.write('\n');
            resolve('');
            return;
          }
          if (char === '\u007f' || char === '\b') {
            if (answer.length > 0) {
              answer = answer.slice(0, -1);
              if (!options.hidden) output.write('\b \b');
            }
            continue;
          }
          answer += char;
          if (!options.hidden) output.write(char);
        }
      });
    });
  } finally {
    input.setRawMode(false);
    input.destroy();
    try {
      closeSync(fd);
    } catch {
      // already closed by the stream
    }
  }
}
