/**
 * Rules for accepting a unit's report: the submission window, entry ids that stay stable across
 * versions, and a fingerprint of an entry's content (a changed entry makes its scores stale).
 */
import { organiserWords } from './organiser';
import type { Round } from './round';
import { compareKey } from '../text';
import { SECTION_KEYS, type Entry } from '../types';

/** An entry as the server keeps it: the reader's fields, without the cells, plus a stable id. */
export type StoredEntry = Pick<Entry, 'row' | 'stt' | 'unit' | 'title' | 'field' | 'sections' | 'note' | 'authors' | 'phone' | 'category'> & { id: string };

export type IncomingEntry = Omit<StoredEntry, 'id'> & { id?: string };

/** What is sent for an entry the reader found: its fields without the reader's bookkeeping. */
export function incomingEntry(entry: Entry, id?: string): IncomingEntry {
  const { cells: _c, description: _d, preamble: _p, fieldWritten: _f, unitWritten: _u, ...kept } = entry;
  return id ? { ...kept, id } : kept;
}

/**
 * Ids for a new version: an id the client sends back is kept when it belongs to this unit's
 * previous version; an entry without one takes the id of the previous entry with the same
 * normalised title; any other entry gets a new id. No id is used twice.
 */
export function assignEntryIds(previous: ReadonlyArray<StoredEntry>, incoming: ReadonlyArray<IncomingEntry>, newId: () => string): StoredEntry[] {
  const known = new Set(previous.map((e) => e.id));
  const claimed = new Set<string>();
  const withIds = incoming.map((entry) => {
    if (entry.id && known.has(entry.id) && !claimed.has(entry.id)) {
      claimed.add(entry.id);
      return entry.id;
    }
    return null;
  });
  // Previous ids by normalised title, in their order: each title is folded once, so a resubmission
  // costs time in proportion to its entries, not their square.
  const byTitle = new Map<string, { ids: string[]; next: number }>();
  for (const p of previous) {
    const title = compareKey(p.title);
    if (title === '') continue;
    const same = byTitle.get(title);
    if (same) same.ids.push(p.id);
    else byTitle.set(title, { ids: [p.id], next: 0 });
  }
  const unclaimedWithTitle = (title: string): string | undefined => {
    const same = byTitle.get(title);
    while (same && same.next < same.ids.length) {
      const id = same.ids[same.next++] as string;
      if (!claimed.has(id)) return id;
    }
    return undefined;
  };
  return incoming.map((entry, i) => {
    let id = withIds[i];
    if (!id) {
      const title = compareKey(entry.title);
      id = (title === '' ? undefined : unclaimedWithTitle(title)) ?? newId();
      claimed.add(id);
    }
    const { id: _sent, ...rest } = entry;
    return { ...rest, id };
  });
}

