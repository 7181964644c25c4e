import { PassThrough } from 'node:stream';
import { promptHidden } from './prompt';

function capture() {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString()));
  return { out, text: () => text };
}

describe('promptHidden (the transfer password prompt)', () => {
  it('answers what was typed and never echoes it', async () => {
    const input = new PassThrough();
    const shown = capture();
    const answer = promptHidden('password: ', input, shown.out);
    input.write('s3cret pass\r');
    await expect(answer).resolves.toBe('s3cret pass');
    expect(shown.text()).toBe('password: \n');
  });

  it('refuses when the input ends before a line', async () => {
    const input = new PassThrough();
    const shown = capture();
    const answer = promptHidden('password: ', input, shown.out);
    input.end();
    await expect(answer).rejects.toThrow('no password: the input ended');
    expect(shown.text()).not.toContain('undefined');
  });
});
