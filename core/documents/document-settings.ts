/**
 * What the organiser's signed documents say of it (Nghị định 30/2020/NĐ-CP, Phụ lục I): the
 * round's own settings (`documents`), and where it says nothing, what its organiser and
 * secretariat imply: a city's Sở Nội vụ under the city's People's Committee, never Quận 3's words
 * unless the round is Quận 3's.
 */
import { organiserWords } from '../rounds/organiser';
import type { Round } from '../rounds/round-schema';
import { foldKey } from '../text';

export interface DocumentSettings {
  /** "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH": above the issuer, not bold. */
  superior: string;
  /** "SỞ NỘI VỤ": the issuing body, bold, with its short rule. */
  issuer: string;
  /** The issuing body inside a sentence: "của Sở Nội vụ". */
  issuerInText: string;
  /** "Thành phố Hồ Chí Minh": the date line's place. */
  place: string;
  reportSuffix: string;
  decisionSuffix: string;
  signerAuthority: string;
  signerTitle: string;
  signerName: string;
  recipients: string[];
}

const upper = (text: string) => text.toLocaleUpperCase('vi');

/** "UBND Thành phố Hồ Chí Minh" → "Ủy ban nhân dân Thành phố Hồ Chí Minh". */
function expandUbnd(text: string): string {
  return text.replace(/^\s*(UBND|Ủy ban nhân dân|ỦY BAN NHÂN DÂN)\s*/iu, 'Ủy ban nhân dân ');
}

/** "Sở Nội vụ" → "SNV"; "Phòng Nội vụ" → "PNV". */
function initials(text: string): string {
  return foldKey(text)
    .split(' ')
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

export function documentSettings(round: Pick<Round, 'organiser' | 'secretariat' | 'documents'>): DocumentSettings {
  const set = round.documents ?? {};
  const { secretariat } = organiserWords(round);
  const organiser = expandUbnd(round.organiser ?? 'Ủy ban nhân dân Thành phố');
  const place = organiser.replace(/^Ủy ban nhân dân\s+/u, '').trim() || 'Thành phố';
  const department = /^(sở|ban)\b/iu.test(secretariat);
  const office = /^phòng\b/iu.test(secretariat);
  const code = initials(secretariat);
  return {
    superior: set.superior ?? upper(organiser),
    issuer: set.issuer ?? upper(secretariat),
    issuerInText: set.issuer ?? secretariat,
    place: set.place ?? place.charAt(0).toLocaleUpperCase('vi') + place.slice(1),
    reportSuffix: set.reportSuffix ?? `BC-${code}`,
    decisionSuffix: set.decisionSuffix ?? `QĐ-${code}`,
    signerAuthority: set.signerAuthority ?? '',
    signerTitle: set.signerTitle ?? (department ? 'GIÁM ĐỐC' : office ? 'TRƯỞNG PHÒNG' : 'THỦ TRƯỞNG CƠ QUAN'),
    signerName: set.signerName ?? '',
    recipients: set.recipients ?? [`${organiser} (để báo cáo);`, 'Các đơn vị có mô hình được khen thưởng;', 'Lưu: VT.'],
  };
}

/**
 * The superior's name as the heading prints it: a long "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"
 * on two lines, broken after "ỦY BAN NHÂN DÂN" (as documents write it), never inside the place's name.
 */
export function headingLines(name: string): string[] {
  const split = /^(ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+(.+)$/u.exec(name);
  return split && name.length > 24 ? [split[1]!, split[2]!] : [name];
}
