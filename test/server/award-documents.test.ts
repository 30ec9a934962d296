/**
 * The documents that follow the judging (issue #17): Báo cáo kết quả and the annex of the award
 * decision, as .docx from the server, read back (the document's text from its XML) for the prize
 * list, the amounts in Vietnamese notation, the total, and TẠM TÍNH until the judging is done.
 */
import JSZip from 'jszip';
import request from 'supertest';
import { auth, entries, POINTS, testServer, type TestServer } from '../helpers/server';
import { MEMBER_COLUMNS_AT_MOST } from '../../core/documents/council-documents';

let s: TestServer;
beforeEach(async () => {
  s = await testServer();
});
afterEach(() => s.close());

/** The text of a .docx's body, paragraph by paragraph, a table row on one line (cells joined by " | "). */
async function docxText(bytes: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
  return xml
    .replace(/<\/w:p>\s*<\/w:tc>/g, '</w:tc>')
    .replace(/<\/w:tc>\s*<\/w:tr>/g, '\n')
    .replace(/<\/w:tc>/g, ' | ')
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&');
}

const binary = (res: request.Response, cb: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};
const download = (name: string, token = s.tokens.admin) => request(s.app).get(`/api/summary/documents/${name}`).set(auth(token)).buffer(true).parse(binary);

async function judged(reviewers: string[]) {
  for (const [unit, title] of [['Phường 2', 'Một cửa liên thông'], ['Phường 3', 'Hẹn giờ trực tuyến']] as const) {
    const res = await request(s.app).put(`/api/submissions/${encodeURIComponent(unit)}`).set(auth(s.tokens.admin)).send({ entries: entries(unit, [title]) }).expect(200);
    const id = res.body.entries[0].id as string;
    const points = unit === 'Phường 2' ? POINTS : { ...POINTS, tinhMoi: 20 };
    for (const token of reviewers) await request(s.app).put(`/api/scores/${id}`).set(auth(token)).send({ points }).expect(200);
  }
}

test('the annex lists each prize with its unit, tier, category and amount, and the total', async () => {
  await judged([s.tokens.reviewer, s.tokens.reviewerP1, s.tokens.reviewerFree]);
  const res = await download('danh-sach-khen-thuong').expect(200);
  expect(res.headers['content-type']).toContain('wordprocessingml.document');
  expect(res.headers['content-disposition']).toContain(`danh-sach-khen-thuong-${s.store.data.round.id}.docx`);
  const text = await docxText(res.body);
  expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  expect(text).toMatch(/^PHỤ LỤC$/m);
  // Money never breaks: a no-break space before "đ".
  expect(text).toContain('1 | Một cửa liên thông | Phường 2 | Giải\u00a0Nhất | Tập thể | 7.500.000\u00a0đ |');
  expect(text).toContain('2 | Hẹn giờ trực tuyến | Phường 3 | Giải\u00a0Nhì | Tập thể | 4.500.000\u00a0đ |');
  expect(text).toContain('Tổng cộng |  |  | 2 giải | 12.000.000\u00a0đ |');
  expect(text).toContain('(bằng chữ: Mười hai triệu đồng)');
  // An annex: attached to its decision, by whom, blanks where not known yet; no signature of its own.
  expect(text).toMatch(/\(Kèm theo Quyết định số ……\/QĐ-PNV ngày …… tháng …… năm …… của Phòng Nội vụ\)/);
  expect(text).not.toMatch(/THỦ TRƯỞNG|Nơi nhận|Ký tên/);
  expect(text).not.toContain('TẠM TÍNH');
});

test('Báo cáo kết quả says who reported, what to discuss and the proposal; TẠM TÍNH until every entry has its minimum of scores', async () => {
  await judged([s.tokens.reviewerFree]);
  const text = await docxText((await download('bao-cao-ket-qua').expect(200)).body);
  expect(text).toContain('BÁO CÁO (TẠM TÍNH)');
  expect(text).toContain('2/18 đơn vị đã gửi báo cáo với 2 mô hình');
  // Counts that add up, and only the entries short of scores named, with how many each has.
  expect(text).toContain('0/2 mô hình đã được chấm đủ 3 thành viên hội đồng; 2 mô hình chưa đủ.');
  expect(text).toContain('TẠM TÍNH: 2/2 mô hình chưa đủ 3 thành viên hội đồng chấm: “Một cửa liên thông” (Phường 2: 1/3); “Hẹn giờ trực tuyến” (Phường 3: 1/3).');
  expect(text).toContain('Tổng kinh phí khen thưởng đề xuất: 12.000.000 đ (bằng chữ: Mười hai triệu đồng).');
  // The decree's parts: the issuing body under its superior, the number, the place-date line, the signer, the recipients.
  expect(text).toContain('ỦY BAN NHÂN DÂN QUẬN 3');
  expect(text).toContain('PHÒNG NỘI VỤ');
  expect(text).toMatch(/Số: ……\/BC-PNV/);
  expect(text).toMatch(/Quận 3, ngày\s+tháng\s+năm 2024/);
  expect(text).toContain('TRƯỞNG PHÒNG');
  expect(text).toContain('Nơi nhận:');
});

