/**
 * @jest-environment node
 *
 * onChanged fires for the add-in's own writes too (issue #12). From ExcelApi 1.14 the event says
 * "ThisLocalAddin" and the score sheet's watcher ignores it; before that it cannot tell, and the
 * pane's collect runs one at a time whatever calls it.
 */
import { demoRound } from '../../core/rounds/round';
import { scoreSheetLayout } from '../../core/judging/score-sheet';
import { buildScoreSheet, watchScoreSheet, writeScoreRow } from '../../addin/excel/score-sheet';
import { oneAtATime } from '../../addin/taskpane/one-at-a-time';
import { installExcel } from '../helpers/excel-host';

const criteria = demoRound().rubric.criteria;

async function scoreSheetWithWatcher(apiMinor: number) {
  const host = installExcel(undefined, apiMinor);
  const layout = scoreSheetLayout(criteria);
  await buildScoreSheet(layout, criteria, () => [[1, 'Phường 1', 'Một cửa', 'Cải cách thể chế', 'a', 'b', 'c', 'd', '', '', '', '', '', '', 'id-1']]);
  const seen: string[] = [];
  const events: Array<() => void> = [];
  const next = () => new Promise<void>((resolve) => events.push(resolve));
  await watchScoreSheet((address) => {
    seen.push(address);
    events.shift()?.();
  });
  return { host, layout, seen, next };
}

test('ExcelApi 1.14+: the add-in\'s own write is not taken for an edit; the user\'s is', async () => {
  const { host, layout, seen, next } = await scoreSheetWithWatcher(18);
  await writeScoreRow(layout, 2, { points: { tinhMoi: 20 }, comment: 'tốt' });
  const edited = next();
  await host.edit('Phiếu chấm', 'J2', 15);
  await edited;
  expect(seen).toEqual(['J2']);
});

test('before ExcelApi 1.14 the own write comes as an edit too (the host cannot tell)', async () => {
  const { layout, seen, next } = await scoreSheetWithWatcher(8);
  const fired = next();
  await writeScoreRow(layout, 2, { points: { tinhMoi: 20 }, comment: 'tốt' });
  await fired;
  expect(seen.length).toBeGreaterThan(0);
});

test('oneAtATime: never two runs at once; calls during a run share one more run', async () => {
  let active = 0;
  let most = 0;
  let runs = 0;
  const gates: Array<() => void> = [];
  const task = oneAtATime(async () => {
    active++;
    runs++;
    most = Math.max(most, active);
    await new Promise<void>((resolve) => gates.push(resolve));
    active--;
  });
  const first = task();
  const second = task();
  const third = task();
  expect(second).toBe(third);
  gates.shift()!();
  await first;
  await new Promise((resolve) => setImmediate(resolve));
  gates.shift()!();
  await second;
  expect(runs).toBe(2);
  expect(most).toBe(1);
});
