/**
 * The pane speaks the organiser's words (issue #28): a city's round says "Sở Nội vụ" and "Toàn
 * thành phố", never the district's "Phòng Nội vụ" or "Toàn quận", against the real server.
 */
import { screen } from '@testing-library/react';
import request from 'supertest';
import { demoRound } from '../../core/rounds/round';
import { auth, NOW } from '../helpers/server';
import { renderPane, usePaneServer } from '../helpers/pane';

const fixture = usePaneServer((s) => s.tokens.admin);

test('a city round: the admin is “Quản trị (Sở Nội vụ)”, their area “Toàn thành phố”, the scoring deadline not yet set by the Sở Nội vụ', async () => {
  const { s, url } = fixture();
  const city = { ...demoRound(NOW), id: 'tphcm-2025', name: 'Mô hình, giải pháp, sáng kiến cải cách hành chính Thành phố Hồ Chí Minh năm 2025', organiser: 'UBND Thành phố Hồ Chí Minh', year: 2025 };
  await request(s.app).post('/api/rounds').set(auth(s.tokens.admin)).send(city).expect(201);
  await request(s.app).post(`/api/rounds/${city.id}/activate`).set(auth(s.tokens.admin)).expect(200);
  renderPane(url);
  const tab = await screen.findByRole('tab', { name: 'Cài đặt' });
  tab.click();
  expect(await screen.findByText('Quản trị (Sở Nội vụ)')).toBeTruthy();
  expect(screen.getByText('Toàn thành phố')).toBeTruthy();
  expect(document.body.textContent).not.toMatch(/Phòng Nội vụ|[Tt]oàn quận/);
});
