/**
 * The organiser in its own words, from the round's settings: the office that runs the round and
 * gives out the codes ("Sở Nội vụ" of a city, "Phòng Nội vụ" of a district, the office of a ward's
 * People's Committee) and the whole of its area ("toàn thành phố"). Since July 2025 the organiser
 * is most often a city, so a round that says nothing gets a city's words, never a district's.
 */
import type { Round } from './round-schema';
import { foldKey } from '../text';

export interface OrganiserWords {
  /** Who runs the round, as officers name it: "Sở Nội vụ". */
  secretariat: string;
  /** The whole area, lower case, to follow a verb or start a label: "toàn thành phố". */
  area: string;
}

/** The level of `organiser` ("UBND Thành phố Hồ Chí Minh", "UBND Quận 3", "UBND Phường Bến Thành"), by its words. */
function levelOf(organiser: string): 'city' | 'province' | 'district' | 'ward' | 'department' | null {
  const key = foldKey(organiser);
  if (/\b(thanh pho|tp)\b/.test(key) && !/\bthuoc\b/.test(key)) return 'city';
  if (/\btinh\b/.test(key)) return 'province';
  if (/\b(quan|huyen|thi xa)\b/.test(key)) return 'district';
  if (/\b(phuong|xa|thi tran|dac khu)\b/.test(key)) return 'ward';
  if (/^(so|ban)\b/.test(key)) return 'department';
  return null;
}

export function organiserWords(round: Pick<Round, 'organiser' | 'secretariat'> | undefined): OrganiserWords {
  const organiser = round?.organiser ?? '';
  const level = organiser ? levelOf(organiser) : 'city';
  const derived: OrganiserWords =
    level === 'district'
      ? { secretariat: 'Phòng Nội vụ', area: `toàn ${/\bhuyen\b/.test(foldKey(organiser)) ? 'huyện' : /\bthi xa\b/.test(foldKey(organiser)) ? 'thị xã' : 'quận'}` }
      : level === 'province'
        ? { secretariat: 'Sở Nội vụ', area: 'toàn tỉnh' }
        : level === 'ward'
          ? { secretariat: 'Văn phòng HĐND và UBND', area: `toàn ${/\bxa\b/.test(foldKey(organiser)) ? 'xã' : /\bdac khu\b/.test(foldKey(organiser)) ? 'đặc khu' : 'phường'}` }
          : level === 'department'
            ? { secretariat: 'Văn phòng', area: 'toàn ngành' }
            : { secretariat: 'Sở Nội vụ', area: 'toàn thành phố' };
  return round?.secretariat ? { ...derived, secretariat: round.secretariat } : derived;
}

/** "Toàn thành phố": the area at the start of a line. */
export function capitalised(text: string): string {
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}
