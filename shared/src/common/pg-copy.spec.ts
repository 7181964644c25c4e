import { copyTextField, copyTextFieldOf, copyTextRows } from './pg-copy';

describe('COPY text format', () => {
  const awkward = ['plain', '', 'back\\slash', 'tab\there', 'line\nbreak', 'cr\rhere', '\\N', '{"a":"\\"q\\" \\\\ \\n"}', '中文 ✓ 😀'];

  it('writes each field so that PostgreSQL reads back the same text (NULL as \\N)', () => {
    for (const v of awkward) expect(copyTextField(copyTextFieldOf(v))).toBe(v);
    expect(copyTextFieldOf(null)).toBe('\\N');
    expect(copyTextField(copyTextFieldOf(null))).toBeNull();
  });

  it('puts one row on a line, fields tab-separated, whatever the fields hold', () => {
    const rows = [awkward, [null, 'x']];
    const text = copyTextRows(rows).toString('utf8');
    const lines = text.split('\n');
    expect(lines).toHaveLength(3); // two rows and the empty rest after the last newline
    expect(lines[2]).toBe('');
    expect(lines.slice(0, 2).map((l) => l.split('\t').map(copyTextField))).toEqual(rows);
  });
});
