/** Consolidating ../shared/fixtures/reports against the demo round gives what the fixtures README states. */
import { readdirSync } from 'node:fs';
import { consolidate, reportUnit, type ReportInput } from '../../core/consolidation/consolidate';
import { demoRound } from '../../core/rounds/round';
import { checkWorkbookFile } from '../../server/xlsx';
import { REPORTS, report } from '../helpers/paths';

async function fixtureReports(): Promise<ReportInput[]> {
  const round = demoRound();
  const inputs: ReportInput[] = [];
  for (const name of readdirSync(REPORTS).sort()) {
    const r = await checkWorkbookFile(report(name));
    if (r.error) continue;
    inputs.push({
      unit: reportUnit(round, r.entries, r.titleBlock) ?? name,
      source: name,
      entries: r.entries.map((e) => ({ ...e, id: `${name}#${e.row}` })),
    });
  }
  return inputs;
}

describe('consolidating the fixture reports', () => {
  test('missing units, the empty report, the duplicate pair, the old-tone-mark office', async () => {
    const summary = consolidate(demoRound(), await fixtureReports());
    expect(summary.missing).toEqual(['Văn phòng HĐND và UBND quận', 'Phòng Giáo dục và Đào tạo']);
    expect(summary.emptyReports).toEqual(['Phường 5']);
    expect(summary.unknownUnits).toEqual([]);
    const vhtt = summary.units.find((u) => u.name === 'Phòng Văn hóa và Thông tin')!;
    expect(vhtt).toMatchObject({ status: 'received', entries: 1 }); // an emailed report has no submission date
    expect(summary.duplicates).toHaveLength(1);
    const [pair] = summary.duplicates;
    expect([pair!.a.title, pair!.b.title].sort()).toEqual(['Hồ sơ không hẹn', 'Hồ sơ không hẹn tại Bộ phận một cửa']);
    expect([pair!.a.unit, pair!.b.unit].sort()).toEqual(['Phường 1', 'Phường 13']);
    expect(pair!.similarity).toBeGreaterThan(0.7);
    expect(summary.entries).toHaveLength(25);
    expect(summary.entries.every((e) => e.rank === null && e.prize === null)).toBe(true); // no scores yet
    expect(summary.fields.find((f) => f.name === 'Cải cách thủ tục hành chính')!.entries).toBeGreaterThan(0);
  });
});