test('a city round’s documents speak as its Sở Nội vụ, and the round’s own settings win', async () => {
  const round = { ...s.store.data.round, organiser: 'UBND Thành phố Hồ Chí Minh', documents: { signerAuthority: 'KT. GIÁM ĐỐC', signerTitle: 'PHÓ GIÁM ĐỐC', signerName: 'Nguyễn Văn A', recipients: ['UBND Thành phố (để báo cáo);', 'Lưu: VT, CCHC.'] } };
  await request(s.app).put(`/api/rounds/${round.id}`).set(auth(s.tokens.admin)).send(round).expect(200);
  await judged([s.tokens.reviewerFree]);
  const text = await docxText((await download('bao-cao-ket-qua').expect(200)).body);
  // The superior on two lines, broken after “ỦY BAN NHÂN DÂN”, never inside the city's name.
  expect(text).toContain('ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nSỞ NỘI VỤ');
  expect(text).toMatch(/Số: ……\/BC-SNV/);
  expect(text).toMatch(/Thành phố Hồ Chí Minh, ngày\s+tháng\s+năm 2024/);
  expect(text).toContain('KT. GIÁM ĐỐC');
  expect(text).toContain('PHÓ GIÁM ĐỐC');
  expect(text).toContain('Nguyễn Văn A');
  expect(text).toContain('- Lưu: VT, CCHC.');
  expect(text).not.toMatch(/Quận 3|PHÒNG NỘI VỤ/);
  const list = await request(s.app).get('/api/summary/documents').set(auth(s.tokens.admin)).expect(200);
  expect(list.body.documents.map((d: { id: string; provisional: boolean }) => [d.id, d.provisional])).toEqual([
    ['bao-cao-ket-qua', true],
    ['danh-sach-khen-thuong', true],
    ['bien-ban-hop-hoi-dong', true],
    ['danh-sach-khong-cong-nhan', true],
  ]);
});

test('the council’s minutes: each member’s total side by side, the round’s rule, the divergent entry with what was settled; the list not recognised with reasons', async () => {
  const round = s.store.data.round;
  const sent = [] as string[];
  for (const [unit, title] of [['Phường 2', 'Một cửa liên thông'], ['Phường 3', 'Hẹn giờ trực tuyến']] as const) {
    const res = await request(s.app).put(`/api/submissions/${encodeURIComponent(unit)}`).set(auth(s.tokens.admin)).send({ entries: entries(unit, [title]) }).expect(200);
    sent.push(res.body.entries[0].id as string);
  }
  // Phường 2: 80, 80 and 60 (apart by 20, over the round's 15); Phường 3: 75 from each member.
  const reviewers = [s.tokens.reviewer, s.tokens.reviewerP1, s.tokens.reviewerFree];
  for (const [i, token] of reviewers.entries()) {
    await request(s.app).put(`/api/scores/${sent[0]}`).set(auth(token)).send({ points: i === 2 ? { ...POINTS, tinhMoi: 5 } : POINTS }).expect(200);
    await request(s.app).put(`/api/scores/${sent[1]}`).set(auth(token)).send({ points: { ...POINTS, tinhMoi: 20 } }).expect(200);
  }
  const council = { recognition: { rule: 'share', share: '2/3', pass: 76 }, settled: [{ entry: sent[0], note: 'Giữ điểm trung bình; thành viên thứ ba đồng ý.' }] };
  await request(s.app).put(`/api/rounds/${round.id}`).set(auth(s.tokens.admin)).send({ ...round, council }).expect(200);

  const minutes = await docxText((await download('bien-ban-hop-hoi-dong').expect(200)).body);
  expect(minutes).toMatch(/^BIÊN BẢN$/m);
  expect(minutes).toContain('Hội đồng có 3 thành viên đã chấm điểm độc lập');
  expect(minutes).toContain('Mô hình được công nhận khi ít nhất 2/3 số thành viên đã chấm cho từ 76 điểm trở lên.');
  expect(minutes).toContain('STT | Mô hình, giải pháp, sáng kiến (đơn vị) | TV1 | TV2 | TV3 | Trung bình | Kết quả');
  // Each member's own total, the mean, the decision (two of three gave Phường 2 at least 76).
  expect(minutes).toMatch(/Một cửa liên thông \(Phường 2\) \| (?:(?:80|60) \| ){3}73,33 \| Công nhận/);
  expect(minutes).toContain('Hẹn giờ trực tuyến (Phường 3) | 75 | 75 | 75 | 75,00 | Không công nhận');
  expect(minutes).toContain('“Một cửa liên thông” (Phường 2): điểm của 3 thành viên chênh lệch 20 điểm. Hội đồng thống nhất: Giữ điểm trung bình; thành viên thứ ba đồng ý.');
  expect(minutes).toContain('1/2 mô hình được công nhận; 1 mô hình không được công nhận (danh sách kèm theo).');
  expect(minutes).toContain('THƯ KÝ HỘI ĐỒNG');
  expect(minutes).toContain('CHỦ TỊCH HỘI ĐỒNG');
  expect(minutes).not.toContain('TẠM TÍNH');

  const refused = await docxText((await download('danh-sach-khong-cong-nhan').expect(200)).body);
  expect(refused).toContain('1 | Hẹn giờ trực tuyến | Phường 3 | 75,00 | 3 | 0/3 thành viên cho từ 76 điểm, cần ít nhất 2/3');
  expect(refused).not.toContain('Một cửa liên thông');
  expect(refused).toContain('Các đơn vị có tên trong danh sách;');

  // A mean rule instead: 73,33 is under 74.
  await request(s.app).put(`/api/rounds/${round.id}`).set(auth(s.tokens.admin)).send({ ...round, council: { recognition: { rule: 'mean', min: 74 } } }).expect(200);
  const byMean = await docxText((await download('danh-sach-khong-cong-nhan').expect(200)).body);
  expect(byMean).toContain('Một cửa liên thông | Phường 2 | 73,33 | 3 | Điểm trung bình 73,33, dưới mức công nhận 74 điểm');
  // A share over one is refused in Vietnamese.
  const bad = await request(s.app).put(`/api/rounds/${round.id}`).set(auth(s.tokens.admin)).send({ ...round, council: { recognition: { rule: 'share', share: '4/3', pass: 50 } } }).expect(400);
  expect(JSON.stringify(bad.body)).toContain('tỷ lệ thành viên không được lớn hơn 1');
});

