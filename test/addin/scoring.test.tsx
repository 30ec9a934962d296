/**
 * The reviewer's pane against the real server, over the simulated Excel host: the score sheet
 * without the reviewer's own unit, the rubric card (bands, out-of-range refused, progress), a
 * score typed straight into the sheet, scores saved offline delivered once after a reload, and a
 * second device's edit (412) resolved both ways.
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { RubricCard } from '../../addin/taskpane/RubricCard';
import { newWorkbook } from '../../addin/preview/excel-sim';
import { demoRound } from '../../core/rounds/round';
import { SCORE_SHEET, type ScoredEntry } from '../../core/judging/score-sheet';
import { installExcel, type InstalledHost, SUITE_API_MINOR } from '../helpers/excel-host';
import { click, closeListener, listen, renderPane as renderTaskPane, urlOf } from '../helpers/pane';
import { auth, entries, POINTS, testServer, type TestServer } from '../helpers/server';

let s: TestServer;
let listener: Server;
let url: string;
let host: InstalledHost;

beforeEach(async () => {
  s = await testServer();
  // Phường 1 and Phường 2 report two entries each; Phòng Tư pháp (the reviewer's own unit) one.
  for (const [unit, titles] of [['Phường 1', ['Một cửa liên thông', 'Sổ tay điện tử']], ['Phường 2', ['Hẹn giờ trực tuyến', 'Tổ dân phố số']], ['Phòng Tư pháp', ['Chứng thực điện tử']]] as const) {
    await request(s.app).put(`/api/submissions/${encodeURIComponent(unit)}`).set(auth(s.tokens.admin)).send({ entries: entries(unit, [...titles]) }).expect(200);
  }
  listener = await listen(s);
  url = urlOf(listener);
  host = installExcel(newWorkbook());
  localStorage.clear();
  localStorage.setItem('phuluc.connection', JSON.stringify({ serverUrl: url, token: s.tokens.reviewer }));
});

afterEach(async () => {
  if (listener.listening) await closeListener(listener);
  await s.close();
});

const renderPane = () => renderTaskPane(url);

const serverScores = () => s.store.data.scores.filter((x) => x.reviewerId === s.store.data.accounts.find((a) => a.unit === 'Phòng Tư pháp')!.id);

async function openScoreSheet() {
  const pane = renderPane();
  await screen.findByRole('tab', { name: 'Chấm điểm' });
  await waitFor(() => expect(screen.getByRole('button', { name: 'Lập phiếu chấm' }).hasAttribute('disabled')).toBe(false));
  click('Lập phiếu chấm');
  await screen.findByText('0/4 đã chấm');
  return pane;
}

/** Types the card's spin buttons (committed on blur, as a user leaving the field). */
function typePoints(values: Record<string, string>) {
  const round = demoRound();
  for (const c of round.rubric.criteria) {
    const input = screen.getByRole('spinbutton', { name: `${c.label} (tối đa ${c.max})` });
    fireEvent.change(input, { target: { value: values[c.key] } });
    fireEvent.blur(input);
  }
}

const pendingText = (n: number) => new RegExp(`Đang chờ gửi ${n} ·`);

