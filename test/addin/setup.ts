// Every browser that hosts a task pane has TextEncoder and TextDecoder; jsdom does not expose them.
import { TextDecoder, TextEncoder } from 'node:util';

Object.assign(globalThis, { TextEncoder, TextDecoder });