test('a jury too large for a column each: the minutes list, for each entry, the members who scored it with their totals', async () => {
  const sent = [] as string[];
  for (const [unit, title] of [['Phường 2', 'Một cửa liên thông'], ['Phường 3', 'Hẹn giờ trực tuyến']] as const) {
    const res = await request(s.app).put(`/api/submissions/${encodeURIComponent(unit)}`).set(auth(s.tokens.admin)).send({ entries: entries(unit, [title]) }).expect(200);
    sent.push(res.body.entries[0].id as string);
  }
  // One member more than the columns A4 across holds; the last scores only Phường 2's entry (as a panel by field would).
  const count = MEMBER_COLUMNS_AT_MOST + 1;
  for (let k = 1; k <= count; k++) {
    const token = (await request(s.app).post('/api/accounts').set(auth(s.tokens.admin)).send({ role: 'reviewer', name: `Thành viên ${String(k).padStart(2, '0')}` }).expect(201)).body.token as string;
    await request(s.app).put(`/api/scores/${sent[0]}`).set(auth(token)).send({ points: k === 1 ? { ...POINTS, tinhMoi: 5 } : POINTS }).expect(200);
    if (k < count) await request(s.app).put(`/api/scores/${sent[1]}`).set(auth(token)).send({ points: { ...POINTS, tinhMoi: 20 } }).expect(200);
  }
  const minutes = await docxText((await download('bien-ban-hop-hoi-dong').expect(200)).body);
  expect(minutes).toContain(`Hội đồng có ${count} thành viên đã chấm điểm độc lập`);
  expect(minutes).toContain(`${count}. Thành viên ${count} (cột TV${count}).`);
  expect(minutes).toContain('STT | Mô hình, giải pháp, sáng kiến (đơn vị) | Tổng điểm của từng thành viên đã chấm | Trung bình | Kết quả');
  expect(minutes).not.toContain(`| TV${count} |`);
  const everyone = Array.from({ length: count }, (_, m) => `TV${m + 1}:\u00a0${m === 0 ? 60 : 80}`).join('; ');
  const mean = ((60 + 80 * (count - 1)) / count).toFixed(2).replace('.', ',');
  expect(minutes).toContain(`Một cửa liên thông (Phường 2) | ${everyone} | ${mean} | Công nhận`);
  const allButLast = Array.from({ length: count - 1 }, (_, m) => `TV${m + 1}:\u00a075`).join('; ');
  expect(minutes).toContain(`Hẹn giờ trực tuyến (Phường 3) | ${allButLast} | 75,00 | Công nhận`);
});

test('a unit whose only report was refused is “Bị trả lại” with the date and its first error, apart from units that never sent', async () => {
  const bad = entries('Phường 4', ['Thiếu tính mới']).map((e) => ({ ...e, sections: { ...e.sections, tinhMoi: '' } }));
  await request(s.app).put(`/api/submissions/${encodeURIComponent('Phường 4')}`).set(auth(s.tokens.admin)).send({ entries: bad }).expect(422);
  const text = await docxText((await download('bao-cao-ket-qua').expect(200)).body);
  expect(text).toMatch(/Bị trả lại \(báo cáo còn lỗi, chưa gửi lại bản đạt\): Phường 4 \(ngày \d{2}\/\d{2}\/\d{4}: [^)]*Tính mới/);
  expect(text).toMatch(/Chưa gửi: (?![^.]*Phường 4)/);
});

test('only the admin; an unknown document is 404 in Vietnamese', async () => {
  await download('bao-cao-ket-qua', s.tokens.officer1).expect(403);
  const unknown = await request(s.app).get('/api/summary/documents/khac').set(auth(s.tokens.admin)).expect(404);
  expect(unknown.body.error.message).toContain('Không có văn bản này');
});
