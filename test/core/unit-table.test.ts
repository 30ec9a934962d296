/** Units as records: ids that outlive names, other names, predecessors, a pasted list, the migration of rounds stored with names only. */
import { demoRound } from '../../core/rounds/round';
import { roundSchema } from '../../core/rounds/round-schema';
import { mergeUnits, unitsFromList } from '../../core/rounds/unit-table';
import { accountUnitName, unitKindOf, unitNow, unitRenamedSince } from '../../core/rounds/units';
import { findUnit, readOptions } from '../../core/rounds/round';
import { readReport } from '../../core/reader/read';

const legacy = demoRound(); // its units as a round stored before ids: name and kind

test('a round stored with names only gets the same ids every time it is loaded (the migration is deterministic)', () => {
  const stored = JSON.parse(JSON.stringify(legacy)) as { units: Array<Record<string, unknown>> };
  for (const u of stored.units) delete u.id;
  const once = roundSchema.parse(stored);
  const twice = roundSchema.parse(JSON.parse(JSON.stringify(stored)));
  expect(once.units.map((u) => u.id)).toEqual(twice.units.map((u) => u.id));
  expect(new Set(once.units.map((u) => u.id)).size).toBe(once.units.length);
  expect(once.units[0]).toEqual({ id: 'phường 1', name: 'Phường 1', kind: 'phuong' });
  // The ids the demo round writes out are those a load gives.
  expect(roundSchema.parse(legacy).units.map((u) => u.id)).toEqual(once.units.map((u) => u.id));
});

test('ids and codes are unique in a round, and a unit cannot be formed from itself', () => {
  const round = roundSchema.parse(legacy);
  const twice = { ...round, units: [...round.units, { ...round.units[0]!, name: 'Phường Một' }] };
  expect(roundSchema.safeParse(twice).error?.issues.map((i) => i.message)).toEqual(['mã đơn vị bị trùng: phường 1']);
  const codes = { ...round, units: [{ ...round.units[0]!, code: '27139' }, { ...round.units[1]!, code: '27139' }, ...round.units.slice(2)] };
  expect(roundSchema.safeParse(codes).error?.issues.map((i) => i.message)).toEqual(['mã đơn vị bị trùng: 27139']);
  const self = { ...round, units: [{ ...round.units[0]!, formedFrom: ['phường 1'] }, ...round.units.slice(1)] };
  expect(roundSchema.safeParse(self).error?.issues.map((i) => i.message)).toEqual(['đơn vị “Phường 1” không thể hình thành từ chính nó']);
});

test('a city’s pasted list with a header: codes, kinds, contacts, other names, predecessors named as last year wrote them', () => {
  const previous = roundSchema.parse(legacy).units;
  const { units, problems } = unitsFromList(
    [
      ['Danh sách đơn vị năm 2025'],
      ['STT', 'Mã ĐVHC', 'Tên đơn vị', 'Loại', 'Sáp nhập từ', 'Người liên hệ', 'Số điện thoại', 'Email'],
      ['1', '27139', 'Phường Bàn Cờ', 'Phường', 'Phường 1; Phường 2; Phường 3', 'Nguyễn Thị Lan', '028 3930 1234', 'lan.bc@tphcm.gov.vn'],
      ['2', '27100', 'Xã Thạnh An', 'xã', '', '', '', ''],
      ['3', '27700', 'Đặc khu Côn Đảo', '', '', 'Trần Văn Hải', '0912 345 678', ''],
      ['4', '', 'Sở Nội vụ', '', '', '', '', ''],
      ['', '', '', '', '', '', '', ''],
      ['5', '', 'Phòng Tư pháp', 'Cơ quan chuyên môn', '', '', '', ''],
    ],
    { previous },
  );
  expect(problems).toEqual([]);
  expect(units.map((u) => [u.code ?? null, u.name, u.kind])).toEqual([
    ['27139', 'Phường Bàn Cờ', 'phuong'],
    ['27100', 'Xã Thạnh An', 'xa'],
    ['27700', 'Đặc khu Côn Đảo', 'dac-khu'],
    [null, 'Sở Nội vụ', 'so'],
    [null, 'Phòng Tư pháp', 'co-quan-chuyen-mon'],
  ]);
  expect(units[0]!.contact).toEqual({ person: 'Nguyễn Thị Lan', phone: '028 3930 1234', email: 'lan.bc@tphcm.gov.vn' });
  expect(units[0]!.formedFrom).toEqual(['phường 1', 'phường 2', 'phường 3']);
  // A unit already known keeps its id; a new one takes its official code.
  expect(units[4]!.id).toBe(previous.find((u) => u.name === 'Phòng Tư pháp')!.id);
  expect(units[0]!.id).toBe('27139');
});

