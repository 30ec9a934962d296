/**
 * Every workbook in ../shared/fixtures/reports read through the real ExcelJS adapter, asserting
 * what the fixtures README says a correct reader finds.
 */
import { readdirSync } from 'node:fs';
import { checkWorkbookFile } from '../../server/xlsx';
import type { Issue, ReportResult } from '../../core/types';
import { REPORTS, report, FIXTURES } from '../helpers/paths';
import path from 'node:path';

const read = (name: string) => checkWorkbookFile(report(name));
const errors = (r: ReportResult) => r.issues.filter((i) => i.severity === 'error');
const codes = (issues: Issue[]) => issues.map((i) => i.code);

describe('fixture reports', () => {
  test('the folder holds the 16 reports the README describes', () => {
    expect(readdirSync(REPORTS).filter((f) => f.endsWith('.xlsx'))).toHaveLength(16);
  });

  test('phuong-1: the template exactly, contact line under the table: 3 entries, no errors', async () => {
    const r = await read('phuong-1.xlsx');
    expect(r.error).toBeNull();
    expect(r.sheet).toBe('Phụ lục');
    expect(r.entries.map((e) => e.row)).toEqual([9, 10, 11]);
    expect(r.entries.map((e) => e.title)).toEqual([
      'Hồ sơ không hẹn',
      'Khảo sát sự hài lòng bằng mã QR tại Bộ phận một cửa',
      'Tủ sách pháp luật điện tử khu phố',
    ]);
    expect(r.issues).toEqual([]);
    for (const e of r.entries) {
      expect(e.unit).toBe('Phường 1');
      for (const part of Object.values(e.sections)) expect(part).toEqual(expect.stringMatching(/\S/));
    }
    expect(r.entries[0]!.sections.thucTrang).toMatch(/^Người dân đến Bộ phận một cửa phường/);
    expect(r.entries[0]!.cells).toMatchObject({ title: ['C9'], description: ['E9'] });
  });

  test('phuong-2: "Cải cách TTHC" normalised with a warning; entry 2 lacks Tính mới', async () => {
    const r = await read('phuong-2.xlsx');
    expect(r.entries).toHaveLength(2);
    expect(r.entries[0]!.field).toBe('Cải cách thủ tục hành chính');
    expect(r.entries[0]!.fieldWritten).toBe('Cải cách TTHC');
    const normalized = r.issues.find((i) => i.code === 'field-normalized');
    expect(normalized).toMatchObject({ severity: 'warning', cell: 'D9', row: 9, canonical: 'Cải cách thủ tục hành chính' });
    expect(errors(r)).toEqual([expect.objectContaining({ code: 'missing-section', section: 'tinhMoi', row: 10, cell: 'E10' })]);
    expect(errors(r)[0]!.message).toContain('Tính mới');
    expect(r.entries[1]!.sections.tinhMoi).toBeNull();
    expect(r.entries[1]!.sections.hieuQua).toMatch(/^Đã trả 215 kết quả/);
  });

  test('phuong-3: headings without diacritics, + bullets, loose fields matched with warnings', async () => {
    const r = await read('phuong-3.xlsx');
    expect(errors(r)).toEqual([]);
    expect(r.entries.map((e) => e.field)).toEqual([
      'Xây dựng và phát triển chính quyền điện tử, chính quyền số',
      'Công tác thông tin, tuyên truyền về cải cách hành chính',
    ]);
    expect(codes(r.issues)).toEqual(['field-normalized', 'field-normalized']);
    expect(r.entries[0]!.sections).toEqual({
      thucTrang: 'Sổ hộ tịch giấy từ năm 1976 đến nay bị xuống cấp, tra cứu mất nhiều thời gian.',
      noiDung: 'Scan và nhập liệu 18.000 trang sổ hộ tịch vào cơ sở dữ liệu hộ tịch điện tử; phân công đoàn viên thanh niên hỗ trợ ngoài giờ.',
      hieuQua: 'Thời gian tra cứu trích lục giảm từ 1 ngày xuống 10 phút; bảo quản an toàn dữ liệu gốc.',
      tinhMoi: 'Huy động lực lượng đoàn viên tham gia số hóa, không phát sinh kinh phí thuê ngoài.',
    });
  });

  test('phuong-4: parts in four columns under a merged two-row header', async () => {
    const r = await read('phuong-4.xlsx');
    expect(r.issues).toEqual([]);
    expect(r.entries.map((e) => e.row)).toEqual([10, 11]);
    expect(r.entries[0]!.sections).toEqual({
      thucTrang: 'Tỷ lệ người dân kích hoạt tài khoản định danh điện tử mức 2 còn thấp, nhất là người lớn tuổi.',
      noiDung: 'Thành lập tổ công nghệ số cộng đồng, tổ chức các điểm hỗ trợ lưu động vào buổi tối và cuối tuần tại khu phố.',
      hieuQua: 'Kích hoạt thêm 3.450 tài khoản trong 4 tháng, đạt 87% chỉ tiêu năm.',
      tinhMoi: 'Hỗ trợ ngoài giờ hành chính, đến tận khu phố, phù hợp người đi làm.',
    });
    expect(r.entries[0]!.cells).toMatchObject({ thucTrang: ['E10'], noiDung: ['F10'], hieuQua: ['G10'], tinhMoi: ['H10'], note: ['I10'] });
  });

  test('phuong-5: a header and no entries is a no-entries error', async () => {
    const r = await read('phuong-5.xlsx');
    expect(r.error).toBeNull();
    expect(r.entries).toEqual([]);
    expect(r.issues).toEqual([expect.objectContaining({ code: 'no-entries', severity: 'error', row: 9 })]);
  });

  test('phuong-9: NFD, old tone marks, CRLF, headings on their own lines, blank row, missing STT', async () => {
    const r = await read('phuong-9.xlsx');
    expect(errors(r)).toEqual([]);
    expect(r.entries.map((e) => e.row)).toEqual([9, 11]);
    expect(r.issues).toEqual([expect.objectContaining({ code: 'bad-stt', severity: 'warning', cell: 'A11' })]);
    for (const e of r.entries) {
      const all = [e.unit, e.title, e.field, ...Object.values(e.sections)].join('\n');
      expect(all).toBe(all.normalize('NFC'));
      expect(all).not.toContain('\r');
    }
    expect(r.entries[0]!.sections.thucTrang).toBe('Người lao động khó sắp xếp thời gian nộp hồ sơ trong giờ hành chính.');
  });

  test('phuong-10: the report on Sheet1 behind an instructions sheet, header on row 1, rich text', async () => {
    const r = await read('phuong-10.xlsx');
    expect(r.sheet).toBe('Sheet1');
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]!.row).toBe(2);
    expect(r.entries[0]!.sections.thucTrang).toMatch(/^Thông tin vi phạm trật tự xây dựng/);
    expect(r.entries[0]!.note).toBe('Đang mở rộng');
    expect(r.issues).toEqual([]);
  });

  test('phuong-11: empty description, missing title, missing field', async () => {
    const r = await read('phuong-11.xlsx');
    expect(r.entries).toHaveLength(4);
    expect(errors(r).map((i) => [i.code, i.row, i.cell])).toEqual([
      ['empty-description', 10, 'E10'],
      ['missing-title', 11, 'C11'],
      ['missing-field', 12, 'D12'],
    ]);
  });

  test.each(['phuong-12.xlsx', 'phuong-14.xlsx', 'phuong-vo-thi-sau.xlsx', 'phong-tu-phap.xlsx', 'phong-tai-chinh-ke-hoach.xlsx', 'phong-noi-vu.xlsx'])(
    '%s: a clean report, one entry, no findings',
    async (name) => {
      const r = await read(name);
      expect(r.entries).toHaveLength(1);
      expect(r.issues).toEqual([]);
    },
  );

  test('phuong-13 and phong-van-hoa-thong-tin read cleanly (their cross-report findings belong to consolidation)', async () => {
    const p13 = await read('phuong-13.xlsx');
    expect(p13.entries.map((e) => e.title)).toContain('Hồ sơ không hẹn tại Bộ phận một cửa');
    expect(errors(p13)).toEqual([]);
    const vhtt = await read('phong-van-hoa-thong-tin.xlsx');
    expect(vhtt.entries[0]!.unit).toBe('Phòng Văn hoá và Thông tin'); // stored as written, in NFC
    expect(vhtt.issues).toEqual([]);
  });

  test('the blank template reads as a report with no entries', async () => {
    const r = await checkWorkbookFile(path.join(FIXTURES, 'phu-luc-mau.xlsx'));
    expect(r.error).toBeNull();
    expect(r.entries).toEqual([]);
    expect(codes(r.issues)).toEqual(['no-entries']);
  });
});