/** 53-bit FNV-1a of a string: enough to tell that an entry's content changed (no crypto needed in the browser). */
function fnv1a(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return (h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')).slice(0, 14);
}

/** What a reviewer scored: title, field and the four parts, compared in normalised form. */
export function entryFingerprint(entry: Pick<StoredEntry, 'title' | 'field' | 'sections'>): string {
  const parts = [entry.title, entry.field, ...SECTION_KEYS.map((k) => entry.sections[k] ?? '')].map(compareKey);
  return fnv1a(parts.join('\u0000'));
}

export type WindowState = { open: true } | { open: false; reason: 'not-yet' | 'closed'; opens: string; closes: string };

/** Whether a unit may submit at `now`: inside the round's window, or before its own extension. */
export function submissionWindow(round: Pick<Round, 'window'>, extendedUntil: string | undefined, now: Date): WindowState {
  const t = now.getTime();
  const opens = Date.parse(round.window.opens);
  const closes = Math.max(Date.parse(round.window.closes), extendedUntil ? Date.parse(extendedUntil) : -Infinity);
  const closesIso = new Date(closes).toISOString();
  if (t < opens) return { open: false, reason: 'not-yet', opens: round.window.opens, closes: closesIso };
  if (t > closes) return { open: false, reason: 'closed', opens: round.window.opens, closes: closesIso };
  return { open: true };
}

/** What an officer is told when `unit`'s window is not open: a title and what they can still do. */
export function closedWindowText(state: Extract<WindowState, { open: false }>, unit: string, secretariat = organiserWords(undefined).secretariat): { title: string; text: string } {
  return state.reason === 'not-yet'
    ? { title: 'Chưa đến thời gian nhận báo cáo', text: `Đợt báo cáo mở từ ${vietnameseDate(state.opens)} đến ${vietnameseDate(state.closes)}. Anh/chị vẫn chuẩn bị và kiểm tra báo cáo được.` }
    : {
        title: 'Đã hết hạn nhận báo cáo',
        text: `Hạn nộp của ${unit} là ${vietnameseDate(state.closes)}. Anh/chị vẫn kiểm tra được báo cáo; để gửi, hãy liên hệ ${secretariat} xin gia hạn cho đơn vị.`,
      };
}

/** A date as a Vietnamese reader writes it, in Vietnam's time: 15/09/2024 23:59. */
export function vietnameseDate(iso: string): string {
  const d = new Date(Date.parse(iso) + 7 * 60 * 60 * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** "Hạn nộp 15/09/2024 23:59 (còn 12 ngày)." for a deadline `closes` that has not passed. */
function dueText(label: string, closes: number, now: Date): string {
  const days = Math.floor((closes - now.getTime()) / DAY_MS);
  const left = days >= 1 ? `còn ${days} ngày` : 'hạn chót là hôm nay';
  return `${label} ${vietnameseDate(new Date(closes).toISOString())} (${left}).`;
}

/** The deadline as the task pane says it: "Hạn nộp 15/09/2024 23:59 (còn 12 ngày)". */
export function deadlineText(round: Pick<Round, 'window'>, extendedUntil: string | undefined, now: Date): string {
  const state = submissionWindow(round, extendedUntil, now);
  if (!state.open && state.reason === 'not-yet') return `Chưa đến thời gian nhận báo cáo: mở từ ${vietnameseDate(state.opens)}.`;
  if (!state.open) return `Đã hết hạn nộp (${vietnameseDate(state.closes)}).`;
  return dueText('Hạn nộp', Math.max(Date.parse(round.window.closes), extendedUntil ? Date.parse(extendedUntil) : -Infinity), now);
}

/** The reviewers' deadline: "Hạn chấm 30/09/2024 23:59 (còn 5 ngày)", or that none is set yet. */
export function scoringDeadlineText(rubric: { scoringCloses?: string | undefined }, now: Date, secretariat = organiserWords(undefined).secretariat): string {
  if (!rubric.scoringCloses) return `${secretariat} chưa đặt hạn chấm.`;
  const closes = Date.parse(rubric.scoringCloses);
  if (now.getTime() > closes) return `Đã hết hạn chấm (${vietnameseDate(rubric.scoringCloses)}).`;
  return dueText('Hạn chấm', closes, now);
}

/**
 * The ids to keep in the sheet once the server accepted a report: its answer gives an id per row
 * sent; a row gets it only if it still holds the entry that was sent (same title), since the
 * officer may have edited or sorted the sheet while the report waited offline. Rows not in the
 * answer keep the id they had.
 */
export function idsAfterDelivery(
  sent: ReadonlyArray<Pick<IncomingEntry, 'row' | 'title'>>,
  answer: ReadonlyArray<{ id: string; row: number }>,
  current: ReadonlyArray<Pick<Entry, 'row' | 'title'>>,
  currentIds: ReadonlyMap<number, string>,
): Map<number, string> {
  const sentTitle = new Map(sent.map((e) => [e.row, compareKey(e.title)]));
  const ids = new Map(currentIds);
  for (const entry of current) {
    const given = answer.find((a) => a.row === entry.row);
    if (given && sentTitle.get(entry.row) === compareKey(entry.title)) ids.set(entry.row, given.id);
  }
  return ids;
}