test('a list without a header: code, name and contacts told by their look; each problem names its row', () => {
  const { units, problems } = unitsFromList(
    [
      ['27139', 'Phường Bàn Cờ', 'Nguyễn Thị Lan', '0912345678', 'lan@tphcm.gov.vn'],
      ['Phường Tân Định'],
      ['27139', 'Phường Bàn Cờ'],
      ['Phường Võ Thị Sáu', 'ten@', ''],
    ],
    { previous: [] },
  );
  expect(units[0]).toEqual({ id: '27139', code: '27139', name: 'Phường Bàn Cờ', kind: 'phuong', contact: { person: 'Nguyễn Thị Lan', phone: '0912345678', email: 'lan@tphcm.gov.vn' } });
  expect(units[1]).toEqual({ id: 'phường tân định', name: 'Phường Tân Định', kind: 'phuong' });
  expect(problems.map((p) => p.message)).toEqual(['Phường Bàn Cờ (dòng 3) là cùng một đơn vị với dòng 1: mỗi đơn vị ghi một dòng.']);
  expect(units.map((u) => u.name)).toEqual(['Phường Bàn Cờ', 'Phường Tân Định', 'Phường Võ Thị Sáu']);
});

test('a row keeps the id it had: by its code, by its name, by a former name written beside it', () => {
  const previous = [{ id: 'u-1', code: '26734', name: 'Phường Bến Nghé', kind: 'phuong' as const }, { id: 'u-2', name: 'Phường Đa Kao', kind: 'phuong' as const }];
  const { units } = unitsFromList(
    [
      ['Mã đơn vị', 'Tên đơn vị', 'Tên khác, tên cũ'],
      ['26734', 'Phường Sài Gòn', ''],
      ['', 'Phường Tân Định', 'Phường Đa Kao'],
    ],
    { previous },
  );
  expect(units.map((u) => u.id)).toEqual(['u-1', 'u-2']);
});

test('merging a list into a round adds new units and brings known ones up to date; a new name keeps the old one as another name', () => {
  const round = roundSchema.parse(legacy);
  const listed = unitsFromList([['Mã đơn vị', 'Tên đơn vị', 'Người liên hệ'], ['27139', 'Phường 1', 'Chị Lan'], ['', 'Phường Bến Thành', '']], { previous: round.units }).units;
  const { units, added, updated } = mergeUnits(round.units, listed);
  expect(added).toEqual(['Phường Bến Thành']);
  expect(updated).toEqual(['Phường 1']);
  expect(units.find((u) => u.name === 'Phường 1')).toEqual({ id: 'phường 1', code: '27139', name: 'Phường 1', kind: 'phuong', contact: { person: 'Chị Lan' } });
  const renamed = mergeUnits(units, [{ id: 'phường 1', name: 'Phường Bàn Cờ', kind: 'phuong' }]);
  expect(renamed.units.find((u) => u.id === 'phường 1')).toMatchObject({ name: 'Phường Bàn Cờ', aliases: ['Phường 1'], code: '27139' });
  expect(mergeUnits(renamed.units, listed.slice(1)).added).toEqual([]);
});

