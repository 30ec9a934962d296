/**
 * bench/addin: what the officer's "Kiểm tra" costs in Excel, on the simulated host (the same
 * Office.js batching, syncs and payload accounting as in the tests): context.sync() calls and the
 * largest request and response of one sync, for reading and marking 100 and 10,000 rows of
 * realistic entries (a loosely written field on every tenth), side by side; and for inserting the
 * template. Excel on the web refuses a request or response over 5 MB.
 */
import type { Benchmark } from './measure';
import { markFindings } from '../addin/excel/marks';
import { readWorkbookReport } from '../addin/excel/report';
import { insertTemplate } from '../addin/excel/template';
import { demoRound } from '../core/rounds/round';
import { templateSheet } from '../core/reader/template-sheet';
import { installExcel } from '../test/helpers/excel-host';
import { markovDescription, markovTitle, random } from './markov';
import { newSheet, newWorkbook, type SimValue } from '../addin/preview/excel-sim';

const HEADER = ['STT', 'Đơn vị thực hiện', 'Tên mô hình, giải pháp, sáng kiến', 'Lĩnh vực cải cách hành chính', 'Mô tả về công trình/ giải pháp/ đề tài', 'Ghi chú'];

function rows(n: number): SimValue[][] {
  return [
    HEADER,
    ...Array.from({ length: n }, (_, i) => {
      const next = random(i + 1);
      const parts = markovDescription(next);
      return [
        i + 1,
        'Phường 1',
        `Mô hình ${i + 1}: ${markovTitle(next)}`,
        i % 10 === 0 ? 'Cải cách TTHC' : 'Cải cách thủ tục hành chính',
        `- Thực trạng: ${parts.thucTrang}\n- Nội dung: ${parts.noiDung}\n- Hiệu quả: ${parts.hieuQua}\n- Tính mới: ${parts.tinhMoi}`,
        '',
      ];
    }),
  ];
}

interface Cost {
  syncs: number;
  maxRequest: number;
  maxResponse: number;
  findings: number;
}

async function checkCost(n: number): Promise<Cost> {
  const round = demoRound();
  const host = installExcel(newWorkbook([newSheet('Phụ lục', rows(n))]));
  const read = await readWorkbookReport({ fields: round.fields });
  await markFindings(read.result.sheet!, read.result.issues);
  return { syncs: host.stats.syncs, maxRequest: Math.max(...host.stats.requestBytes), maxResponse: Math.max(...host.stats.responseBytes), findings: read.result.issues.length };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

export const addin: Benchmark = async () => {
  const small = await checkCost(100);
  const large = await checkCost(10_000);
  const template = installExcel();
  await insertTemplate(templateSheet(demoRound(), 'Phường 1'));
  const t = template.stats;
  return {
    'addin.check_syncs_10000_vs_100': {
      value: large.syncs / small.syncs,
      unit: 'ratio',
      target: null,
      better: 'lower',
      note: `read + mark: ${large.syncs} syncs for 10,000 rows (${large.findings} findings) ÷ ${small.syncs} for 100 rows (${small.findings}); more only when the bytes pass ~3 MB a sync`,
    },
    'addin.check_max_request_bytes_10000': {
      value: large.maxRequest,
      unit: 'bytes',
      target: 5_000_000,
      better: 'lower',
      note: `largest request of one sync for 10,000 rows (100 rows: ${mb(small.maxRequest)})`,
    },
    'addin.check_max_response_bytes_10000': {
      value: large.maxResponse,
      unit: 'bytes',
      target: 5_000_000,
      better: 'lower',
      note: `largest response of one sync for 10,000 rows (100 rows: ${mb(small.maxResponse)})`,
    },
    'addin.template_syncs': {
      value: t.syncs,
      unit: 'count',
      target: null,
      better: 'lower',
      note: `inserting the template: largest request ${mb(Math.max(...t.requestBytes))}`,
    },
  };
};
