import { LineSplitter } from './lines';

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');

test('splits lines across reads and drops the \\n or \\r\\n', () => {
  const lines = new LineSplitter(100);
  expect(lines.push(bytes('hel'))).toEqual([]);
  expect(lines.push(bytes('lo\r\nwor'))).toEqual(['hello']);
  expect(lines.push(bytes('ld\n\nagain\n'))).toEqual(['world', '', 'again']);
});

test('decodes a character split across two reads once its line is whole', () => {
  const euro = bytes('€\n'); // three bytes, then the newline
  const lines = new LineSplitter(100);
  expect(lines.push(euro.subarray(0, 1))).toEqual([]);
  expect(lines.push(euro.subarray(1))).toEqual(['€']);
});

test('a line of maxLineBytes passes; one byte more, ended or not, is refused', () => {
  expect(new LineSplitter(4).push(bytes('abcd\n'))).toEqual(['abcd']);
  expect(new LineSplitter(4).push(bytes('abcde\n'))).toBeUndefined();
  const unended = new LineSplitter(4);
  expect(unended.push(bytes('ab'))).toEqual([]);
  expect(unended.push(bytes('cd'))).toEqual([]);
  expect(unended.push(bytes('e'))).toBeUndefined();
});

test('counts bytes, not characters', () => {
  expect(new LineSplitter(4).push(bytes('€€\n'))).toBeUndefined(); // 6 bytes
  expect(new LineSplitter(6).push(bytes('€€\n'))).toEqual(['€€']);
});