test('a unit’s other names are read as the unit in reports; an earlier year’s unit is named as it is now', () => {
  const round = roundSchema.parse(legacy);
  const next = roundSchema.parse({
    ...round,
    units: [{ id: 'phường 1', name: 'Phường Bàn Cờ', kind: 'phuong', aliases: ['Phường 1'] }, { name: 'Phường Xuân Hòa', kind: 'phuong', formedFrom: ['phường 2', 'phường 3'] }, ...round.units.slice(3)],
  });
  expect(findUnit(next, 'UBND Phường 01')?.name).toBe('Phường Bàn Cờ');
  const report = readReport(
    [{ name: 'Phụ lục', grid: [
      ['STT', 'Đơn vị thực hiện', 'Tên mô hình, giải pháp, sáng kiến', 'Lĩnh vực cải cách hành chính', 'Mô tả'],
      ['1', 'Phường 1', 'Một cửa số', 'Cải cách thủ tục hành chính', '- Thực trạng: A.\n- Nội dung: B.\n- Hiệu quả: C.\n- Tính mới: D.'],
    ] }],
    readOptions(next),
  );
  expect(report!.entries[0]!.unit).toBe('Phường Bàn Cờ');
  expect(unitRenamedSince(round, next, 'Phường 1')).toBe('Phường Bàn Cờ');
  expect(unitRenamedSince(round, next, 'Phường 3')).toBe('Phường Xuân Hòa');
  expect(unitRenamedSince(round, next, 'Phường 4')).toBeUndefined();
  expect(unitNow(next, 'phường 2')?.name).toBe('Phường Xuân Hòa');
  expect(accountUnitName(next, { unit: 'Phường 2' })).toBe('Phường Xuân Hòa');
  expect(accountUnitName(next, { unit: 'Phường Cũ Không Còn' })).toBe('Phường Cũ Không Còn');
});

test('kinds from names as a city writes them', () => {
  expect(['Xã Bình Chánh', 'Thị trấn Cần Thạnh', 'Đặc khu Côn Đảo', 'Sở Tư pháp', 'Ban Quản lý Khu công nghệ cao', 'Phòng Nội vụ', 'Văn phòng HĐND và UBND', 'Trung tâm Phục vụ hành chính công', 'UBND Phường 1'].map(unitKindOf)).toEqual([
    'xa',
    'xa',
    'dac-khu',
    'so',
    'ban',
    'co-quan-chuyen-mon',
    'co-quan-chuyen-mon',
    'don-vi-su-nghiep',
    'phuong',
  ]);
});

test('another name two units claim belongs to neither: a report that writes it is not given to either', () => {
  const round = roundSchema.parse({
    ...legacy,
    units: [
      { name: 'Phường Bàn Cờ', kind: 'phuong', aliases: ['Phường Cũ'] },
      { name: 'Phường Xuân Hòa', kind: 'phuong', aliases: ['Phường Cũ', 'Phường 4'] },
    ],
  });
  expect(findUnit(round, 'Phường Cũ')).toBeUndefined();
  expect(findUnit(round, 'phường 04')?.name).toBe('Phường Xuân Hòa');
  // A row naming a unit two earlier units went by gets an id of its own rather than either's.
  const { units } = unitsFromList([['Tên đơn vị', 'Loại'], ['Phường Cũ', 'Phường']], { previous: round.units });
  expect(units[0]!.id).toBe('phường cũ');
});

test('a ward renamed in an earlier round still answers to both its names when next year’s list is read', () => {
  const y2024 = [{ id: 'u-1', name: 'Phường 1', kind: 'phuong' as const }];
  const y2025 = [{ id: 'u-1', name: 'Phường Bàn Cờ', kind: 'phuong' as const, aliases: ['Phường 1'] }];
  const { units } = unitsFromList([['Tên đơn vị', 'Loại'], ['Phường 1', 'Phường'], ['Phường Bàn Cờ', 'Phường']], { previous: [], known: [...y2024, ...y2025] });
  expect(units.map((u) => u.id)).toEqual(['u-1']);
  const again = unitsFromList([['Tên đơn vị', 'Hình thành từ'], ['Phường Xuân Hòa', 'Phường 1']], { previous: [], known: [...y2024, ...y2025] });
  expect(again.units[0]!.formedFrom).toEqual(['u-1']);
});
