/**
 * The unit's window, before the officer starts (the task pane and the browser page): the deadline
 * in Vietnam time with the unit's own extension, or plainly that it is not open, and whom to ask.
 */
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { organiserWords } from '../../core/rounds/organiser';
import { closedWindowText, deadlineText, submissionWindow } from '../../core/rounds/submission';
import type { Me } from '../sync/api';

export function DeadlineBar({ round, unit, now }: { round: Me['round']; unit: string; now: Date }) {
  const extendedUntil = round.window.extendedUntil;
  const state = submissionWindow(round, extendedUntil, now);
  return (
    <MessageBar intent={state.open ? 'info' : 'warning'}>
      <MessageBarBody>
        {state.open ? (
          deadlineText(round, extendedUntil, now)
        ) : (
          <>
            <MessageBarTitle>{closedWindowText(state, unit, organiserWords(round).secretariat).title}</MessageBarTitle>
            {closedWindowText(state, unit, organiserWords(round).secretariat).text}
          </>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}