describe('the reviewer', () => {
  test('with an assignment by field, the score sheet holds only the entries of the fields given to their office, and says so', async () => {
    const round = s.store.data.round;
    const field = 'Cải cách thể chế';
    // Phường 2 sends its report again: one entry, of Cải cách thể chế (four entries in the round now).
    await request(s.app).put(`/api/submissions/${encodeURIComponent('Phường 2')}`).set(auth(s.tokens.admin)).send({ entries: [{ ...entries('Phường 2', ['Rà soát văn bản'])[0]!, field }] }).expect(200);
    // Minimum one reviewer: Phường 1's entries go to one reviewer chosen by the rule, not necessarily this one.
    await request(s.app)
      .put(`/api/rounds/${round.id}`)
      .set(auth(s.tokens.admin))
      .send({ ...round, rubric: { ...round.rubric, minReviewers: 1 }, assignment: { mode: 'by-field', offices: [{ field, units: ['Phòng Tư pháp'] }] } })
      .expect(200);
    const mine = (await request(s.app).get('/api/assignments').set(auth(s.tokens.reviewer)).expect(200)).body.entries as string[];
    renderPane();
    await screen.findByRole('tab', { name: 'Chấm điểm' });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Lập phiếu chấm' }).hasAttribute('disabled')).toBe(false));
    click('Lập phiếu chấm');
    await screen.findByText(`Phân công chấm theo lĩnh vực: anh/chị chấm ${mine.length} trong 4 mô hình của đợt.`);
    const titles = host.grid(SCORE_SHEET).slice(1).map((r) => r[2]);
    expect(titles).toContain('Rà soát văn bản');
    expect(titles).toHaveLength(mine.length);
    expect(titles).not.toContain('Chứng thực điện tử'); // their own unit's, never assigned
  });

  test('score sheet without their own unit; the card refuses an out-of-range point, saves, counts progress; a typed row is sent too', async () => {
    await openScoreSheet();
    expect(screen.getByText('1 mô hình của Phòng Tư pháp không có trong phiếu: thành viên hội đồng không chấm mô hình của đơn vị mình.')).toBeTruthy();
    const grid = host.grid(SCORE_SHEET);
    expect(grid.slice(1).map((r) => r[2])).toEqual(['Một cửa liên thông', 'Sổ tay điện tử', 'Hẹn giờ trực tuyến', 'Tổ dân phố số']);

    const card = screen.getByRole('region', { name: 'Chấm: Một cửa liên thông' });
    expect(within(card).getByText('27–30: Hoàn toàn mới, chưa áp dụng ở đâu')).toBeTruthy();
    typePoints({ tinhMoi: '45', hieuQua: '24', nhanRong: '15', khaThi: '16' });
    click('Lưu');
    expect(await screen.findByText('Điểm phải là số từ 0 đến 30.')).toBeTruthy();
    expect(screen.getByText(/^Chưa lưu:/)).toBeTruthy();
    expect(s.store.data.scores).toHaveLength(0);

    typePoints({ tinhMoi: '28', hieuQua: '24', nhanRong: '15', khaThi: '16' });
    await act(async () => click('Lưu'));
    await screen.findByText('1/4 đã chấm');
    await waitFor(() => expect(serverScores()).toHaveLength(1));
    expect(serverScores()[0]!.points).toEqual({ tinhMoi: 28, hieuQua: 24, nhanRong: 15, khaThi: 16 });
    expect(host.grid(SCORE_SHEET)[1]!.slice(8, 12)).toEqual([28, 24, 15, 16]);

    // Typed straight into the sheet (row 4: Hẹn giờ trực tuyến), noticed by onChanged.
    for (const [cell, value] of [['I4', 20], ['J4', 20], ['K4', 10], ['L4', 12]] as const) await act(() => host.edit(SCORE_SHEET, cell, value));
    await waitFor(() => expect(serverScores()).toHaveLength(2), { timeout: 4000 });
    await screen.findByText('2/4 đã chấm');
    // A point out of range typed in the sheet is marked on its cell, not sent.
    await act(() => host.edit(SCORE_SHEET, 'I5', 99));
    click('Đồng bộ');
    // Marked on its cell: with a note where the host has notes (ExcelApi 1.18), coloured everywhere.
    const scoreSheet = () => host.workbook.sheets.find((x) => x.name === SCORE_SHEET)!;
    await waitFor(() => expect(scoreSheet().fills.get('I5')).toBeDefined());
    if (SUITE_API_MINOR >= 18) await waitFor(() => expect(scoreSheet().notes.get('I5')).toMatch(/phải là số từ 0 đến 30/));
    // … and said in the pane too, with a way to the cell.
    await screen.findByText('Điểm nhập trên trang chưa hợp lệ (1 ô), chưa được gửi');
    fireEvent.click(screen.getByRole('button', { name: 'Ô I5 (“Tổ dân phố số”)' }));
    await waitFor(() => expect(host.workbook.selection).toEqual({ sheet: SCORE_SHEET, address: 'I5' }));
    expect(serverScores()).toHaveLength(2);
  });

  test('each save is confirmed where the reviewer looks, with its delivery; the sync state and the scoring deadline stay in sight', async () => {
    await openScoreSheet();
    expect(screen.getByText('Phòng Nội vụ chưa đặt hạn chấm.')).toBeTruthy();
    expect(screen.queryByText(/Hạn nộp/)).toBeNull();
    fireEvent.click(screen.getByRole('tab', { name: 'Chưa chấm' }));
    typePoints({ tinhMoi: '28', hieuQua: '24', nhanRong: '15', khaThi: '16' });
    await act(async () => click('Lưu'));
    // The card moved on to the next unscored entry; the save is confirmed under it.
    await screen.findByRole('region', { name: 'Chấm: Sổ tay điện tử' });
    const saved = await screen.findByRole('status', { name: 'Điểm vừa lưu' });
    await waitFor(() => expect(saved.textContent).toBe('✓ Đã lưu điểm “Một cửa liên thông”: 83 điểm, máy chủ đã nhận.'));
    expect(screen.getByRole('status', { name: 'Tình trạng gửi điểm' }).textContent).toBe('✓ Đang chờ gửi 0 · Máy chủ đã nhận 1');

    // Offline: the confirmation says it will go by itself.
    await closeListener(listener);
    typePoints({ tinhMoi: '20', hieuQua: '20', nhanRong: '10', khaThi: '10' });
    await act(async () => click('Lưu'));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Điểm vừa lưu' }).textContent).toBe('✓ Đã lưu điểm “Sổ tay điện tử”: 60 điểm, chưa gửi được, sẽ tự gửi khi có kết nối.'));
    expect(screen.getByRole('status', { name: 'Tình trạng gửi điểm' }).textContent).toMatch(/^⏳ Đang chờ gửi 1 ·/);
  });

  test('scores locked by the secretariat (Chốt điểm): the reviewer is told before typing, and a save is refused by the server', async () => {
    await request(s.app).post(`/api/rounds/${s.store.data.round.id}/lock-scores`).set(auth(s.tokens.admin)).expect(200);
    await openScoreSheet();
    expect(screen.getByText(/^Điểm của đợt này đã được chốt lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}; không sửa được nữa/)).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Chưa chấm' }));
    typePoints({ tinhMoi: '28', hieuQua: '24', nhanRong: '15', khaThi: '16' });
    await act(async () => click('Lưu'));
    // The server's refusal, with its reason, where the reviewer looks; nothing stored.
    await screen.findByText(/máy chủ không nhận$/);
    expect(screen.getAllByText(/đã được chốt/).length).toBeGreaterThan(1);
    expect(serverScores()).toEqual([]);
  });

  test('a withdrawn entry is not dropped silently: rebuilding the sheet says what changed since', async () => {
    await openScoreSheet();
    typePoints({ tinhMoi: '28', hieuQua: '24', nhanRong: '15', khaThi: '16' });
    await act(async () => click('Lưu'));
    await waitFor(() => expect(serverScores()).toHaveLength(1));
    // Phường 1 withdraws its scored entry, keeps the other, adds one.
    await request(s.app).put('/api/submissions/Phường 1').set(auth(s.tokens.admin)).send({ entries: entries('Phường 1', ['Sổ tay điện tử', 'Tủ sách pháp luật']) }).expect(200);
    click('Lập lại phiếu chấm');
    await screen.findByText('Thay đổi từ lần lập phiếu trước');
    expect(
      screen.getByText(/1 mô hình đã được đơn vị rút khỏi báo cáo nên không còn trong phiếu: “Một cửa liên thông” \(Phường 1\)\. Điểm đã chấm cho các mô hình này vẫn được lưu nhưng không được tính\. 1 mô hình mới được thêm vào phiếu\./),
    ).toBeTruthy();
    await screen.findByText('0/4 đã chấm');
  });

  test('saved while offline: waiting, survives a reload of the pane, delivered once when the server is back', async () => {
    const pane = await openScoreSheet();
    const port = (listener.address() as AddressInfo).port;
    await closeListener(listener);
    typePoints({ tinhMoi: '28', hieuQua: '24', nhanRong: '15', khaThi: '16' });
    await act(async () => click('Lưu'));
    await screen.findByText(pendingText(1));
    click('Tiếp');
    await screen.findByRole('region', { name: 'Chấm: Sổ tay điện tử' });
    typePoints({ tinhMoi: '20', hieuQua: '20', nhanRong: '10', khaThi: '10' });
    await act(async () => click('Lưu'));
    await screen.findByText(pendingText(2));
    expect(host.grid(SCORE_SHEET)[2]!.slice(8, 12)).toEqual([20, 20, 10, 10]); // on the sheet already
    // The task pane is closed; the server comes back; the pane opens again.
    pane.unmount();
    listener = await listen(s, port);
    renderPane();
    await waitFor(() => expect(serverScores()).toHaveLength(2), { timeout: 6000 });
    expect(serverScores().map((x) => x.version)).toEqual([1, 1]);
  });

  test('a second device changed the score: 412, then "Giữ điểm của tôi" or "Dùng điểm trên máy chủ"', async () => {
    await openScoreSheet();
    typePoints({ tinhMoi: '28', hieuQua: '24', nhanRong: '15', khaThi: '16' });
    await act(async () => click('Lưu'));
    await waitFor(() => expect(serverScores()).toHaveLength(1));
    const entryId = serverScores()[0]!.entryId;
    // The reviewer's laptop at home saves other points for the same entry.
    await request(s.app).put(`/api/scores/${entryId}`).set(auth(s.tokens.reviewer)).set('If-Match', '1').send({ points: POINTS }).expect(200);

    typePoints({ tinhMoi: '29', hieuQua: '24', nhanRong: '15', khaThi: '16' });
    await act(async () => click('Lưu'));
    await screen.findByText(/đã được sửa ở thiết bị khác/);
    expect(screen.getByText(/Trên máy chủ: 25 \/ 24 \/ 15 \/ 16/)).toBeTruthy();
    click('Giữ điểm của tôi');
    await waitFor(() => expect(serverScores()[0]!.points.tinhMoi).toBe(29));
    expect(serverScores()[0]!.version).toBe(3);

    await request(s.app).put(`/api/scores/${entryId}`).set(auth(s.tokens.reviewer)).set('If-Match', '3').send({ points: { ...POINTS, tinhMoi: 10 } }).expect(200);
    typePoints({ tinhMoi: '30', hieuQua: '24', nhanRong: '15', khaThi: '16' });
    await act(async () => click('Lưu'));
    await screen.findByText(/đã được sửa ở thiết bị khác/);
    await act(async () => click('Dùng điểm trên máy chủ'));
    await waitFor(() => expect(host.grid(SCORE_SHEET)[1]!.slice(8, 12)).toEqual([10, 24, 15, 16]));
    expect(screen.queryByText(/đã được sửa ở thiết bị khác/)).toBeNull();
    expect(serverScores()[0]!.points.tinhMoi).toBe(10);
  });
});

