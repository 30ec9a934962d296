/** Many reports of varied text, for tests and benchmarks of the consolidation at scale. */
import type { ReportInput } from '../../core/consolidation/consolidate';
import type { StoredEntry } from '../../core/rounds/submission';
import { DEFAULT_FIELDS } from '../../core/reader/template';

const SYLLABLES = 'người dân hồ sơ thủ tục công chức phường trực tuyến dịch vụ số hóa hộ tịch khai sinh đất đai trật tự khu phố văn thanh niên mã tin nhắn bản đồ khảo sát góp ý thời gian chi phí giảm tăng tỷ lệ'.split(' ');
/** 1,600 distinct words: real reports differ, so generated ones must not all look alike. */
const WORDS = SYLLABLES.flatMap((a) => SYLLABLES.map((b) => `${a}${b}`));

/** `length` words from a seeded generator: the same seed gives the same text. */
export function variedText(seed: number, length: number): string {
  let state = seed * 2654435761 + 7;
  return Array.from({ length }, () => {
    state = (Math.imul(state ^ (state >>> 15), 2246822507) + 0x6d2b79f5) >>> 0;
    return WORDS[state % WORDS.length];
  }).join(' ');
}

/** Unit `unit`'s entry number `i` (0-based), titled `title`, its four parts varied text of seed `i`: two entries of one `i` describe the same initiative. */
export function variedEntry(unit: string, i: number, title: string): StoredEntry {
  const sections = { thucTrang: variedText(10 * i, 40), noiDung: variedText(10 * i + 1, 40), hieuQua: variedText(10 * i + 2, 40), tinhMoi: variedText(10 * i + 3, 20) };
  return { id: `${unit}-${i}`, row: 9 + i, stt: String(i + 1), unit, title, field: 'Cải cách thủ tục hành chính', sections, note: '' };
}

/** `units` reports of `each` entries, every entry with its own title and four parts. */
export function manyReports(units: number, each: number): ReportInput[] {
  return Array.from({ length: units }, (_, u) => ({
    unit: `Đơn vị ${u + 1}`,
    source: `don-vi-${u + 1}.xlsx`,
    entries: Array.from({ length: each }, (_, k) => {
      const seed = u * 1000 + k;
      return {
        id: `${u}-${k}`,
        row: 9 + k,
        stt: String(k + 1),
        unit: `Đơn vị ${u + 1}`,
        title: variedText(seed, 7),
        field: DEFAULT_FIELDS[k % DEFAULT_FIELDS.length]!.name,
        sections: { thucTrang: variedText(seed + 1, 40), noiDung: variedText(seed + 2, 60), hieuQua: variedText(seed + 3, 30), tinhMoi: variedText(seed + 4, 20) },
        note: '',
      };
    }),
  }));
}
