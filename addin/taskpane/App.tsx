/**
 * The task pane: waits for Excel, then Báo cáo, Tổng hợp (admin) and Cài đặt. Holds the connection,
 * who the token belongs to, and the outbox that sends every write.
 */
import { Body1, Link, Spinner, Tab, TabList, Title3, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { idsAfterDelivery, type IncomingEntry } from '../../core/rounds/submission';
import type { HostState } from '../excel/host';
import { ApiFailure, fetchMe, parseAnswer, submissionAnswerSchema, type Connection, type FetchLike, type Me } from '../sync/api';
import { Outbox, type OutboxItem } from '../sync/outbox';
import { forgetConnection, forgetIdentity, loadConnection, loadIdentity, saveConnection, saveIdentity, type KeyValueStore } from '../sync/settings';
import type { ExcelActions } from './actions';
import { ReportView } from './ReportView';
import { ScoringView } from './ScoringView';
import { SettingsView } from './SettingsView';
import { AdminView } from './AdminView';
import { SummaryView } from './SummaryView';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL },
  title: { display: 'flex', alignItems: 'baseline', justifyContent: 'space-between' },
  // An admin has four tabs: at 320 px they wrap rather than run off the pane's edge.
  tabs: { flexWrap: 'wrap' },
});

export interface PaneDeps {
  excel: ExcelActions;
  storage: KeyValueStore;
  fetch?: FetchLike;
  now?: () => Date;
  /** Where the pane was loaded from: the usual server address. */
  defaultServerUrl?: string;
}

export function App({ host, deps }: { host: HostState; deps?: PaneDeps }) {
  const styles = useStyles();
  return (
    <main className={styles.root}>
      <div className={styles.title}>
        <Title3 as="h1">Phụ lục</Title3>
        <Link href="huong-dan.html" target="_blank">
          Hướng dẫn
        </Link>
      </div>
      {host === 'waiting' && <Spinner size="small" label="Đang kết nối với Excel…" />}
      {host === 'excel' && deps && <Pane deps={deps} />}
      {host === 'other-host' && (
        <Body1>
          Phần bổ trợ này chỉ chạy trong Excel. Hãy mở bằng Excel trên máy tính hoặc Excel trên web, hoặc kiểm tra và gửi báo cáo trên trang{' '}
          <Link href="nop-bao-cao.html" target="_blank">
            Nộp báo cáo
          </Link>
          .
        </Body1>
      )}
    </main>
  );
}

type TabName = 'report' | 'scoring' | 'summary' | 'admin' | 'settings';

