/** The organiser's own words (issue #28): from the round's settings, a city's when it says nothing. */
import { capitalised, organiserWords } from '../../core/rounds/organiser';
import { demoRound } from '../../core/rounds/round';

test.each([
  ['UBND Thành phố Hồ Chí Minh', 'Sở Nội vụ', 'toàn thành phố'],
  ['Ủy ban nhân dân thành phố Hà Nội', 'Sở Nội vụ', 'toàn thành phố'],
  ['UBND tỉnh Lâm Đồng', 'Sở Nội vụ', 'toàn tỉnh'],
  ['UBND Quận 3', 'Phòng Nội vụ', 'toàn quận'],
  ['UBND huyện Thanh Trì', 'Phòng Nội vụ', 'toàn huyện'],
  ['UBND Phường Bến Thành', 'Văn phòng HĐND và UBND', 'toàn phường'],
  ['UBND xã Cần Giờ', 'Văn phòng HĐND và UBND', 'toàn xã'],
  ['Sở Giáo dục và Đào tạo', 'Văn phòng', 'toàn ngành'],
])('%s: %s, %s', (organiser, secretariat, area) => {
  expect(organiserWords({ organiser })).toEqual({ secretariat, area });
});

test('a round that names no organiser speaks as a city; the secretariat the round names wins; the demo stays Quận 3’s', () => {
  expect(organiserWords({})).toEqual({ secretariat: 'Sở Nội vụ', area: 'toàn thành phố' });
  expect(organiserWords({ organiser: 'UBND Thành phố Hồ Chí Minh', secretariat: 'Ban Thi đua - Khen thưởng' }).secretariat).toBe('Ban Thi đua - Khen thưởng');
  expect(organiserWords(demoRound())).toEqual({ secretariat: 'Phòng Nội vụ', area: 'toàn quận' });
  expect(capitalised('toàn thành phố')).toBe('Toàn thành phố');
});
