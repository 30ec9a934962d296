/** The write-rule races (write-rules-suite.ts) on the embedded store. */
import { describeWriteRules } from './write-rules-suite';

jest.setTimeout(60_000);
describeWriteRules('rules inside the write, on lowdb');
