/**
 * TCVN3 and VNI: the tables checked against an independent decoder (glibc's iconv for TCVN 5712),
 * both ways for every Vietnamese letter, and never applied to text already in Unicode.
 */
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { decodeLegacy, fromTcvn3, fromVni, toLegacy } from '../../core/reader/legacy-encoding';

const LOWER = 'aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ';

test('the TCVN3 table is what iconv decodes for bytes A1–FF (TCVN 5712:1993)', () => {
  const bytes = Buffer.from(Array.from({ length: 0x5f }, (_, i) => 0xa1 + i));
  const iconv = execFileSync('iconv', ['-f', 'TCVN5712-1', '-t', 'UTF-8'], { input: bytes }).toString('utf8');
  // Excel keeps TCVN3 text as the Windows-1252 (here Latin-1) characters of its bytes.
  expect(fromTcvn3(bytes.toString('latin1'))).toBe(iconv.normalize('NFC'));
});

test.each(['tcvn3', 'vni'] as const)('every Vietnamese letter goes to %s and back', (encoding) => {
  const decode = encoding === 'vni' ? fromVni : fromTcvn3;
  const letters = encoding === 'vni' ? LOWER + LOWER.toUpperCase() : LOWER + 'ĂÂÊÔƠƯĐ';
  for (const letter of letters) expect(decode(toLegacy(letter, encoding))).toBe(letter);
});

test.each([
  // As the old fonts' users typed them (the national motto and a report's heading).
  ['Céng hoµ x· héi chñ nghÜa ViÖt Nam', 'Cộng hoà xã hội chủ nghĩa Việt Nam', 'tcvn3'],
  ['Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam', 'Cộng hòa xã hội chủ nghĩa Việt Nam', 'vni'],
  ['Thùc tr¹ng: ng\u00adêi d©n ph¶i chê ®îi', 'Thực trạng: người dân phải chờ đợi', 'tcvn3'],
  ['Thöïc traïng: ngöôøi daân phaûi chôø ñôïi', 'Thực trạng: người dân phải chờ đợi', 'vni'],
])('%s is recognised and read as Unicode', (legacy, unicode, encoding) => {
  expect(decodeLegacy(legacy)).toEqual({ text: unicode, encoding });
});

test('text in Unicode is never converted, whatever Latin-1 signs it holds', () => {
  const words = ['Thực', 'trạng', 'người', 'dân', 'hồ', 'sơ', 'Ủy', 'ban', 'hòa', 'khỏe', 'đạt', '95%', '½', '30°C', '©', '§2', '±1', 'Zalo', 'QR', '(x)'];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 30 }), (picked) => {
      expect(decodeLegacy(picked.join(' '))).toBeNull();
    }),
    { numRuns: 500 },
  );
});