function Pane({ deps }: { deps: PaneDeps }) {
  const styles = useStyles();
  const now = deps.now ?? (() => new Date());
  const [connection, setConnection] = useState<Connection | null>(() => loadConnection(deps.storage));
  // The last known identity, so a pane reopened without the server still knows the role and round.
  const [me, setMe] = useState<Me | null>(() => (connection ? loadIdentity(deps.storage) : null));
  const [problem, setProblem] = useState<string | null>(null);
  const [tab, setTab] = useState<TabName>(!connection ? 'settings' : me?.role === 'reviewer' ? 'scoring' : 'report');
  const [items, setItems] = useState<OutboxItem[]>([]);
  const connectionRef = useRef(connection);
  connectionRef.current = connection;
  // The outbox sends only what the account signed in now made (its id, as /api/me says).
  const ownerRef = useRef<string | null>(me?.id ?? null);
  ownerRef.current = me?.id ?? null;

  // Once delivered, a report's ids go back into the sheet so the next send keeps them.
  const writeBackIds = useCallback(
    async (item: OutboxItem) => {
      if (item.kind !== 'submission') return;
      const answer = parseAnswer(submissionAnswerSchema, item.answer);
      const read = await deps.excel.readReport();
      if (!read.result.sheet || read.headerRow === null) return;
      const sent = (item.body as { entries: IncomingEntry[] }).entries;
      const ids = idsAfterDelivery(sent, answer.entries, read.result.entries, read.ids);
      await deps.excel.writeEntryIds(read.result.sheet, read.headerRow, read.idColumn ?? read.lastColumn + 1, ids, read.idColumn === null);
      // This workbook now holds that version: the next send replaces it, and only it.
      await deps.excel.saveBaseVersion(answer.version);
    },
    [deps.excel],
  );
  const deliveredRef = useRef(writeBackIds);
  deliveredRef.current = writeBackIds;
  // The reviewer's view re-reads the score sheet before every send (see ScoringView).
  const beforeFlushRef = useRef<(() => Promise<void>) | null>(null);
  const registerBeforeFlush = useCallback((collect: (() => Promise<void>) | null) => {
    beforeFlushRef.current = collect;
  }, []);

  const outbox = useMemo(
    () =>
      new Outbox(deps.storage, () => connectionRef.current, {
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        owner: () => ownerRef.current,
        onChange: setItems,
        onDelivered: (item) => void deliveredRef.current(item).catch((e: unknown) => console.error(e)),
        beforeFlush: async () => beforeFlushRef.current?.(),
      }),
    [deps.storage, deps.fetch],
  );
  useEffect(() => {
    setItems(outbox.items());
    outbox.start();
    return () => outbox.stop();
  }, [outbox]);

  const identify = useCallback(
    async (candidate: Connection) => {
      const who = await fetchMe(candidate, deps.fetch, loadIdentity(deps.storage));
      saveIdentity(deps.storage, who);
      ownerRef.current = who.id ?? null;
      setMe(who);
      // A reviewer works in Chấm điểm; nobody else has it.
      setTab((t) => (who.role === 'reviewer' && t === 'report' ? 'scoring' : who.role !== 'reviewer' && t === 'scoring' ? 'report' : t));
      setProblem(null);
      return who;
    },
    [deps.fetch],
  );

  useEffect(() => {
    if (!connection) return;
    identify(connection).catch((e: unknown) => setProblem(e instanceof ApiFailure ? e.message : String(e)));
  }, [connection, identify]);

  const connect = async (candidate: Connection) => {
    await identify(candidate);
    saveConnection(deps.storage, candidate);
    setConnection(loadConnection(deps.storage));
    void outbox.flush({ force: true });
  };

  // What the pane queued before it knew whose it was belongs to the identity it had saved then.
  useEffect(() => {
    if (me?.id) {
      outbox.adopt(me.id);
      setItems(outbox.items());
    }
  }, [me?.id, outbox]);

  /** Signs out on this machine; what this account still has waiting stays in the outbox as its own. */
  const forget = () => {
    forgetConnection(deps.storage);
    forgetIdentity(deps.storage);
    ownerRef.current = null;
    setConnection(null);
    setMe(null);
  };
  /** Tries to send this account's waiting items now; how many are still waiting after. */
  const sendWaiting = async () => {
    await outbox.flush({ force: true });
    return outbox.mine(outbox.pending()).length;
  };
  const mine = outbox.mine(items);

  return (
    <>
      <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as TabName)} className={styles.tabs}>
        {me?.role === 'reviewer' ? <Tab value="scoring">Chấm điểm</Tab> : <Tab value="report">Báo cáo</Tab>}
        {me?.role === 'admin' && <Tab value="summary">Tổng hợp</Tab>}
        {me?.role === 'admin' && <Tab value="admin">Quản trị</Tab>}
        <Tab value="settings">Cài đặt</Tab>
      </TabList>
      {tab === 'report' && <ReportView excel={deps.excel} connection={connection} me={me} outbox={outbox} items={mine} now={now} />}
      {tab === 'scoring' && connection && me?.role === 'reviewer' && (
        <ScoringView excel={deps.excel} connection={connection} me={me} outbox={outbox} items={mine} now={now} registerBeforeFlush={registerBeforeFlush} {...(deps.fetch ? { fetch: deps.fetch } : {})} />
      )}
      {tab === 'summary' && connection && <SummaryView excel={deps.excel} connection={connection} {...(deps.fetch ? { fetch: deps.fetch } : {})} />}
      {tab === 'admin' && connection && me?.role === 'admin' && (
        <AdminView
          excel={deps.excel}
          connection={connection}
          me={me}
          {...(deps.fetch ? { fetch: deps.fetch } : {})}
          onRoundChanged={() => void identify(connection).catch((e: unknown) => setProblem(e instanceof ApiFailure ? e.message : String(e)))}
        />
      )}
      {tab === 'settings' && (
        <SettingsView
          connection={connection}
          me={me}
          problem={problem}
          defaultServerUrl={deps.defaultServerUrl ?? ''}
          now={now}
          onConnect={connect}
          onForget={forget}
          waiting={mine.filter((i) => i.state === 'pending').length}
          othersWaiting={outbox.othersWaiting(items).length}
          onSendWaiting={sendWaiting}
        />
      )}
    </>
  );
}
