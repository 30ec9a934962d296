/**
 * The task pane as an officer and the district's admin use it: the real views, the real Excel
 * functions over the simulated host, the real server on loopback. Settings → insert the template
 * → type two entries → Kiểm tra (findings listed, marked, one click to go, one click to fix) →
 * Gửi báo cáo → the server holds the version and the sheet keeps the ids. Offline sends wait and
 * are delivered after a reload; the server's refusals are shown.
 */
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ERROR_FILL } from '../../addin/excel/marks';
import { installExcel, SUITE_API_MINOR, type InstalledHost } from '../helpers/excel-host';
import { click, clickWhenEnabled, closeListener, listen, renderPane as renderTaskPane, typeInto, urlOf } from '../helpers/pane';
import JSZip from 'jszip';
import request from 'supertest';
import { auth, entries, NOW, POINTS, testServer, type TestServer } from '../helpers/server';
import { demoRound } from '../../core/rounds/round';
import { newSheet, newWorkbook } from '../../addin/preview/excel-sim';

let s: TestServer;
let listener: Server;
let url: string;
let host: InstalledHost;

beforeEach(async () => {
  s = await testServer();
  listener = await listen(s);
  url = urlOf(listener);
  host = installExcel(newWorkbook());
  localStorage.clear();
});

afterEach(async () => {
  if (listener.listening) await closeListener(listener);
  await s.close();
});

const renderPane = () => renderTaskPane(url);

const tab = (name: string) => fireEvent.click(screen.getByRole('tab', { name }));

async function connectAs(token: string) {
  fireEvent.change(screen.getByLabelText(/Mã truy cập/), { target: { value: token } });
  click('Kiểm tra kết nối');
  await screen.findByText('Vai trò');
}

const type = (cells: Record<string, string>) => typeInto(host, cells);

/** Phường 1's officer, connected: the template inserted, one complete entry naming `unit` typed and checked. */
async function checkedEntry(unit: string, verdict: string | RegExp = 'Không còn lỗi. Có thể gửi báo cáo.') {
  localStorage.setItem('phuluc.connection', JSON.stringify({ serverUrl: url, token: s.tokens.officer1 }));
  renderPane();
  await clickWhenEnabled('Chèn mẫu Phụ lục');
  await screen.findByText(/Đã chèn mẫu/);
  type({ B9: unit, C9: 'Một cửa liên thông', D9: 'Cải cách thể chế', E9: FULL });
  click('Kiểm tra');
  await screen.findByText(verdict);
}

const FULL = '- Thực trạng: người dân chờ lâu.\n- Nội dung: quầy riêng.\n- Hiệu quả: giảm một nửa thời gian.\n- Tính mới: lần đầu áp dụng.';

