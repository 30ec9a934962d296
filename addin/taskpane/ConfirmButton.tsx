/**
 * A button whose action has a consequence the clerk must see first (revoking a code, issuing a new
 * one, switching the active round, locking the scores): the first press says what will happen and
 * asks; only "Đồng ý" acts. Inline rather than a modal dialog, so it reads at task-pane width.
 */
import { Body1, Button, MessageBar, MessageBarBody, type ButtonProps } from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';

export interface ConfirmButtonProps {
  /** The button's own text. */
  children: ReactNode;
  /** What pressing it will do, in a sentence: shown before anything happens. */
  consequence: string;
  onConfirm: () => void;
  disabled?: boolean;
  size?: ButtonProps['size'];
  appearance?: ButtonProps['appearance'];
  /** The button's accessible name, when its text alone does not say what it acts on. */
  label?: string;
}

export function ConfirmButton({ children, consequence, onConfirm, disabled, size, appearance, label }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <Button size={size} appearance={appearance} disabled={disabled} onClick={() => setAsking(true)} {...(label ? { 'aria-label': label } : {})}>
        {children}
      </Button>
    );
  }
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <Body1 role="alert">{consequence}</Body1>{' '}
        <Button
          size="small"
          appearance="primary"
          onClick={() => {
            setAsking(false);
            onConfirm();
          }}
        >
          Đồng ý
        </Button>{' '}
        <Button size="small" onClick={() => setAsking(false)}>
          Hủy
        </Button>
      </MessageBarBody>
    </MessageBar>
  );
}
