/** One piece of work at a time in a view: its label while it runs (for the spinner), and what went wrong, in Vietnamese. */
import { MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import { useState } from 'react';
import { ApiFailure } from '../sync/api';
import { excelFailure } from './actions';

export function useWork(onStart?: () => void) {
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const run = async (label: string, work: () => Promise<void>) => {
    setBusy(label);
    setProblem(null);
    onStart?.();
    try {
      await work();
    } catch (error) {
      // The server's failures say themselves; Excel's are explained.
      setProblem(error instanceof ApiFailure ? error.message : excelFailure(error));
    } finally {
      setBusy(null);
    }
  };
  return { busy, problem, run };
}

/** The spinner while work runs, and the problem when it failed. */
export function WorkStatus({ busy, problem }: { busy: string | null; problem: string | null }) {
  return (
    <>
      {busy && <Spinner size="tiny" label={busy} />}
      {problem && (
        <MessageBar intent="error">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}
