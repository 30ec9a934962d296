/**
 * `phuluc consolidate <files|folders> -o tong-hop.xlsx [--round round.json] [--json]`: the reports a
 * district received by email, consolidated into the summary workbook (no scores: the ranking
 * columns stay empty). Every file's findings are listed; unreadable files are left out of the summary.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import { consolidate, PreparedText, reportedUnits, reportUnit, type ReportInput } from '../../core/consolidation/consolidate';
import { hasErrors } from '../../core/reader/validate';
import { summaryWorkbook } from '../xlsx/summary';
import { expandInputs } from './files';
import { formatResult, isUnreadable } from './format';
import { reportJson } from '../../core/reader/report';
import type { ReportResult } from '../../core/types';
import { readOptions } from '../../core/rounds/round';
import type { Io } from './io';
import { readReports } from './read-files';
import { similarityPercent } from '../../core/messages';
import { loadRound } from './round-file';
import { parseCommandArgs, UsageError } from './usage';

export async function consolidateCommand(args: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs(args, { output: { type: 'string', short: 'o' }, round: { type: 'string' }, json: { type: 'boolean', default: false } }, true);
  if (parsed.positionals.length === 0) throw new UsageError('Thiếu tệp hoặc thư mục báo cáo cần tổng hợp.');
  const output = parsed.values.output as string | undefined;
  if (!output) throw new UsageError('Thiếu tệp kết quả: -o tong-hop.xlsx');
  const round = await loadRound(parsed.values.round as string | undefined);

  // Reports only: never the output itself (a second run into the reports folder), nor a summary
  // this command wrote earlier (the reader knows it by its document properties), said as skipped.
  const own = path.resolve(output);
  const files = (await expandInputs(parsed.positionals)).filter((f) => path.resolve(f) !== own);
  // While the other files are read, each one's entries are numbered for the duplicate search and
  // its part of the JSON is written: the main thread would otherwise wait for the reader thread.
  const entryId = (r: ReportResult, row: number) => `${path.basename(r.file)}#${row}`;
  const prepared = new PreparedText();
  const json = new Map<ReportResult, string>();
  const results = await readReports(files, io, readOptions(round), (read) => {
    for (const r of read) {
      if (!r.error) for (const e of r.entries) prepared.add({ ...e, id: entryId(r, e.row) });
      if (parsed.values.json) json.set(r, JSON.stringify(reportJson(r)));
    }
  });
  const reports: ReportInput[] = results
    .filter((r) => !r.error)
    .map((r) => ({
      unit: reportUnit(round, r.entries, r.titleBlock) ?? path.basename(r.file),
      source: path.basename(r.file),
      entries: r.entries.map((e) => ({ ...e, id: entryId(r, e.row) })),
      issues: r.issues,
    }));
  const summary = consolidate(round, reports, [], [], { prepared });

  // Written beside, then renamed: a reader never sees half a workbook.
  const temp = `${output}.tmp`;
  try {
    await pipeline(summaryWorkbook(round, summary), createWriteStream(temp));
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await rename(temp, output);

  if (parsed.values.json) {
    io.out(`{"files":[${results.map((r) => json.get(r) ?? JSON.stringify(reportJson(r))).join(',')}],"summary":${JSON.stringify(summary)}}\n`);
  } else {
    for (const r of results) io.out(`${formatResult(r)}\n\n`);
    io.out(
      [
        `Đã ghi sổ tổng hợp: ${output}`,
        `  ${summary.entries.length} mô hình của ${reportedUnits(summary).length}/${round.units.length} đơn vị.`,
        `  Chưa nộp: ${summary.missing.length > 0 ? summary.missing.join(', ') : 'không'}.`,
        `  Báo cáo không có mô hình: ${summary.emptyReports.length > 0 ? summary.emptyReports.join(', ') : 'không'}.`,
        ...(summary.unknownUnits.length > 0 ? [`  Đơn vị không có trong đợt báo cáo: ${summary.unknownUnits.join(', ')}.`] : []),
        `  Có thể trùng lặp: ${summary.duplicates.length} cặp${summary.duplicates.map((d) => `\n    - “${d.a.title}” (${d.a.unit}) ~ “${d.b.title}” (${d.b.unit}), ${similarityPercent(d.similarity)}`).join('')}`,
        '',
      ].join('\n'),
    );
  }
  return results.some((r) => isUnreadable(r) || hasErrors(r.issues)) ? 1 : 0;
}
