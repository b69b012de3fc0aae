// The command line's side of passphrases: where they come from (db/passphrase.ts), and on a terminal, asking
// for one without echoing it.

export { KEY_ON_COMMAND_LINE_WARNING, UNENCRYPTED_PANEL_WARNING, newPassphraseFrom, passphraseFrom, type Passphrase, type PassphraseOptions } from '../db/passphrase';

/** Asks on the terminal without echoing; null when there is no terminal to ask on. */
export function askHidden(prompt: string): Promise<string | null> {
  const stdin = process.stdin;
  if (!stdin.isTTY || !process.stderr.isTTY) return Promise.resolve(null);
  process.stderr.write(prompt);
  return new Promise((resolve) => {
    let value = '';
    const done = (answer: string | null) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      resolve(answer);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n') return done(value);
        if (ch === '\u0003' || ch === '\u0004') return done(null); // Ctrl+C, Ctrl+D
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