describe('the rubric card', () => {
  const round = demoRound();
  const entry: ScoredEntry = { id: 'e1', unit: 'Phường 1', row: 9, stt: '1', title: 'Một cửa', field: 'Cải cách thể chế', sections: { thucTrang: 'Chờ lâu', noiDung: 'Quầy riêng', hieuQua: 'Nhanh', tinhMoi: null }, note: '' };
  const renderCard = (onSave = jest.fn(async () => undefined)) => {
    render(
      <FluentProvider theme={webLightTheme}>
        <RubricCard entry={entry} criteria={round.rubric.criteria} values={{ points: { tinhMoi: 22 }, comment: '' }} stale position={{ index: 0, total: 3 }} onSave={onSave} onMove={() => undefined} />
      </FluentProvider>,
    );
    return onSave;
  };

  test('shows the four parts, every band, the band the point falls in, and that it needs re-checking', () => {
    renderCard();
    expect(screen.getByText('(không có)')).toBeTruthy(); // no Tính mới part
    for (const c of round.rubric.criteria) for (const b of c.bands) expect(screen.getAllByText(`${b.min === b.max ? b.min : `${b.min}–${b.max}`}: ${b.label}`).length).toBeGreaterThan(0);
    expect(screen.getByText('21–26: Cải tiến khá so với cách làm cũ').closest('li')!.className).not.toBe(screen.getByText('27–30: Hoàn toàn mới, chưa áp dụng ở đâu').closest('li')!.className);
    // Said by a word too, not by colour alone.
    expect(screen.getByText('21–26: Cải tiến khá so với cách làm cũ').closest('li')!.textContent).toMatch(/← mức đang chọn$/);
    expect(screen.getAllByText(/← mức đang chọn/)).toHaveLength(1);
    expect(screen.getByText(/Cần chấm lại/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Trước' }).hasAttribute('disabled')).toBe(true);
  });

  test('an out-of-range or missing point is refused; valid points are saved with the comment', async () => {
    const onSave = renderCard();
    typePoints({ tinhMoi: '31', hieuQua: '24', nhanRong: '', khaThi: '16' });
    click('Lưu');
    expect(await screen.findByText('Điểm phải là số từ 0 đến 30.')).toBeTruthy();
    expect(screen.getByText('Chưa nhập điểm.')).toBeTruthy();
    expect(onSave).not.toHaveBeenCalled();
    typePoints({ tinhMoi: '27,5', hieuQua: '24', nhanRong: '15', khaThi: '16' });
    fireEvent.change(screen.getByRole('textbox', { name: 'Nhận xét' }), { target: { value: ' Cách làm hay ' } });
    await act(async () => click('Lưu'));
    expect(onSave).toHaveBeenCalledWith({ points: { tinhMoi: 27.5, hieuQua: 24, nhanRong: 15, khaThi: 16 }, comment: 'Cách làm hay' });
    expect(screen.getByText('Tổng: 82.5 điểm')).toBeTruthy();
  });
});
