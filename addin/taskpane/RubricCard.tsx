/**
 * The rubric card: one entry's four parts, each criterion with its bands and a spin button, a
 * comment, Lưu / Trước / Tiếp. A point outside 0..maximum is refused on the card, never saved.
 */
import { Badge, Body1, Body1Strong, Button, Caption1, Field, SpinButton, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { own } from '../../core/records';
import type { Criterion } from '../../core/rounds/round';
import { bandOf, type ScoredEntry, type ScoreValues } from '../../core/judging/score-sheet';
import { SECTION_LABELS } from '../../core/reader/template';
import { SECTION_KEYS } from '../../core/types';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, borderTop: `1px solid ${tokens.colorNeutralStroke2}`, paddingTop: tokens.spacingVerticalS },
  part: { margin: 0, whiteSpace: 'pre-wrap' },
  bands: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  current: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorBrandForeground1 },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS },
});

export interface RubricCardProps {
  entry: ScoredEntry;
  criteria: ReadonlyArray<Criterion>;
  /** What the sheet holds for the entry now. */
  values: ScoreValues;
  stale: boolean;
  position: { index: number; total: number };
  onSave: (values: ScoreValues) => Promise<void>;
  onMove: (step: -1 | 1) => void;
}

const asText = (value: number | null) => (value === null ? '' : String(value));

/** A typed point: a number from 0 to max (a comma as the decimal mark too), or why not. */
function parsePoint(text: string, max: number): { value: number | null; problem: string | null } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: null, problem: 'Chưa nhập điểm.' };
  const value = Number(trimmed.replace(',', '.'));
  if (!Number.isFinite(value) || value < 0 || value > max) return { value: null, problem: `Điểm phải là số từ 0 đến ${max}.` };
  return { value, problem: null };
}

export function RubricCard({ entry, criteria, values, stale, position, onSave, onMove }: RubricCardProps) {
  const styles = useStyles();
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [comment, setComment] = useState(values.comment);
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  /** Typed on the card and not saved yet: nothing from the sheet overwrites it. */
  const dirty = useRef(false);
  // What the sheet holds, by content: a re-read of the same values (every outbox retry re-reads
  // the sheet) is no change, and must not wipe what the reviewer is typing.
  const sheetValues = JSON.stringify([criteria.map((c) => own(values.points, c.key) ?? null), values.comment]);
  const shown = useRef<{ entry: string; sheet: string } | null>(null);
  useEffect(() => {
    const newEntry = shown.current?.entry !== entry.id;
    if (!newEntry && (shown.current?.sheet === sheetValues || dirty.current)) return;
    shown.current = { entry: entry.id, sheet: sheetValues };
    dirty.current = false;
    setTyped(Object.fromEntries(criteria.map((c) => [c.key, asText(own(values.points, c.key) ?? null)])));
    setComment(values.comment);
    setTried(false);
  }, [entry.id, sheetValues, criteria, values]);

  const parsed = Object.fromEntries(criteria.map((c) => [c.key, parsePoint(typed[c.key] ?? '', c.max)]));
  const total = criteria.reduce((sum, c) => sum + (parsed[c.key]!.value ?? 0), 0);
  const valid = criteria.every((c) => parsed[c.key]!.problem === null);

  const save = async () => {
    setTried(true);
    if (!valid) return;
    setSaving(true);
    try {
      await onSave({ points: Object.fromEntries(criteria.map((c) => [c.key, parsed[c.key]!.value])), comment: comment.trim() });
      dirty.current = false; // saved: the sheet holds it now, and speaks for it again
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className={styles.card} aria-label={`Chấm: ${entry.title}`}>
      <Caption1>
        Mô hình {position.index + 1}/{position.total} · {entry.unit} · {entry.field}
      </Caption1>
      <Body1Strong>{entry.title}</Body1Strong>
      {stale && (
        <Badge color="warning" appearance="tint">
          Cần chấm lại: đơn vị đã sửa mô hình sau lần chấm trước
        </Badge>
      )}
      {SECTION_KEYS.map((key) => (
        <Body1 key={key} as="p" className={styles.part}>
          <strong>{SECTION_LABELS[key]}:</strong> {entry.sections[key] ?? '(không có)'}
        </Body1>
      ))}
      {criteria.map((c) => {
        const point = parsed[c.key]!;
        const band = bandOf(c, point.value);
        const showProblem = point.problem !== null && (tried || (typed[c.key] ?? '') !== '');
        return (
          <Field key={c.key} label={`${c.label} (tối đa ${c.max})`} validationMessage={showProblem ? point.problem : undefined}>
            <SpinButton
              min={0}
              max={c.max}
              step={1}
              value={point.value}
              displayValue={typed[c.key] ?? ''}
              onChange={(_, data) => {
                const text = data.value !== undefined && data.value !== null ? String(data.value) : (data.displayValue ?? '');
                dirty.current = true;
                setTyped((t) => ({ ...t, [c.key]: text }));
              }}
            />
            {c.bands.length > 0 && (
              <ul className={styles.bands}>
                {c.bands.map((b) => (
                  <li key={`${b.min}-${b.max}`} className={b === band ? styles.current : undefined} aria-current={b === band ? 'true' : undefined}>
                    <Caption1>
                      {b.min === b.max ? b.min : `${b.min}–${b.max}`}: {b.label}
                    </Caption1>
                    {/* The band the point falls in, said by a word as well as by colour. */}
                    {b === band && <Caption1> ← mức đang chọn</Caption1>}
                  </li>
                ))}
              </ul>
            )}
          </Field>
        );
      })}
      <Body1Strong>Tổng: {valid ? total : '…'} điểm</Body1Strong>
      <Field label="Nhận xét">
        <Textarea
          value={comment}
          onChange={(_, d) => {
            dirty.current = true;
            setComment(d.value);
          }}
          resize="vertical"
        />
      </Field>
      {tried && !valid && <Body1 role="alert">Chưa lưu: có điểm chưa nhập hoặc ngoài khoảng cho phép.</Body1>}
      <div className={styles.buttons}>
        <Button onClick={() => onMove(-1)} disabled={position.index === 0}>
          Trước
        </Button>
        <Button appearance="primary" onClick={() => void save()} disabled={saving}>
          Lưu
        </Button>
        <Button onClick={() => onMove(1)} disabled={position.index >= position.total - 1}>
          Tiếp
        </Button>
      </div>
    </section>
  );
}
