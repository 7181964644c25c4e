import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/**
 * Asks for a secret without echoing it, with readline's public API only: the prompt goes to
 * `visible`, and readline's own output (where a terminal echoes each key) is a stream that drops
 * everything. On a TTY readline still switches the input to raw mode, so nothing the user types
 * is shown.
 */
export async function promptHidden(prompt: string, input: NodeJS.ReadableStream, visible: NodeJS.WritableStream): Promise<string> {
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input, output: muted, terminal: true });
  visible.write(prompt);
  try {
    return await new Promise<string>((resolve, reject) => {
      rl.once('close', () => reject(new Error('no password: the input ended')));
      rl.question('', resolve);
    });
  } finally {
    rl.close();
    visible.write('\n');
  }
}