describe('officer', () => {
  test('settings → template → two entries → check, go, fix → send: the server holds the version, the sheet the ids', async () => {
    renderPane();
    // Bad input is explained before anything is sent.
    fireEvent.change(screen.getByLabelText(/Mã truy cập/), { target: { value: 'abc' } });
    click('Kiểm tra kết nối');
    expect(await screen.findByText(/bắt đầu bằng pl_/)).toBeTruthy();

    await connectAs(s.tokens.officer1);
    expect(screen.getByText('Cán bộ đầu mối của đơn vị')).toBeTruthy();
    expect(screen.getByText('Phường 1')).toBeTruthy();
    expect(screen.getByText(/Hạn nộp .* \(còn \d+ ngày\)\./)).toBeTruthy();

    tab('Báo cáo');
    click('Chèn mẫu Phụ lục');
    await screen.findByText(/Đã chèn mẫu vào trang “Phụ lục”/);
    expect(host.grid('Phụ lục')[0]![0]).toBe('PHƯỜNG 1');

    type({ B9: 'Phường 1', C9: 'Một cửa liên thông', D9: 'Cải cách TTHC', E9: FULL.replace(/\n- Tính mới.*$/, '') });
    type({ B10: 'Phường 1', C10: 'Sổ tay điện tử', D10: 'Cải cách thể chế', E10: FULL });
    click('Kiểm tra');
    await screen.findByText('Trang “Phụ lục”: 2 mô hình · 1 lỗi · 1 cảnh báo');
    expect(screen.getByRole('button', { name: 'Gửi báo cáo' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByText('Sửa hết lỗi rồi bấm Kiểm tra lại để gửi.')).toBeTruthy();
    const sheet = host.workbook.sheets.find((x) => x.name === 'Phụ lục')!;
    expect(sheet.fills.get('E9')).toBe(ERROR_FILL);

    // Findings grouped by entry, the error first; a click goes to its cell.
    const group = screen.getByRole('region', { name: 'Dòng 9: Một cửa liên thông' });
    const findings = within(group).getAllByRole('listitem');
    expect(findings.map((li) => within(li).getByText(/^(Lỗi|Cảnh báo)$/).textContent)).toEqual(['Lỗi', 'Cảnh báo']);
    fireEvent.click(within(findings[0]!).getByRole('button'));
    await waitFor(() => expect(host.workbook.selection).toEqual({ sheet: 'Phụ lục', address: 'E9' }));

    click('Sửa thành “Cải cách thủ tục hành chính”');
    await screen.findByText('Trang “Phụ lục”: 2 mô hình · 1 lỗi · 0 cảnh báo');
    expect(host.grid('Phụ lục')[8]![3]).toBe('Cải cách thủ tục hành chính');

    type({ E9: FULL });
    click('Kiểm tra');
    await screen.findByText('Không còn lỗi. Có thể gửi báo cáo.');
    expect(sheet.fills.get('E9')).toBeUndefined(); // the mark is gone with the error
    await clickWhenEnabled('Gửi báo cáo');
    await screen.findByText('Máy chủ đã nhận báo cáo');
    expect(screen.getByText(/Phiên bản 1, lúc .*, 2 mô hình\./)).toBeTruthy();

    const stored = s.store.data.submissions.find((x) => x.unit === 'Phường 1')!;
    expect(stored.entries.map((e) => e.title)).toEqual(['Một cửa liên thông', 'Sổ tay điện tử']);
    await waitFor(() => expect(host.grid('Phụ lục').slice(8, 10).map((r) => r[6])).toEqual(stored.entries.map((e) => e.id)));

    // Sent again after the rows were swapped: the ids follow the entries (no new ids).
    const rows = sheet.values;
    [rows[8], rows[9]] = [rows[9]!, rows[8]!];
    click('Kiểm tra');
    await screen.findByText('Trang “Phụ lục”: 2 mô hình · 0 lỗi · 2 cảnh báo'); // STT 2 before 1
    await clickWhenEnabled('Gửi báo cáo');
    // Before version 1 is replaced, what changes is shown (here nothing but the order), and nothing is sent yet.
    await screen.findByText(/^Bản này sẽ thay phiên bản 1 đã gửi lúc .*: 2 mô hình giữ nguyên\.$/);
    expect(screen.getByText('Nội dung giống hệt phiên bản đã gửi.')).toBeTruthy();
    expect(s.store.data.submissions.filter((x) => x.unit === 'Phường 1')).toHaveLength(1);
    await clickWhenEnabled('Gửi và thay phiên bản 1');
    await screen.findByText(/Phiên bản 2/);
    const second = s.store.data.submissions.find((x) => x.unit === 'Phường 1' && x.version === 2)!;
    expect(second.entries.map((e) => [e.title, e.id])).toEqual([
      ['Sổ tay điện tử', stored.entries[1]!.id],
      ['Một cửa liên thông', stored.entries[0]!.id],
    ]);
  });

  test('sent while the server is down: "Đang chờ gửi (1)", then delivered once after the pane is reloaded', async () => {
    localStorage.setItem('phuluc.connection', JSON.stringify({ serverUrl: url, token: s.tokens.officer1 }));
    const first = renderPane();
    await clickWhenEnabled('Chèn mẫu Phụ lục');
    await screen.findByText(/Đã chèn mẫu/);
    type({ B9: 'Phường 1', C9: 'Một cửa liên thông', D9: 'Cải cách thể chế', E9: FULL });
    click('Kiểm tra');
    await screen.findByText('Không còn lỗi. Có thể gửi báo cáo.');

    const port = (listener.address() as AddressInfo).port;
    await closeListener(listener);
    await clickWhenEnabled('Gửi báo cáo');
    await screen.findByText(/Đang chờ gửi \(1\): Không kết nối được với máy chủ/);
    first.unmount();

    listener = await listen(s, port);
    renderPane();
    await screen.findByText('Máy chủ đã nhận báo cáo', {}, { timeout: 5000 });
    expect(s.store.data.submissions.filter((x) => x.unit === 'Phường 1')).toHaveLength(1);
  });

  test('a waiting send says it will go by itself and when it was tried; "Gửi lại ngay" sends it once the server is back', async () => {
    await checkedEntry('Phường 1');
    const port = (listener.address() as AddressInfo).port;
    await closeListener(listener);
    await clickWhenEnabled('Gửi báo cáo');
    await screen.findByText(/Đang chờ gửi \(1\): Không kết nối được với máy chủ/);
    expect(screen.getByText(/sẽ tự gửi khi kết nối được với máy chủ.*Lần thử gần nhất lúc \d\d\/\d\d\/\d{4} \d\d:\d\d; lần tới lúc/)).toBeTruthy();
    listener = await listen(s, port);
    click('Gửi lại ngay');
    await screen.findByText('Máy chủ đã nhận báo cáo');
    expect(screen.queryByText(/Đang chờ gửi/)).toBeNull();
    expect(s.store.data.submissions.filter((x) => x.unit === 'Phường 1')).toHaveLength(1);
  });

  test('the same loose field in many rows: one "Sửa tất cả" fixes every cell', async () => {
    localStorage.setItem('phuluc.connection', JSON.stringify({ serverUrl: url, token: s.tokens.officer1 }));
    renderPane();
    await clickWhenEnabled('Chèn mẫu Phụ lục');
    await screen.findByText(/Đã chèn mẫu/);
    for (const row of [9, 10, 11]) type({ [`B${row}`]: 'Phường 1', [`C${row}`]: `Mô hình ${row}`, [`D${row}`]: 'TTHC', [`E${row}`]: FULL });
    click('Kiểm tra');
    await screen.findByText('Trang “Phụ lục”: 3 mô hình · 0 lỗi · 3 cảnh báo');
    expect(screen.getAllByRole('button', { name: 'Sửa thành “Cải cách thủ tục hành chính”' })).toHaveLength(3);
    click('Sửa tất cả 3 ô thành “Cải cách thủ tục hành chính”');
    await screen.findByText('Trang “Phụ lục”: 3 mô hình · 0 lỗi · 0 cảnh báo');
    expect([8, 9, 10].map((r) => host.grid('Phụ lục')[r]![3])).toEqual(Array(3).fill('Cải cách thủ tục hành chính'));
  });

  test('Gửi báo cáo sends the sheet as it is now: an error typed after the last check stops the send', async () => {
    await checkedEntry('Phường 1');
    type({ C9: '' }); // the title deleted after the check
    await clickWhenEnabled('Gửi báo cáo');
    await screen.findByText('Trang “Phụ lục”: 1 mô hình · 1 lỗi · 0 cảnh báo');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Gửi báo cáo' }).hasAttribute('disabled')).toBe(true));
    expect(s.store.data.submissions).toHaveLength(0);
    expect(localStorage.getItem('phuluc.outbox.v1') ?? '[]').toBe('[]');
  });

  test('messages belong to their moment: a verdict goes when the sheet is checked again, and a new pane starts clean', async () => {
    await checkedEntry('Phường 1');
    await clickWhenEnabled('Gửi báo cáo');
    await screen.findByText('Máy chủ đã nhận báo cáo');
    type({ C10: 'Mô hình thứ hai' }); // typed after the send: no unit, no field, no description
    await clickWhenEnabled('Gửi báo cáo');
    await screen.findByText(/Trang “Phụ lục”: 2 mô hình · \d+ lỗi/);
    expect(screen.queryByText('Máy chủ đã nhận báo cáo')).toBeNull();
    cleanup();
    renderPane(); // the pane opened again, on another workbook
    tab('Báo cáo');
    await screen.findByRole('button', { name: 'Kiểm tra' });
    expect(screen.queryByText('Máy chủ đã nhận báo cáo')).toBeNull();
    expect(screen.queryByText(/Phiên bản 1/)).toBeNull();
  });

  test('a second version says what it changes against the first before replacing it; "Chưa gửi" keeps the first', async () => {
    await checkedEntry('Phường 1');
    await clickWhenEnabled('Gửi báo cáo');
    await screen.findByText('Máy chủ đã nhận báo cáo');
    await waitFor(() => expect(host.grid('Phụ lục')[8]![6]).not.toBe('')); // the entry's id, written back
    type({ C9: 'Một cửa liên thông không chờ', C10: 'Sổ tay điện tử', B10: 'Phường 1', D10: 'Cải cách thể chế', E10: FULL });
    click('Kiểm tra');
    await screen.findByText('Không còn lỗi. Có thể gửi báo cáo.');
    await clickWhenEnabled('Gửi báo cáo');
    await screen.findByText(/^Bản này sẽ thay phiên bản 1 đã gửi lúc .*: 1 mô hình mới, 1 mô hình sửa\.$/);
    const changes = screen.getByRole('list', { name: 'Những thay đổi so với phiên bản đã gửi' });
    expect(within(changes).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Sửa “Một cửa liên thông không chờ”: Tên', 'Thêm “Sổ tay điện tử”']);
    click('Chưa gửi');
    await screen.findByText('Chưa gửi: phiên bản đã gửi vẫn giữ nguyên trên máy chủ.');
    expect(s.store.data.submissions.filter((x) => x.unit === 'Phường 1').map((x) => x.version)).toEqual([1]);
  }, 60_000);

  test('a send does not depend on marking: with the document\'s settings unsavable, the report is still sent', async () => {
    await checkedEntry('Phường 1');
    host.failSettingsSave = true; // marks are remembered in the document's settings
    await clickWhenEnabled('Gửi báo cáo');
    await screen.findByText(/Chưa tô màu được các ô có lỗi/);
    await waitFor(() => expect(s.store.data.submissions).toHaveLength(1));
    expect(s.store.data.submissions[0]!.entries.map((e) => e.title)).toEqual(['Một cửa liên thông']);
  }, 30_000);

  test('another unit’s name is found by the pane itself, as the server would, on its cell, and nothing is sent', async () => {
    await checkedEntry('Phường 2', /1 lỗi/);
    expect(screen.queryByText(/Không còn lỗi/)).toBeNull();
    await waitFor(() => expect(host.workbook.sheets.find((x) => x.name === 'Phụ lục')!.fills.get('B9')).toBe(ERROR_FILL));
    fireEvent.click(screen.getByRole('button', { name: /Phường 2/ }));
    await waitFor(() => expect(host.workbook.selection).toEqual({ sheet: 'Phụ lục', address: 'B9' }));
    expect((screen.getByRole('button', { name: 'Gửi báo cáo' }) as HTMLButtonElement).disabled).toBe(true);
    expect(s.store.data.submissions).toHaveLength(0);
  });

  test('a unit written loosely is read as the officer’s own, and one click writes the round’s name', async () => {
    await checkedEntry('UBND P.01', /1 cảnh báo/);
    expect(screen.getByText(/Không còn lỗi/)).toBeTruthy();
    await clickWhenEnabled('Sửa thành “Phường 1”');
    await waitFor(() => expect(host.grid('Phụ lục')[8]![1]).toBe('Phường 1'));
    await screen.findByText(/0 cảnh báo/);
  });

  test('with every Đơn vị cell empty, the title block’s unit is read, and one click writes it in every row', async () => {
    const header = ['STT', 'Đơn vị thực hiện', 'Tên mô hình, giải pháp, sáng kiến', 'Lĩnh vực cải cách hành chính', 'Mô tả', 'Ghi chú'];
    host.workbook.sheets.push(newSheet('Báo cáo', [['UBND PHƯỜNG 1'], [], header, [1, '', 'Một cửa liên thông', 'Cải cách thể chế', FULL, ''], [2, '', 'Hẹn giờ trực tuyến', 'Cải cách thể chế', FULL, '']]));
    host.workbook.activeSheet = 'Báo cáo';
    localStorage.setItem('phuluc.connection', JSON.stringify({ serverUrl: url, token: s.tokens.officer1 }));
    renderPane();
    await clickWhenEnabled('Kiểm tra');
    await screen.findByText(/Phường 1.*theo tên đơn vị ở đầu báo cáo/);
    await clickWhenEnabled('Sửa tất cả 2 ô thành “Phường 1”');
    await waitFor(() => expect(host.grid('Báo cáo').slice(3).map((row) => row[1])).toEqual(['Phường 1', 'Phường 1']));
    await screen.findByText(/0 cảnh báo/);
  });

  test("the server's refusal is shown with its findings, marked on the cells and clickable, and dismissed", async () => {
    await checkedEntry('Phường 1');
    // Meanwhile the secretariat took the field out of the round: only the server knows yet.
    s.store.data.round.fields = s.store.data.round.fields.filter((f) => f.name !== 'Cải cách thể chế');
    await clickWhenEnabled('Gửi báo cáo');
    await screen.findByText('Máy chủ chưa nhận báo cáo');
    expect(screen.getByText(/Báo cáo còn 1 lỗi/)).toBeTruthy();
    // The server's finding is on its cell like the pane's own, and a click goes there.
    await waitFor(() => expect(host.workbook.sheets.find((x) => x.name === 'Phụ lục')!.fills.get('D9')).toBe(ERROR_FILL));
    expect(screen.queryByText(/Không còn lỗi/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /Cải cách thể chế.*không có trong danh sách/ }));
    await waitFor(() => expect(host.workbook.selection).toEqual({ sheet: 'Phụ lục', address: 'D9' }));
    await act(async () => click('Đã hiểu'));
    expect(screen.queryByText('Máy chủ chưa nhận báo cáo')).toBeNull();
    expect(s.store.data.submissions).toHaveLength(0);
  });
});

describe('admin', () => {
  test('Tổng hợp writes the eight summary sheets into the workbook', async () => {
    renderPane();
    await connectAs(s.tokens.admin);
    tab('Tổng hợp');
    click('Lập bảng tổng hợp');
    await screen.findByText(/Đã ghi 8 trang: Tổng hợp, Danh sách xếp hạng, Theo lĩnh vực, Theo đơn vị, Phân bố điểm, Chưa nộp, Trùng lặp, Giải thưởng\./, {}, { timeout: 30_000 });
    // The title block (four lines and an empty one), the header, then every unit: nobody has reported yet.
    expect(host.grid('Chưa nộp').slice(0, 2).map((r) => r[0])).toEqual(['UBND QUẬN 3', 'ĐƠN VỊ CHƯA NỘP HOẶC NỘP THIẾU (TẠM TÍNH)']);
    expect(host.grid('Chưa nộp')[5]![0]).toBe('Đơn vị');
    expect(host.grid('Chưa nộp').slice(6)).toHaveLength(18);
    // What the server's answer carries besides the rows reaches the sheets: money formats, header notes, who signs.
    const prizes = host.workbook.sheets.find((x) => x.name === 'Giải thưởng')!;
    expect([...prizes.numberFormats.values()]).toContain('#,##0');
    expect(host.grid('Giải thưởng').flat()).toContain('TRƯỞNG PHÒNG');
    if (SUITE_API_MINOR >= 18) expect([...host.workbook.sheets.find((x) => x.name === 'Tổng hợp')!.notes.values()].join(' ')).toMatch(/bỏ tổng điểm cao nhất/);
    // Nothing scored: the pane and the sheet say the result is provisional.
    expect(screen.getByText('TẠM TÍNH')).toBeTruthy();
    expect(host.grid('Tổng hợp').flat().some((v) => typeof v === 'string' && v === 'TẠM TÍNH: chưa có mô hình nào để xếp hạng.')).toBe(true);
  }, 60_000);

  test('Tổng hợp lists the entries whose reviewers disagree, for the council to discuss', async () => {
    await request(s.app).put('/api/submissions/Phường 1').set(auth(s.tokens.admin)).send({ entries: entries('Phường 1', ['Một cửa liên thông']) }).expect(200);
    const [id] = s.store.data.submissions[0]!.entries.map((e) => e.id);
    await request(s.app).put(`/api/scores/${id}`).set(auth(s.tokens.reviewerFree)).send({ points: POINTS }).expect(200); // 80
    await request(s.app).put(`/api/scores/${id}`).set(auth(s.tokens.reviewer)).send({ points: { tinhMoi: 5, hieuQua: 5, nhanRong: 5, khaThi: 5 } }).expect(200); // 20
    renderPane();
    await connectAs(s.tokens.admin);
    tab('Tổng hợp');
    click('Lập bảng tổng hợp');
    // The summary is built in the server's worker thread, started (and compiled, under jest) on first use.
    await screen.findByText('Cần hội đồng trao đổi', {}, { timeout: 30_000 });
    expect(screen.getByText(/Một cửa liên thông \(Phường 1\): chênh 60 điểm giữa 2 thành viên/)).toBeTruthy();
    // The dashboard: one unit of 18 reported, one entry, not yet scored by the minimum of 3; its field's bar; the two totals (80 and 20) averaged to 50.
    const overview = screen.getByRole('region', { name: 'Tổng quan' });
    expect(overview.textContent).toMatch(/1\/18 đơn vị đã nộp.*1 mô hình.*0\/1 đã chấm đủ/);
    expect(within(overview).getByRole('progressbar', { name: 'Cải cách thủ tục hành chính: 1' })).toBeTruthy();
    expect(within(within(overview).getByRole('region', { name: 'Phân bố tổng điểm trung bình' })).getByRole('progressbar', { name: '50–59: 1' })).toBeTruthy();
  }, 60_000);

  test('Tổng hợp offers the award annex as a Word document made by the server', async () => {
    const saved: Blob[] = [];
    // jsdom has no object URLs: the file handed to the browser's download is kept to be read.
    URL.createObjectURL = (blob: Blob) => (saved.push(blob), 'blob:phu-luc');
    URL.revokeObjectURL = () => undefined;
    renderPane();
    await connectAs(s.tokens.admin);
    tab('Tổng hợp');
    // The server's list of documents, each with whether it is still TẠM TÍNH.
    await screen.findByRole('button', { name: 'Tải Danh sách khen thưởng (phụ lục quyết định) (.docx)' });
    expect(screen.getAllByText('TẠM TÍNH: chưa đủ điểm chấm, chưa phải bản để ký')).toHaveLength(4);
    expect(screen.getByRole('button', { name: 'Tải Biên bản họp Hội đồng (điểm của từng thành viên) (.docx)' })).toBeTruthy();
    click('Tải Danh sách khen thưởng (phụ lục quyết định) (.docx)');
    await waitFor(() => expect(saved).toHaveLength(1), { timeout: 30_000 });
    const zip = await JSZip.loadAsync(await saved[0]!.arrayBuffer());
    expect(await zip.file('word/document.xml')!.async('string')).toContain('DANH SÁCH KHEN THƯỞNG MÔ HÌNH, GIẢI PHÁP, SÁNG KIẾN CẢI CÁCH HÀNH CHÍNH');
  }, 60_000);

  test('an officer sees no Tổng hợp tab', async () => {
    renderPane();
    await connectAs(s.tokens.officer2);
    expect(screen.queryByRole('tab', { name: 'Tổng hợp' })).toBeNull();
  });
});

describe('the deadline, before the officer starts', () => {
  test('an open round says until when; a closed one says so, whom to ask, and sending is off', async () => {
    renderPane();
    await connectAs(s.tokens.officer1);
    tab('Báo cáo');
    expect(await screen.findByText(/^Hạn nộp .* \(còn \d+ ngày\)\.$/)).toBeTruthy();
    await closeListener(listener);
    await s.close();

    // The same officer, a round that closed on 1 August 2024 (23:59 in Vietnam): shown before any check.
    s = await testServer({ ...demoRound(NOW), window: { opens: '2024-06-30T17:00:00Z', closes: '2024-08-01T16:59:00Z' } });
    listener = await listen(s);
    url = urlOf(listener);
    cleanup();
    localStorage.clear();
    renderPane();
    await connectAs(s.tokens.officer1);
    tab('Báo cáo');
    await screen.findByText('Đã hết hạn nhận báo cáo');
    expect(screen.getByText(/Hạn nộp của Phường 1 là 01\/08\/2024 23:59\. .*liên hệ Phòng Nội vụ xin gia hạn/)).toBeTruthy();
    await clickWhenEnabled('Chèn mẫu Phụ lục');
    await screen.findByText(/Đã chèn mẫu/);
    type({ B9: 'Phường 1', C9: 'Một cửa liên thông', D9: 'Cải cách thể chế', E9: FULL });
    click('Kiểm tra');
    await screen.findByText('Không còn lỗi.');
    expect(screen.getByRole('button', { name: 'Gửi báo cáo' }).hasAttribute('disabled')).toBe(true);
  });
});
